"""Wiring of the tenancy service."""

from pathlib import Path

from litestar import Litestar

from bostad_common.service import ServiceDefinition, create_app
from bostad_common.services import platform_service

DEFINITION = ServiceDefinition(
    name="tenancy",
    title="Tenancy and rent accounting",
    default_port=platform_service("tenancy").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
)


def create() -> Litestar:
    return create_app(DEFINITION)
