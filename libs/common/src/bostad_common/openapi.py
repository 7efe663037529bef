"""OpenAPI schemas for the platform's value types.

Litestar builds schemas from type annotations itself, so a personal number
(validated by pydantic into `PersonalNumber`) would be documented as `{}` and
money as an object with `ore` — wrong for every integrator reading the
contract. This plugin documents them as the strings they are on the wire.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

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
