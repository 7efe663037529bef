"""Checks of `./bostad test` that need no running platform (no integration marker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_package_check_fails_a_service_whose_environment_has_the_devkit(tmp_path: Path) -> None:
    """The per-package check (tools/runner/packages.py) must be able to fail.

    The workspace environment has bostad-devkit (the root dev group installs it),
    so running the check for a service here must report it; in the service's own
    environment (`uv sync --package <service> --no-dev`) it is absent.
    """
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT / "tools"),
            "BOSTAD_VAR_DIR": str(tmp_path),
            "BOSTAD_DATABASE_URL": "",
        }
    )
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from runner.packages import IMPORT_CHECK; exec(IMPORT_CHECK)",
            "intake",
            "service",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 1, run.stdout + run.stderr
    assert lines == [
        "intake: bostad-devkit is installed in the service's environment",
        "intake: bostad_devkit is importable in the service's environment",
    ]


def test_the_one_list_of_services_names_every_service_package() -> None:
    """`bostad_common.services` is the only list; a new service must be added there."""
    import importlib
    import tomllib

    from bostad_common.services import PLATFORM_SERVICES

    in_workspace = {
        tomllib.loads(path.read_text())["project"]["name"]
        for path in (ROOT / "services").glob("*/pyproject.toml")
    }
    assert {service.name for service in PLATFORM_SERVICES} == in_workspace
    for service in PLATFORM_SERVICES:
        definition = importlib.import_module(f"{service.package}.app").DEFINITION
        assert (definition.name, definition.default_port) == (
            service.name,
            service.default_port,
        )


def test_a_test_reaching_a_server_without_the_integration_marker_is_caught() -> None:
    """The suite's guard (bostad_devkit.pytest_plugin) names the unmarked fixtures."""
    from types import SimpleNamespace

    from bostad_devkit.pytest_plugin import unmarked_integration_fixtures

    def item(fixtures: list[str], marked: bool) -> SimpleNamespace:
        return SimpleNamespace(
            fixturenames=fixtures,
            get_closest_marker=lambda name: object() if marked and name == "integration" else None,
        )

    unmarked = item(["tmp_path", "service_settings", "postgres_url"], marked=False)
    assert unmarked_integration_fixtures(unmarked) == {"service_settings", "postgres_url"}  # type: ignore[arg-type]
    assert unmarked_integration_fixtures(item(["postgres_url"], marked=True)) == set()  # type: ignore[arg-type]
    assert unmarked_integration_fixtures(item(["tmp_path"], marked=False)) == set()  # type: ignore[arg-type]


def test_up_reads_what_is_left_in_an_outbox_from_the_database(tmp_path: Path) -> None:
    """`./bostad up` counts unpublished rows in the service's SQLite file, not log lines."""
    import importlib

    from sqlalchemy import text

    from bostad_common.settings import embedded_database_path
    from bostad_devkit.testing import sqlite_migrations

    definition = importlib.import_module("intake.app").DEFINITION
    path = embedded_database_path(tmp_path, "intake")
    with sqlite_migrations(definition.migrations_dir, path) as db:
        db.upgrade("head")
        for row_id, published in (("a", None), ("b", "2026-11-30 10:00:00"), ("c", None)):
            db.connection.execute(
                text(
                    "INSERT INTO outbox (id, topic, key, value, headers, created_at,"
                    " published_at, attempts) VALUES (:id, 'intake.events.v1', NULL, '{}',"
                    " '{}', '2026-11-30 09:00:00', :published, 0)"
                ),
                {"id": row_id, "published": published},
            )

    env = dict(os.environ, PYTHONPATH=str(ROOT / "tools"))
    ask = (
        "import sys; from pathlib import Path; from runner.outbox import unpublished_events;"
        "print(unpublished_events(Path(sys.argv[1]), 'intake'),"
        " unpublished_events(Path(sys.argv[1]), 'tenancy'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", ask, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["2", "None"]  # tenancy has no database here
