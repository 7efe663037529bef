"""The access log: who read or changed which person's data, when and why.

One append-only table `access_log` per service database. Each entry carries the
SHA-256 of its own fields and of the previous entry's hash, so editing or
deleting an entry breaks the chain from that entry on (`verify_chain`).
Database triggers (`append_only_trigger_sql`) refuse UPDATE, DELETE (and on
PostgreSQL TRUNCATE) of the table outright.

Persons appear only as pseudonyms: `pseudonymise(personal_number, key)` is an
HMAC, stable for a given key, so an auditor holding a personal number computes
its `person_ref` and asks "who read this person" without the number ever being
stored in, or sent to, the log.

Writing:

    await record_access(
        session, principal,
        person_ref=pseudonymise(pn.canonical, settings.pseudonym_key),
        action="read", resource=f"eviction_case:{case.id}",
        purpose="case handling", district=case.district,
    )

It runs in the caller's transaction (the entry commits or rolls back with the
access it records). On PostgreSQL it takes `pg_advisory_xact_lock` before
reading the chain head, and on SQLite the database's write lock, so concurrent
writers append one after another; the lock is held until the caller's
transaction ends, so record access late in a use case. `seq` is assigned under
that lock as head + 1 (contiguous, part of the hash); should two writers ever
race (e.g. a REPEATABLE READ transaction that read the head too early) the
primary key makes the second one fail instead of forking the chain.

Migration: each service's revision 0001 creates the table and its triggers
with the frozen `bostad_common.platform_migrations.create_platform_tables_v1()`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, JSONBody, QueryParameter
from pydantic import SecretStr
from sqlalchemy import BigInteger, Column, DateTime, Integer, and_, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from bostad_common.auth.middleware import principal_of, requires
from bostad_common.auth.principal import Principal
from bostad_common.validation import MAX_INT64, check_query_datetime

__all__ = [
    "ACTIONS",
    "GENESIS_HASH",
    "AccessLogController",
    "AccessLogEntry",
    "AccessLogRecord",
    "ChainVerification",
    "append_only_trigger_sql",
    "chain_head",
    "drop_append_only_trigger_sql",
    "entry_hash",
    "pseudonymise",
    "record_access",
    "verify_chain",
]

Action = Literal["read", "create", "update", "delete", "export"]
ACTIONS: Final[frozenset[str]] = frozenset({"read", "create", "update", "delete", "export"})
GENESIS_HASH: Final = "0" * 64
PERSON_REF: Final = re.compile(r"^p_[0-9a-f]{32}$")
# pg_advisory_xact_lock key for the chain head; one access_log per database.
_ADVISORY_LOCK_KEY: Final = 0x62_6F_73_74_61_64_6C_67  # b"bostadlg"


class AccessLogEntry(SQLModel, table=True):
    __tablename__ = "access_log"

    seq: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
    )
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    actor: str = Field(max_length=255, index=True)
    actor_roles: str = Field(max_length=500)
    district: str | None = Field(default=None, max_length=64, index=True)
    person_ref: str | None = Field(default=None, max_length=34, index=True)
    action: str = Field(max_length=16)
    resource: str = Field(max_length=255)
    purpose: str = Field(max_length=255)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


@dataclass(frozen=True)
class ChainVerification:
    ok: bool
    entries: int  # entries that verified (all of them when ok)
    first_bad_seq: int | None = None


@dataclass(frozen=True)
class PersonRefQuery:
    """A personal number, sent in the body so it never appears in a URL."""

    personal_number: str


@dataclass(frozen=True)
class PersonRef:
    """The pseudonym the access log records for a person (`p_…`), never the number itself."""

    person_ref: str


@dataclass(frozen=True)
class AccessLogRecord:
    """An access-log entry as the API returns it."""

    seq: int
    at: datetime
    actor: str
    actor_roles: list[str]
    district: str | None
    person_ref: str | None
    action: str
    resource: str
    purpose: str
    hash: str


# ------------------------------------------------------------------ pseudonyms


def pseudonymise(personal_number_canonical: str, key: SecretStr | str) -> str:
    """`p_` + the first 32 hex digits of HMAC-SHA256(key, canonical personal number)."""
    if not personal_number_canonical:
        raise ValueError("empty personal number")
    secret = key.get_secret_value() if isinstance(key, SecretStr) else key
    if not secret:
        raise ValueError("empty pseudonym key")
    digest = hmac.new(
        secret.encode("utf-8"), personal_number_canonical.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return "p_" + digest[:32]


# ----------------------------------------------------------------------- chain


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _format_at(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    actor_roles: str,
    district: str | None,
    person_ref: str | None,
    action: str,
    resource: str,
    purpose: str,
    prev_hash: str,
) -> str:
    """SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of the fields."""
    document = {
        "action": action,
        "actor": actor,
        "actor_roles": actor_roles,
        "at": _format_at(at),
        "district": district,
        "person_ref": person_ref,
        "prev_hash": prev_hash,
        "purpose": purpose,
        "resource": resource,
        "seq": seq,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hash_of_row(row: Any) -> str:
    return entry_hash(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        actor_roles=row.actor_roles,
        district=row.district,
        person_ref=row.person_ref,
        action=row.action,
        resource=row.resource,
        purpose=row.purpose,
        prev_hash=row.prev_hash,
    )


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _text_field(name: str, value: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"access log: {name} is required")
    if len(value) > limit:
        raise ValueError(f"access log: {name} longer than {limit}")
    return value


async def _wait_for_chain_turn(session: AsyncSession) -> None:
    """Hold the database's write lock for the chain head until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the driver opens a
    transaction only at the first write, so a SELECT of the head runs outside
    one and two writers read the same head (issue #8: parallel reads answered
    500 with an IntegrityError). A write that touches no row makes SQLite take
    its write lock (waiting up to `busy_timeout` for the current writer) before
    the head is read; the append-only triggers are per row and never fire.
    """
    dialect = _dialect(session)
    if dialect == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
        )
    elif dialect == "sqlite":
        await session.execute(text("DELETE FROM access_log WHERE 0"))


async def record_access(
    session: AsyncSession,
    principal: Principal,
    *,
    person_ref: str | None,
    action: Action,
    resource: str,
    purpose: str,
    district: str | None,
    now: datetime | None = None,
) -> AccessLogEntry:
    """Append an entry in the caller's transaction (flushed, not committed)."""
    if action not in ACTIONS:
        raise ValueError(f"access log: unknown action {action!r}")
    if person_ref is not None and not PERSON_REF.match(person_ref):
        # Also catches a raw personal number passed by mistake.
        raise ValueError("access log: person_ref must be a pseudonym from pseudonymise()")
    _text_field("resource", resource, 255)
    _text_field("purpose", purpose, 255)
    if district is not None:
        _text_field("district", district, 64)
    actor = _text_field("actor", principal.subject, 255)
    # A landlord system has no staff roles: record its kind instead of nothing.
    actor_roles = ",".join(sorted(principal.roles or {principal.kind}))

    await _wait_for_chain_turn(session)
    table = AccessLogEntry.__table__
    head = (
        await session.execute(
            select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
        )
    ).first()
    seq = head.seq + 1 if head else 1
    prev_hash = head.hash if head else GENESIS_HASH
    at = _utc(now or datetime.now(UTC))
    entry = AccessLogEntry(
        seq=seq,
        at=at,
        actor=actor,
        actor_roles=actor_roles,
        district=district,
        person_ref=person_ref,
        action=action,
        resource=resource,
        purpose=purpose,
        prev_hash=prev_hash,
        hash=entry_hash(
            seq=seq,
            at=at,
            actor=actor,
            actor_roles=actor_roles,
            district=district,
            person_ref=person_ref,
            action=action,
            resource=resource,
            purpose=purpose,
            prev_hash=prev_hash,
        ),
    )
    session.add(entry)
    await session.flush()
    return entry


