"""`/api/v1/inbox`: the caller's in-app notifications."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.middleware import principal_of, requires, staff_only
from bostad_common.pagination import PageLimit, PageOffset
from notifications.directory.provisioning import provision_caller
from notifications.inbox.schemas import InboxNotificationRead
from notifications.inbox.service import list_inbox, mark_read

INBOX_READ = "notifications:inbox.read"


class InboxController(Controller):
    path = "/api/v1/inbox"
    guards = [staff_only, requires(INBOX_READ)]  # noqa: RUF012 - Litestar's API
    tags = ["inbox"]  # noqa: RUF012

    @get("/", operation_id="listInbox", summary="The caller's notifications, newest first")
    async def list_notifications(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        unread: FromQuery[bool] = False,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[InboxNotificationRead]:
        await provision_caller(db_session, request)
        return await list_inbox(
            db_session, principal_of(request), unread_only=unread, limit=limit, offset=offset
        )

    @post(
        "/{notification_id:str}/read",
        operation_id="markInboxNotificationRead",
        summary="Mark a notification read for the caller",
        status_code=200,
    )
    async def mark_notification_read(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        notification_id: FromPath[str],
    ) -> InboxNotificationRead:
        await provision_caller(db_session, request)
        result = await mark_read(db_session, principal_of(request), notification_id)
        if result is None:
            raise NotFoundException(detail="notification not found")
        return result
