"""Operator commands against this service's configured database.

    python -m eviction_prevention.cli landlord add NAME --districts D1,D2
        → one JSON object on stdout: {"landlord_id": ..., "credential": ...}
          (the credential is shown this once; only its SHA-256 is stored)
    python -m eviction_prevention.cli landlord list
    python -m eviction_prevention.cli landlord revoke LANDLORD_ID
    python -m eviction_prevention.cli landlord rotate LANDLORD_ID
    python -m eviction_prevention.cli district add CODE NAME

The database is migrated to head first, so the commands work on a fresh
database and while the service runs (they are ordinary transactions; the
running service sees a new landlord on its next request). Errors go to
stderr with exit code 2; stdout carries only the JSON answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bostad_common.db import make_engine, make_session_factory, migrate, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotFound
from bostad_common.http_errors import FieldErrors
from bostad_common.settings import get_settings
from eviction_prevention.districts import service as districts
from eviction_prevention.landlords import service as landlords

SERVICE_NAME = "eviction-prevention"
MIGRATIONS = Path(__file__).parent / "migrations"


async def _run(operation: Callable[[Any], Awaitable[Any]]) -> Any:
    engine = make_engine(get_settings().database_url_for(SERVICE_NAME))
    try:
        await migrate(engine, MIGRATIONS)
        async with unit_of_work(make_session_factory(engine)) as session:
            return await operation(session)
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eviction_prevention.cli")
    groups = parser.add_subparsers(dest="group", required=True)

    landlord = groups.add_parser("landlord", help="landlord systems and their credentials")
    commands = landlord.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="register a landlord; prints landlord_id and credential")
    add.add_argument("name")
    add.add_argument("--districts", required=True, help="comma-separated district codes")
    commands.add_parser("list", help="list landlords (no secrets)")
    revoke = commands.add_parser("revoke", help="revoke a landlord and all its credentials")
    revoke.add_argument("landlord_id")
    rotate = commands.add_parser("rotate", help="revoke the credentials and issue a new one")
    rotate.add_argument("landlord_id")

    district = groups.add_parser("district", help="known districts")
    district_commands = district.add_subparsers(dest="command", required=True)
    district_add = district_commands.add_parser("add", help="add or reactivate a district")
    district_add.add_argument("code")
    district_add.add_argument("name")
    district_commands.add_parser("list", help="list districts")
    return parser


async def _dispatch(args: argparse.Namespace) -> Any:
    now = utcnow()
    if args.group == "landlord":
        if args.command == "add":
            codes = [d.strip() for d in args.districts.split(",") if d.strip()]

            async def add(session: Any) -> dict[str, str]:
                landlord, credential = await landlords.register_landlord(
                    session, name=args.name, district_codes=codes, now=now
                )
                return {"landlord_id": landlord.id, "credential": credential}

            return await _run(add)
        if args.command == "list":

            async def list_all(session: Any) -> list[dict[str, Any]]:
                return [
                    {
                        "landlord_id": v.landlord_id,
                        "name": v.name,
                        "districts": v.districts,
                        "created_at": v.created_at.isoformat(),
                        "revoked_at": v.revoked_at.isoformat() if v.revoked_at else None,
                        "active_credentials": v.active_credentials,
                    }
                    for v in await landlords.list_landlords(session)
                ]

            return await _run(list_all)
        if args.command == "revoke":

            async def revoke(session: Any) -> dict[str, Any]:
                landlord = await landlords.revoke_landlord(session, args.landlord_id, now=now)
                return {
                    "landlord_id": landlord.id,
                    "revoked_at": landlord.revoked_at.isoformat() if landlord.revoked_at else None,
                }

            return await _run(revoke)
        if args.command == "rotate":

            async def rotate(session: Any) -> dict[str, str]:
                credential = await landlords.rotate_credential(session, args.landlord_id, now=now)
                return {"landlord_id": args.landlord_id, "credential": credential}

            return await _run(rotate)
    if args.group == "district":
        if args.command == "add":

            async def add_district(session: Any) -> dict[str, str]:
                district = await districts.add_district(session, args.code, args.name)
                return {"code": district.code, "name": district.name}

            return await _run(add_district)
        if args.command == "list":

            async def list_districts(session: Any) -> list[str]:
                return sorted(await districts.known_codes(session))

            return await _run(list_districts)
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result = asyncio.run(_dispatch(args))
    except FieldErrors as exc:
        for error in exc.errors:
            sys.stderr.write(f"{error['field']}: {error['message']}\n")
        return 2
    except NotFound as exc:
        sys.stderr.write(f"{exc.what}\n")
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
