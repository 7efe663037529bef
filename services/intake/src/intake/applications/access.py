"""Loading an application with its household, and logging who touched whose data.

District isolation is the data layer's: the request's session is bound to the
caller, so an application of another district is simply not found (404).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import Action
from bostad_common.auth.actor import Actor
from intake.actor import log_person_access
from intake.applications.models import Application
from intake.applications.service import get_application, get_household
from intake.households.models import Household


async def load(
    session: AsyncSession, application_id: str, *, for_update: bool = False
) -> tuple[Application, Household]:
    application = await get_application(session, application_id, for_update=for_update)
    return application, await get_household(session, application.household_id)


async def log_application(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    household: Household,
    action: Action,
) -> None:
    await log_person_access(
        session,
        actor,
        personal_number=household.applicant_personal_number,
        action=action,
        resource=f"application:{application.id}",
        district=application.district,
    )
