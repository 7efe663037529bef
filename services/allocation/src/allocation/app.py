"""Wiring of the allocation service."""

from pathlib import Path

from litestar import Litestar

from bostad_common.service import ServiceDefinition, create_app
from bostad_common.services import platform_service

DEFINITION = ServiceDefinition(
    name="allocation",
    title="Allocation and priority consensus",
    default_port=platform_service("allocation").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
)


def create() -> Litestar:
    return create_app(DEFINITION)
