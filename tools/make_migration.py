"""Autogenerate an Alembic migration for one service.

    uv run python tools/make_migration.py intake "add applications"

Compares the service's models against a scratch SQLite database upgraded to
head, so the result does not depend on any running database. Review the
generated file: autogenerate misses triggers and data changes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from bostad_common.db import alembic_config

ROOT = Path(__file__).resolve().parents[1]


def main(service: str, message: str) -> None:
    package = service.replace("-", "_")
    migrations = ROOT / "services" / service / "src" / package / "migrations"
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        config = alembic_config(migrations, url)
        engine = create_engine(url)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
