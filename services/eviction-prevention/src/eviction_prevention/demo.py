"""Demo data (BOSTAD_DEMO_DATA=1): a demo landlord and notices in bromma and skarholmen.

Created through the same use cases as real notices, so the demo shows real
cases, checklists, deadlines and events. Idempotent: the notices have fixed
external ids, so a second start creates nothing. People and addresses are
fictional; the personal numbers are valid in form (check digit) only.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import ServiceContext
from bostad_common.workdays import to_stockholm
from eviction_prevention.landlords.models import Landlord, LandlordDistrict
from eviction_prevention.notices import service as notices

log = logging.getLogger(__name__)

DEMO_LANDLORD_ID = "demo-landlord"
DEMO_LANDLORD_NAME = "Demo Bostäder AB"
DEMO_DISTRICTS = ("bromma", "skarholmen")


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


async def _ensure_landlord(session: AsyncSession) -> None:
    if await session.get(Landlord, DEMO_LANDLORD_ID) is None:
        session.add(Landlord(id=DEMO_LANDLORD_ID, name=DEMO_LANDLORD_NAME, created_at=utcnow()))
        await session.flush()
        for district in DEMO_DISTRICTS:
            session.add(LandlordDistrict(landlord_id=DEMO_LANDLORD_ID, district=district))
        await session.flush()


async def load_demo_data(ctx: ServiceContext) -> int:
    """Create what is missing; returns how many notices were new."""
    created = 0
    now = utcnow()
    today: date = to_stockholm(now).date()
    actor = Actor(SYSTEM, ctx.settings.pseudonym_key)
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        await _ensure_landlord(session)
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
