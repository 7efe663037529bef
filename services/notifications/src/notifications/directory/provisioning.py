"""Just-in-time provisioning of the caller, and refusing someone the directory deactivated."""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.directory import InactiveStaffMember, StaffProfile
from bostad_common.auth.directory_sync import provision_and_announce
from bostad_common.auth.middleware import principal_of


async def provision_caller(session: AsyncSession, request: Request) -> StaffProfile:
    """Refresh the caller's directory entry from their verified token; 403 if inactive."""
    try:
        return await provision_and_announce(session, principal_of(request))
    except InactiveStaffMember:
        raise PermissionDeniedException(
            detail="not permitted: staff member is not active"
        ) from None
