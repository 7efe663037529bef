"""Complaint use cases: received by the housing officer (→ ComplaintReceived), talked about."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events import make_event
from bostad_common.events.tenancy import ComplaintReceivedV1
from bostad_common.messaging import add_to_outbox
from tenancy.complaints.models import Complaint
from tenancy.complaints.rules import OPEN_STATUSES
from tenancy.leases.service import get_lease

SOURCE = "/bostad/tenancy"


async def receive(
    session: AsyncSession,
    actor: Actor,
    lease_id: str,
    *,
    received_on: date,
    category: str,
    description: str,
) -> Complaint:
    lease = await get_lease(session, lease_id)
    complaint = Complaint(
        district=lease.district,
        lease_id=lease.id,
        received_on=received_on,
        category=category,
        description=description,
        received_by=actor.name,
    )
    session.add(complaint)
    await session.flush()
    event = ComplaintReceivedV1(
        complaint_id=complaint.id, lease_id=lease.id, district=lease.district,
        received_on=received_on, category=category,
    )  # fmt: skip
    await add_to_outbox(
        session, make_event(event, source=SOURCE, subject=lease.id, district=lease.district)
    )
    return complaint


async def record_talk(
    session: AsyncSession, actor: Actor, complaint_id: str, *, held_on: date, note: str,
    resolved: bool,
) -> Complaint:  # fmt: skip
    """The caseworker talked with the client about the complaint and notes it."""
    complaint = await session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound("complaint not found")
    if "caseworker" not in actor.principal.roles and not actor.principal.is_system:
        raise NotPermitted("the caseworker records the talk with the client")
    if complaint.status == "resolved":
        raise Conflict("the complaint is resolved")
    complaint.status = "resolved" if resolved else "talked"
    complaint.talk_held_on, complaint.talk_note, complaint.talk_by = held_on, note, actor.name
    await session.flush()
    return complaint


async def list_complaints(
    session: AsyncSession, *, district: str | None, lease_id: str | None, status: str | None,
    limit: int, offset: int,
) -> list[Complaint]:  # fmt: skip
    query = select(Complaint).order_by(Complaint.received_on)  # type: ignore[arg-type]
    if district:
        query = query.where(Complaint.district == district)  # type: ignore[arg-type]
    if lease_id:
        query = query.where(Complaint.lease_id == lease_id)  # type: ignore[arg-type]
    if status:
        query = query.where(Complaint.status == status)  # type: ignore[arg-type]
    return list((await session.execute(query.limit(limit).offset(offset))).scalars())


async def open_count(session: AsyncSession, lease_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(
            Complaint.lease_id == lease_id,  # type: ignore[arg-type]
            Complaint.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
        )
    )
    return int(result.scalar_one())
