"""An unknown query parameter is an error that names it, not something ignored.

A portal or an integrator that misspells a filter (`?distrct=bromma`) would
otherwise get an unfiltered list and never know (issue #9, "lists a person can
work with"). Checked before the handler runs, against the parameters the
handler declares; the answer is the platform's 422 with `errors[].field`.
"""

from __future__ import annotations

from functools import cache

from litestar import Request
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg

from bostad_common.http_errors import FieldErrors

# Names Litestar injects itself; never query parameters.
_RESERVED = frozenset(
    {"request", "state", "scope", "headers", "cookies", "query", "data", "body", "socket"}
)


@cache
def declared_query_parameters(
    handler: HTTPRouteHandler, path_parameters: frozenset[str]
) -> frozenset[str]:
    """The query parameter names a handler takes (aliases included)."""
    dependencies = set(handler.resolve_dependencies())
    names: set[str] = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        if name in _RESERVED or name in dependencies or name in path_parameters:
            continue
        kwarg = field.kwarg_definition
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.header or kwarg.cookie:
                continue
            names.add(kwarg.query or kwarg.name or name)  # `query=` or `name=` alias
        elif kwarg is None:
            names.add(name)
    return frozenset(names)


async def refuse_unknown_query_parameters(request: Request) -> None:
    """`before_request` hook of every service's API (`/api/...`)."""
    if not request.url.path.startswith("/api/") or not request.query_params:
        return
    handler = request.route_handler
    if not isinstance(handler, HTTPRouteHandler):
        return
    path_parameters = frozenset(request.path_params)
    known = declared_query_parameters(handler, path_parameters)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise FieldErrors(
            [{"field": name, "message": "unknown query parameter"} for name in unknown]
        )
