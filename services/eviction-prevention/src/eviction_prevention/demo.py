"""Demo data (BOSTAD_DEMO_DATA=1): landlords, and notices in bromma and skarholmen.

Created through the same use cases as real notices, so the demo shows real
cases, checklists, deadlines and events. Three landlords; open cases of every
notice kind this year; and closed cases of the two years before (every
outcome), so the statistics have earlier years to compare with. Idempotent: the notices have fixed
external ids, so a second start creates nothing. People and addresses are
fictional; the personal numbers are valid in form (check digit) only.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import ServiceContext
from bostad_common.workdays import to_stockholm
from eviction_prevention.cases import service as cases
from eviction_prevention.landlords.models import Landlord, LandlordDistrict
from eviction_prevention.notices import service as notices
from eviction_prevention.outcomes import service as outcomes

log = logging.getLogger(__name__)

DEMO_LANDLORD_ID = "demo-landlord"
DEMO_LANDLORD_NAME = "Demo Bostäder AB"
DEMO_DISTRICTS = ("bromma", "skarholmen")
# (id, name, districts): a handful of landlords, as a municipality has.
DEMO_LANDLORDS = (
    (DEMO_LANDLORD_ID, DEMO_LANDLORD_NAME, DEMO_DISTRICTS),
    ("demo-stadsfastigheter", "Stadsfastigheter Demo AB", ("bromma",)),
    ("demo-soderbo", "Söderbo Demo AB", ("skarholmen",)),
)


def with_check_digit(yymmdd_nnn: str) -> str:
    """YYMMDDNNN → the Luhn check digit appended (for fictional demo numbers)."""
    total = 0
    for index, char in enumerate(yymmdd_nnn):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return yymmdd_nnn + str((10 - total % 10) % 10)


def demo_personal_number(birth: str, serial: str) -> str:
    """birth YYYYMMDD, serial NNN → YYYYMMDD-NNNC."""
    ten = with_check_digit(birth[2:] + serial)
    return f"{birth}-{ten[6:]}"


# (external_id, district, kind, name, birth, serial, street, postal, city, children,
#  debt kronor, served days ago, eviction days ahead)
_NOTICES = (
    ("DEMO-0001", "bromma", "unpaid_rent", "Tolvan Tolvansson", "19121212", "121",
     "Exempelgatan 1", "16731", "Bromma", 2, 12450, 3, None),
    ("DEMO-0002", "bromma", "unpaid_rent", "Sara Exempel", "19850412", "238",
     "Demovägen 12", "16832", "Bromma", 0, 8100, 10, None),
    ("DEMO-0003", "bromma", "disturbance", "Karl Prov", "19701103", "417",
     "Testgränd 3", "16733", "Bromma", None, None, 7, None),
    ("DEMO-0004", "bromma", "eviction_enforcement", "Lina Fiktiv", "19920228", "342",
     "Provstigen 8", "16835", "Bromma", 1, None, 40, 12),
    ("DEMO-0005", "skarholmen", "unpaid_rent", "Omar Påhittad", "19780715", "553",
     "Skärholmsvägen 20", "12748", "Skärholmen", 3, 21300, 5, None),
    ("DEMO-0006", "skarholmen", "electricity_debt", "Eva Demo", "19600921", "186",
     "Bredängsvägen 4", "12732", "Skärholmen", 0, 3900, 14, None),
    ("DEMO-0007", "skarholmen", "unauthorised_sublet", "Nils Exempelsson", "19951130", "271",
     "Vårbergsvägen 9", "12743", "Skärholmen", None, None, 2, None),
)  # fmt: skip


# Closed cases of earlier years: (external_id, landlord, district, kind, name, birth,
#  serial, children, years ago, outcome, closing reason, children affected)
_EARLIER = (
    ("DEMO-E001", "demo-stadsfastigheter", "bromma", "unpaid_rent", "Anders Förr", "19660204",
     "512", 0, 1, "prevented", "payment_plan", None),
    ("DEMO-E002", "demo-stadsfastigheter", "bromma", "unpaid_rent", "Britt Tidigare", "19731019",
     "326", 2, 1, "prevented", "paid_within_redemption_period", None),
    ("DEMO-E003", DEMO_LANDLORD_ID, "bromma", "disturbance", "Carl Fjol", "19890707",
     "153", None, 1, "moved_voluntarily", "found_other_housing", None),
    ("DEMO-E004", DEMO_LANDLORD_ID, "bromma", "unpaid_rent", "Dora Igår", "19580311",
     "448", 1, 2, "evicted", "eviction_carried_out", 1),
    ("DEMO-E005", "demo-soderbo", "skarholmen", "unpaid_rent", "Erik Förut", "19820623",
     "635", 3, 1, "prevented", "lease_kept", None),
    ("DEMO-E006", "demo-soderbo", "skarholmen", "electricity_debt", "Fia Dåtid", "19940115",
     "227", 0, 2, "no_contact", "not_reached", None),
    ("DEMO-E007", DEMO_LANDLORD_ID, "skarholmen", "unauthorised_sublet", "Gustav Förr",
     "19771202", "364", None, 1, "other", "other", None),
)  # fmt: skip


async def _ensure_landlords(session: AsyncSession) -> None:
    for landlord_id, name, districts in DEMO_LANDLORDS:
        if await session.get(Landlord, landlord_id) is None:
            session.add(Landlord(id=landlord_id, name=name, created_at=utcnow()))
            await session.flush()
            for district in districts:
                session.add(LandlordDistrict(landlord_id=landlord_id, district=district))
            await session.flush()


async def _load_earlier_years(session: AsyncSession, actor: Actor, now: datetime) -> int:
    """Notices of earlier years, their cases closed then with an outcome (idempotent)."""
    created = 0
    for (
        external_id, landlord_id, district, kind, name, birth, serial, children, years_ago,
        outcome, closing_reason, children_affected,
    ) in _EARLIER:  # fmt: skip
        then = now - timedelta(days=365 * years_ago)
        served = to_stockholm(then).date() - timedelta(days=4)
        result = await notices.submit_notice(
            session,
            actor,
            notices.IncomingNotice(
                landlord_id=landlord_id,
                external_id=external_id,
                district=district,
                kind=kind,
                channel="http",
                personal_number=demo_personal_number(birth, serial),
                tenant_name=name,
                tenant_phone=None,
                street="Förrgatan 3",
                postal_code="16731" if district == "bromma" else "12748",
                city="Bromma" if district == "bromma" else "Skärholmen",
                apartment_number=None,
                children=children,
                debt_ore=900_000 if kind == "unpaid_rent" else None,
                debt_months_unpaid=2 if kind == "unpaid_rent" else None,
                served_at=served,
                eviction_date=None,
                message="Demodata, tidigare år.",
            ),
            now=then,
        )
        if not result.created or result.notice.case_id is None:
            continue
        created += 1
        case = await cases.get_case(session, result.notice.case_id, for_update=True)
        if case.status == "open":
            await outcomes.close_case(
                session,
                actor,
                case,
                outcome=outcome,
                closing_reason=closing_reason,
                children_affected=children_affected,
                reason_text="Demodata." if outcome == "other" else None,
                # Seed 001/002: "no contact" closes only after the decision not to
                # open an investigation (issue #9's decision point).
                no_contact_decision="close_actualisation" if outcome == "no_contact" else None,
                open_items_reason="Demodata: ärendet avslutades innan alla punkter behövdes.",
                now=then + timedelta(days=40),
            )
    return created


async def load_demo_data(ctx: ServiceContext) -> int:
    """Create what is missing; returns how many notices were new."""
    created = 0
    now = utcnow()
    today: date = to_stockholm(now).date()
    actor = Actor(SYSTEM, ctx.settings.pseudonym_key)
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        await _ensure_landlords(session)
        created += await _load_earlier_years(session, actor, now)
        for (
            external_id, district, kind, name, birth, serial, street, postal, city,
            children, debt, served_ago, eviction_ahead,
        ) in _NOTICES:  # fmt: skip
            result = await notices.submit_notice(
                session,
                actor,
                notices.IncomingNotice(
                    landlord_id=DEMO_LANDLORD_ID,
                    external_id=external_id,
                    district=district,
                    kind=kind,
                    channel="http",
                    personal_number=demo_personal_number(birth, serial),
                    tenant_name=name,
                    tenant_phone=None,
                    street=street,
                    postal_code=postal,
                    city=city,
                    apartment_number=None,
                    children=children,
                    debt_ore=None if debt is None else debt * 100,
                    debt_months_unpaid=None if debt is None else 2,
                    served_at=today - timedelta(days=served_ago),
                    eviction_date=(
                        None if eviction_ahead is None else today + timedelta(days=eviction_ahead)
                    ),
                    message="Demodata.",
                ),
                now=now,
            )
            created += int(result.created)
    if created:
        log.info("demo notices loaded", extra={"count": created})
    return created


async def demo_data_hook(ctx: ServiceContext) -> None:
    if ctx.settings.demo_data:
        await load_demo_data(ctx)
