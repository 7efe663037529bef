"""What every service's OpenAPI document says beyond its handlers' types.

* Value types: Litestar builds schemas from type annotations itself, so a
  personal number (validated by pydantic into `PersonalNumber`) would be
  documented as `{}` and money as an object with `ore` — wrong for every
  integrator reading the contract. `ValueTypesSchemaPlugin` documents them as
  the strings they are on the wire.
* Security schemes (staff token, landlord credential) and the error answers
  each operation really gives, in the `ErrorBody` shape of `http_errors`.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Router
from litestar.enums import ParamType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Reference, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.typing import FieldDefinition

from bostad_common.http_errors import ErrorBody
from bostad_common.money import Money
from bostad_common.personnummer import PersonalNumber


class ValueTypesSchemaPlugin(OpenAPISchemaPlugin):
    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value in (PersonalNumber, Money)

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        if field_definition.annotation is PersonalNumber:
            return Schema(
                type=OpenAPIType.STRING,
                pattern=r"^(\d{2})?\d{6}[-+]?\d{4}$",
                description=(
                    "Swedish personal identity number or coordination number "
                    "(YYYYMMDD-NNNN preferred); date and check digit are validated"
                ),
                examples=["19121212-1212"],
            )
        return Schema(
            type=OpenAPIType.STRING,
            pattern=r"^\d+(\.\d{1,2})?$",
            description="Amount in SEK as a decimal string with at most two decimals",
            examples=["12450.00"],
        )


# ---------------------------------------------------------------- the contract

STAFF_TOKEN = "staffToken"  # noqa: S105 - the name of a security scheme
LANDLORD_CREDENTIAL = "landlordCredential"

#: Put on a landlord endpoint: `@post(..., security=LANDLORD_ONLY)`.
LANDLORD_ONLY: list[dict[str, list[str]]] = [{LANDLORD_CREDENTIAL: []}]
#: An endpoint both landlords (their own data) and staff may call.
LANDLORD_OR_STAFF: list[dict[str, list[str]]] = [{LANDLORD_CREDENTIAL: []}, {STAFF_TOKEN: []}]


def security_schemes(*, landlords: bool) -> dict[str, SecurityScheme | Reference]:
    """Both go in `Authorization: Bearer`: a JWT is a staff token, anything else a
    landlord credential (`bostad_common.auth.middleware`)."""
    schemes: dict[str, SecurityScheme | Reference] = {
        STAFF_TOKEN: SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="JWT",
            description=(
                "A staff member's OIDC access token (the municipality's identity provider); "
                "its roles and districts decide what the caller may read and change."
            ),
        )
    }
    if landlords:
        schemes[LANDLORD_CREDENTIAL] = SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="opaque",
            description=(
                "The credential a landlord system was issued at registration "
                "(`/api/v1/admin/landlords`); failed attempts and requests per minute "
                "are limited (429 with Retry-After)."
            ),
        )
    return schemes


def error_response(description: str) -> ResponseSpec:
    """An error answer an operation really gives, e.g. `responses={409: error_response(...)}`."""
    return ResponseSpec(data_container=ErrorBody, description=description, generate_examples=False)


_GENERIC_ERRORS: dict[int, str] = {
    400: (
        "Malformed request: the body is not valid JSON, or the path or query holds "
        "invalid UTF-8 or NUL"
    ),
    401: "No credential, or an invalid or expired one (WWW-Authenticate: Bearer)",
    403: "The caller's role lacks the permission, or the caller does not work in the district",
    404: "Not found, or in a district the caller does not work in",
    422: "Invalid input: each entry of `errors` names the field or query parameter",
    429: "Too many requests or failed attempts; retry after the Retry-After seconds",
}


def document_operations(app: Litestar) -> None:
    """Give every documented operation the error answers it really gives.

    Before the schema is built: 401 on every operation (all of them need a
    credential), 403 where a guard checks a permission, 404 where the path
    names a resource, 400 and 422 everywhere, 429 on landlord endpoints. After:
    422 is dropped where there is neither a body nor a query parameter. 400
    stays everywhere: the request guard (`request_guard.py`) refuses invalid
    UTF-8 and NUL in any path or query. What only some operations give (409)
    each declares itself with `error_response`.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler, _ in route.route_handler_map.values():
            if not handler.resolve_include_in_schema():
                continue
            codes = [401, 400, 422]
            if handler.resolve_guards():
                codes.append(403)
            if route.path_parameters:
                codes.append(404)
            if any(LANDLORD_CREDENTIAL in requirement for requirement in handler.security or ()):
                codes.append(429)
            responses = dict(handler.responses or {})
            for code in codes:
                responses.setdefault(code, error_response(_GENERIC_ERRORS[code]))
            handler.responses = responses
    openapi = app.openapi_schema
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            if operation is None or operation.responses is None:
                continue
            has_query = any(
                getattr(parameter, "param_in", None) == ParamType.QUERY
                for parameter in operation.parameters or ()
            )
            if operation.request_body is None and not has_query:
                operation.responses.pop("422", None)


# ------------------------------------------------- the documentation page, offline

SWAGGER_ASSETS_PATH = "/schema/assets"


def swagger_ui_assets() -> Router:
    """Swagger UI's JS and CSS from the `swagger-ui-bundle` package: the page at /schema
    works with no internet (municipal networks often have none to a CDN)."""
    import swagger_ui_bundle

    return create_static_files_router(
        path=SWAGGER_ASSETS_PATH,
        directories=[swagger_ui_bundle.swagger_ui_path],
        include_in_schema=False,
        opt={"exclude_from_auth": True},
    )


def offline_swagger_ui() -> SwaggerRenderPlugin:
    return SwaggerRenderPlugin(
        js_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' href='{SWAGGER_ASSETS_PATH}/favicon-32x32.png'>",
        path="/",
    )
