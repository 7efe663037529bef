"""Finds personal identity numbers in what the platform emits (logs and spans).

The test suite installs `TelemetryCapture` for the whole session and fails any
test during which a log record or an exported span carried something that
passes as a personal number (shape + check digit). Log records are scanned
before the masking filter runs, so code that relies on the mask still fails.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from bostad_common.personnummer import contains_personal_number

# Machine ids are never personal numbers, but about one UUID in 5 000 ends in ten
# digits that pass for a coordination number (Luhn, month, day + 60), and trace
# and span ids are long hex runs too. They are removed before scanning, or a
# suite that emits thousands of ids fails at random.
_MACHINE_IDS = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?![0-9A-Za-z])"
)


def carries_personal_number(text: str) -> bool:
    return contains_personal_number(_MACHINE_IDS.sub(" ", text))


@dataclass(frozen=True)
class Leak:
    where: str  # "log" or "span"
    origin: str  # logger name or span name; never the value itself


class _CapturingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.records.append(record)


def _texts_of_record(record: logging.LogRecord) -> Iterable[str]:
    try:
        yield record.getMessage()
    except Exception:
        yield str(record.msg)
    for key, value in record.__dict__.items():
        if key not in logging.LogRecord("", 0, "", 0, "", None, None).__dict__:
            yield str(value)
    if record.exc_text:
        yield record.exc_text


def _texts_of_span(span: ReadableSpan) -> Iterable[str]:
    yield span.name
    for value in (span.attributes or {}).values():
        yield str(value)
    for event in span.events:
        yield event.name
        for value in (event.attributes or {}).values():
            yield str(value)
    if span.status and span.status.description:
        yield span.status.description


class TelemetryCapture:
    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.handler = _CapturingHandler()
        self._log_mark = 0
        self._span_mark = 0

    def install(self, provider: TracerProvider) -> None:
        provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        root = logging.getLogger()
        if self.handler not in root.handlers:
            root.addHandler(self.handler)

    def ensure_log_handler(self) -> None:
        # configure_logging() replaces the root handlers; put ours back.
        root = logging.getLogger()
        if self.handler not in root.handlers:
            root.addHandler(self.handler)

    def spans(self) -> Sequence[ReadableSpan]:
        return self.exporter.get_finished_spans()

    def mark(self) -> None:
        self._log_mark = len(self.handler.records)
        self._span_mark = len(self.spans())

    def leaks_since_mark(self) -> list[Leak]:
        leaks: list[Leak] = []
        for record in self.handler.records[self._log_mark :]:
            if any(carries_personal_number(text) for text in _texts_of_record(record)):
                leaks.append(Leak("log", record.name))
        for span in list(self.spans())[self._span_mark :]:
            if any(carries_personal_number(text) for text in _texts_of_span(span)):
                leaks.append(Leak("span", span.name))
        return leaks


def scan_text_lines(lines: Iterable[str]) -> int:
    """How many lines of a log file carry a personal number (for subprocess logs)."""
    return sum(1 for line in lines if carries_personal_number(line))


def span_attribute_values(spans: Sequence[ReadableSpan]) -> list[Any]:
    return [value for span in spans for value in (span.attributes or {}).values()]
