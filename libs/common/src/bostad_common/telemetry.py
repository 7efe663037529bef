"""OpenTelemetry set-up shared by every service.

Exporters come from the standard `OTEL_*` environment variables: with
`OTEL_EXPORTER_OTLP_ENDPOINT` set, spans go over OTLP/HTTP (compose sends them
to the collector); without it nothing is exported. Tests pass their own
provider with an in-memory exporter.

Personal data never goes into span attributes: URLs carry ids only, Kafka keys
are aggregate ids, and SQL statements are recorded with bound parameters
(`?`/`$1`), never their values.
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_configured: TracerProvider | None = None


def configure_tracing(
    service_name: str, provider: TracerProvider | None = None, *, export_otlp: bool = False
) -> TracerProvider:
    """Install the process-wide tracer provider once; later calls return it.

    `export_otlp` (from `Settings.otlp_endpoint`) adds the OTLP/HTTP exporter.
    """
    global _configured
    if _configured is not None:
        return _configured
    if provider is None:
        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        if export_otlp:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = provider
    return provider


def instrument_sqlalchemy(provider: TracerProvider) -> None:
    """Trace every engine created from now on in this process (idempotent).

    Engines must be created through `sqlalchemy.ext.asyncio.create_async_engine`
    looked up at call time (see db.make_engine), which this wraps. Doing it per
    process rather than per engine matters in tests, where several services'
    engines live in one process and the instrumentor only instruments once.
    """
    # The instrumentation declares SQLAlchemy < 2.1 although the engine event hooks
    # it uses are unchanged in 2.1; tests/test_trace_end_to_end.py shows DB spans.
    instrumentor = SQLAlchemyInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(
            tracer_provider=provider, enable_commenter=False, skip_dep_check=True
        )


def current_trace_ids() -> tuple[str | None, str | None]:
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None, None
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")
