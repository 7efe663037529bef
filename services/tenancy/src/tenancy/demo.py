"""Demo data (BOSTAD_DEMO_DATA=1): six subleases in each demo district and a year of rent.

Created through the same use cases as real data: leases from
TenancyToBeSigned payloads, signed; twelve monthly rent runs; the payments
as generated BgMax files booked by the import; the dunning ladder as of
today; and, in each district, a termination in progress (the decision chain
taken, the letters sent, the inspection still to report). Payment patterns:
on time, late, partial, missing for the last three months, over, on time.
Idempotent: a district whose first demo lease exists is left alone. People
are fictional; their personal numbers are valid in form (check digit) only.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.events.allocation import ApartmentForLease, TenancyToBeSignedV1
from bostad_common.events.intake import LeaseParty
from bostad_common.service import ServiceContext
from bostad_common.workdays import now_stockholm
from tenancy.arrears.service import run_dunning
from tenancy.districts import service as districts
from tenancy.leases import service as leases
from tenancy.leases.models import Lease
from tenancy.move_out import service as move_out
from tenancy.payments import service as payments
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax
from tenancy.rent import rules
from tenancy.rent import service as rent
from tenancy.rent.models import Invoice

log = logging.getLogger(__name__)

DEMO_DISTRICTS = ("bromma", "skarholmen")

# (name, birth YYYYMMDD, serial, street, rent kronor, payment pattern)
_TENANTS = (
    ("Alva Exempel", "19850412", "238", "Demovägen", 6_450, "on_time"),
    ("Bertil Prov", "19701103", "417", "Testgränd", 5_980, "late"),
    ("Cecilia Fiktiv", "19920228", "342", "Provstigen", 7_120, "partial"),
    ("David Påhittad", "19780715", "553", "Exempelgatan", 6_200, "stopped"),
    ("Elin Demo", "19600921", "186", "Skisservägen", 5_400, "over"),
    ("Fredrik Exempelsson", "19951130", "271", "Modellvägen", 6_890, "on_time"),
)
_MOTIVATION = "Obetald hyra i tre månader trots påminnelser och skriftlig varning."
_CITY = {"bromma": ("Bromma", "168"), "skarholmen": ("Skärholmen", "127")}


def demo_personal_number(birth: str, serial: str) -> str:
    nine = birth[2:] + serial
    return f"{birth}-{serial}{rules.luhn_check_digit(nine)}"


def _amount(pattern: str, invoice: Invoice, month_index: int) -> tuple[int, int] | None:
    """(öre paid, days after the due date) for a month, or None when nothing is paid."""
    if pattern == "on_time":
        return invoice.amount_ore, -2
    if pattern == "late":
        return invoice.amount_ore, 12
    if pattern == "partial":
        return invoice.amount_ore - 150_000, 0
    if pattern == "stopped":
        return None if month_index >= 9 else (invoice.amount_ore, 0)
    if pattern == "over":
        return invoice.amount_ore + 50_000, -1
    raise ValueError(pattern)


async def _lease_for(
    session: AsyncSession, actor: Actor, district: str, index: int, start: date, now: datetime
) -> tuple[Lease, str]:
    name, birth, serial, street, rent_kronor, pattern = _TENANTS[index]
    city, postal = _CITY[district]
    key = f"demo-{district}-{index + 1}"
    payload = TenancyToBeSignedV1(
        offer_id=f"{key}-offer", round_id=f"{key}-round", household_id=f"{key}-household",
        decision_id=f"{key}-decision", district=district, housing_type=(
            "training_apartment" if index % 2 else "social_contract"
        ),
        includes_housing_support=bool(index % 2),
        tenant=LeaseParty(personal_number=demo_personal_number(birth, serial), name=name),
        household_size=1 + index % 3,
        apartment=ApartmentForLease(
            apartment_id=f"{key}-apartment", landlord_id="demo-landlord",
            street=f"{street} {index + 3}", postal_code=f"{postal}{30 + index:02d}", city=city,
            apartment_number=f"1{index + 1}02", rooms=1 + index % 3, size_m2=35 + 8 * index,
            rent_ore=rent_kronor * 100,
        ),
        move_in_date=start,
    )  # fmt: skip
    lease = await leases.lease_awaiting_signature(session, payload)
    if lease.status == "awaiting_signature":
        await leases.sign(
            session, actor, lease.id, signed_on=start, keys_handed_over_on=start,
            caseworker="anna.caseworker" if district == "bromma" else "sven.skarholmen", now=now,
        )  # fmt: skip
    return lease, pattern


async def _load_district(session: AsyncSession, actor: Actor, district: str) -> bool:
    if await districts.get(session, district) is None:
        return False
    existing = (
        await session.execute(select(Lease.id).where(Lease.offer_id == f"demo-{district}-1-offer"))  # type: ignore[arg-type]
    ).first()
    if existing is not None:
        return False
    now = utcnow()
    today = now_stockholm().date()
    first_month = rules.Month.of(today)
    for _ in range(11):
        first_month = first_month.previous()
    made = [
        await _lease_for(session, actor, district, i, first_month.first_day, now)
        for i in range(len(_TENANTS))
    ]
    config = await districts.get(session, district)
    assert config is not None
    month = first_month
    for month_index in range(12):
        await rent.run_rent(session, actor, district=district, month_text=str(month))
        deposits: dict[date, list[PaymentLine]] = {}
        for lease, pattern in made:
            invoice = (
                await session.execute(
                    select(Invoice).where(Invoice.lease_id == lease.id, Invoice.month == str(month))  # type: ignore[arg-type]
                )
            ).scalar_one()
            paid = _amount(pattern, invoice, month_index)
            if paid is None:
                continue
            amount, days = paid
            on = invoice.due_date + timedelta(days=days)
            if on <= today:
                deposits.setdefault(on, []).append(
                    PaymentLine(invoice.ocr, amount, payer_name=lease.tenant_name[:35])
                )
        if deposits:
            data = write_bgmax(
                [Deposit(config.bankgiro, day, lines) for day, lines in sorted(deposits.items())],
                created=datetime(month.year, month.month, 1, 6, 0),
            )
            await payments.import_file(session, actor, data, now=now)
        month = month.next()
    await run_dunning(session, district=district, as_of=today)
    # A termination in progress: the decision taken, the letters sent, the inspection due.
    lease, _ = made[3]
    process = await move_out.propose(
        session, actor, lease.id, kind="termination", reason="terminated",
        end_date=today + timedelta(days=30), motivation=_MOTIVATION, now=now,
    )  # fmt: skip
    for offset, code in enumerate((
        "decide_to_prepare_termination", "anchor_with_authority_operations_manager",
        "consult_legal_counsel", "termination_decided", "fee_officer_told_end_date",
        "social_committee_informed", "signed_original_to_fee_officer",
    )):  # fmt: skip
        await move_out.record_step(
            session, actor, process.id, code, done_on=today - timedelta(days=14 - offset),
            not_needed=False, note=None, now=now,
        )  # fmt: skip
    return True


async def load_demo_data(ctx: ServiceContext) -> int:
    """Create what is missing; returns how many districts got their demo data."""
    loaded = 0
    actor = Actor.system(ctx.settings.pseudonym_key)
    for district in DEMO_DISTRICTS:
        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            loaded += int(await _load_district(session, actor, district))
    if loaded:
        log.info("tenancy demo data loaded", extra={"districts": loaded})
    return loaded


async def demo_data_hook(ctx: ServiceContext) -> None:
    if ctx.settings.demo_data:
        await load_demo_data(ctx)
