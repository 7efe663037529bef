"""Read models assembled from the tables (no HTTP here, no access logging)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.personnummer import PersonalNumber
from intake.applications import rules
from intake.applications.models import Application
from intake.applications.schemas import (
    ApartmentTypeWishRead,
    ApplicationDetail,
    ApplicationSummary,
    AreaWishRead,
)
from intake.applications.service import debts_of, members_of, today_in_sweden
from intake.assessment import service as assessment
from intake.assessment.models import InformationRequest, LandlordJudgement, Meeting
from intake.assessment.schemas import (
    InformationRequestRead,
    LandlordJudgementRead,
    MeetingRead,
)
from intake.certificates import service as certificates
from intake.certificates.models import Certificate
from intake.certificates.rules import is_stale
from intake.certificates.schemas import CertificateRead
from intake.decisions import service as decisions
from intake.decisions.models import Appeal, Decision
from intake.decisions.schemas import AppealRead, DecisionRead
from intake.districts.config import district_config
from intake.households.models import Household
from intake.households.schemas import ApplicantRead, DebtRead, HouseholdRead, MemberRead
from intake.investigations import rules as investigation_rules
from intake.investigations import service as investigations
from intake.investigations.schemas import AnswerRead, InvestigationRead


def summary(
    application: Application,
    household: Household,
    waiting: InformationRequest | None = None,
) -> ApplicationSummary:
    return ApplicationSummary(
        application_id=application.id,
        district=application.district,
        status=application.status,
        housing_type=application.housing_type,
        channel=application.channel,
        path=application.path,
        client_status=household.client_status,
        applicant_name=household.applicant_name,
        personal_number_masked=PersonalNumber.parse(household.applicant_personal_number).masked,
        registered_at=application.registered_at,
        registered_by=application.registered_by,
        housing_officer=application.housing_officer,
        status_since=application.status_changed_at,
        waiting_for_information=None if waiting is None else waiting.what,
        waiting_for_information_since=None if waiting is None else waiting.requested_at,
    )


def certificate_view(
    certificate: Certificate, *, today: date, max_age_days: int
) -> CertificateRead:
    return CertificateRead(
        certificate_id=certificate.id,
        issuer_role=certificate.issuer_role,
        grounds=certificate.grounds,
        issuer_name=certificate.issuer_name,
        issued_on=certificate.issued_on,
        attests=certificate.attests,
        stale=is_stale(certificate.issued_on, today=today, max_age_days=max_age_days),
        registered_at=certificate.registered_at,
        registered_by=certificate.registered_by,
    )


def meeting_view(meeting: Meeting) -> MeetingRead:
    return MeetingRead(
        meeting_id=meeting.id,
        status=meeting.status,
        scheduled_at=meeting.scheduled_at,
        booked_by=meeting.booked_by,
        held_at=meeting.held_at,
        notes=meeting.notes,
    )


def request_view(request: InformationRequest) -> InformationRequestRead:
    return InformationRequestRead(
        request_id=request.id,
        what=request.what,
        requested_at=request.requested_at,
        requested_by=request.requested_by,
        received_at=request.received_at,
        received_note=request.received_note,
    )


def judgement_view(row: LandlordJudgement) -> LandlordJudgementRead:
    return LandlordJudgementRead(
        acceptance=row.acceptance,
        acceptance_reason=row.acceptance_reason,
        judged_by=row.judged_by,
        judged_at=row.judged_at,
        lobbying_allowed=row.lobbying_allowed,
        lobbying_consent_given_at=row.lobbying_consent_given_on,
        lobbying_consent_recorded_by=row.lobbying_consent_recorded_by,
    )


def appeal_view(appeal: Appeal) -> AppealRead:
    return AppealRead(
        appeal_id=appeal.id,
        received_on=appeal.received_on,
        recorded_by=appeal.recorded_by,
        outcome=appeal.outcome,
        outcome_on=appeal.outcome_on,
        outcome_note=appeal.outcome_note,
    )


def decision_view(decision: Decision, appeals: list[Appeal]) -> DecisionRead:
    return DecisionRead(
        decision_id=decision.id,
        outcome=decision.outcome,
        reasons=decision.reasons,
        legal_reference=decision.legal_reference,
        is_bistandsbeslut=decision.is_bistandsbeslut,
        includes_housing_support=decision.includes_housing_support,
        individual_plan_goal=decision.individual_plan_goal,
        appeal_route=decision.appeal_route,
        letter_sv=decision.letter_sv,
        decided_on=decision.decided_on,
        decided_by=decision.decided_by,
        ended_on=decision.ended_on,
        end_reason=decision.end_reason,
        appeals=[appeal_view(a) for a in appeals],
    )


async def household_view(session: AsyncSession, household: Household) -> HouseholdRead:
    members = await members_of(session, household.id)
    debts = await debts_of(session, household.id)
    number = PersonalNumber.parse(household.applicant_personal_number)
    return HouseholdRead(
        household_id=household.id,
        applicant=ApplicantRead(
            personal_number=number.canonical,
            personal_number_masked=number.masked,
            name=household.applicant_name,
            phone=household.phone,
            email=household.email,
            birth_date=number.birth_date,
            legal_sex=number.sex,
        ),
        members=[MemberRead(kind=m.kind, name=m.name, birth_date=m.birth_date) for m in members],
        household_size=1 + len(members),
        client_status=household.client_status,
        current_housing=household.current_housing,
        current_housing_note=household.current_housing_note,
        emergency_cost_per_night_ore=household.emergency_cost_per_night_ore,
        means_of_support=household.means_of_support,
        debts=[DebtRead(kind=d.kind, amount_ore=d.amount_ore, creditor=d.creditor) for d in debts],
        debts_total_ore=sum(d.amount_ore for d in debts),
        registered_in_municipality=household.registered_in_municipality,
        accessibility_needs=list(household.accessibility_needs or []),
        investments_ore=household.investments_ore,
    )


async def investigation_view(
    session: AsyncSession, application_id: str
) -> InvestigationRead | None:
    investigation, earlier = await investigations.current_investigation(session, application_id)
    if investigation is None:
        return None
    answers = await investigations.answers_of(session, investigation.id)
    return InvestigationRead(
        investigation_id=investigation.id,
        status=investigation.status,
        submitted_at=investigation.submitted_at,
        submitted_by=investigation.submitted_by,
        signed_by=investigation.signed_by,
        signed_at=investigation.signed_at,
        coordinator_note=investigation.coordinator_note,
        answers=[
            AnswerRead(
                point=a.point,
                question_sv=investigation_rules.POINTS.get(a.point, a.point),
                answer=a.answer,
            )
            for a in answers
        ],
        earlier_versions=earlier,
    )


def allowed_actions(application: Application) -> list[str]:
    return [
        action
        for action, (allowed_from, _) in rules.TRANSITIONS.items()
        if application.status in allowed_from
        and not (action == "send_to_housing_officer" and application.path != "certificate_only")
        and not (action == "submit_investigation" and application.path != "investigation")
    ]


async def detail(
    session: AsyncSession, application: Application, household: Household, *, now: datetime
) -> ApplicationDetail:
    today = today_in_sweden(now)
    config = district_config(application.district)
    max_age = config.certificate_max_age_days if config else 0
    requests = await assessment.requests_of(session, application.id)
    waiting = next((r for r in requests if r.received_at is None), None)
    judgement = await assessment.judgement_of(session, application.id)
    decision = await decisions.decision_of(session, application.id)
    return ApplicationDetail(
        **summary(application, household, waiting).model_dump(),
        household=await household_view(session, household),
        area_wishes=[AreaWishRead(**w) for w in application.area_wishes],
        apartment_type_wishes=[
            ApartmentTypeWishRead(**w) for w in application.apartment_type_wishes
        ],
        rooms_needed=application.rooms_needed,
        lss_decision=application.lss_decision,
        other_ways_ruled_out=application.other_ways_ruled_out,
        other_ways_note=application.other_ways_note,
        nominating_unit=application.nominating_unit,
        allowed_actions=allowed_actions(application),
        certificates=[
            certificate_view(c, today=today, max_age_days=max_age)
            for c in await certificates.certificates_of(session, application.id)
        ],
        investigation=await investigation_view(session, application.id),
        meetings=[meeting_view(m) for m in await assessment.meetings_of(session, application.id)],
        information_requests=[request_view(r) for r in requests],
        landlord_judgement=None if judgement is None else judgement_view(judgement),
        decision=(
            None
            if decision is None
            else decision_view(decision, await decisions.appeals_of(session, decision.id))
        ),
    )
