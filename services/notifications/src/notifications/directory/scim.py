"""SCIM 2.0 `/scim/v2/Users` (RFC 7643/7644): the identity provider pushes staff here.

The municipality's identity provider creates, replaces and deactivates users;
the platform never deletes a person (their name stays on what they did), so
DELETE deactivates. Roles are SCIM's `roles` attribute; districts and units
travel in the platform's extension schema:

    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", STAFF_EXTENSION],
     "userName": "anna.caseworker", "name": {"formatted": "Anna Andersson"},
     "emails": [{"value": "anna@stad.se", "primary": true}], "active": true,
     "roles": [{"value": "caseworker"}],
     STAFF_EXTENSION: {"districts": ["bromma"], "units": ["adult_unit"]}}

`userName` is the token's `sub` and the resource `id`. The endpoint is outside
the staff token authentication: it takes the bearer credential configured in
`BOSTAD_SCIM_TOKEN` (empty: the endpoint answers 404, SCIM is off).

Every change of what a person may be given is announced to the services that
keep a copy of the directory (`bostad_common.auth.directory_sync`), in the same
transaction: a deactivation here stops eviction-prevention booking that person.
"""

from __future__ import annotations

import hmac
import re
from typing import Annotated, Any, Final

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, JSONBody, QueryParameter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import record_access
from bostad_common.auth.directory import StaffMember, StaffProfile, get_profile
from bostad_common.auth.directory_sync import deactivate_and_announce, store_and_announce
from bostad_common.auth.permissions import ALL_ROLES
from bostad_common.auth.principal import Principal
from bostad_common.events.vocabulary import STAFF_UNITS
from bostad_common.http_errors import FieldErrors
from bostad_common.openapi import error_response
from notifications.config import notification_settings

USER_SCHEMA: Final = "urn:ietf:params:scim:schemas:core:2.0:User"
STAFF_EXTENSION: Final = "urn:bostad:params:scim:schemas:extension:staff:2.0:User"
LIST_SCHEMA: Final = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA: Final = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
_FILTER: Final = re.compile(r'^\s*userName\s+eq\s+"([^"]{1,255})"\s*$', re.IGNORECASE)
_DISTRICT: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class ScimName(BaseModel):
    formatted: str = Field(default="", max_length=200)


class ScimMultiValue(BaseModel):
    value: str = Field(min_length=1, max_length=254)
    primary: bool = False


class StaffExtension(BaseModel):
    districts: list[str] = []
    units: list[str] = []

    @field_validator("districts")
    @classmethod
    def _districts(cls, value: list[str]) -> list[str]:
        for district in value:
            if not _DISTRICT.match(district):
                raise ValueError("a district is a lowercase code, e.g. bromma")
        return value

    @field_validator("units")
    @classmethod
    def _units(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(STAFF_UNITS))
        if unknown:
            raise ValueError(f"unknown unit(s): {', '.join(unknown)}")
        return value


class ScimMeta(BaseModel):
    resourceType: str = "User"
    location: str


