"""Wiring of the notifications service."""

from pathlib import Path

from litestar import Litestar

from bostad_common.service import ServiceDefinition, create_app

DEFINITION = ServiceDefinition(
    name="notifications",
    title="Notifications",
    default_port=8005,
    migrations_dir=Path(__file__).parent / "migrations",
)


def create() -> Litestar:
    return create_app(DEFINITION)
