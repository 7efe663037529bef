"""District isolation in the data layer.

A table whose rows belong to a district inherits `DistrictOwned`:

    class Case(DistrictOwned, table=True):
        id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
        ...                       # `district: str` (indexed, NOT NULL) comes from the mixin

and every session that touches it is bound to the caller:

    bind_principal(session, principal)     # the service's db_session provider does this

Then, for every ORM statement executed in that session:

* SELECT (also `session.get`, relationship and column loads) and ORM-enabled
  UPDATE/DELETE get `WHERE district IN (<principal's districts>)` on every
  DistrictOwned entity anywhere in the statement (joins, subqueries, aliases,
  eager loads), via `with_loader_criteria`;
* flushes that insert, update or delete a DistrictOwned row of a district the
  principal lacks raise `DistrictForbidden`; ORM bulk INSERTs are checked too;
* with no principal bound, a statement whose top-level entities include
  DistrictOwned data raises `DistrictScopeMissing`, and DistrictOwned entities
  hidden deeper (a subquery) match no rows — fail closed;
* `SYSTEM` (`kind == "system"`: consumers, relays) is not filtered.

Consequence for APIs: a record of another district is *invisible*, not
forbidden. `session.get(Case, other_districts_id)` returns None, so the handler
answers 404 — never 403, which would confirm that the id exists.

The listeners are installed process-wide on `sqlalchemy.orm.Session` when this
module is imported (so it cannot be forgotten; AsyncSession runs on Session).
`install_district_filter(...)` is kept for explicit wiring and is idempotent.

Not covered (do not do this with DistrictOwned tables outside SYSTEM code):
raw SQL (`text(...)`), Core statements on `Table` objects (`select(Case.__table__)`),
and `connection.execute`. Upserts with ON CONFLICT DO UPDATE are refused for
non-system principals because the conflicting row may belong to another district.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from sqlalchemy import event, false
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import (
    Mapper,
    ORMExecuteState,
    Session,
    UOWTransaction,
    sessionmaker,
    with_loader_criteria,
)
from sqlalchemy.orm.attributes import get_history
from sqlmodel import Field, SQLModel

from bostad_common.auth.principal import Principal

__all__ = [
    "DistrictForbidden",
    "DistrictOwned",
    "DistrictScopeMissing",
    "bind_principal",
    "install_district_filter",
    "session_principal",
]

PRINCIPAL_KEY: Final = "principal"
_DISTRICT_PARAM: Final = re.compile(r"^district(?:_m\d+)?$")


class DistrictScopeMissing(RuntimeError):
    """A query touched district-owned data on a session with no principal bound."""


class DistrictForbidden(PermissionError):
    """A write to a district the principal does not work in."""


class DistrictOwned(SQLModel):
    """Mixin for SQLModel tables whose every row belongs to one district."""

    district: str = Field(index=True, max_length=64, nullable=False)


def bind_principal(session: Session | AsyncSession, principal: Principal) -> None:
    """Scope `session` to `principal`. Rebinding to a different principal is refused."""
    if not isinstance(principal, Principal):
        raise TypeError("bind_principal needs a Principal")
    current = session.info.get(PRINCIPAL_KEY)
    if current is not None and current != principal:
        raise ValueError("session is already bound to another principal")
    session.info[PRINCIPAL_KEY] = principal


def session_principal(session: Session | AsyncSession) -> Principal | None:
    principal = session.info.get(PRINCIPAL_KEY)
    return principal if isinstance(principal, Principal) else None


def _is_owned(mapper: Any) -> bool:
    return isinstance(mapper.class_, type) and issubclass(mapper.class_, DistrictOwned)


def _owned_entities() -> list[type]:
    """Every mapped (table) subclass of DistrictOwned defined so far."""
    found: list[type] = []
    pending: list[type] = list(DistrictOwned.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if isinstance(sa_inspect(cls, raiseerr=False), Mapper):
            found.append(cls)
    return found


def _only(districts: tuple[str, ...]) -> list[Any]:
    # One criteria option per mapped entity: the criteria lambda needs a class that
    # has the `district` column (the SQLModel mixin itself has no SQLAlchemy attribute).
    # `districts` is a closure variable, which SQLAlchemy's lambda caching turns into a
    # bound parameter per execution (tested: two principals, one cached statement).
    return [
        with_loader_criteria(entity, lambda cls: cls.district.in_(districts), include_aliases=True)
        for entity in _owned_entities()
    ]


def _nothing() -> list[Any]:
    return [
        with_loader_criteria(entity, lambda cls: false(), include_aliases=True)
        for entity in _owned_entities()
    ]


# Criteria options per (mapped entities, districts): building them costs more than the
# query they filter (a lambda analysed per entity), and they are immutable, so one set is
# shared by every statement of the same principal's districts. The entities are part of
# the key so a table mapped later (tests define some) is never left out.
_CRITERIA_CACHE_MAX: Final = 1024
_criteria_cache: dict[tuple[tuple[type, ...], tuple[str, ...] | None], tuple[Any, ...]] = {}


def _criteria(districts: tuple[str, ...] | None) -> tuple[Any, ...]:
    """`_only(districts)`, or `_nothing()` for None, built once per entity set and districts."""
    key = (tuple(_owned_entities()), districts)
    options = _criteria_cache.get(key)
    if options is None:
        options = tuple(_nothing() if districts is None else _only(districts))
        if len(_criteria_cache) >= _CRITERIA_CACHE_MAX:
            _criteria_cache.clear()
        _criteria_cache[key] = options
    return options


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete or state.is_insert):
        return
    principal = session_principal(state.session)
    if principal is not None and principal.kind == "system":
        return
    touches_owned = any(_is_owned(m) for m in state.all_mappers)
    if state.is_insert:
        if touches_owned:
            _check_bulk_insert(state, principal)
        return
    if principal is None:
        if touches_owned:
            raise DistrictScopeMissing(
                "query on district-owned data without a principal; "
                "call bind_principal(session, principal) (SYSTEM for consumers and relays)"
            )
        options = _criteria(None)
    else:
        options = _criteria(tuple(sorted(principal.districts)))
    if options:
        state.statement = state.statement.options(*options)


def _check_bulk_insert(state: ORMExecuteState, principal: Principal | None) -> None:
    if principal is None:
        raise DistrictScopeMissing("insert of district-owned data without a principal")
    statement: Any = state.statement
    if getattr(statement, "select", None) is not None:
        raise DistrictForbidden("INSERT ... SELECT into district-owned tables is not allowed")
    post = getattr(statement, "_post_values_clause", None)
    if post is not None and type(post).__name__ == "OnConflictDoUpdate":
        raise DistrictForbidden("ON CONFLICT DO UPDATE on district-owned tables is not allowed")
    found: list[Any] = []
    params = state.parameters
    rows: Iterable[Any] = [params] if isinstance(params, dict) else (params or [])
    for row in rows:
        if isinstance(row, dict):
            found.append(row.get("district"))
    if not found:
        compiled = statement.compile()
        found = [v for k, v in compiled.params.items() if _DISTRICT_PARAM.match(k)]
    if not found:
        raise DistrictForbidden("insert into a district-owned table without a district")
    for district in found:
        if district not in principal.districts:
            raise DistrictForbidden("insert into a district outside the principal's districts")


def _before_flush(session: Session, _flush_context: UOWTransaction, _instances: Any) -> None:
    changed = [
        obj
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, DistrictOwned)
    ]
    if not changed:
        return
    principal = session_principal(session)
    if principal is None:
        raise DistrictScopeMissing(
            "write of district-owned data without a principal; call bind_principal(...)"
        )
    if principal.kind == "system":
        return
    for obj in changed:
        history = get_history(obj, "district")
        districts = {obj.district, *history.deleted}
        if not all(isinstance(d, str) and d in principal.districts for d in districts):
            raise DistrictForbidden(
                f"{type(obj).__name__}: district outside the principal's districts"
            )


def _sync_session_class(target: Any) -> Any:
    if isinstance(target, async_sessionmaker):
        return target.kw.get("sync_session_class", Session)
    if isinstance(target, sessionmaker):
        return target.class_
    if isinstance(target, AsyncSession):
        return target.sync_session
    if isinstance(target, type) and issubclass(target, AsyncSession):
        return target.sync_session_class
    return target


def install_district_filter(target: Any = Session) -> None:
    """Install the district listeners on `target` (default and import-time: all Sessions).

    Accepts a Session class or instance, a `sessionmaker`, an `async_sessionmaker`, an
    AsyncSession class or instance. Idempotent; a target that already inherits the
    process-wide listeners is left alone.
    """
    target = _sync_session_class(target)
    for identifier, fn in (("do_orm_execute", _on_execute), ("before_flush", _before_flush)):
        already = event.contains(Session, identifier, fn) or event.contains(target, identifier, fn)
        inherits = isinstance(target, Session) or (
            isinstance(target, type) and issubclass(target, Session)
        )
        if already and inherits:
            continue
        event.listen(target, identifier, fn)


install_district_filter(Session)