class ScimUser(BaseModel):
    """A SCIM User as the platform reads and writes it."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="ignore")

    schemas: list[str] = [USER_SCHEMA, STAFF_EXTENSION]
    id: str | None = None
    externalId: str | None = Field(default=None, max_length=255)
    userName: str = Field(min_length=1, max_length=255)
    name: ScimName = Field(default_factory=ScimName)
    displayName: str | None = Field(default=None, max_length=200)
    emails: list[ScimMultiValue] = []
    phoneNumbers: list[ScimMultiValue] = []
    active: bool = True
    roles: list[ScimMultiValue] = []
    staff: StaffExtension = Field(
        default_factory=StaffExtension,
        alias=STAFF_EXTENSION,
        description=f"Sent and returned under the key {STAFF_EXTENSION}",
    )
    meta: ScimMeta | None = None

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[ScimMultiValue]) -> list[ScimMultiValue]:
        unknown = sorted({role.value for role in value} - set(ALL_ROLES))
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(unknown)}")
        return value


class ScimUserResource(ScimUser):
    """A User as returned (a class of its own, so request and response schemas stay apart)."""


class ScimListResponse(BaseModel):
    schemas: list[str] = [LIST_SCHEMA]
    totalResults: int
    startIndex: int
    itemsPerPage: int
    Resources: list[ScimUserResource]


# What a patch may set: `active`, a name, multi-valued attributes (emails, roles),
# an object (`name`, the staff extension); without a path, an object of those.
ScimAttributeValue = bool | str | list[ScimMultiValue] | list[str] | dict[str, str | list[str]]


class ScimPatchOperation(BaseModel):
    op: str
    path: str | None = None
    value: ScimAttributeValue | dict[str, ScimAttributeValue] | None = None


class ScimPatch(BaseModel):
    schemas: list[str] = [PATCH_SCHEMA]
    Operations: list[ScimPatchOperation]


def profile_of(user: ScimUser) -> StaffProfile:
    emails = sorted(user.emails, key=lambda e: not e.primary)
    phones = sorted(user.phoneNumbers, key=lambda e: not e.primary)
    return StaffProfile(
        person_id=user.userName,
        name=user.name.formatted or user.displayName or "",
        email=emails[0].value if emails else None,
        roles=frozenset(role.value for role in user.roles),
        units=frozenset(user.staff.units),
        districts=frozenset(user.staff.districts),
        active=user.active,
        external_id=user.externalId,
        phone=phones[0].value[:40] if phones else None,
    )


def resource_of(profile: StaffProfile) -> ScimUserResource:
    return ScimUserResource(
        id=profile.person_id,
        externalId=profile.external_id,
        userName=profile.person_id,
        name=ScimName(formatted=profile.name),
        displayName=profile.name or None,
        emails=[ScimMultiValue(value=profile.email, primary=True)] if profile.email else [],
        phoneNumbers=[ScimMultiValue(value=profile.phone, primary=True)] if profile.phone else [],
        active=profile.active,
        roles=[ScimMultiValue(value=role) for role in sorted(profile.roles)],
        staff=StaffExtension(districts=sorted(profile.districts), units=sorted(profile.units)),
        meta=ScimMeta(location=f"/scim/v2/Users/{profile.person_id}"),
    )


SCIM_MEDIA_TYPE: Final = "application/scim+json"
# Who the access log names for what the identity provider reads and changes.
SCIM_CLIENT: Final = Principal("scim", "system", frozenset(), frozenset())
PURPOSE: Final = "staff directory provisioning (SCIM)"


async def _log(session: AsyncSession, action: str, user_id: str) -> None:
    await record_access(
        session,
        SCIM_CLIENT,
        person_ref=None,
        action=action,  # type: ignore[arg-type]
        resource=f"staff:{user_id}"[:255],
        purpose=PURPOSE,
        district=None,
    )


def scim_response(model: BaseModel, status_code: int = 200) -> Response[Any]:
    """SCIM's attribute names include the extension's URN: serialise by alias."""
    return Response(
        content=model.model_dump(mode="json", by_alias=True, exclude_none=True),
        status_code=status_code,
        media_type=SCIM_MEDIA_TYPE,
    )


def _scim_token(connection: ASGIConnection) -> str:
    return notification_settings(connection.app.state.ctx).scim_token


def scim_credential(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A guard: the identity provider's bearer credential, compared in constant time."""
    expected = _scim_token(connection)
    if not expected:
        raise NotFoundException(detail="SCIM is not enabled")
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise NotAuthorizedException(detail="invalid SCIM credential")


def _apply_patch(user: ScimUser, patch_request: ScimPatch) -> ScimUser:
    """Supports what providers send to (de)activate and rename: replace of active/name/emails."""
    data = user.model_dump(by_alias=True)
    for index, operation in enumerate(patch_request.Operations):
        if operation.op.lower() not in ("replace", "add"):
            raise FieldErrors(
                [{"field": f"Operations[{index}].op", "message": "only replace and add"}]
            )
        changes = {operation.path: operation.value} if operation.path else (operation.value or {})
        if not isinstance(changes, dict):
            raise FieldErrors([{"field": f"Operations[{index}].value", "message": "an object"}])
        for key, value in changes.items():
            allowed = ("active", "displayName", "emails", "phoneNumbers", "roles", "name")
            if key not in (*allowed, STAFF_EXTENSION):
                raise FieldErrors(
                    [{"field": f"Operations[{index}].path", "message": f"cannot change {key}"}]
                )
            if key == "active" and isinstance(value, str):
                value = value.lower() == "true"
            data[key] = value
    try:
        return ScimUser.model_validate(data)
    except ValueError as exc:
        raise FieldErrors([{"field": "Operations", "message": str(exc)[:200]}]) from None


