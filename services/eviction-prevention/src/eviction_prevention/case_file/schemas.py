"""Read models of the worklist and of a whole case (`/api/v1/cases/worklist`, `/{case_id}`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.schemas import (
    CaseSummary,
    DeadlineRead,
    NextDeadlineRead,
    address_of,
    tenant_of,
)
from eviction_prevention.checklists.models import ChecklistItem
from eviction_prevention.checklists.schemas import ChecklistItemRead
from eviction_prevention.notices.schemas import NoticeRead
from eviction_prevention.outcomes.models import Intervention
from eviction_prevention.outcomes.schemas import InterventionRead, OutcomeRead
from eviction_prevention.outreach.schemas import (
    AssignmentRead,
    ConsentRead,
    ContactAttemptRead,
    LetterRead,
    MeetingRead,
    OutreachRead,
    VisitRead,
)
from eviction_prevention.person.schemas import PersonDifferenceRead
from eviction_prevention.schemas import AddressRead, TenantRead


class OverdueFlags(BaseModel):
    redemption_period: bool
    eviction_date: bool
    outreach_visit: bool
    any: bool


class WorklistEntryRead(CaseSummary):
    """A case on the worklist: its summary, its deadlines and what is overdue."""

    next_legal_deadline: NextDeadlineRead | None
    deadlines: list[DeadlineRead]
    overdue: OverdueFlags


class CaseDetail(CaseSummary):
    """A case with its notices, checklist, outreach, interventions and outcome."""

    channel: rules.Channel
    tenant: TenantRead
    address: AddressRead
    opened_by: str
    deadlines: list[DeadlineRead]
    next_legal_deadline: NextDeadlineRead | None
    notices: list[NoticeRead]
    checklist: list[ChecklistItemRead]
    outreach: OutreachRead
    interventions: list[InterventionRead]
    outcome: OutcomeRead | None
    # Notices whose tenant or address differ from the case's, for the caseworker to decide.
    person_differences: list[PersonDifferenceRead]

    @classmethod
    def of(
        cls,
        case: Case,
        *,
        notices: list[NoticeRead],
        checklist: Sequence[ChecklistItem],
        outreach: dict[str, list[Any]],
        interventions: Sequence[Intervention],
        deadlines: list[rules.Deadline],
        person_differences: list[PersonDifferenceRead],
        now: datetime,
    ) -> CaseDetail:
        return cls(
            **CaseSummary.fields_of(case),  # type: ignore[arg-type]
            channel=case.channel,  # type: ignore[arg-type]
            tenant=tenant_of(case),
            address=address_of(case),
            opened_by=case.opened_by,
            deadlines=DeadlineRead.all_of(deadlines, now),
            next_legal_deadline=NextDeadlineRead.of(rules.next_legal_deadline(deadlines, now)),
            notices=notices,
            checklist=[ChecklistItemRead.of(item) for item in checklist],
            outreach=OutreachRead(
                contact_attempts=[ContactAttemptRead.of(a) for a in outreach["contact_attempts"]],
                assignments=[AssignmentRead.of(a, now) for a in outreach["assignments"]],
                visits=[VisitRead.of(v) for v in outreach["visits"]],
                meetings=[MeetingRead.of(m) for m in outreach["meetings"]],
                consents=[ConsentRead.of(c) for c in outreach["consents"]],
                letters=[LetterRead.of(lr) for lr in outreach["letters"]],
            ),
            interventions=[InterventionRead.of(i) for i in interventions],
            outcome=OutcomeRead.of(case),
            person_differences=person_differences,
        )
