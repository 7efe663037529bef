"""`/api/v1/admin/landlords`: register landlords, rotate and revoke credentials.

An administrator may only grant districts they work in themselves: the
platform is shared by districts, and one district's admin must not open
another district's intake to a landlord.
"""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from eviction_prevention.landlords import service
from eviction_prevention.landlords.schemas import (
    LandlordCreate,
    LandlordCredentialIssued,
    LandlordRead,
    LandlordRevoked,
)


def _check_districts(actor: Actor, codes: list[str]) -> None:
    outside = sorted(set(codes) - actor.principal.districts)
    if outside:
        raise NotPermitted("you may only grant districts you work in")


class LandlordAdminController(Controller):
    path = "/admin/landlords"
    tags = ("landlords",)
    guards = (requires("eviction:landlord.admin"),)

    @get("/", operation_id="listLandlords", summary="Registered landlords (no secrets)")
    async def list_landlords(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> list[LandlordRead]:
        """Landlords that may submit for at least one of the administrator's districts."""
        return [
            LandlordRead(
                landlord_id=view.landlord_id,
                name=view.name,
                districts=view.districts,
                created_at=view.created_at,
                revoked_at=view.revoked_at,
                active_credentials=view.active_credentials,
            )
            for view in await service.list_landlords(db_session)
            if set(view.districts) & actor.principal.districts
        ]

    @post(
        "/",
        operation_id="registerLandlord",
        summary="Register a landlord; the credential is in this answer only",
        status_code=HTTP_201_CREATED,
    )
    async def register(
        self,
        data: JSONBody[LandlordCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> LandlordCredentialIssued:
        _check_districts(actor, data.districts)
        landlord, credential = await service.register_landlord(
            db_session, name=data.name, district_codes=data.districts, now=utcnow()
        )
        return LandlordCredentialIssued(landlord_id=landlord.id, credential=credential)

    @post(
        "/{landlord_id:str}/rotate",
        operation_id="rotateLandlordCredential",
        summary="Revoke the landlord's credentials and issue a new one (shown once)",
        status_code=200,
    )
    async def rotate(
        self,
        landlord_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> LandlordCredentialIssued:
        _check_districts(actor, await service.districts_of(db_session, landlord_id))
        credential = await service.rotate_credential(db_session, landlord_id, now=utcnow())
        return LandlordCredentialIssued(landlord_id=landlord_id, credential=credential)

    @post(
        "/{landlord_id:str}/revoke",
        operation_id="revokeLandlord",
        summary="Revoke the landlord and every credential it has",
        status_code=200,
    )
    async def revoke(
        self,
        landlord_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> LandlordRevoked:
        _check_districts(actor, await service.districts_of(db_session, landlord_id))
        landlord = await service.revoke_landlord(db_session, landlord_id, now=utcnow())
        return LandlordRevoked(landlord_id=landlord.id, revoked_at=landlord.revoked_at)