SCIM_OFF = {404: error_response("SCIM is not enabled here (no BOSTAD_SCIM_TOKEN is set)")}


class ScimUsersController(Controller):
    path = "/scim/v2/Users"
    guards = [scim_credential]  # noqa: RUF012 - Litestar's API
    tags = ["scim"]  # noqa: RUF012
    # Outside the staff token middleware: the guard checks the credential instead.
    opt = {"exclude_from_auth": True}  # noqa: RUF012

    @post(
        "/",
        operation_id="scimCreateUser",
        summary="Create (or re-create) a staff member",
        responses=SCIM_OFF,
    )
    async def create_user(
        self, db_session: NamedDependency[AsyncSession], data: JSONBody[ScimUser]
    ) -> Response[ScimUserResource]:
        stored = await store_and_announce(db_session, profile_of(data), source="scim")
        await _log(db_session, "create", stored.person_id)
        return scim_response(resource_of(stored), 201)

    @get(
        "/",
        operation_id="scimListUsers",
        summary="Staff members, optionally one userName",
        responses=SCIM_OFF,
    )
    async def list_users(
        self,
        db_session: NamedDependency[AsyncSession],
        filter_: Annotated[str | None, QueryParameter(name="filter")] = None,
        start_index: Annotated[int, QueryParameter(name="startIndex", ge=1)] = 1,
        count: Annotated[int, QueryParameter(ge=0, le=200)] = 100,
    ) -> Response[ScimListResponse]:
        query = select(StaffMember.person_id)
        match = None
        if filter_ is not None:
            match = _FILTER.match(filter_)
            if match is None:
                raise FieldErrors([{"field": "filter", "message": 'only userName eq "..."'}])
            query = query.where(StaffMember.person_id == match.group(1))
        total = (
            await db_session.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        ids = (
            (
                await db_session.execute(
                    query.order_by(StaffMember.person_id).offset(start_index - 1).limit(count)
                )
            )
            .scalars()
            .all()
        )
        await _log(db_session, "read", match.group(1) if match else "list")
        resources = []
        for person_id in ids:
            profile = await get_profile(db_session, person_id)
            if profile is not None:
                resources.append(resource_of(profile))
        return scim_response(
            ScimListResponse(
                totalResults=total,
                startIndex=start_index,
                itemsPerPage=len(resources),
                Resources=resources,
            )
        )

    @get("/{user_id:str}", operation_id="scimGetUser", summary="One staff member")
    async def get_user(
        self, db_session: NamedDependency[AsyncSession], user_id: FromPath[str]
    ) -> Response[ScimUserResource]:
        profile = await get_profile(db_session, user_id)
        if profile is None:
            raise NotFoundException(detail="user not found")
        await _log(db_session, "read", user_id)
        return scim_response(resource_of(profile))

    @put("/{user_id:str}", operation_id="scimReplaceUser", summary="Replace a staff member")
    async def replace_user(
        self,
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[str],
        data: JSONBody[ScimUser],
    ) -> Response[ScimUserResource]:
        if data.userName != user_id:
            raise FieldErrors([{"field": "userName", "message": "must equal the id in the path"}])
        if await get_profile(db_session, user_id) is None:
            raise NotFoundException(detail="user not found")
        await _log(db_session, "update", user_id)
        return scim_response(
            resource_of(await store_and_announce(db_session, profile_of(data), source="scim"))
        )

    @patch("/{user_id:str}", operation_id="scimPatchUser", summary="Change active, name or e-mail")
    async def patch_user(
        self,
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[str],
        data: JSONBody[ScimPatch],
    ) -> Response[ScimUserResource]:
        profile = await get_profile(db_session, user_id)
        if profile is None:
            raise NotFoundException(detail="user not found")
        changed = _apply_patch(resource_of(profile), data)
        await _log(db_session, "update", user_id)
        return scim_response(
            resource_of(await store_and_announce(db_session, profile_of(changed), source="scim"))
        )

    @delete("/{user_id:str}", operation_id="scimDeleteUser", summary="Deactivate a staff member")
    async def delete_user(
        self, request: Request, db_session: NamedDependency[AsyncSession], user_id: FromPath[str]
    ) -> None:
        if not await deactivate_and_announce(db_session, user_id):
            raise NotFoundException(detail="user not found")
        await _log(db_session, "delete", user_id)