async def chain_head(session: AsyncSession) -> tuple[int, str] | None:
    """(seq, hash) of the newest entry — publish it elsewhere to anchor the chain."""
    table = AccessLogEntry.__table__
    row = (
        await session.execute(
            select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
        )
    ).first()
    return (row.seq, row.hash) if row else None


async def verify_chain(session: AsyncSession, *, batch_size: int = 1000) -> ChainVerification:
    """Recompute every hash and link, oldest first; report the first entry that fails."""
    table = AccessLogEntry.__table__
    expected_seq, expected_prev, verified = 1, GENESIS_HASH, 0
    while True:
        rows = (
            await session.execute(
                select(table)
                .where(table.c.seq >= expected_seq)
                .order_by(table.c.seq)
                .limit(batch_size)
            )
        ).all()
        if not rows:
            return ChainVerification(ok=True, entries=verified)
        for row in rows:
            if (
                row.seq != expected_seq
                or row.prev_hash != expected_prev
                or _hash_of_row(row) != row.hash
            ):
                return ChainVerification(ok=False, entries=verified, first_bad_seq=row.seq)
            verified += 1
            expected_seq, expected_prev = row.seq + 1, row.hash


# -------------------------------------------------------------------- triggers


def append_only_trigger_sql(dialect: Any) -> list[str]:
    """Statements that make `access_log` refuse UPDATE and DELETE (and TRUNCATE on PG).

    The triggers every service's revision 0001 installed (frozen there as v1).
    """
    from bostad_common.platform_migrations import append_only_trigger_sql_v1

    return append_only_trigger_sql_v1(dialect)


def drop_append_only_trigger_sql(dialect: Any) -> list[str]:
    """The reverse of `append_only_trigger_sql` (for a migration's downgrade)."""
    from bostad_common.platform_migrations import drop_append_only_trigger_sql_v1

    return drop_append_only_trigger_sql_v1(dialect)


# ------------------------------------------------------------------------- API


def _pseudonym_key(request: Request) -> SecretStr:
    # The service's one settings object (create_app puts its context in the app state).
    return request.app.state.ctx.settings.pseudonym_key


