from __future__ import annotations

from datetime import date

from bostad_common.events.vocabulary import DecisionEndReason
from intake.decisions.models import AppealOutcomeCode, AppealRuling, DecisionOutcome
from intake.schemas_common import Body, Text, View


class DecisionCreate(Body):
    outcome: DecisionOutcome
    reasons: str
    decided_on: date | None = None
    individual_plan_goal: Text | None = None


class AppealCreate(Body):
    received_on: date


class AppealOutcome(Body):
    outcome: AppealRuling
    outcome_on: date
    note: Text | None = None


class DecisionEnd(Body):
    reason: DecisionEndReason
    ended_on: date | None = None


class AppealRead(View):
    appeal_id: str
    received_on: date
    recorded_by: str
    outcome: AppealOutcomeCode
    outcome_on: date | None
    outcome_note: str | None


class DecisionRead(View):
    decision_id: str
    outcome: DecisionOutcome
    reasons: str
    legal_reference: str | None
    is_bistandsbeslut: bool
    includes_housing_support: bool
    individual_plan_goal: str | None
    appeal_route: str
    letter_sv: str
    decided_on: date
    decided_by: str
    ended_on: date | None
    end_reason: str | None
    appeals: list[AppealRead]
