"""Wiring of the intake service."""

from pathlib import Path

from litestar import Litestar

from bostad_common.service import ServiceDefinition, create_app

DEFINITION = ServiceDefinition(
    name="intake",
    title="Intake and investigation",
    default_port=8001,
    migrations_dir=Path(__file__).parent / "migrations",
)


def create() -> Litestar:
    return create_app(DEFINITION)
