"""Error responses that name the field and never echo the input.

Litestar's default 400 for validation failures repeats the offending values;
for social-services data that can be a personal number. Here every invalid
request answers 422 with `{"detail": ..., "errors": [{"field", "message"}]}`,
which is also what CONTRACTS.md promises landlord integrators.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.status_codes import (
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
)
from pydantic import BaseModel, ValidationError

from bostad_common.domain_errors import Conflict, NotFound, NotPermitted

log = logging.getLogger(__name__)


class FieldError(BaseModel):
    """One problem with the request, named by its field or query parameter."""

    field: str  # a body field ("tenant.personal_number"), a parameter ("year") or "body"
    message: str


class ErrorBody(BaseModel):
    """Every error answer: 4xx and 5xx alike; `errors` on 400 and 422."""

    status_code: int
    detail: str
    errors: list[FieldError] | None = None


# Litestar's message for a missing parameter; only the parameter's name is kept
# (the rest of the message quotes the request path).
_MISSING_PARAMETER = re.compile(
    r"^Missing required (?P<kind>query|header|cookie|path) parameter "
    r"'(?P<name>[A-Za-z0-9_.-]{1,64})'"
)


class FieldErrors(Exception):
    """Raised by domain code to answer 422 with named fields."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("invalid input")
        self.errors = errors


def pydantic_field_errors(error: ValidationError) -> list[dict[str, str]]:
    result = []
    for item in error.errors(include_input=False, include_url=False):
        field = ".".join(str(part) for part in item.get("loc", ())) or "body"
        result.append({"field": field, "message": str(item.get("msg", "invalid"))})
    return result


def _field_errors_from_litestar(exc: ValidationException) -> list[dict[str, str]]:
    extra: Any = exc.extra
    errors: list[dict[str, str]] = []
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict):
                errors.append(
                    {
                        "field": str(item.get("key") or "body"),
                        "message": str(item.get("message") or "invalid"),
                    }
                )
    missing = _MISSING_PARAMETER.match(str(exc.detail or ""))
    if not errors and missing:
        errors.append(
            {
                "field": missing["name"],
                "message": f"required {missing['kind']} parameter is missing",
            }
        )
    if not errors:
        errors.append(
            {"field": "body", "message": "request body is not valid JSON of the expected shape"}
        )
    return errors


def _problem(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> Response:
    content: dict[str, Any] = {"status_code": status, "detail": detail}
    if errors is not None:
        content["errors"] = errors
    return Response(content=content, status_code=status, media_type="application/json")


def validation_exception_handler(_: Request, exc: ValidationException) -> Response:
    return _problem(
        HTTP_422_UNPROCESSABLE_ENTITY, "invalid input", _field_errors_from_litestar(exc)
    )


def pydantic_exception_handler(_: Request, exc: ValidationError) -> Response:
    return _problem(HTTP_422_UNPROCESSABLE_ENTITY, "invalid input", pydantic_field_errors(exc))


def field_errors_handler(_: Request, exc: FieldErrors) -> Response:
    return _problem(HTTP_422_UNPROCESSABLE_ENTITY, "invalid input", exc.errors)


def http_exception_handler(_: Request, exc: HTTPException) -> Response:
    if isinstance(exc.__cause__, SerializationException):
        # The decoder's message names the position, not the content.
        message = f"request body is not valid JSON: {exc.detail}"
        return _problem(exc.status_code, message, [{"field": "body", "message": message}])
    response = _problem(exc.status_code, exc.detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def internal_error_handler(_: Request, exc: Exception) -> Response:
    # The exception text may quote data; log its type only with the trace id.
    log.error("unhandled error", extra={"error_type": type(exc).__name__})
    return _problem(HTTP_500_INTERNAL_SERVER_ERROR, "internal error")


def district_forbidden_handler(_: Request, exc: Exception) -> Response:
    # Writing into another district's data: the caller named the district itself,
    # so saying "not allowed" leaks nothing (reads across districts answer 404).
    return _problem(HTTP_403_FORBIDDEN, "not allowed for this district")


def not_found_handler(_: Request, exc: NotFound) -> Response:
    return _problem(HTTP_404_NOT_FOUND, exc.what)


def not_permitted_handler(_: Request, exc: NotPermitted) -> Response:
    return _problem(HTTP_403_FORBIDDEN, exc.reason)


def conflict_handler(_: Request, exc: Conflict) -> Response:
    return _problem(HTTP_409_CONFLICT, exc.reason)


def _district_exception_handlers() -> dict[type[Exception], Any]:
    from bostad_common.auth.district_scope import DistrictForbidden

    return {DistrictForbidden: district_forbidden_handler}


EXCEPTION_HANDLERS = {
    **_district_exception_handlers(),
    ValidationException: validation_exception_handler,
    ValidationError: pydantic_exception_handler,
    FieldErrors: field_errors_handler,
    NotFound: not_found_handler,
    NotPermitted: not_permitted_handler,
    Conflict: conflict_handler,
    HTTPException: http_exception_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: internal_error_handler,
}
