"""One settings object per service, of the service's own type, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bostad_common.service import ServiceDefinition, create_app, service_settings
from bostad_common.settings import Settings


class ExampleSettings(Settings):
    example_interval_seconds: float = 60.0


DEFINITION = ServiceDefinition(
    name="example",
    title="Example",
    default_port=8099,
    migrations_dir=Path(__file__).parent,
    settings_type=ExampleSettings,
)


def test_the_service_type_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSTAD_EXAMPLE_INTERVAL_SECONDS", "5")
    monkeypatch.setenv("BOSTAD_LOG_LEVEL", "WARNING")
    settings = service_settings(DEFINITION)
    assert isinstance(settings, ExampleSettings)
    assert (settings.example_interval_seconds, settings.log_level) == (5.0, "WARNING")


def test_given_shared_settings_win_and_gain_the_service_fields(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BOSTAD_EXAMPLE_INTERVAL_SECONDS", "7")
    monkeypatch.setenv("BOSTAD_LOG_LEVEL", "WARNING")
    given = Settings(var_dir=tmp_path, log_level="DEBUG", pseudonym_key="k")  # type: ignore[arg-type]
    settings = service_settings(DEFINITION, given)
    assert isinstance(settings, ExampleSettings)
    assert settings.example_interval_seconds == 7.0
    assert (settings.log_level, settings.var_dir) == ("DEBUG", tmp_path)
    assert settings.pseudonym_key.get_secret_value() == "k"


def test_the_app_hands_the_one_object_down(tmp_path: Path) -> None:
    given = ExampleSettings(var_dir=tmp_path, kafka_bootstrap="127.0.0.1:1")
    app = create_app(DEFINITION, settings=given)
    assert app.state.ctx.settings is given


def test_the_otlp_endpoint_comes_from_opentelemetry_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert Settings().otlp_endpoint == "http://collector:4318"