def _record(row: AccessLogEntry) -> AccessLogRecord:
    assert row.seq is not None
    return AccessLogRecord(
        seq=row.seq,
        at=_utc(row.at),
        actor=row.actor,
        actor_roles=[r for r in row.actor_roles.split(",") if r],
        district=row.district,
        person_ref=row.person_ref,
        action=row.action,
        resource=row.resource,
        purpose=row.purpose,
        hash=row.hash,
    )


AUDIT_PURPOSE: Final = "audit of the access log"


async def _record_audit(
    session: AsyncSession, principal: Principal, *, person_ref: str | None, resource: str
) -> None:
    """Log an auditor's own use of the log, once per district they audit.

    With the auditor's districts on the entries, an auditor of another district
    does not see this look-up (issue #8: entries without a district were shown
    to every auditor).
    """
    for district in sorted(principal.districts) or [None]:
        await record_access(
            session,
            principal,
            person_ref=person_ref,
            action="read",
            resource=resource,
            purpose=AUDIT_PURPOSE,
            district=district,
        )


class AccessLogController(Controller):
    """`/api/v1/audit/access-log` — for auditors; every use of it is itself logged.

    An auditor sees the entries of their own districts and entries without a
    district (except other auditors' older look-ups); an auditor's own use of
    the log is recorded under each of their districts. `verify` checks the
    whole chain (it returns no personal data).
    """

    path = "/api/v1/audit/access-log"
    guards = [requires("audit:access_log.read")]  # noqa: RUF012 - Litestar's API
    tags = ["audit"]  # noqa: RUF012

    @get("/", operation_id="listAccessLog", summary="Search the access log, newest first")
    async def list_entries(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        person_ref: FromQuery[str | None] = None,
        actor: FromQuery[str | None] = None,
        from_: Annotated[datetime | None, QueryParameter(name="from")] = None,
        to: FromQuery[datetime | None] = None,
        before_seq: Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> list[AccessLogRecord]:
        principal = principal_of(request)
        from_ = check_query_datetime("from", from_, request.query_params.get("from"))
        to = check_query_datetime("to", to, request.query_params.get("to"))
        if person_ref is not None and not PERSON_REF.match(person_ref):
            raise ValidationException(
                detail="invalid input",
                extra=[{"key": "person_ref", "message": "must be a p_… pseudonym"}],
            )
        query = select(AccessLogEntry).order_by(AccessLogEntry.seq.desc()).limit(limit)  # type: ignore[union-attr]
        query = query.where(
            or_(
                AccessLogEntry.district.in_(sorted(principal.districts)),  # type: ignore[union-attr]
                and_(
                    AccessLogEntry.district.is_(None),  # type: ignore[union-attr]
                    # Auditors' own entries from before they carried districts
                    # (issue #8): another auditor's look-ups are not for everyone.
                    or_(
                        ~AccessLogEntry.resource.startswith("access_log", autoescape=True),  # type: ignore[attr-defined]
                        AccessLogEntry.actor == principal.subject,
                    ),
                ),
            )
        )
        if person_ref is not None:
            query = query.where(AccessLogEntry.person_ref == person_ref)
        if actor is not None:
            query = query.where(AccessLogEntry.actor == actor)
        if from_ is not None:
            query = query.where(AccessLogEntry.at >= _utc(from_))  # type: ignore[operator]
        if to is not None:
            query = query.where(AccessLogEntry.at < _utc(to))  # type: ignore[operator]
        if before_seq is not None:
            query = query.where(AccessLogEntry.seq < before_seq)  # type: ignore[operator]
        rows = (await db_session.execute(query)).scalars().all()
        records = [_record(row) for row in rows]
        await _record_audit(db_session, principal, person_ref=person_ref, resource="access_log")
        return records

    @get("/verify", operation_id="verifyAccessLog", summary="Verify the hash chain")
    async def verify(
        self, request: Request, db_session: NamedDependency[AsyncSession]
    ) -> ChainVerification:
        principal = principal_of(request)
        result = await verify_chain(db_session)
        await _record_audit(db_session, principal, person_ref=None, resource="access_log:verify")
        return result

    @post(
        "/person-ref",
        operation_id="accessLogPersonRef",
        summary="Compute the person_ref of a personal number (sent in the body, not the URL)",
        status_code=200,
    )
    async def person_ref(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        data: JSONBody[PersonRefQuery],
    ) -> PersonRef:
        from bostad_common.personnummer import InvalidPersonalNumber, PersonalNumber

        principal = principal_of(request)
        try:
            canonical = PersonalNumber.parse(data.personal_number).canonical
        except (InvalidPersonalNumber, ValueError):
            raise ValidationException(
                detail="invalid input",
                extra=[{"key": "personal_number", "message": "not a valid personal number"}],
            ) from None
        ref = pseudonymise(canonical, _pseudonym_key(request))
        await _record_audit(db_session, principal, person_ref=ref, resource="access_log:person_ref")
        return PersonRef(person_ref=ref)
