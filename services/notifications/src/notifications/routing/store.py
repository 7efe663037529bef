"""A district's own routing rules: stored as data, read per event, changed through the admin API.

A district without a stored rule set uses the platform's default table
(`rules.DEFAULT_RULES`). A stored set replaces the default for that district
as a whole, so what a district routes is always one list that can be read in
one place. Every set is validated before it is stored (`validate_rule_set`):
the events, fields, groups and channels must exist, and every kind must have a
Swedish text or a letter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Column, SQLModel
from sqlmodel import Field as ColumnField

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, utcnow
from notifications.inbox.texts import NotificationKind
from notifications.letters.catalogue import LetterRoutingKind
from notifications.routing.engine import InvalidRule, validate_rules
from notifications.routing.rules import (
    DEFAULT_RULES,
    Addressee,
    ChannelName,
    OwnerOrRole,
    RecipientSelector,
    Role,
    RoleInField,
    Rule,
    UsersInField,
)


class RoutingRuleSet(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "routing_rule_sets"

    district: str = ColumnField(primary_key=True, max_length=64)
    rules: str = ColumnField(sa_column=Column(Text, nullable=False))  # JSON list of RuleModel
    updated_by: str = ColumnField(max_length=255)
    updated_at: datetime = ColumnField(default_factory=utcnow, sa_column=instant_column())


# --------------------------------------------------------------- the rules as JSON


class RoleSelector(BaseModel):
    type: Literal["role"] = "role"
    role: str


class UsersInFieldSelector(BaseModel):
    type: Literal["users_in_field"] = "users_in_field"
    field: str


class OwnerOrRoleSelector(BaseModel):
    type: Literal["owner_or_role"] = "owner_or_role"
    field: str
    role: str


class RoleInFieldSelector(BaseModel):
    type: Literal["role_in_field"] = "role_in_field"
    field: str


class AddresseeSelector(BaseModel):
    type: Literal["addressee"] = "addressee"
    field: str = "recipient"


SelectorModel = Annotated[
    RoleSelector
    | UsersInFieldSelector
    | OwnerOrRoleSelector
    | RoleInFieldSelector
    | AddresseeSelector,
    Field(discriminator="type"),
]


class RuleModel(BaseModel):
    """One routing rule (see routing/rules.py for what each part means)."""

    event: str = Field(min_length=1, max_length=100)
    # A notification kind with a Swedish text, or a letter (`letters/catalogue.py`).
    kind: NotificationKind | LetterRoutingKind
    recipients: list[SelectorModel] = Field(min_length=1)
    channels: list[ChannelName] = Field(min_length=1)
    when: dict[str, str | int | bool | list[str | int | bool | None] | None] = {}
    within_days: dict[str, int] = {}
    when_set: list[str] = []


_RULES_ADAPTER = TypeAdapter(list[RuleModel])


def _selector(model: Any) -> RecipientSelector:
    if isinstance(model, RoleSelector):
        return Role(model.role)
    if isinstance(model, UsersInFieldSelector):
        return UsersInField(model.field)
    if isinstance(model, OwnerOrRoleSelector):
        return OwnerOrRole(model.field, model.role)
    if isinstance(model, RoleInFieldSelector):
        return RoleInField(model.field)
    return Addressee(model.field)


def _selector_model(selector: RecipientSelector) -> Any:
    if isinstance(selector, Role):
        return RoleSelector(role=selector.role)
    if isinstance(selector, UsersInField):
        return UsersInFieldSelector(field=selector.field)
    if isinstance(selector, OwnerOrRole):
        return OwnerOrRoleSelector(field=selector.field, role=selector.role)
    if isinstance(selector, RoleInField):
        return RoleInFieldSelector(field=selector.field)
    return AddresseeSelector(field=selector.field)


def rule_of(model: RuleModel) -> Rule:
    return Rule(
        event=model.event,
        kind=model.kind,
        recipients=tuple(_selector(s) for s in model.recipients),
        channels=tuple(model.channels),
        when={k: (tuple(v) if isinstance(v, list) else v) for k, v in model.when.items()},
        within_days=dict(model.within_days),
        when_set=tuple(model.when_set),
    )


def model_of(rule: Rule) -> RuleModel:
    return RuleModel(
        event=rule.event,
        kind=rule.kind,
        recipients=[_selector_model(s) for s in rule.recipients],
        channels=list(rule.channels),
        when={k: (list(v) if isinstance(v, tuple | list) else v) for k, v in rule.when.items()},  # type: ignore[misc]
        within_days=dict(rule.within_days),
        when_set=list(rule.when_set),
    )


def validate_rule_set(rules: Sequence[Rule]) -> None:
    """validate_rules, plus: every kind has a Swedish text or a letter; raises InvalidRule."""
    from notifications.inbox.texts import TEXTS
    from notifications.letters.catalogue import LETTERS

    validate_rules(rules)
    for index, rule in enumerate(rules):
        known = LETTERS if tuple(rule.channels) == ("letter",) else TEXTS
        if rule.kind not in known:
            raise InvalidRule(f"rules[{index}] ({rule.event}/{rule.kind}): no text for this kind")


# ------------------------------------------------------------------- reading, writing


async def stored_rule_set(session: AsyncSession, district: str) -> RoutingRuleSet | None:
    return await session.get(RoutingRuleSet, district)


async def rules_for_district(session: AsyncSession, district: str) -> tuple[Rule, ...]:
    """The district's own rules, or the platform's default table."""
    stored = await stored_rule_set(session, district)
    if stored is None:
        return DEFAULT_RULES
    return tuple(rule_of(m) for m in _RULES_ADAPTER.validate_json(stored.rules))


async def save_rule_set(
    session: AsyncSession, district: str, models: Sequence[RuleModel], *, by: str
) -> RoutingRuleSet:
    """Validate and store; raises InvalidRule (nothing is stored then)."""
    rules = [rule_of(m) for m in models]
    validate_rule_set(rules)
    text = json.dumps([m.model_dump(mode="json") for m in models], ensure_ascii=False)
    row = await stored_rule_set(session, district)
    if row is None:
        row = RoutingRuleSet(district=district, rules=text, updated_by=by, updated_at=utcnow())
        session.add(row)
    else:
        row.rules, row.updated_by, row.updated_at = text, by, utcnow()
    await session.flush()
    return row


async def reset_rule_set(session: AsyncSession, district: str) -> bool:
    row = await stored_rule_set(session, district)
    if row is None:
        return False
    await session.delete(row)
    await session.flush()
    return True


__all__ = [
    "InvalidRule",
    "RoutingRuleSet",
    "RuleModel",
    "model_of",
    "reset_rule_set",
    "rule_of",
    "rules_for_district",
    "save_rule_set",
    "validate_rule_set",
]
