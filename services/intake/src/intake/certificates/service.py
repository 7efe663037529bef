"""Certificates of an application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.http_errors import FieldErrors
from intake.applications import rules as status_rules
from intake.applications.models import Application
from intake.applications.service import today_in_sweden
from intake.certificates import rules
from intake.certificates.models import Certificate
from intake.certificates.schemas import CertificateCreate


async def add_certificate(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    data: CertificateCreate,
    *,
    now: datetime,
) -> Certificate:
    status_rules.require_state(
        application.status, status_rules.CERTIFICATE_STATES, "add_certificate"
    )
    errors = rules.issued_on_errors(data.issued_on, today=today_in_sweden(now))
    if errors:
        raise FieldErrors(errors)
    certificate = Certificate(
        district=application.district,
        application_id=application.id,
        issuer_role=data.issuer_role,
        grounds=rules.grounds_for(data.issuer_role),
        issuer_name=data.issuer_name,
        issued_on=data.issued_on,
        attests=data.attests,
        registered_at=now,
        registered_by=actor.name,
    )
    session.add(certificate)
    await session.flush()
    return certificate


async def certificates_of(session: AsyncSession, application_id: str) -> list[Certificate]:
    result = await session.execute(
        select(Certificate)
        .where(Certificate.application_id == application_id)
        .order_by(Certificate.issued_on)
    )
    return list(result.scalars())
