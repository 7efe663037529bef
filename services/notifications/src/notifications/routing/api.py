"""`/api/v1/routing-rules/{district}`: a district's routing rules, read and changed by admins.

Changing who is told what is an administrative act: it needs
`notifications:routing.admin` and a district in the caller's token. A rejected
set answers 422 naming the rule and the field; nothing is stored then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from litestar import Controller, Request, delete, get, put
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.middleware import principal_of, requires, staff_only
from bostad_common.http_errors import FieldErrors
from notifications.directory.provisioning import provision_caller
from notifications.routing.rules import DEFAULT_RULES
from notifications.routing.store import (
    InvalidRule,
    RuleModel,
    model_of,
    reset_rule_set,
    rule_of,
    save_rule_set,
    stored_rule_set,
)

ROUTING_ADMIN = "notifications:routing.admin"


class RuleSetRead(BaseModel):
    district: str
    source: Literal["default", "district"]
    rules: list[RuleModel]
    updated_by: str | None
    updated_at: datetime | None


class RuleSetWrite(BaseModel):
    rules: list[RuleModel]


def _check_district(request: Request, district: str) -> None:
    if not principal_of(request).in_district(district):
        raise PermissionDeniedException(detail="not permitted for this district")


async def _read(session: AsyncSession, district: str) -> RuleSetRead:
    stored = await stored_rule_set(session, district)
    if stored is None:
        return RuleSetRead(
            district=district,
            source="default",
            rules=[model_of(rule) for rule in DEFAULT_RULES],
            updated_by=None,
            updated_at=None,
        )
    from notifications.routing.store import _RULES_ADAPTER

    return RuleSetRead(
        district=district,
        source="district",
        rules=_RULES_ADAPTER.validate_json(stored.rules),
        updated_by=stored.updated_by,
        updated_at=stored.updated_at,
    )


class RoutingRulesController(Controller):
    path = "/api/v1/routing-rules"
    guards = [staff_only, requires(ROUTING_ADMIN)]  # noqa: RUF012 - Litestar's API
    tags = ["routing"]  # noqa: RUF012

    @get("/{district:str}", operation_id="getRoutingRules", summary="A district's routing rules")
    async def get_rules(
        self, request: Request, db_session: NamedDependency[AsyncSession], district: FromPath[str]
    ) -> RuleSetRead:
        _check_district(request, district)
        await provision_caller(db_session, request)
        return await _read(db_session, district)

    @put(
        "/{district:str}",
        operation_id="replaceRoutingRules",
        summary="Replace a district's routing rules (validated)",
    )
    async def replace_rules(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        district: FromPath[str],
        data: JSONBody[RuleSetWrite],
    ) -> RuleSetRead:
        _check_district(request, district)
        await provision_caller(db_session, request)
        try:
            await save_rule_set(db_session, district, data.rules, by=principal_of(request).subject)
        except InvalidRule as exc:
            raise FieldErrors([{"field": "rules", "message": str(exc)}]) from None
        return await _read(db_session, district)

    @delete(
        "/{district:str}",
        operation_id="resetRoutingRules",
        summary="Go back to the platform's default rules",
    )
    async def reset_rules(
        self, request: Request, db_session: NamedDependency[AsyncSession], district: FromPath[str]
    ) -> None:
        _check_district(request, district)
        await provision_caller(db_session, request)
        await reset_rule_set(db_session, district)


__all__ = ["ROUTING_ADMIN", "RoutingRulesController", "rule_of"]
