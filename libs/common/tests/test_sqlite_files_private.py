"""The embedded default's SQLite files hold personal numbers: owner-only (issue #8)."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import text

from bostad_common.db import make_engine
from bostad_common.settings import Settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_database_file_and_var_dir_are_private(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)  # as an older run left it
    url = Settings(var_dir=var_dir).database_url_for("intake")
    assert _mode(var_dir) == 0o700
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
            await connection.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        await engine.dispose()
    files = sorted(var_dir.iterdir())
    assert var_dir / "intake.db" in files
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


async def test_an_existing_open_database_file_is_tightened(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    await engine.dispose()
    assert _mode(database) == 0o600
