"""The access log: hash chain, append-only triggers, concurrency, and the audit API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar, Request
from litestar.di import Provide
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from bostad_common.auth.access_log import (
    AccessLogController,
    AccessLogEntry,
    append_only_trigger_sql,
    chain_head,
    drop_append_only_trigger_sql,
    pseudonymise,
    record_access,
    verify_chain,
)
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.jwt_verify import TokenVerifier
from bostad_common.auth.middleware import create_auth_middleware
from bostad_common.auth.principal import SYSTEM, Principal
from bostad_common.db import make_engine, make_session_factory
from bostad_common.http_errors import EXCEPTION_HANDLERS
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.dev_issuer import issue_token, jwks

KEY = "test-pseudonym-key"
Database = tuple[AsyncEngine, async_sessionmaker[AsyncSession]]
CASEWORKER = Principal("anna.caseworker", "staff", frozenset({"caseworker"}), frozenset({"bromma"}))


async def create_access_log(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(
            SQLModel.metadata.create_all,
            tables=[AccessLogEntry.__table__],  # type: ignore[attr-defined]
        )
        for statement in append_only_trigger_sql(conn.dialect.name):
            await conn.execute(text(statement))


@pytest.fixture(scope="module")
async def module_engine() -> AsyncIterator[AsyncEngine]:
    """One real PostgreSQL database for this module (same helper as `postgres_url`)."""
    url = await testing.create_database("auth_access_log")
    engine = make_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()
        await testing.drop_database(url)


@pytest.fixture
async def pg(module_engine: AsyncEngine) -> Database:
    """A fresh access_log table (with its triggers) for each test."""
    async with module_engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS access_log"))
    await create_access_log(module_engine)
    return module_engine, make_session_factory(module_engine)


async def append(sessions: async_sessionmaker[AsyncSession], n: int, person: str = "1") -> None:
    for i in range(n):
        async with sessions() as session, session.begin():
            await record_access(
                session,
                CASEWORKER,
                person_ref=pseudonymise(f"19121212-121{person}", KEY),
                action="read",
                resource=f"eviction_case:{i}",
                purpose="case handling",
                district="bromma",
            )


def test_pseudonyms_are_stable_keyed_and_opaque() -> None:
    ref = pseudonymise("19121212-1212", KEY)
    assert ref == pseudonymise("19121212-1212", KEY)
    assert ref.startswith("p_") and len(ref) == 34
    assert "191212" not in ref
    assert ref != pseudonymise("19121212-1212", "another-key")
    assert ref != pseudonymise("19121212-1213", KEY)


@pytest.mark.integration  # PostgreSQL
async def test_chain_of_five_verifies(pg: Database) -> None:
    _, sessions = pg
    async with sessions() as session:
        assert await verify_chain(session) == (await verify_chain(session))
        empty = await verify_chain(session)
        assert empty.ok and empty.entries == 0
    await append(sessions, 5)
    async with sessions() as session:
        result = await verify_chain(session, batch_size=2)  # crosses batch boundaries
        assert result.ok and result.entries == 5 and result.first_bad_seq is None
        head = await chain_head(session)
        assert head is not None and head[0] == 5
        rows = (await session.execute(text("SELECT seq, at, actor, action FROM access_log"))).all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
        assert all(r.at.tzinfo is not None for r in rows)


@pytest.mark.integration  # PostgreSQL
async def test_trigger_blocks_update_delete_and_truncate(
    pg: Database,
) -> None:
    engine, sessions = pg
    await append(sessions, 2)
    for statement in (
        "UPDATE access_log SET purpose = 'nothing to see' WHERE seq = 1",
        "DELETE FROM access_log WHERE seq = 2",
        "TRUNCATE access_log",
    ):
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text(statement))
    async with sessions() as session:
        assert (await verify_chain(session)).entries == 2


@pytest.mark.integration  # PostgreSQL
async def test_tampering_is_detected_at_the_first_bad_entry(
    pg: Database,
) -> None:
    engine, sessions = pg
    await append(sessions, 5)
    async with engine.begin() as conn:  # a superuser drops the trigger and edits history
        for statement in drop_append_only_trigger_sql("postgresql"):
            await conn.execute(text(statement))
        await conn.execute(text("UPDATE access_log SET actor = 'someone.else' WHERE seq = 3"))
    async with sessions() as session:
        result = await verify_chain(session)
    assert not result.ok and result.first_bad_seq == 3 and result.entries == 2


@pytest.mark.integration  # PostgreSQL
async def test_deleting_an_entry_is_detected(
    pg: Database,
) -> None:
    engine, sessions = pg
    await append(sessions, 4)
    async with engine.begin() as conn:
        for statement in drop_append_only_trigger_sql("postgresql"):
            await conn.execute(text(statement))
        await conn.execute(text("DELETE FROM access_log WHERE seq = 2"))
    async with sessions() as session:
        result = await verify_chain(session)
    assert not result.ok and result.first_bad_seq == 3


@pytest.mark.integration  # PostgreSQL
async def test_concurrent_writers_keep_one_chain(
    pg: Database,
) -> None:
    _, sessions = pg

    async def one(i: int) -> None:
        async with sessions() as session, session.begin():
            await record_access(
                session,
                SYSTEM,
                person_ref=None,
                action="update",
                resource=f"lease:{i}",
                purpose="rent run",
                district=None,
            )
            await asyncio.sleep(0.001)  # hold the lock a little, like a real use case

    await asyncio.gather(*(one(i) for i in range(20)))
    async with sessions() as session:
        result = await verify_chain(session)
    assert result.ok and result.entries == 20


@pytest.mark.integration  # PostgreSQL
async def test_rolled_back_access_leaves_no_entry(
    pg: Database,
) -> None:
    _, sessions = pg
    async with sessions() as session:
        await record_access(
            session,
            CASEWORKER,
            person_ref=None,
            action="read",
            resource="eviction_case:1",
            purpose="case handling",
            district="bromma",
        )
        await session.rollback()
    await append(sessions, 1)
    async with sessions() as session:
        assert await verify_chain(session) == type(await verify_chain(session))(True, 1, None)


@pytest.mark.integration  # PostgreSQL
async def test_raw_personal_numbers_and_empty_purposes_are_refused(
    pg: Database,
) -> None:
    _, sessions = pg
    async with sessions() as session:
        with pytest.raises(ValueError, match="pseudonym"):
            await record_access(
                session,
                CASEWORKER,
                person_ref="19121212-1212",
                action="read",
                resource="eviction_case:1",
                purpose="case handling",
                district="bromma",
            )
        with pytest.raises(ValueError, match="purpose"):
            await record_access(
                session,
                CASEWORKER,
                person_ref=None,
                action="read",
                resource="eviction_case:1",
                purpose="  ",
                district="bromma",
            )
        with pytest.raises(ValueError, match="action"):
            await record_access(
                session,
                CASEWORKER,
                person_ref=None,
                action="peek",  # type: ignore[arg-type]
                resource="eviction_case:1",
                purpose="case handling",
                district="bromma",
            )


async def test_sqlite_chain_and_triggers(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'svc.db'}")
    try:
        await create_access_log(engine)
        sessions = make_session_factory(engine)
        await append(sessions, 3)
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("UPDATE access_log SET purpose = 'x'"))
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("DELETE FROM access_log"))
        async with sessions() as session:
            result = await verify_chain(session)
        assert result.ok and result.entries == 3
        async with engine.begin() as conn:
            for statement in drop_append_only_trigger_sql("sqlite"):
                await conn.execute(text(statement))
            await conn.execute(text("UPDATE access_log SET district = 'skarholmen' WHERE seq = 2"))
        async with sessions() as session:
            assert (await verify_chain(session)).first_bad_seq == 2
    finally:
        await engine.dispose()


# ---------------------------------------------------------------------- API


@pytest.fixture
async def audit_client(
    pg: Database, tmp_path: Path
) -> AsyncIterator[tuple[AsyncTestClient, Settings, async_sessionmaker[AsyncSession]]]:
    engine, sessions = pg
    settings = Settings(var_dir=tmp_path, environment="test", pseudonym_key=KEY)
    # The test client runs the app on its own event loop: give it its own engine
    # without a pool, so no connection crosses loops.
    app_engine = create_async_engine(
        engine.url.render_as_string(hide_password=False), poolclass=NullPool
    )
    app_sessions = make_session_factory(app_engine)

    async def provide_db_session(request: Request) -> AsyncIterator[AsyncSession]:
        async with app_sessions() as session, session.begin():
            user = request.scope.get("user")
            if user is not None:
                bind_principal(session, user)
            yield session

    verifier = TokenVerifier.from_jwks(
        jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )
    app = Litestar(
        route_handlers=[AccessLogController],
        dependencies={"db_session": Provide(provide_db_session)},
        middleware=[create_auth_middleware(settings, verifier=verifier)],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )
    app.state.ctx = type("Ctx", (), {"settings": settings})()
    async with AsyncTestClient(app=app) as client:
        yield client, settings, sessions
    await app_engine.dispose()


@pytest.mark.integration  # PostgreSQL
async def test_audit_api(
    audit_client: tuple[AsyncTestClient, Settings, async_sessionmaker[AsyncSession]],
) -> None:
    client, settings, sessions = audit_client
    await append(sessions, 2, person="2")  # 19121212-1212, twice
    await append(sessions, 1, person="1")  # somebody else
    auditor = {"Authorization": f"Bearer {issue_token('agnes.auditor', settings=settings)}"}
    caseworker = {"Authorization": f"Bearer {issue_token('anna.caseworker', settings=settings)}"}

    assert (await client.get("/api/v1/audit/access-log", headers=caseworker)).status_code == 403
    assert (await client.get("/api/v1/audit/access-log")).status_code == 401

    # An auditor who holds a personal number asks who read that person.
    ref = (
        await client.post(
            "/api/v1/audit/access-log/person-ref",
            json={"personal_number": "19121212-1212"},
            headers=auditor,
        )
    ).json()["person_ref"]
    assert ref == pseudonymise("19121212-1212", KEY)  # the canonical form
    response = await client.get(
        "/api/v1/audit/access-log", params={"person_ref": ref}, headers=auditor
    )
    assert response.status_code == 200
    entries = response.json()
    # Two case reads, plus the auditor's own person-ref lookup (newest first).
    assert [e["actor"] for e in entries] == ["agnes.auditor", "anna.caseworker", "anna.caseworker"]
    assert entries[1]["resource"] == "eviction_case:1"

    bad = await client.get(
        "/api/v1/audit/access-log", params={"person_ref": "191212121212"}, headers=auditor
    )
    assert bad.status_code == 422
    assert "191212121212" not in bad.text

    by_actor = await client.get(
        "/api/v1/audit/access-log", params={"actor": "agnes.auditor"}, headers=auditor
    )
    resources = [e["resource"] for e in by_actor.json()]
    assert resources[:2] == ["access_log", "access_log:person_ref"]  # reads are logged too

    verify = await client.get("/api/v1/audit/access-log/verify", headers=auditor)
    assert verify.status_code == 200
    body = verify.json()
    assert body["ok"] is True and body["first_bad_seq"] is None and body["entries"] >= 6
    assert verify.headers.get("cache-control") is None or "no-store" in verify.headers.get(
        "cache-control", ""
    )
