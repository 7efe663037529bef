"""Commands that hand over to a package's own CLI, in the embedded environment.

`token` and `landlord add` are read by scripts: their stdout carries exactly
the answer (one token line; one JSON object), everything else goes to stderr.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from typing import Any

from runner.config import (
    DEV_ISSUER_MODULE,
    DLQ_CLI_MODULE,
    EVICTION_PREVENTION,
    LANDLORD_CLI_MODULE,
    PAYMENTS_CLI_MODULE,
    ROOT,
    TENANCY,
    Embedded,
)

JWT_LINE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _module_available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _missing(module: str, what: str) -> int:
    _err(f"bostad: {what} is not available in this checkout (no module {module}).")
    return 1


def _run(module: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args`, capturing stdout; stderr goes straight through."""
    return subprocess.run(  # noqa: S603 - argv is built here
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )


def token(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        _err("usage: ./bostad token USER | ./bostad token --list")
        return 0 if args else 2
    if not _module_available(DEV_ISSUER_MODULE):
        return _missing(DEV_ISSUER_MODULE, "the development issuer")
    result = _run(DEV_ISSUER_MODULE, ["token", *args], Embedded.from_env().environment())
    if "--list" in args:
        sys.stdout.write(result.stdout)
        return result.returncode
    tokens = [line.strip() for line in result.stdout.splitlines() if JWT_LINE.match(line.strip())]
    others = [line for line in result.stdout.splitlines() if line.strip() not in tokens]
    if others:
        _err("\n".join(others))
    if result.returncode != 0:
        return result.returncode
    if len(tokens) != 1:
        _err(f"bostad: expected one token from {DEV_ISSUER_MODULE}, got {len(tokens)}")
        return 1
    print(tokens[0], flush=True)
    return 0


def _single_json_object(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The one JSON object in a CLI's stdout, and the lines that were something else."""
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        return whole, []
    found: dict[str, Any] | None = None
    others: list[str] = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        if isinstance(value, dict) and found is None:
            found = value
        elif line.strip():
            others.append(line)
    return found, others


def landlord(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        _err("usage: ./bostad landlord add NAME --districts D1,D2")
        return 0 if args else 2
    if not _module_available(LANDLORD_CLI_MODULE):
        return _missing(LANDLORD_CLI_MODULE, "landlord registration")
    embedded = Embedded.from_env()
    env = embedded.service_environment(EVICTION_PREVENTION)
    env.pop("BOSTAD_DEMO_DATA", None)
    result = _run(LANDLORD_CLI_MODULE, ["landlord", *args], env)
    if args[0] != "add":
        sys.stdout.write(result.stdout)
        return result.returncode
    answer, others = _single_json_object(result.stdout)
    if others:
        _err("\n".join(others))
    if result.returncode != 0:
        return result.returncode
    if answer is None:
        _err(f"bostad: {LANDLORD_CLI_MODULE} printed no JSON object")
        return 1
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    return 0


def payments(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        _err("usage: ./bostad payments import FILE   (books a BgMax file in tenancy)")
        return 0 if args else 2
    if not _module_available(PAYMENTS_CLI_MODULE):
        return _missing(PAYMENTS_CLI_MODULE, "payment file import")
    env = Embedded.from_env().service_environment(TENANCY)
    env.pop("BOSTAD_DEMO_DATA", None)
    result = _run(PAYMENTS_CLI_MODULE, ["payments", *args], env)
    answer, others = _single_json_object(result.stdout)
    if others:
        _err("\n".join(others))
    if result.returncode != 0:
        return result.returncode
    if answer is None:
        _err(f"bostad: {PAYMENTS_CLI_MODULE} printed no JSON object")
        return 1
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    return 0


def district(args: list[str]) -> int:
    """`./bostad district add|list`: the eviction-prevention CLI on the embedded database."""
    if not args or args[0] in ("-h", "--help"):
        _err("usage: ./bostad district add CODE NAME [--bankgiro B ...] | ./bostad district list")
        return 0 if args else 2
    if not _module_available(LANDLORD_CLI_MODULE):
        return _missing(LANDLORD_CLI_MODULE, "district set-up")
    embedded = Embedded.from_env()
    env = embedded.service_environment(EVICTION_PREVENTION)
    env.pop("BOSTAD_DEMO_DATA", None)
    result = _run(LANDLORD_CLI_MODULE, ["district", *args], env)
    sys.stdout.write(result.stdout)
    return result.returncode


def dlq(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        _err("usage: ./bostad dlq replay TOPIC   (puts dead letters back on TOPIC)")
        return 0 if args else 2
    if not _module_available(DLQ_CLI_MODULE):
        return _missing(DLQ_CLI_MODULE, "the dead-letter CLI")
    return subprocess.run(  # noqa: S603 - argv is built here
        [sys.executable, "-m", DLQ_CLI_MODULE, *args],
        env=Embedded.from_env().environment(),
        cwd=ROOT,
        check=False,
    ).returncode
