"""The arrears list (restlista) and the dunning run.

The dunning run is idempotent per arrears episode (unique rows, see
`arrears.models`), so it runs daily from the background task and may also be
started by hand (`POST /api/v1/dunning-runs`); every step it takes is recorded
and published as `RentDunningStepTaken` for the letter, and reaching the
district's threshold publishes `RentArrearsRegistered` once per episode.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.events import make_event
from bostad_common.events.tenancy import (
    LetterAddress,
    RentArrearsRegisteredV1,
    RentDunningStepTakenV1,
    TenantAddress,
)
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from tenancy.arrears import rules
from tenancy.arrears.models import ArrearsRegistration, DunningStepRecord
from tenancy.districts import service as districts
from tenancy.leases.models import HeadLease, Lease
from tenancy.rent.models import Invoice

SOURCE = "/bostad/tenancy"


@dataclass(frozen=True)
class ArrearsRow:
    lease: Lease
    arrears: rules.Arrears
    last_step: str | None


@dataclass(frozen=True)
class DunningRunResult:
    steps_taken: int
    arrears_registered: int


async def _arrears_by_lease(
    session: AsyncSession, district: str, as_of: date
) -> dict[str, rules.Arrears]:
    rows = await session.execute(
        select(
            Invoice.lease_id, Invoice.id, Invoice.due_date, Invoice.amount_ore, Invoice.paid_ore
        ).where(
            Invoice.district == district,  # type: ignore[arg-type]
            Invoice.status.in_(("open", "partly_paid")),  # type: ignore[attr-defined]
            Invoice.due_date < as_of,  # type: ignore[arg-type,operator]
        )
    )
    balances: dict[str, list[rules.InvoiceBalance]] = defaultdict(list)
    for lease_id, invoice_id, due, amount, paid in rows.all():
        balances[lease_id].append(rules.InvoiceBalance(invoice_id, due, amount - paid))
    result = {}
    for lease_id, invoices in balances.items():
        arrears = rules.arrears_of(invoices, as_of)
        if arrears is not None:
            result[lease_id] = arrears
    return result


async def arrears_list(
    session: AsyncSession, *, district: str, caseworker: str | None, as_of: date
) -> list[ArrearsRow]:
    """The restlista: every lease of the district with rent overdue on `as_of`."""
    arrears = await _arrears_by_lease(session, district, as_of)
    if not arrears:
        return []
    query = select(Lease).where(Lease.id.in_(list(arrears)))  # type: ignore[attr-defined]
    if caseworker:
        query = query.where(Lease.caseworker == caseworker)  # type: ignore[arg-type]
    leases = list((await session.execute(query)).scalars())
    steps = await _steps_by_lease(session, [lease.id for lease in leases])
    rows = []
    for lease in leases:
        episode = arrears[lease.id].oldest_invoice_id
        taken = [s for s in steps.get(lease.id, []) if s.episode_invoice_id == episode]
        rows.append(ArrearsRow(lease, arrears[lease.id], taken[-1].step if taken else None))
    rows.sort(key=lambda r: (-r.arrears.months_unpaid, -r.arrears.amount_ore, r.lease.lease_number))
    return rows


async def _steps_by_lease(
    session: AsyncSession, lease_ids: list[str]
) -> dict[str, list[DunningStepRecord]]:
    result: dict[str, list[DunningStepRecord]] = defaultdict(list)
    if not lease_ids:
        return result
    rows = await session.execute(
        select(DunningStepRecord)
        .where(DunningStepRecord.lease_id.in_(lease_ids))  # type: ignore[attr-defined]
        .order_by(DunningStepRecord.taken_at)  # type: ignore[arg-type]
    )
    for row in rows.scalars():
        result[row.lease_id].append(row)
    return result


async def steps_of(session: AsyncSession, lease_id: str) -> list[DunningStepRecord]:
    return (await _steps_by_lease(session, [lease_id])).get(lease_id, [])


async def run_dunning(session: AsyncSession, *, district: str, as_of: date) -> DunningRunResult:
    config = await districts.get(session, district)
    if config is None:
        raise FieldErrors([{"field": "district", "message": "unknown district"}])
    rows = await arrears_list(session, district=district, caseworker=None, as_of=as_of)
    steps = await _steps_by_lease(session, [row.lease.id for row in rows])
    taken_count = registered = 0
    for row in rows:
        lease, arrears = row.lease, row.arrears
        episode = arrears.oldest_invoice_id
        taken = {s.step for s in steps.get(lease.id, []) if s.episode_invoice_id == episode}
        head = await session.get(HeadLease, lease.head_lease_id)
        assert head is not None
        step = rules.step_to_take(arrears.months_unpaid, taken)
        if step is not None and await insert_if_absent(
            session,
            DunningStepRecord,
            {"id": new_id(), "district": district, "lease_id": lease.id,
             "episode_invoice_id": episode, "step": step,
             "months_unpaid": arrears.months_unpaid, "amount_ore": arrears.amount_ore,
             "as_of": as_of, "termination_question_open": step == "debt_collection",
             "taken_at": utcnow()},
            ["lease_id", "episode_invoice_id", "step"],
        ):  # fmt: skip
            taken_count += 1
            event = RentDunningStepTakenV1(
                lease_id=lease.id,
                district=district,
                step=step,
                months_unpaid=arrears.months_unpaid,
                amount_ore=arrears.amount_ore,
                as_of=as_of,
                recipient=LetterAddress(
                    name=lease.tenant_name,
                    street=head.street,
                    postal_code=head.postal_code,
                    city=head.city,
                    apartment_number=head.apartment_number,
                ),
            )
            await add_to_outbox(
                session, make_event(event, source=SOURCE, subject=lease.id, district=district)
            )
        if rules.should_register(
            arrears.months_unpaid, config.arrears_threshold_months
        ) and await insert_if_absent(
            session,
            ArrearsRegistration,
            {"id": new_id(), "district": district, "lease_id": lease.id,
             "episode_invoice_id": episode, "months_unpaid": arrears.months_unpaid,
             "amount_ore": arrears.amount_ore, "as_of": as_of, "registered_at": utcnow()},
            ["lease_id", "episode_invoice_id"],
        ):  # fmt: skip
            registered += 1
            registration = RentArrearsRegisteredV1(
                lease_id=lease.id,
                district=district,
                tenant_personal_number=lease.tenant_personal_number,
                tenant_name=lease.tenant_name,
                address=TenantAddress(
                    street=head.street,
                    postal_code=head.postal_code,
                    city=head.city,
                    apartment_number=head.apartment_number,
                ),
                months_unpaid=arrears.months_unpaid,
                amount_ore=arrears.amount_ore,
                as_of=as_of,
                children=None,  # tenancy does not know the household's children
            )
            await add_to_outbox(
                session,
                make_event(registration, source=SOURCE, subject=lease.id, district=district),
            )
    await session.flush()
    return DunningRunResult(steps_taken=taken_count, arrears_registered=registered)
