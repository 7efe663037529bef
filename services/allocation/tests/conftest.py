"""Allocation under test: the shared fixtures of `bostad_devkit.pytest_plugin` for this service.

The real app against real PostgreSQL, Redis and (for Kafka tests, `kafka_settings`)
the real broker; tokens come from the session's development issuer, which the
service verifies over HTTP like a real provider's.
"""

from __future__ import annotations

import pytest

from allocation.app import DEFINITION
from bostad_common.service import ServiceDefinition


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    return DEFINITION
