"""Operator commands against this service's configured database.

    python -m tenancy.cli payments import FILE
        → one JSON object on stdout, the same as `POST /api/v1/payment-files`:
          {"file_id", "payments", "matched", "unmatched", "amount_ore"}
          (the same file again books nothing and prints the first result)

Runs as the platform (system principal): the operator at the console is
trusted with every district's bankgiro, as the bank integration is. The
database is migrated to head first. A refused file prints its problems on
stderr ("line N: problem") with exit code 2 and books nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import Conflict, NotPermitted
from bostad_common.http_errors import FieldErrors
from bostad_common.settings import get_settings
from tenancy.payments import service as payments

SERVICE_NAME = "tenancy"
MIGRATIONS = Path(__file__).parent / "migrations"


async def import_payment_file(data: bytes) -> dict[str, Any]:
    settings = get_settings()
    engine = make_engine(settings.database_url_for(SERVICE_NAME))
    try:
        await migrate(engine, MIGRATIONS)
        async with unit_of_work(make_session_factory(engine)) as session:
            bind_principal(session, SYSTEM)
            result = await payments.import_file(
                session, Actor.system(settings.pseudonym_key), data, now=utcnow()
            )
            return result.body
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tenancy.cli")
    groups = parser.add_subparsers(dest="group", required=True)
    payment_group = groups.add_parser("payments", help="bank payment files")
    commands = payment_group.add_subparsers(dest="command", required=True)
    add = commands.add_parser("import", help="book a BgMax file; prints the result as JSON")
    add.add_argument("file", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        sys.stderr.write(f"cannot read {args.file}: {exc.strerror}\n")
        return 2
    try:
        result = asyncio.run(import_payment_file(data))
    except FieldErrors as exc:
        for error in exc.errors:
            sys.stderr.write(f"{error['field']}: {error['message']}\n")
        return 2
    except (NotPermitted, Conflict) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
