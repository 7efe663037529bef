"""Demo applications (BOSTAD_DEMO_DATA=1): every state of the routine, in bromma and skarholmen.

Created through the same use cases as real applications, so the demo shows
real investigations, signatures, meetings, decisions, letters and events.
Idempotent: nothing is created if the demo caseworker of a district has
registered anything there before. People are fictional; the personal numbers
are valid in form (check digit) only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM, Principal
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.personnummer import InvalidPersonalNumber, PersonalNumber
from bostad_common.service import ServiceContext
from intake.applications import service as applications
from intake.applications.models import Application
from intake.applications.schemas import ApplicationCreate
from intake.assessment import service as assessment
from intake.certificates import service as certificates
from intake.certificates.schemas import CertificateCreate
from intake.decisions import service as decisions
from intake.decisions.schemas import DecisionCreate
from intake.investigations import service as investigations
from intake.investigations.rules import POINT_CODES
from intake.journal import service as journal

log = logging.getLogger(__name__)

# The state each demo application is taken to, in the routine's order.
DEMO_STATES = (
    "registered",
    "awaiting_coordinator",
    "with_housing_officer",
    "awaiting_information",
    "ready_for_decision",
    "granted",
    "rejected",
    "ended",
    "withdrawn",
)


@dataclass(frozen=True)
class DemoStaff:
    caseworker: Actor
    coordinator: Actor
    housing_officer: Actor
    decider: Actor


def _staff(district: str, ctx: ServiceContext) -> DemoStaff:
    key = ctx.settings.pseudonym_key

    def actor(subject: str, role: str) -> Actor:
        units = {"adult_unit"} if role == "caseworker" else set()
        return Actor(Principal(subject, "staff", {role}, {district}, units=units), key)

    names = {
        "bromma": ("anna.caseworker", "cecilia.coordinator", "hugo.housing", "ulla.manager"),
        "skarholmen": (
            "sven.skarholmen",
            "sara.skarholmen.coordinator",
            "harald.skarholmen.housing",
            "maja.skarholmen.manager",
        ),
    }[district]
    return DemoStaff(
        actor(names[0], "caseworker"),
        actor(names[1], "coordinator"),
        actor(names[2], "housing_officer"),
        actor(names[3], "unit_manager"),
    )


def demo_personal_number(birth: str, serial: str) -> str:
    """birth YYYYMMDD, serial NNN → the one valid YYYYMMDD-NNNC."""
    for check in range(10):
        try:
            return PersonalNumber.parse(f"{birth}-{serial}{check}").canonical
        except InvalidPersonalNumber:
            continue
    raise ValueError("no check digit fits")  # pragma: no cover - one always does


# (name, birth, serial, client, housing type, children's birth dates, current housing)
_PEOPLE = (
    (
        "Amina Exempel",
        "19880314",
        "242",
        True,
        "social_contract",
        ("2016-02-01",),
        "emergency_placement",
    ),
    ("Bertil Prov", "19630821", "117", True, "training_apartment", (), "homeless"),
    (
        "Cecilia Fiktiv",
        "19950607",
        "468",
        False,
        "training_apartment",
        (),
        "non_approved_second_hand",
    ),
    (
        "David Demo",
        "19790130",
        "333",
        True,
        "social_contract",
        ("2012-09-12", "2018-03-03"),
        "emergency_placement",
    ),
    ("Elsa Påhittad", "19910911", "284", False, "trial_apartment", ("2021-06-30",), "other"),
    ("Farid Testsson", "19841202", "159", True, "social_contract", ("2015-01-15",), "homeless"),
    ("Greta Exempelsson", "19700404", "422", True, "training_apartment", (), "homeless"),
    (
        "Hassan Provare",
        "19870719",
        "375",
        True,
        "emergency_apartment",
        ("2020-10-10",),
        "emergency_placement",
    ),
    (
        "Ines Demosdotter",
        "19990228",
        "226",
        False,
        "social_contract",
        (),
        "non_approved_second_hand",
    ),
)

_ANSWERS = {
    "current_housing": "Bor tillfälligt; saknar eget kontrakt.",
    "housing_as_precondition": "Eget boende är en del av handlingsplanen mot arbete.",
    "desired_changes": "Ett stabilt boende med eget kontrakt på sikt.",
    "area_and_type_reasons": "Nära barnens skola och nätverket.",
    "earlier_attempts": "Står i bostadskön, har sökt andrahandskontrakt utan att lyckas.",
    "other_ways": "Inga andra vägar finns: saknar kapital och kötid.",
    "availability_in_area": "Lägenheter av rätt storlek finns i området.",
    "can_live_independently": "Ja, med stöd den första tiden.",
    "debts": "Inga boenderelaterade skulder.",
    "means_of_support": "Ekonomiskt bistånd.",
}
assert tuple(_ANSWERS) == POINT_CODES


def _registration(district: str, index: int) -> ApplicationCreate:
    name, birth, serial, client, housing_type, children, housing = _PEOPLE[index]
    return ApplicationCreate.model_validate(
        {
            "district": district,
            "housing_type": housing_type,
            "channel": "ansokan" if index % 3 else "underrattelse",
            "household": {
                "applicant": {
                    "personal_number": demo_personal_number(
                        birth, serial if district == "bromma" else f"{int(serial) + 1:03d}"
                    ),
                    "name": name,
                },
                "members": [
                    {"kind": "child", "name": f"Barn {i + 1}", "birth_date": born}
                    for i, born in enumerate(children)
                ],
                "client_status": "client" if client else "non_client",
                "current_housing": housing,
                "emergency_cost_per_night_ore": 85000 if housing == "emergency_placement" else None,
                "means_of_support": "financial_assistance" if client else "employment",
                "registered_in_municipality": True,
                "investments_ore": 250000 * index,
            },
            "area_wishes": [{"area": district.capitalize(), "reason": "Nätverk och skola"}],
            "apartment_type_wishes": [
                {"apartment_type": f"{len(children) + 1} rok", "reason": "Hushållets storlek"}
            ],
            "rooms_needed": len(children) + 1,
            "other_ways_ruled_out": True,
        }
    )


async def _take_to(
    session: AsyncSession,
    staff: DemoStaff,
    application: Application,
    target: str,
    *,
    now: datetime,
    today: date,
) -> None:
    """Walk one application through the use cases until it is in `target`."""
    if target == "registered":
        return
    if target == "withdrawn":
        await applications.withdraw(session, application, now=now)
        await journal.write(
            session,
            staff.caseworker,
            application,
            text="Sökande har fått en egen lägenhet och återkallar ansökan.",
            corrects_entry_id=None,
            now=now,
        )
        return
    await certificates.add_certificate(
        session,
        staff.caseworker,
        application,
        CertificateCreate(
            issuer_role="social_worker",
            issuer_name="Kim Kurator",
            issued_on=today - timedelta(days=20),
            attests="Trångboddhet och risk för våld i nuvarande boende.",
        ),
        now=now,
    )
    if application.path == "investigation":
        await investigations.submit(session, staff.caseworker, application, _ANSWERS, now=now)
        if target == "awaiting_coordinator":
            return
        await investigations.approve(session, staff.coordinator, application, note=None, now=now)
    else:
        await applications.send_to_housing_officer(session, application, certificates=1, now=now)
    if target == "with_housing_officer":
        await assessment.book_meeting(
            session,
            staff.housing_officer,
            application,
            scheduled_at=now + timedelta(days=3),
            now=now,
        )
        return
    meeting = await assessment.book_meeting(
        session, staff.housing_officer, application, scheduled_at=now, now=now
    )
    await assessment.request_information(
        session,
        staff.housing_officer,
        application,
        what="Hyresreferens från senaste hyresvärd",
        now=now,
    )
    if target == "awaiting_information":
        return
    await assessment.receive_information(
        session, staff.housing_officer, application, note="Referensen inkom.", now=now
    )
    await assessment.record_meeting_held(
        session, staff.housing_officer, application, meeting.id, notes="Motiverad sökande.", now=now
    )
    await assessment.judge_landlord_acceptance(
        session,
        staff.housing_officer,
        application,
        acceptance="good",
        reason="Sköter betalningar; goda referenser.",
        now=now,
    )
    await assessment.complete(session, staff.housing_officer, application, now=now)
    if target == "ready_for_decision":
        return
    outcome = "rejected" if target == "rejected" else "granted"
    await decisions.decide(
        session,
        staff.decider,
        application,
        DecisionCreate(
            outcome=outcome,
            reasons=(
                "Behovet kan tillgodoses genom andrahandsuthyrning."
                if outcome == "rejected"
                else "Behovet är styrkt och kan inte tillgodoses på annat sätt."
            ),
            individual_plan_goal=(
                "Eget förstahandskontrakt inom tre år."
                if application.housing_type == "training_apartment"
                else None
            ),
        ),
        now=now,
    )
    if target == "rejected":
        await decisions.record_appeal(
            session, staff.decider, application, received_on=today, now=now
        )
    if target == "ended":
        await decisions.end_decision(
            session,
            staff.caseworker,
            application,
            reason="no_longer_needed",
            ended_on=None,
            now=now,
        )


async def load_demo_data(ctx: ServiceContext) -> int:
    """Create what is missing; returns how many applications were new."""
    created = 0
    now = utcnow()
    for district in ("bromma", "skarholmen"):
        staff = _staff(district, ctx)
        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            already = await session.execute(
                select(Application.id)
                .where(
                    Application.district == district,
                    Application.registered_by == staff.caseworker.name,
                )
                .limit(1)
            )
            if already.first() is not None:
                continue
            for index, target in enumerate(DEMO_STATES):
                # Registered on different days, so "waiting since" differs in the lists.
                then = now - timedelta(days=3 * (len(DEMO_STATES) - index), hours=index)
                application, _ = await applications.register(
                    session, staff.caseworker, _registration(district, index), now=then
                )
                await _take_to(
                    session,
                    staff,
                    application,
                    target,
                    now=then,
                    today=applications.today_in_sweden(then),
                )
                created += 1
    if created:
        log.info("demo applications loaded", extra={"count": created})
    return created
