"""Settings read from the environment, in one place.

Every service reads the same `BOSTAD_*` variables; a service's own defaults (its
port, its database file) are passed in by the service, never hard-coded here.
A service with settings of its own subclasses `Settings` and names the subclass
in its `ServiceDefinition.settings_type`; `create_app` builds that object once
at start-up and hands it down as `ServiceContext.settings`. Nothing else reads
the environment: code that needs a setting is given the settings object.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[4]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore", populate_by_name=True)

    environment: str = Field("development", description="development | test | production")
    service_name: str = "bostad"
    http_host: str = "127.0.0.1"
    # Empty means the service's default port (bostad_common.services).
    http_port: int | None = None
    # Empty means "the service's embedded default" (an SQLite file under var/).
    database_url: str = ""
    kafka_bootstrap: str = "127.0.0.1:9092"
    # Empty means an in-process store (embedded default); production sets a redis:// URL.
    redis_url: str = ""
    var_dir: Path = REPO_ROOT / "var"

    oidc_issuer: str = "http://127.0.0.1:8000/dev-issuer"
    oidc_audience: str = "bostadsplattformen"
    # Where the issuer publishes its signing keys; empty means `<issuer>/jwks.json`.
    oidc_jwks_url: str = ""

    # Key for pseudonymising personal numbers in the access log and in events to
    # other services. Production must set it; the development value is public.
    pseudonym_key: SecretStr = SecretStr("development-only-pseudonym-key")

    # Per landlord over HTTP; batches of a month's notices belong on the Kafka topic.
    landlord_requests_per_minute: int = 600
    relay_interval_seconds: float = 0.5
    consumer_max_attempts: int = 5
    # Consumer-group liveness (aiokafka's defaults): a member that stops heartbeating
    # leaves its group after the session timeout. The test suite shortens both, since a
    # restarted consumer waits out the previous member (NOTES: "Tansu consumer groups").
    consumer_session_timeout_ms: int = 10_000
    consumer_heartbeat_interval_ms: int = 3_000
    max_request_body_bytes: int = 256 * 1024
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For/-Proto is
    # believed, comma-separated; empty = none, the socket's peer is the client.
    # Anything else lets a client choose its own address and dodge the throttle.
    trusted_proxies: str = ""
    log_level: str = "INFO"
    # BOSTAD_DEMO_DATA=1: each service loads its demo data at start-up (idempotent);
    # `./bostad up` sets it, production never does.
    demo_data: bool = False
    # Whether the development issuer's demo users go into the staff directory at
    # start-up (services that keep one: notifications, eviction-prevention's copy).
    # Unset: with the demo data or in development (see `seeds_demo_directory`).
    seed_demo_directory: bool | None = None
    # OpenTelemetry's own variables (no BOSTAD_ prefix): spans are exported over
    # OTLP/HTTP when either is set; the exporter reads the rest of its variables itself.
    otlp_endpoint: str = Field(
        "",
        validation_alias=AliasChoices(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"
        ),
    )

    def seeds_demo_directory(self) -> bool:
        """Whether the demo users go into the staff directory at start-up: as asked,
        else with the demo data (BOSTAD_DEMO_DATA) or in development."""
        if self.seed_demo_directory is not None:
            return self.seed_demo_directory
        return self.demo_data or self.environment == "development"

    @property
    def jwks_url(self) -> str:
        return self.oidc_jwks_url or f"{self.oidc_issuer.rstrip('/')}/jwks.json"

    def database_url_for(self, service: str) -> str:
        if self.database_url:
            return self.database_url
        from bostad_common.db import private_sqlite_file

        self.var_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.var_dir.chmod(0o700)  # also when an older run created it open
        database = private_sqlite_file(embedded_database_path(self.var_dir, service))
        return f"sqlite+aiosqlite:///{database}"


def embedded_database_path(var_dir: Path, service: str) -> Path:
    """The SQLite file of `service` in the embedded default (`./bostad up` reads it too)."""
    return var_dir / f"{service}.db"


@lru_cache
def get_settings() -> Settings:
    return Settings()


S = TypeVar("S", bound=Settings)


class HasSettings(Protocol):
    """What a service hands its subscribers and tasks (`ServiceContext`, or a test's stand-in)."""

    settings: Settings


def settings_as(ctx: HasSettings, settings_type: type[S]) -> S:
    """A service's settings back with their own type.

    `create_app` builds every service's settings as its definition's
    `settings_type`; this gives a subscriber or background task the typed
    object (and fails loudly if a test built the context by hand without it).
    """
    if not isinstance(ctx.settings, settings_type):
        raise TypeError(f"this service runs with {settings_type.__name__} (its settings_type)")
    return ctx.settings
