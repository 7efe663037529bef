"""`/api/v1/leases/{id}/follow-ups` and `/api/v1/housing-courses`.

Course participants are households (ids only, no names), so the course views
touch no personal data; visits do, and are logged.
"""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.workdays import now_stockholm
from tenancy.actor import log_tenant_access
from tenancy.follow_up import schemas, service
from tenancy.follow_up.models import HousingCourse
from tenancy.leases.service import get_lease


async def _follow_up(
    session: AsyncSession, actor: Actor, lease_id: str, action: str
) -> schemas.FollowUpView:
    lease = await get_lease(session, lease_id)
    await log_tenant_access(
        session, actor, personal_number=lease.tenant_personal_number, action=action,
        resource=f"follow_up:{lease.id}", district=lease.district,
    )  # fmt: skip
    visits = await service.visits_of(session, lease.id)
    due = service.next_due(lease.start_date, visits)
    return schemas.FollowUpView(
        lease_id=lease.id,
        visits=[
            schemas.VisitView(
                visited_on=v.visited_on, rent_receipt_seen=v.rent_receipt_seen,
                home_insurance=v.home_insurance,
                registered_in_housing_queues=v.registered_in_housing_queues, note=v.note,
                recorded_by=v.recorded_by,
            )
            for v in visits
        ],
        next_visit_due=due,
        overdue=now_stockholm().date() > due and lease.status == "active",
    )  # fmt: skip


class FollowUpController(Controller):
    path = "/leases/{lease_id:str}/follow-ups"
    tags = ("follow-up",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="leaseFollowUps")
    async def follow_ups(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
    ) -> schemas.FollowUpView:
        return await _follow_up(db_session, actor, lease_id, "read")

    @post(
        "/",
        guards=[requires("tenancy:follow_up.write")],
        operation_id="recordFollowUp",
        status_code=HTTP_201_CREATED,
        summary="Housing support's visit: rent receipt, home insurance, housing queues",
    )
    async def record(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.NewVisit],
    ) -> schemas.FollowUpView:
        await service.record_visit(
            db_session, actor, lease_id, visited_on=data.visited_on,
            rent_receipt_seen=data.rent_receipt_seen, home_insurance=data.home_insurance,
            registered_in_housing_queues=data.registered_in_housing_queues, note=data.note,
        )  # fmt: skip
        return await _follow_up(db_session, actor, lease_id, "update")


async def _course_view(session: AsyncSession, course: HousingCourse) -> schemas.CourseView:
    participants = await service.participants_of(session, course.id)
    return schemas.CourseView(
        course_id=course.id, district=course.district, title=course.title,
        starts_on=course.starts_on, sessions=course.sessions,
        session_hours=course.session_hours, capacity=course.capacity,
        participants=[
            schemas.ParticipantView(
                household_id=p.household_id, lease_id=p.lease_id, attended=p.attended,
                certificate_issued_on=p.certificate_issued_on,
            )
            for p in participants
        ],
    )  # fmt: skip


class HousingCourseController(Controller):
    path = "/housing-courses"
    tags = ("follow-up",)

    @post(
        "/",
        guards=[requires("tenancy:follow_up.write")],
        operation_id="createHousingCourse",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: JSONBody[schemas.NewCourse],
    ) -> schemas.CourseView:
        course = await service.create_course(
            db_session, actor, district=data.district, title=data.title, starts_on=data.starts_on
        )
        return await _course_view(db_session, course)

    @get(
        "/{course_id:str}", guards=[requires("tenancy:lease.read")], operation_id="getHousingCourse"
    )
    async def get_course(
        self, db_session: NamedDependency[AsyncSession], course_id: FromPath[str]
    ) -> schemas.CourseView:
        return await _course_view(db_session, await service.get_course(db_session, course_id))

    @post(
        "/{course_id:str}/participants",
        guards=[requires("tenancy:follow_up.write")],
        operation_id="enrolInHousingCourse",
        status_code=HTTP_201_CREATED,
    )
    async def enrol(
        self,
        db_session: NamedDependency[AsyncSession],
        course_id: FromPath[str],
        data: JSONBody[schemas.NewParticipant],
    ) -> schemas.CourseView:
        await service.enrol(db_session, course_id, household_id=data.household_id,
                            lease_id=data.lease_id)  # fmt: skip
        return await _course_view(db_session, await service.get_course(db_session, course_id))

    @post(
        "/{course_id:str}/sessions/{number:int}/attendance",
        guards=[requires("tenancy:follow_up.write")],
        operation_id="recordCourseAttendance",
        status_code=HTTP_200_OK,
    )
    async def attendance(
        self,
        db_session: NamedDependency[AsyncSession],
        course_id: FromPath[str],
        number: FromPath[int],
        data: JSONBody[schemas.Attendance],
    ) -> schemas.CourseView:
        course = await service.record_attendance(
            db_session, course_id, number, household_ids=data.household_ids, held_on=data.held_on
        )
        return await _course_view(db_session, course)
