"""`/api/v1/preferences`: the caller's own choice of e-mail per kind of notification."""

from __future__ import annotations

from litestar import Controller, Request, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.middleware import principal_of, requires, staff_only
from bostad_common.http_errors import FieldErrors
from notifications.directory.provisioning import provision_caller
from notifications.inbox.api import INBOX_READ
from notifications.inbox.texts import TEXTS, NotificationKind
from notifications.preferences.models import EVERY_KIND, EmailMode, EveryKind
from notifications.preferences.service import preferences_of, set_preference


class PreferenceRead(BaseModel):
    kind: NotificationKind | EveryKind  # "*": every kind without its own choice
    email: EmailMode


class PreferenceWrite(BaseModel):
    email: EmailMode


class PreferencesController(Controller):
    path = "/api/v1/preferences"
    guards = [staff_only, requires(INBOX_READ)]  # noqa: RUF012 - Litestar's API
    tags = ["preferences"]  # noqa: RUF012

    @get("/", operation_id="listPreferences", summary="The caller's e-mail choices")
    async def list_preferences(
        self, request: Request, db_session: NamedDependency[AsyncSession]
    ) -> list[PreferenceRead]:
        me = await provision_caller(db_session, request)
        rows = await preferences_of(db_session, me.person_id)
        return [PreferenceRead(kind=r.kind, email=r.email) for r in rows]  # type: ignore[arg-type]

    @put(
        "/{kind:str}",
        operation_id="setPreference",
        summary="Immediate e-mail or a daily digest for one kind (or * for all)",
    )
    async def set_one(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        kind: FromPath[str],
        data: JSONBody[PreferenceWrite],
    ) -> PreferenceRead:
        if kind != EVERY_KIND and kind not in TEXTS:
            raise FieldErrors([{"field": "kind", "message": "unknown notification kind"}])
        await provision_caller(db_session, request)
        row = await set_preference(db_session, principal_of(request).subject, kind, data.email)
        return PreferenceRead(kind=row.kind, email=row.email)  # type: ignore[arg-type]
