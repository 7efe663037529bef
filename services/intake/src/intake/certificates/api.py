"""`/api/v1/applications/{id}/certificates`."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires_any
from bostad_common.db_types import utcnow
from intake.applications.access import load, log_application
from intake.applications.service import today_in_sweden
from intake.applications.views import certificate_view
from intake.certificates import schemas, service
from intake.districts.config import district_config


class CertificateController(Controller):
    path = "/applications/{application_id:str}/certificates"
    tags = ("certificates",)

    @post(
        "/",
        guards=[requires_any("intake:application.write", "intake:assessment.write")],
        operation_id="addCertificate",
        summary="Add a certificate (intyg): doctor → medical, social worker/counsellor → social",
        status_code=HTTP_201_CREATED,
    )
    async def add(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.CertificateCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.CertificateRead:
        application, household = await load(db_session, application_id, for_update=True)
        now = utcnow()
        certificate = await service.add_certificate(db_session, actor, application, data, now=now)
        await log_application(db_session, actor, application, household, "update")
        config = district_config(application.district)
        return certificate_view(
            certificate,
            today=today_in_sweden(now),
            max_age_days=config.certificate_max_age_days if config else 0,
        )
