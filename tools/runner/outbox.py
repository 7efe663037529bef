"""What is still in each service's outbox, asked of its database (not of its logs).

In the embedded default every service keeps its outbox in its own SQLite file
under var/. After the services have stopped, an unpublished row there is an
event that did not reach the broker: it stays and is published at the next start.
The runner opens the file read-only, so asking can never change it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bostad_common.settings import embedded_database_path

# The relay marks a row published by setting published_at (bostad_common.messaging.outbox).
UNPUBLISHED = "SELECT count(*) FROM outbox WHERE published_at IS NULL"


def unpublished_events(var_dir: Path, service: str) -> int | None:
    """How many events `service` has not yet published; None if its database cannot say."""
    path = embedded_database_path(var_dir, service)
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5) as db:
            (count,) = db.execute(UNPUBLISHED).fetchone()
    except sqlite3.Error:
        return None  # not migrated yet, or locked: nothing to report with certainty
    return int(count)
