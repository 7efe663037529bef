"""Ports, paths and the environment of the embedded default.

Every command that touches the embedded platform (`up`, `token`, `landlord add`,
`dlq replay`) builds its environment here, from the same variables, so a
`./bostad token` in one terminal signs with the key that the `./bostad up` in
another one serves, and `./bostad landlord add` writes into the database the
running eviction-prevention service reads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bostad_common.services import PLATFORM_SERVICES, PlatformService

ROOT = Path(__file__).resolve().parents[2]


# The services, upstream first (bostad_common.services, the one list): this is also
# the stop order, so a service's consumers are still running while the services
# that feed them drain their outboxes.
ServiceSpec = PlatformService
SERVICES: tuple[ServiceSpec, ...] = PLATFORM_SERVICES
# Landlords are registered in its database (`./bostad landlord add`).
EVICTION_PREVENTION = next(spec for spec in SERVICES if spec.name == "eviction-prevention")
# Payment files are booked in its database (`./bostad payments import`).
TENANCY = next(spec for spec in SERVICES if spec.name == "tenancy")

BROKER_PORT_VARIABLE = "BOSTAD_BROKER_PORT"
ISSUER_PORT_VARIABLE = "BOSTAD_ISSUER_PORT"
DEFAULT_BROKER_PORT = 9092
DEFAULT_ISSUER_PORT = 8000
ISSUER_PATH = "/dev-issuer"
HOST = "127.0.0.1"

# Module paths of the CLIs that the runner hands over to.
DEV_ISSUER_MODULE = "bostad_devkit.dev_issuer"
LANDLORD_CLI_MODULE = "eviction_prevention.cli"
PAYMENTS_CLI_MODULE = "tenancy.cli"
DLQ_CLI_MODULE = "bostad_common.messaging.dlq_cli"


class ConfigError(Exception):
    """A setting in the environment that cannot be used; the message says which."""


def _port(env: Mapping[str, str], variable: str, default: int) -> int:
    raw = env.get(variable, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{variable}={raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"{variable}={port} is outside 1-65535")
    return port


@dataclass(frozen=True)
class Embedded:
    """Where the embedded default runs: ports and the var/ directory."""

    var_dir: Path
    broker_port: int
    issuer_port: int
    service_ports: dict[str, int]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Embedded:
        env = os.environ if env is None else env
        raw_var = env.get("BOSTAD_VAR_DIR", "").strip()
        var_dir = Path(raw_var).expanduser() if raw_var else ROOT / "var"
        if not var_dir.is_absolute():
            var_dir = Path.cwd() / var_dir
        embedded = cls(
            var_dir=var_dir.resolve(),
            broker_port=_port(env, BROKER_PORT_VARIABLE, DEFAULT_BROKER_PORT),
            issuer_port=_port(env, ISSUER_PORT_VARIABLE, DEFAULT_ISSUER_PORT),
            service_ports={
                spec.name: _port(env, spec.port_variable, spec.default_port) for spec in SERVICES
            },
        )
        embedded.check_distinct_ports()
        return embedded

    def check_distinct_ports(self) -> None:
        seen: dict[int, str] = {}
        for label, port in self.ports():
            if port in seen:
                raise ConfigError(f"{label} and {seen[port]} are both set to port {port}")
            seen[port] = label

    def ports(self) -> list[tuple[str, int]]:
        """(label, port) of everything `up` listens on, labelled with the variable to change."""
        return [
            (f"the broker ({BROKER_PORT_VARIABLE})", self.broker_port),
            (f"the development issuer ({ISSUER_PORT_VARIABLE})", self.issuer_port),
            *(
                (f"{spec.name} ({spec.port_variable})", self.service_ports[spec.name])
                for spec in SERVICES
            ),
        ]

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"

    @property
    def run_dir(self) -> Path:
        return self.var_dir / "run"

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.broker_port}"

    @property
    def issuer_url(self) -> str:
        return f"http://{HOST}:{self.issuer_port}{ISSUER_PATH}"

    def service_url(self, spec: ServiceSpec) -> str:
        return f"http://{HOST}:{self.service_ports[spec.name]}"

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of every embedded process and of the CLIs run against it.

        The embedded default is self-contained: settings meant for production
        (a database URL, an outside OIDC issuer) are overridden, not inherited.
        """
        env = dict(os.environ if base is None else base)
        env.update(
            {
                "BOSTAD_ENVIRONMENT": "development",
                "BOSTAD_VAR_DIR": str(self.var_dir),
                "BOSTAD_DATABASE_URL": "",  # each service: SQLite file var/<service>.db
                "BOSTAD_KAFKA_BOOTSTRAP": self.bootstrap,
                "BOSTAD_OIDC_ISSUER": self.issuer_url,
                "BOSTAD_OIDC_JWKS_URL": "",  # derived from the issuer: <issuer>/jwks.json
                "BOSTAD_TRUSTED_PROXIES": "",  # no proxy in front: X-Forwarded-For ignored
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("BOSTAD_HTTP_PORT", None)
        return env

    def service_environment(
        self, spec: ServiceSpec, base: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        env = self.environment(base)
        env.update(
            {
                "BOSTAD_HTTP_PORT": str(self.service_ports[spec.name]),
                "BOSTAD_DEMO_DATA": "1",
                "OTEL_SERVICE_NAME": spec.name,
            }
        )
        return env
