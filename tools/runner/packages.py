"""Each workspace package, installed alone, imports and builds its app.

The workspace's shared .venv holds every package's dependencies, so a service
that imports something only another package declares would pass there and fail
in its own image. Here each package is synced alone from the lock
(`uv sync --locked --package <name> --no-dev`, the image's command) into a
temporary environment and every module of it is imported; a service also
builds its Litestar app, which pulls in what the app wires lazily, and must
not have the development package (`bostad-devkit`: the development issuer, test
helpers) in its environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from runner.config import ROOT

# Run inside the package's own environment: import every module (a package's
# tests, test helpers, migrations and __main__ are not part of what it runs).
IMPORT_CHECK = r"""
import importlib, importlib.metadata, importlib.util, pkgutil, sys
module, is_service = sys.argv[1], sys.argv[2] == "service"
SKIP = {"__main__", "migrations", "tests", "conftest", "testing"}
failures = []
def walk(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        leaf = info.name.rsplit(".", 1)[1]
        if leaf in SKIP or leaf.startswith("test_"):
            continue
        try:
            imported = importlib.import_module(info.name)
        except BaseException as exc:
            failures.append(f"{info.name}: {type(exc).__name__}: {exc}")
            continue
        if info.ispkg:
            walk(imported)
try:
    walk(importlib.import_module(module))
    if is_service:
        importlib.import_module(module + ".app").create()
except BaseException as exc:
    failures.append(f"{module}: {type(exc).__name__}: {exc}")
if is_service:
    # A service image must not carry the development issuer or the test helpers.
    try:
        importlib.metadata.distribution("bostad-devkit")
        failures.append(f"{module}: bostad-devkit is installed in the service's environment")
    except importlib.metadata.PackageNotFoundError:
        pass
    if importlib.util.find_spec("bostad_devkit") is not None:
        failures.append(f"{module}: bostad_devkit is importable in the service's environment")
for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
"""


@dataclass(frozen=True)
class Member:
    name: str  # distribution name, for `uv sync --package`
    module: str  # import name
    is_service: bool


def workspace_members(root: Path = ROOT) -> list[Member]:
    workspace = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    members: list[Member] = []
    for pattern in workspace["members"]:
        for directory in sorted(root.glob(pattern)):
            pyproject = directory / "pyproject.toml"
            if not pyproject.exists():
                continue
            data = tomllib.loads(pyproject.read_text())
            wheel = data.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
            packages = wheel.get("wheel", {}).get("packages") or []
            module = (
                Path(packages[0]).name if packages else data["project"]["name"].replace("-", "_")
            )
            members.append(
                Member(data["project"]["name"], module, directory.parent.name == "services")
            )
    return members


def _check_member(member: Member, uv: str, tmp: Path) -> tuple[bool, str]:
    """Sync one member alone into its own venv under `tmp`, then import it there."""
    begun = time.monotonic()
    venv = tmp / member.name
    env = dict(os.environ)
    env.update(
        {
            "UV_PROJECT_ENVIRONMENT": str(venv),
            "BOSTAD_VAR_DIR": str(tmp / "var" / member.name),
            "BOSTAD_DATABASE_URL": "",
        }
    )
    env.pop("VIRTUAL_ENV", None)
    try:
        sync = subprocess.run(  # noqa: S603 - argv is built here
            [uv, "sync", "--locked", "--package", member.name, "--no-dev", "--quiet"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if sync.returncode != 0:
            return False, f"{member.name}: `uv sync --package` failed:\n{sync.stderr.strip()}"
        kind = "service" if member.is_service else "library"
        check = subprocess.run(  # noqa: S603 - argv is built here
            [str(venv / "bin" / "python"), "-c", IMPORT_CHECK, member.module, kind],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        shutil.rmtree(venv, ignore_errors=True)
    if check.returncode != 0:
        detail = textwrap.indent((check.stdout + check.stderr).strip(), "      ")
        return False, f"{member.name}: FAILED with only its own dependencies:\n{detail}"
    return True, f"{member.name}: ok ({time.monotonic() - begun:.1f} s)"


def check_packages(uv: str, log: Callable[[str], None] = print) -> bool:
    """True when every member installs alone from the lock and imports (in parallel)."""
    results: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="bostad-packages-") as tmp:
        workers = max(2, os.cpu_count() or 2)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(_check_member, member, uv, Path(tmp)) for member in workspace_members()
            ]
            for future in as_completed(futures):
                ok, message = future.result()
                results.append(ok)
                log(f"  {message}")
    return all(results)
