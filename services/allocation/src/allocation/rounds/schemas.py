"""Typed request and response models of rounds, the ranking and the audit trail.

No personal number or name anywhere here: households are shown by their id and
needs, never by who they are (the lease party is only for TenancyToBeSigned).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from allocation.rounds.models import RoundStatus, VerdictCode
from bostad_common.events.vocabulary import StaffUnit


class RoundOpen(BaseModel):
    nomination_deadline: AwareDatetime | None = Field(
        default=None, description="Until when coordinators may nominate; default from the district"
    )


class NominationCreate(BaseModel):
    household_id: str | None = Field(default=None, max_length=64)
    acute_need: bool = False
    note: str | None = Field(default=None, max_length=4000)
    unit: StaffUnit | None = None


class NominationRead(BaseModel):
    nomination_id: str
    household_id: str | None
    unit: StaffUnit | None
    acute_need: bool
    note: str | None
    nominated_by: str
    nominated_at: datetime


class ProposalCreate(BaseModel):
    priority_list: list[str] = Field(max_length=50)
    motivation: str = Field(max_length=8000)


class VerdictCreate(BaseModel):
    verdict: VerdictCode
    comment: str | None = Field(default=None, max_length=4000)


class DecisionCreate(BaseModel):
    priority_list: list[str] | None = Field(default=None, max_length=50)
    motivation: str = Field(max_length=8000)


class VerdictRead(BaseModel):
    manager: str
    verdict: VerdictCode
    comment: str | None
    at: datetime


class StepRead(BaseModel):
    seq: int
    step: str
    actor: str
    at: datetime
    household_id: str | None
    comment: str | None


class RoundRead(BaseModel):
    round_id: str
    vacancy_id: str
    district: str
    status: RoundStatus
    nomination_deadline: datetime
    opened_by: str
    opened_at: datetime
    proposed_list: list[str]
    motivation: str | None
    proposed_by: str | None
    unit_managers: list[str]
    decision_maker: str | None
    priority_list: list[str]
    decided_via: str | None
    decided_by: list[str]
    decision_motivation: str | None
    decided_at: datetime | None


class RoundDetail(RoundRead):
    nominations: list[NominationRead]
    verdicts: list[VerdictRead]
    steps: list[StepRead]


class FactorContribution(BaseModel):
    factor: str
    score: float = Field(
        description="The plain measure, e.g. children, kr/night / 1000, months waited"
    )
    weight: float
    contribution: float = Field(description="score × weight")


class RankedHousehold(BaseModel):
    rank: int
    household_id: str
    total: float
    housing_type: str
    household_size: int
    children: int
    nominating_unit: str | None
    factors: list[FactorContribution]


class RankingRead(BaseModel):
    round_id: str
    note: str = "A suggestion only: the housing officer proposes and the unit managers decide."
    weights: dict[str, float]
    total_candidates: int
    households: list[RankedHousehold]
