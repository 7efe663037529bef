"""Security headers for every response, and the request size limit.

    Litestar(..., before_send=[security_headers_hook],
             request_max_body_size=request_max_body_size(settings))

Headers set on every HTTP response (unless the handler set them):
`X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy:
no-referrer`; `Strict-Transport-Security` when the request came over https.
On `/api/...` responses `Cache-Control: no-store` is forced (social-services data
must not sit in browser or proxy caches) and JSON responses get
`Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`. The
OpenAPI UI under `/schema` is HTML that needs scripts, so it gets no CSP here.
"""

from __future__ import annotations

from typing import Final

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from bostad_common.settings import Settings

__all__ = [
    "API_JSON_CSP",
    "BASE_HEADERS",
    "request_max_body_size",
    "security_headers_hook",
]

BASE_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
API_JSON_CSP: Final = "default-src 'none'; frame-ancestors 'none'"
_HSTS: Final = "max-age=31536000; includeSubDomains"


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


async def security_headers_hook(message: Message, scope: Scope) -> None:
    """A Litestar `before_send` hook adding the security headers."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in BASE_HEADERS.items():
        if name not in headers:
            headers[name] = value
    if scope.get("scheme") == "https" and "Strict-Transport-Security" not in headers:
        headers["Strict-Transport-Security"] = _HSTS
    path = scope.get("path", "")
    if path == "/api" or path.startswith("/api/"):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
        if _is_json(headers.get("Content-Type")):
            headers["Content-Security-Policy"] = API_JSON_CSP


def request_max_body_size(settings: Settings) -> int:
    """The body size limit to give Litestar (`request_max_body_size`); 413 above it."""
    return settings.max_request_body_bytes
