"""Everything the services log goes out as JSON through one handler, masked."""

from __future__ import annotations

import io
import json
import logging

from bostad_common.logging_setup import configure_logging


def _json_handler() -> logging.Handler:
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "bostad-json"]
    return handler


def test_faststream_lines_go_through_the_json_handler() -> None:
    import faststream  # noqa: F401 - installs its own coloured handler at import

    configure_logging("test-service")
    stream = io.StringIO()
    handler = _json_handler()
    original = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("faststream").info("consumer started")
    finally:
        handler.setStream(original)  # type: ignore[attr-defined]
    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == "consumer started"
    assert record["service"] == "test-service"
    assert not logging.getLogger("faststream").handlers


def test_the_json_handler_masks_personal_numbers() -> None:
    configure_logging("test-service")
    stream = io.StringIO()
    handler = _json_handler()
    original = handler.setStream(stream)  # type: ignore[attr-defined]
    # A logger that does not reach the suite's leak scanner: this test logs a
    # number on purpose to show the mask, the scanner would (rightly) fail it.
    careless = logging.getLogger("careless")
    careless.propagate = False
    careless.addHandler(handler)
    try:
        careless.warning("looked up %s", "19121212-1212")
    finally:
        careless.removeHandler(handler)
        handler.setStream(original)  # type: ignore[attr-defined]
    assert "1212-1212" not in stream.getvalue()
    assert "[personnummer]" in stream.getvalue()
