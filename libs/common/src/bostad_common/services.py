"""The platform's services, in one place: what each is called, its package, its port.

Everything that walks over "every service" (the runner, the API-document export,
the suite's per-service tests) reads this list; each service's `ServiceDefinition`
takes its name and default port from here. Upstream first: that is also the order
in which `./bostad up` stops them, so a service's consumers still run while the
services that feed them drain their outboxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class PlatformService:
    name: str  # as the service calls itself: DB file var/<name>.db, topic <name>.events.v1
    package: str  # the Python package: `python -m <package>`
    default_port: int

    @property
    def port_variable(self) -> str:
        """The variable that moves it to another port in the embedded default."""
        return f"BOSTAD_{self.name.upper().replace('-', '_')}_PORT"


PLATFORM_SERVICES: Final[tuple[PlatformService, ...]] = (
    PlatformService("intake", "intake", 8001),
    PlatformService("allocation", "allocation", 8002),
    PlatformService("tenancy", "tenancy", 8003),
    PlatformService("eviction-prevention", "eviction_prevention", 8004),
    PlatformService("notifications", "notifications", 8005),
)

SERVICE_NAMES: Final[tuple[str, ...]] = tuple(service.name for service in PLATFORM_SERVICES)
SERVICE_PACKAGES: Final[tuple[str, ...]] = tuple(s.package for s in PLATFORM_SERVICES)


def platform_service(name: str) -> PlatformService:
    """The service called `name` (e.g. "eviction-prevention"); KeyError if there is none."""
    for service in PLATFORM_SERVICES:
        if service.name == name:
            return service
    raise KeyError(name)
