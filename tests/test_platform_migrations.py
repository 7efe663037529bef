"""Platform-table revisions upgrade an existing database without losing its rows.

Runs on SQLite (the embedded default), so it needs no server.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bostad_common.services import SERVICE_PACKAGES
from bostad_devkit.testing import sqlite_migrations


@pytest.mark.parametrize("package", SERVICE_PACKAGES)
def test_processed_events_survive_the_rename_of_the_inbox(package: str, tmp_path: Path) -> None:
    """A database made by revision 0001 keeps every consumer's record through 0002.

    Losing these rows would make consumers apply redelivered events a second time.
    """
    definition = importlib.import_module(f"{package}.app").DEFINITION
    with sqlite_migrations(definition.migrations_dir, tmp_path / "service.db") as db:
        db.upgrade("0001")
        db.connection.execute(
            text(
                "INSERT INTO inbox (consumer, event_id, processed_at)"
                " VALUES ('a-consumer', 'event-1', '2026-11-23 10:00:00')"
            )
        )
        db.upgrade("head")
        tables = set(inspect(db.connection).get_table_names())
        rows = db.connection.execute(text("SELECT consumer, event_id FROM processed_event")).all()
    assert "inbox" not in tables
    assert rows == [("a-consumer", "event-1")]
