"""HTTP plumbing shared by the controllers: the acting user, domain errors as answers."""

from __future__ import annotations

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from bostad_common.auth.middleware import principal_of
from bostad_common.auth.permissions import require_known_permission
from intake.actor import Actor
from intake.errors import Conflict, NotFound, NotPermitted


async def provide_actor(request: Request) -> Actor:
    return Actor(principal_of(request), request.app.state.ctx.settings.pseudonym_key)


def requires_any(*permissions: str):  # type: ignore[no-untyped-def]
    """A guard: 403 unless the principal has at least one of `permissions` (checked at import)."""
    for permission in permissions:
        require_known_permission(permission)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if not any(principal.can(p) for p in permissions):
            raise PermissionDeniedException(detail="not permitted")

    return guard


def _body(status: int, detail: str) -> Response:
    return Response({"status_code": status, "detail": detail}, status_code=status)


def not_found_handler(_: Request, exc: NotFound) -> Response:
    return _body(404, exc.what)


def not_permitted_handler(_: Request, exc: NotPermitted) -> Response:
    return _body(403, exc.reason)


def conflict_handler(_: Request, exc: Conflict) -> Response:
    return _body(409, exc.reason)


DOMAIN_EXCEPTION_HANDLERS = {
    NotFound: not_found_handler,
    NotPermitted: not_permitted_handler,
    Conflict: conflict_handler,
}
