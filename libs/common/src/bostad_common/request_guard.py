"""Refuse request bodies the JSON decoder should never see.

Issue #8 found bodies that answered 500 on every JSON endpoint: JSON nested
~1,000 levels deep (RecursionError while decoding), invalid UTF-8
(UnicodeDecodeError), and `Content-Type: text/plain` bodies parsed as JSON
anyway. This middleware runs in front of every route that takes a body (a
`data` parameter) and answers before the handler is reached:

* 415 when the body is not `application/json` (or `…+json`);
* 422 `{"field": "body", "message": "request body is missing"}` for an empty body;
* 400 for invalid UTF-8 and for nesting deeper than `MAX_JSON_DEPTH`;
* 400 for a NUL character in the path or query string (PostgreSQL refuses
  them in text, which answered 500);
* 413 above the body size limit (Litestar's own limit applies only to bodies it
  reads itself, and this reads first). A route that sets its own
  `request_max_body_size` (e.g. a document upload) gets that limit here too.

A route that by contract takes something else (e.g. a payment file as
`text/plain` or `application/octet-stream`) names what it accepts:

    PAYMENT_FILE = ("text/plain", "application/octet-stream")
    @post("/api/v1/payment-files", opt={BODY_MEDIA_TYPES: PAYMENT_FILE})
    async def upload(request: Request) -> ...:  body = await request.body()

and then only the media type and size are checked (no JSON checks unless it
lists JSON), also when the handler reads the body itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from bostad_common.validation import query_without_nul

__all__ = [
    "BODY_MEDIA_TYPES",
    "MAX_JSON_DEPTH",
    "create_request_guard",
    "json_nesting_depth",
]

BODY_MEDIA_TYPES: Final = "body_media_types"
"""Handler `opt` key: the media types a route accepts instead of JSON."""

MAX_JSON_DEPTH: Final = 32
"""Deeper than any request model of the platform (the notice contract is 3 deep)."""

_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
_JSON_STRING: Final = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET: Final = re.compile(rb"[\[\]{}]")


def json_nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings not counted."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _body_parameter(scope: Scope) -> Any:
    """The handler's `data` parameter, or None for a route that takes no body."""
    handler = scope.get("route_handler")
    if handler is None:
        return None
    return handler.parsed_fn_signature.parameters.get("data")


def _body_limit(scope: Scope, default: int) -> int:
    """The route handler's own `request_max_body_size` when it sets one, else `default`."""
    own = getattr(scope.get("route_handler"), "request_max_body_size", None)
    return own if isinstance(own, int) and not isinstance(own, bool) else default


def _accepted_media_types(scope: Scope) -> tuple[str, ...] | None:
    handler = scope.get("route_handler")
    accepted: Iterable[str] | None = (handler.opt or {}).get(BODY_MEDIA_TYPES) if handler else None
    return None if accepted is None else tuple(t.lower() for t in accepted)


async def _refuse(send: Send, status: int, detail: str, *, field: bool = True) -> None:
    import json

    content: dict[str, Any] = {"status_code": status, "detail": detail}
    if field:
        content["errors"] = [{"field": "body", "message": detail}]
    body = json.dumps(content).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> tuple[bytes, list[Message]]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), []


def _replay(body: bytes, pending: list[Message], receive: Receive) -> Receive:
    """Hand the body already read to the app, then pass on what the client sends next."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def create_request_guard(max_body_bytes: int) -> Any:
    """A Litestar middleware factory: `middleware=[create_request_guard(limit)]`."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def guard(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == ScopeType.HTTP and (
                "\x00" in scope.get("path", "")
                or not query_without_nul(scope.get("query_string", b""))
            ):
                # PostgreSQL refuses NUL in text; no parameter of ours needs one.
                await _refuse(send, 400, "the request must not contain NUL characters", field=False)
                return
            accepted = _accepted_media_types(scope) if scope["type"] == ScopeType.HTTP else None
            parameter = _body_parameter(scope) if scope["type"] == ScopeType.HTTP else None
            if (
                scope["type"] != ScopeType.HTTP
                or scope.get("method") not in _BODY_METHODS
                or (parameter is None and accepted is None)
            ):
                await app(scope, receive, send)
                return
            try:
                body, pending = await _read_body(receive, _body_limit(scope, max_body_bytes))
            except _TooLarge:
                await _refuse(send, 413, "request body is too large")
                return
            media_type = _media_type(Headers.from_scope(scope).get("content-type"))
            expects_json = accepted is None or any(_is_json(t) for t in accepted)
            if not body:
                if parameter is None or parameter.has_default:
                    await app(scope, _replay(body, pending, receive), send)
                    return
                await _refuse(send, 422, "request body is missing")
                return
            if accepted is not None and media_type not in accepted:
                await _refuse(send, 415, f"send the body as one of: {', '.join(accepted)}")
                return
            if accepted is None and not _is_json(media_type):
                await _refuse(send, 415, "send the body as application/json")
                return
            if expects_json and _is_json(media_type):
                try:
                    body.decode("utf-8")
                except UnicodeDecodeError:
                    await _refuse(send, 400, "request body is not valid UTF-8")
                    return
                if json_nesting_depth(body) > MAX_JSON_DEPTH:
                    await _refuse(send, 400, "request body is nested too deeply")
                    return
            await app(scope, _replay(body, pending, receive), send)

        return guard

    return middleware
