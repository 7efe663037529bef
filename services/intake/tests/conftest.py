"""Intake under test: the shared fixtures of `bostad_devkit.pytest_plugin` for this service.

HTTP tests run the service without a reachable broker (it retries in the
background), so they skip consumer-group joins; what would reach Kafka is read
from the outbox. `kafka_settings` runs it against the session's real broker.
"""

from __future__ import annotations

import pytest

from bostad_common.service import ServiceDefinition
from intake.app import DEFINITION


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    return DEFINITION
