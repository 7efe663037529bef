"""`/api/v1/admin/districts`: a municipality sets up its own districts (issue #9)."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.middleware import requires
from eviction_prevention.districts import service
from eviction_prevention.districts.schemas import DistrictDetails, DistrictRead


class DistrictAdminController(Controller):
    path = "/admin/districts"
    tags = ("admin",)
    guards = (requires("eviction:district.admin"),)

    @get("/", operation_id="listDistricts", summary="Districts with their letter details")
    async def list_districts(self, db_session: NamedDependency[AsyncSession]) -> list[DistrictRead]:
        return [DistrictRead.of(d) for d in await service.all_districts(db_session)]

    @put(
        "/{code:str}",
        operation_id="putDistrict",
        summary="Add a district or change its name, bankgiro, office and legal references",
        status_code=200,
    )
    async def put_district(
        self,
        code: FromPath[str],
        data: JSONBody[DistrictDetails],
        db_session: NamedDependency[AsyncSession],
    ) -> DistrictRead:
        details = data.model_dump(exclude={"name"})
        district = await service.add_district(db_session, code, data.name, details)
        return DistrictRead.of(district)
