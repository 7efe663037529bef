"""District isolation in the data layer, tried against a real PostgreSQL database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import Field, SQLModel

from bostad_common.auth.district_scope import (
    DistrictForbidden,
    DistrictOwned,
    DistrictScopeMissing,
    bind_principal,
    install_district_filter,
)
from bostad_common.auth.principal import SYSTEM, Principal
from bostad_common.db import make_engine, make_session_factory
from bostad_devkit import testing


class AuthTestCase(DistrictOwned, table=True):
    __tablename__ = "authtest_case"

    id: int | None = Field(default=None, primary_key=True)
    title: str


class AuthTestNote(SQLModel, table=True):
    """Not district-owned itself; reaches cases through a subquery."""

    __tablename__ = "authtest_note"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="authtest_case.id")
    text: str


BROMMA = Principal("anna", "staff", frozenset({"caseworker"}), frozenset({"bromma"}))
SKARHOLMEN = Principal("sven", "staff", frozenset({"caseworker"}), frozenset({"skarholmen"}))
BOTH = Principal("eva", "staff", frozenset({"caseworker"}), frozenset({"bromma", "skarholmen"}))


@pytest.fixture(scope="module")
async def database() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """One real PostgreSQL database for this module (same helper as `postgres_url`)."""
    url = await testing.create_database("auth_district")
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(
                SQLModel.metadata.create_all,
                tables=[AuthTestCase.__table__, AuthTestNote.__table__],  # type: ignore[attr-defined]
            )
        factory = make_session_factory(engine)
        install_district_filter(factory)  # explicit wiring is harmless (idempotent)
        yield factory
    finally:
        await engine.dispose()
        await testing.drop_database(url)


@pytest.fixture
async def sessions(
    database: async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession]:
    async with database() as session, session.begin():
        await session.execute(text("TRUNCATE authtest_note, authtest_case"))
        bind_principal(session, SYSTEM)
        session.add_all(
            [
                AuthTestCase(id=1, district="bromma", title="b1"),
                AuthTestCase(id=2, district="bromma", title="b2"),
                AuthTestCase(id=3, district="skarholmen", title="s1"),
            ]
        )
        await session.flush()
        session.add_all(
            [
                AuthTestNote(id=10, case_id=1, text="note on b1"),
                AuthTestNote(id=30, case_id=3, text="note on s1"),
            ]
        )
    return database


@pytest.mark.integration  # PostgreSQL
async def test_get_by_id_of_another_district_returns_none(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        bind_principal(session, BROMMA)
        assert await session.get(AuthTestCase, 3) is None  # → the API answers 404
        assert (await session.get(AuthTestCase, 1)) is not None


@pytest.mark.integration  # PostgreSQL
async def test_listing_and_counting_show_only_own_districts(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        bind_principal(session, BROMMA)
        rows = (await session.execute(select(AuthTestCase).order_by(AuthTestCase.id))).scalars()
        assert [c.id for c in rows] == [1, 2]
        count = await session.scalar(select(func.count()).select_from(AuthTestCase))
        assert count == 2
        titles = (await session.execute(select(AuthTestCase.title))).scalars().all()
        assert sorted(titles) == ["b1", "b2"]
    async with sessions() as session:
        bind_principal(session, BOTH)
        assert await session.scalar(select(func.count()).select_from(AuthTestCase)) == 3


@pytest.mark.integration  # PostgreSQL
async def test_cached_statements_do_not_leak_between_principals(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # The same statement text, compiled once and cached, must filter per principal.
    async def visible(principal: Principal) -> list[int]:
        async with sessions() as session:
            bind_principal(session, principal)
            result = await session.execute(select(AuthTestCase.id).order_by(AuthTestCase.id))
            return list(result.scalars())

    for _ in range(3):
        assert await visible(BROMMA) == [1, 2]
        assert await visible(SKARHOLMEN) == [3]
        assert await visible(BOTH) == [1, 2, 3]


def test_criteria_are_built_once_per_districts_and_cover_every_owned_table() -> None:
    # Shared between statements (building them per statement cost more than the query);
    # the cache must still hand each districts set its own criteria, for every table.
    from bostad_common.auth.district_scope import _criteria, _owned_entities

    bromma = _criteria(("bromma",))
    assert _criteria(("bromma",)) is bromma
    assert _criteria(("skarholmen",)) is not bromma
    assert _criteria(None) is not bromma
    assert len(bromma) == len(_owned_entities())
    assert AuthTestCase in {option.entity.class_ for option in bromma}


@pytest.mark.integration  # PostgreSQL
async def test_joins_and_subqueries_are_filtered(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        bind_principal(session, BROMMA)
        joined = await session.execute(
            select(AuthTestNote.id).join(AuthTestCase, AuthTestNote.case_id == AuthTestCase.id)
        )
        assert list(joined.scalars()) == [10]
        sub = await session.execute(
            select(AuthTestNote.id).where(AuthTestNote.case_id.in_(select(AuthTestCase.id)))
        )
        assert list(sub.scalars()) == [10]


@pytest.mark.integration  # PostgreSQL
async def test_orm_update_and_delete_touch_only_own_districts(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        bind_principal(session, SKARHOLMEN)
        updated = await session.execute(update(AuthTestCase).values(title="changed"))
        assert updated.rowcount == 1
        deleted = await session.execute(delete(AuthTestCase).where(AuthTestCase.id == 1))
        assert deleted.rowcount == 0
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        titles = dict((await session.execute(select(AuthTestCase.id, AuthTestCase.title))).all())
        assert titles == {1: "b1", 2: "b2", 3: "changed"}


@pytest.mark.integration  # PostgreSQL
async def test_writing_another_districts_data_is_rejected(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        bind_principal(session, BROMMA)
        session.add(AuthTestCase(district="skarholmen", title="sneaky"))
        with pytest.raises(DistrictForbidden):
            await session.flush()
    async with sessions() as session:
        bind_principal(session, BROMMA)
        case = await session.get(AuthTestCase, 1)
        assert case is not None
        case.district = "skarholmen"  # moving a case out of one's districts
        with pytest.raises(DistrictForbidden):
            await session.flush()
    async with sessions() as session:
        bind_principal(session, BROMMA)
        with pytest.raises(DistrictForbidden):
            await session.execute(
                insert(AuthTestCase), [{"district": "skarholmen", "title": "bulk"}]
            )
        with pytest.raises(DistrictForbidden):
            await session.execute(
                insert(AuthTestCase).values(district="skarholmen", title="inline")
            )
        with pytest.raises(DistrictForbidden):
            await session.execute(
                pg_insert(AuthTestCase)
                .values(id=3, district="bromma", title="upsert")
                .on_conflict_do_update(index_elements=["id"], set_={"title": "taken"})
            )
    async with sessions() as session, session.begin():
        bind_principal(session, BROMMA)
        session.add(AuthTestCase(id=4, district="bromma", title="own"))
        await session.execute(
            insert(AuthTestCase).values(id=5, district="bromma", title="own bulk")
        )
    async with sessions() as session:
        bind_principal(session, BROMMA)
        assert await session.scalar(select(func.count()).select_from(AuthTestCase)) == 4


@pytest.mark.integration  # PostgreSQL
async def test_no_principal_fails_closed(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        with pytest.raises(DistrictScopeMissing):
            await session.execute(select(AuthTestCase))
        with pytest.raises(DistrictScopeMissing):
            await session.get(AuthTestCase, 1)
        with pytest.raises(DistrictScopeMissing):
            await session.execute(update(AuthTestCase).values(title="x"))
    async with sessions() as session:
        session.add(AuthTestCase(district="bromma", title="anonymous"))
        with pytest.raises(DistrictScopeMissing):
            await session.flush()
    async with sessions() as session:
        # Non-owned data is fine without a principal, but owned data hidden in a
        # subquery matches nothing.
        notes = await session.execute(
            select(AuthTestNote.id).where(AuthTestNote.case_id.in_(select(AuthTestCase.id)))
        )
        assert list(notes.scalars()) == []
        all_notes = await session.execute(select(AuthTestNote.id).order_by(AuthTestNote.id))
        assert list(all_notes.scalars()) == [10, 30]


@pytest.mark.integration  # PostgreSQL
async def test_system_sees_everything(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        assert await session.scalar(select(func.count()).select_from(AuthTestCase)) == 3
        assert await session.get(AuthTestCase, 3) is not None


@pytest.mark.integration  # PostgreSQL
async def test_a_session_cannot_be_rebound_to_someone_else(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        bind_principal(session, BROMMA)
        bind_principal(session, BROMMA)  # same principal: fine
        with pytest.raises(ValueError, match="another principal"):
            bind_principal(session, SKARHOLMEN)
