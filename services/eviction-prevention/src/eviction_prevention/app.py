"""Wiring of the eviction-prevention service."""

from pathlib import Path

from litestar import Litestar

from bostad_common.service import ServiceDefinition, create_app

DEFINITION = ServiceDefinition(
    name="eviction-prevention",
    title="Eviction prevention",
    default_port=8004,
    migrations_dir=Path(__file__).parent / "migrations",
)


def create() -> Litestar:
    return create_app(DEFINITION)
