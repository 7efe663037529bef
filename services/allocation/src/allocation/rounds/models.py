"""A vacancy round: nominations, the proposal, the unit managers' verdicts, the frozen list.

Seed 000: "Överläggningar mellan berörda enhetschefer och bostadshandläggaren
sker över vilken av alla i sökande gruppen som skall få socialkontraktet …
Prioriteringslista görs". Every step is a `RoundStep` row (who, when, what),
the round's audit trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import JSON, Index, Text, UniqueConstraint, text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# nominating → proposed → decided → accepted (an offer accepted) → completed (lease
# signed); exhausted when the list ran out; cancelled when the apartment left.
RoundStatus = Literal[
    "nominating",
    "proposed",
    "decided",
    "accepted",
    "completed",
    "exhausted",
    "cancelled",
]
ROUND_STATUSES: tuple[str, ...] = get_args(RoundStatus)
OPEN_ROUND_STATUSES = ("nominating", "proposed", "decided", "accepted")
# A unit manager's word on the proposal.
VerdictCode = Literal["approve", "object"]


class Round(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "rounds"
    __table_args__ = (
        Index(
            "uq_rounds_open_vacancy",
            "vacancy_id",
            unique=True,
            postgresql_where=text("status IN ('nominating', 'proposed', 'decided', 'accepted')"),
            sqlite_where=text("status IN ('nominating', 'proposed', 'decided', 'accepted')"),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    vacancy_id: str = Field(foreign_key="vacancies.id", index=True, max_length=64)
    status: str = Field(default="nominating", max_length=16)
    nomination_deadline: datetime = Field(sa_column=instant_column())
    opened_by: str = Field(max_length=200)
    opened_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    # The housing officer's proposal.
    proposed_list: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    motivation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    proposed_by: str | None = Field(default=None, max_length=200)
    # The suggested ranking when the proposal was made (top of it, with totals).
    suggestion_snapshot: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Unit managers concerned and the decision-maker, copied from the district's
    # settings at the proposal so a later change does not move the goalposts.
    unit_managers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decision_maker: str | None = Field(default=None, max_length=200)
    # The frozen priority list.
    priority_list: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_via: str | None = Field(default=None, max_length=16)  # consensus | decision_maker
    decided_by: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decision_motivation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    decided_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))


class RoundStep(DistrictOwned, table=True):
    """The round's audit trail: one row per step, never changed."""

    __tablename__: ClassVar[Any] = "round_steps"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    round_id: str = Field(foreign_key="rounds.id", index=True, max_length=64)
    seq: int = 0  # order within the round (steps of one transaction share `at`)
    step: str = Field(max_length=32)
    actor: str = Field(max_length=200)
    at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    household_id: str | None = Field(default=None, max_length=64)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Nomination(DistrictOwned, table=True):
    """A coordinator's nomination from their unit, or a flag of an acute need.

    Seed 000: "Nya mer akuta problem kan ha uppstått, som ej är utredda ännu." An
    acute need not yet investigated has no household in the pool (no household_id):
    it is shown to the unit managers but cannot be ranked or offered.
    """

    __tablename__: ClassVar[Any] = "nominations"
    __table_args__ = (UniqueConstraint("round_id", "household_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    round_id: str = Field(foreign_key="rounds.id", index=True, max_length=64)
    household_id: str | None = Field(default=None, max_length=64)
    unit: str | None = Field(default=None, max_length=64)
    acute_need: bool = False
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    nominated_by: str = Field(max_length=200)
    nominated_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class Verdict(DistrictOwned, table=True):
    """A unit manager's approval of, or objection to, the proposal (once each)."""

    __tablename__: ClassVar[Any] = "verdicts"
    __table_args__ = (UniqueConstraint("round_id", "manager"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    round_id: str = Field(foreign_key="rounds.id", index=True, max_length=64)
    manager: str = Field(max_length=200)
    verdict: str = Field(max_length=8)  # a VerdictCode
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
