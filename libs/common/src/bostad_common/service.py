"""The wiring every service shares: one Litestar app with its database, broker,
outbox relay, health, auth, telemetry and published API documents.

A service describes itself with a `ServiceDefinition` (its name, routes,
subscribers, migrations) and calls `create_app`. Everything here is
infrastructure; the service's domain stays in the service.

Start-up order: logging/tracing → database migrated → subscribers registered →
broker connected (retried in the background, so a service whose broker is not
up yet still starts and reports not-ready) → relay started. Shut-down reverses
it and drains the relay so nothing committed is left unpublished.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from litestar import Litestar, MediaType, Request, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.response import Response
from litestar.types import ControllerRouterHandler
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bostad_common.asyncapi import build_asyncapi, subscriptions_of
from bostad_common.auth.api_keys import ApiKeyAuthenticatorFactory
from bostad_common.db import make_engine, make_session_factory, migrate, ping
from bostad_common.http_errors import EXCEPTION_HANDLERS
from bostad_common.logging_setup import configure_logging
from bostad_common.openapi import (
    STAFF_TOKEN,
    ValueTypesSchemaPlugin,
    document_operations,
    offline_swagger_ui,
    security_schemes,
    swagger_ui_assets,
)
from bostad_common.query_parameters import refuse_unknown_query_parameters
from bostad_common.request_guard import create_request_guard
from bostad_common.settings import Settings
from bostad_common.telemetry import configure_tracing, instrument_sqlalchemy

log = logging.getLogger(__name__)


@dataclass
class ServiceContext:
    """What a running service has: handed to subscribers and background tasks."""

    name: str
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    tracer_provider: TracerProvider
    broker_connected: asyncio.Event = field(default_factory=asyncio.Event)
    relay: Any = None


SubscriberRegistration = Callable[[ServiceContext], None]
BackgroundTask = Callable[[ServiceContext], Awaitable[None]]
StartupHook = Callable[[ServiceContext], Awaitable[None]]


@dataclass
class ServiceDefinition:
    name: str  # e.g. "eviction-prevention"; also the OTel service name and the DB file name
    title: str
    default_port: int
    migrations_dir: Path
    route_handlers: Sequence[ControllerRouterHandler] = ()
    register_subscribers: SubscriberRegistration | None = None
    on_startup: Sequence[StartupHook] = ()
    background_tasks: Sequence[BackgroundTask] = ()
    # Lets external systems call with an API key (bostad_common.auth.api_keys);
    # eviction-prevention plugs in its landlord credentials here.
    api_key_authenticator: ApiKeyAuthenticatorFactory | None = None
    # The service's settings: `Settings` or a subclass with the service's own typed
    # fields, built once by `create_app` and handed down as `ServiceContext.settings`.
    settings_type: type[Settings] = Settings
    description: str = ""


@get("/health/live", exclude_from_auth=True, include_in_schema=False, sync_to_thread=False)
def live() -> dict[str, str]:
    return {"status": "live"}


@get("/health/ready", exclude_from_auth=True, include_in_schema=False)
async def ready(state: State) -> Response[dict[str, Any]]:
    ctx: ServiceContext = state.ctx
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(ping(ctx.engine), 3)
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unavailable: {type(exc).__name__}"
    try:
        broker_ok = ctx.broker_connected.is_set() and await ctx.broker.ping(timeout=3)
    except Exception:
        broker_ok = False
    checks["broker"] = "ok" if broker_ok else "unavailable"
    ok = all(value == "ok" for value in checks.values())
    return Response(
        {"status": "ready" if ok else "not ready", "service": ctx.name, "checks": checks},
        status_code=200 if ok else 503,
    )


@get("/asyncapi.json", exclude_from_auth=True, include_in_schema=False, media_type=MediaType.JSON)
async def asyncapi_document(state: State) -> Response[bytes]:
    ctx: ServiceContext = state.ctx
    return Response(asyncapi_json(ctx).encode(), media_type=MediaType.JSON)


def asyncapi_json(ctx: ServiceContext) -> str:
    """Every event the service publishes and consumes, with its payload (see asyncapi.py)."""
    document = build_asyncapi(
        service=ctx.name,
        title=f"Bostadsplattformen {ctx.name}",
        description=f"The Kafka topics {ctx.name} publishes on and consumes.",
        kafka_bootstrap=ctx.settings.kafka_bootstrap,
        subscriptions=subscriptions_of(ctx.broker),
    )
    return json.dumps(document, indent=2, sort_keys=True)


async def _connect_broker(ctx: ServiceContext) -> None:
    delay = 0.5
    while True:
        try:
            await ctx.broker.start()
            ctx.broker_connected.set()
            log.info("broker connected")
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("broker not reachable, retrying", extra={"error_type": type(exc).__name__})
            with contextlib.suppress(Exception):
                await ctx.broker.stop()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)


async def _run_forever(task: BackgroundTask, ctx: ServiceContext) -> None:
    """Background jobs must survive a failed round (DB or broker hiccup)."""
    while True:
        try:
            await task(ctx)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.error(
                "background task failed; restarting", extra={"error_type": type(exc).__name__}
            )
            await asyncio.sleep(2)


def create_app(
    definition: ServiceDefinition,
    *,
    settings: Settings | None = None,
    tracer_provider: TracerProvider | None = None,
) -> Litestar:
    settings = service_settings(definition, settings)
    configure_logging(definition.name, settings.log_level)
    provider = configure_tracing(
        definition.name, tracer_provider, export_otlp=bool(settings.otlp_endpoint)
    )
    instrument_sqlalchemy(provider)
    database_url = settings.database_url_for(definition.name)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    broker = KafkaBroker(
        settings.kafka_bootstrap,
        client_id=f"bostad-{definition.name}",
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=provider)],
        logger=logging.getLogger(f"bostad.broker.{definition.name}"),
    )
    ctx = ServiceContext(
        name=definition.name,
        settings=settings,
        engine=engine,
        sessions=sessions,
        broker=broker,
        tracer_provider=provider,
    )
    if definition.register_subscribers:
        definition.register_subscribers(ctx)

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        from bostad_common.messaging import OutboxRelay

        await migrate(engine, definition.migrations_dir)
        for hook in definition.on_startup:
            await hook(ctx)
        connector = asyncio.create_task(_connect_broker(ctx))
        ctx.relay = OutboxRelay(
            sessions,
            broker,
            interval=settings.relay_interval_seconds,
            service_name=definition.name,
        )
        await ctx.relay.start()
        background = [
            asyncio.create_task(_run_forever(task, ctx)) for task in definition.background_tasks
        ]
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            # Drain before the broker goes: what was committed must be published.
            await ctx.relay.stop(drain=ctx.broker_connected.is_set())
            left = await ctx.relay.pending_count()
            if left:
                log.warning("outbox not empty at shutdown", extra={"pending": left})
            connector.cancel()
            await asyncio.gather(connector, return_exceptions=True)
            await broker.stop()
            await engine.dispose()

    async def provide_db_session(request: Request) -> AsyncIterator[AsyncSession]:
        """One request, one unit of work, scoped to the caller's districts."""
        from bostad_common.auth.district_scope import bind_principal

        async with sessions() as session, session.begin():
            user = request.scope.get("user")
            if user is not None:
                bind_principal(session, user)
            yield session

    from bostad_common.auth.access_log import AccessLogController
    from bostad_common.auth.http_security import security_headers_hook
    from bostad_common.auth.middleware import create_auth_middleware

    api_key_authenticator = (
        definition.api_key_authenticator(ctx) if definition.api_key_authenticator else None
    )
    app = Litestar(
        route_handlers=[
            live,
            ready,
            asyncapi_document,
            swagger_ui_assets(),
            AccessLogController,
            *definition.route_handlers,
        ],
        lifespan=[lifespan],
        state=State({"ctx": ctx}),
        dependencies={"db_session": Provide(provide_db_session)},
        middleware=[
            create_auth_middleware(
                settings,
                api_key_authenticator=api_key_authenticator,
                landlord_rate_limit_per_minute=settings.landlord_requests_per_minute,
            ),
            # After authentication: an anonymous caller's body is never read.
            create_request_guard(settings.max_request_body_bytes),
        ],
        plugins=[
            OpenTelemetryPlugin(OpenTelemetryConfig(tracer_provider=provider)),
            ValueTypesSchemaPlugin(),
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_send=[security_headers_hook],
        before_request=refuse_unknown_query_parameters,
        request_max_body_size=settings.max_request_body_bytes,
        openapi_config=OpenAPIConfig(
            title=f"Bostadsplattformen {definition.title}",
            version="1.0.0",
            description=definition.description,
            path="/schema",
            components=Components(
                security_schemes=security_schemes(
                    landlords=definition.api_key_authenticator is not None
                )
            ),
            security=[{STAFF_TOKEN: []}],
            render_plugins=[offline_swagger_ui()],
        ),
        debug=False,
        # Logging is configured once, as JSON with trace ids (logging_setup); Litestar's
        # default config would add a second, plain-text handler to the root logger.
        logging_config=None,
    )
    document_operations(app)
    return app


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How the server treats forwarded headers: only from `settings.trusted_proxies`.

    Uvicorn's own default believes `X-Forwarded-For` from 127.0.0.1, so any local
    client could pick the address the landlord throttle counts (issue #8).
    """
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}


def service_settings(definition: ServiceDefinition, given: Settings | None = None) -> Settings:
    """The one settings object of a service, of its `settings_type`.

    Read from the environment when nothing is given. Given shared settings (tests
    build them field by field), the service's own fields are added from the
    environment once, here, and the given values win.
    """
    if given is None:
        return definition.settings_type()
    if isinstance(given, definition.settings_type):
        return given
    return definition.settings_type(**given.model_dump())


def run(definition: ServiceDefinition) -> None:
    """`python -m <service>`: serve on BOSTAD_HTTP_PORT (or the service's default port).

    The settings are read here, once, and the app is built from them.
    """
    import uvicorn

    settings = service_settings(definition)
    port = settings.http_port or definition.default_port
    uvicorn.run(
        create_app(definition, settings=settings),
        host=settings.http_host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=20,
        **uvicorn_options(settings),
    )
