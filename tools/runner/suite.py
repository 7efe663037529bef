"""`./bostad test`: what CI runs, and what a developer runs before pushing.

1. PostgreSQL and Redis must answer (started here when they are local and
   installed but stopped); the suite's broker is started by the root conftest.
2. `ruff check .` (lint).
3. Without pytest arguments: every workspace package installed alone imports
   (see packages.py); with arguments (a subset) this step is skipped.
4. `uv run pytest [args]` over the whole suite. pytest's "no tests ran" (5)
   is a failure like any other non-zero exit.

The exit code is pytest's when pytest fails, else 1 when lint or the package
check failed, else 0. Every step runs even when an earlier one failed, so one
CI run reports everything.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from runner.config import ROOT
from runner.packages import check_packages

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
PYTEST_NO_TESTS = 5


def say(message: str = "") -> None:
    print(message, flush=True)


def _uv() -> str | None:
    return os.environ.get("BOSTAD_UV") or shutil.which("uv")


def _tool(name: str) -> list[str]:
    """`uv run --no-sync NAME` (the wrapper has synced), or the venv's module."""
    uv = _uv()
    return [uv, "run", "--no-sync", name] if uv else [sys.executable, "-m", name]


def _run(argv: list[str]) -> int:
    return subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL, check=False).returncode  # noqa: S603


def _wait(check: Callable[[], str | None], seconds: float) -> str | None:
    """Poll `check` (None = ok, else the error) until ok or `seconds` passed."""
    deadline = time.monotonic() + seconds
    while True:
        error = check()
        if error is None or time.monotonic() > deadline:
            return error
        time.sleep(0.5)


# ---------------------------------------------------------------- PostgreSQL


def _postgres_error(dsn: str) -> str | None:
    import asyncpg

    async def probe() -> None:
        conn = await asyncpg.connect(dsn, timeout=5)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _start_postgres() -> str:
    clusters_dir = Path("/etc/postgresql")
    if not shutil.which("pg_ctlcluster") or not clusters_dir.is_dir():
        return "no local PostgreSQL installation to start (pg_ctlcluster, /etc/postgresql)"
    notes = []
    for version in sorted(path.name for path in clusters_dir.iterdir()):
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
        say(f"  starting PostgreSQL: {shlex.join(command)}")
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            notes.append(f"{shlex.join(command)}: {(result.stderr or result.stdout).strip()}")
    return "; ".join(notes)


def ensure_postgres() -> bool:
    from bostad_devkit.testing import admin_url

    url = admin_url()
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    host = urlsplit(dsn).hostname or "127.0.0.1"
    error = _postgres_error(dsn)
    if error is None:
        say(f"  PostgreSQL: ok ({host})")
        return True
    tried = ""
    if host in LOCAL_HOSTS:
        tried = _start_postgres()
        error = _wait(lambda: _postgres_error(dsn), 30)
        if error is None:
            say(f"  PostgreSQL: started, ok ({host})")
            return True
    say(
        f"PostgreSQL is not reachable at {url} (BOSTAD_TEST_POSTGRES): {error}"
        + (f"\n  tried: {tried}" if tried else "")
        + "\nThe suite needs a PostgreSQL server it may create databases on. Start one (Debian:"
        " `pg_ctlcluster --skip-systemctl-redirect <version> main start`), or set"
        " BOSTAD_TEST_POSTGRES to the admin URL of a running server."
    )
    return False


# ---------------------------------------------------------------- Redis


def _redis_error(url: str) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _start_redis(port: int) -> str:
    if not shutil.which("redis-server"):
        return "no redis-server installed here"
    data_dir, log_file = Path("/var/lib/redis"), Path("/var/log/redis/ci.log")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        log_file.parent.mkdir(parents=True, exist_ok=True)
        if not (os.access(data_dir, os.W_OK) and os.access(log_file.parent, os.W_OK)):
            raise PermissionError
    except PermissionError:
        data_dir = ROOT / "var" / "redis"
        log_file = ROOT / "var" / "log" / "redis.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        log_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
        "--port", str(port), "--save", "", "--appendonly", "no",
        "--dir", str(data_dir), "--logfile", str(log_file),
    ]  # fmt: skip
    say(f"  starting Redis: {shlex.join(command)}")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return "" if result.returncode == 0 else (result.stderr or result.stdout).strip()


def ensure_redis() -> bool:
    from bostad_devkit.testing import redis_url

    url = redis_url()
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    error = _redis_error(url)
    if error is None:
        say(f"  Redis: ok ({host})")
        return True
    tried = ""
    if host in LOCAL_HOSTS:
        tried = _start_redis(parts.port or 6379)
        error = _wait(lambda: _redis_error(url), 15)
        if error is None:
            say(f"  Redis: started, ok ({host})")
            return True
    say(
        f"Redis is not reachable at {url} (BOSTAD_TEST_REDIS): {error}"
        + (f"\n  tried: {tried}" if tried else "")
        + "\nStart a Redis server, or set BOSTAD_TEST_REDIS to the URL of a running one."
    )
    return False


# ---------------------------------------------------------------- the command


def run_test(pytest_args: list[str]) -> int:
    say("== services the suite needs")
    if not (ensure_postgres() and ensure_redis()):
        return 1

    say("== lint: ruff check .")
    lint_ok = _run([*_tool("ruff"), "check", "."]) == 0

    packages_ok: bool | None = None
    if pytest_args:
        say("== each package alone: skipped (pytest arguments given; run without for CI's check)")
    elif os.environ.get("BOSTAD_SKIP_PACKAGE_CHECK") == "1":
        say("== each package alone: skipped (BOSTAD_SKIP_PACKAGE_CHECK=1)")
    else:
        packages_ok = check_packages_command() == 0

    packages = {None: "skipped", True: "ok", False: "FAILED"}[packages_ok]
    say(f"== so far: lint {'ok' if lint_ok else 'FAILED'}, each package alone {packages}")
    say(f"== pytest {' '.join(pytest_args)}".rstrip())
    # pytest's own closing line stays the last line of a passing run.
    pytest_rc = _run([*_tool("pytest"), *pytest_args])
    if pytest_rc == PYTEST_NO_TESTS:
        say("pytest ran no tests: that counts as a failure.")
    if pytest_rc != 0:
        return pytest_rc
    if not lint_ok or packages_ok is False:
        say("pytest passed, but lint or the package check failed (see above).")
        return 1
    return 0


def check_packages_command() -> int:
    uv = _uv()
    if uv is None:
        say("uv not found; run this through ./bostad, which installs it")
        return 1
    say("== each package alone: uv sync --locked --package <name> --no-dev, import it")
    return 0 if check_packages(uv, say) else 1
