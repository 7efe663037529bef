"""Structured JSON logs with trace and span ids.

Log records carry ids and codes, never personal data. As a last line of
defence a filter masks anything shaped like a personal identity number, so a
careless f-string cannot put one in the log.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from bostad_common.personnummer import PERSONAL_NUMBER_PATTERN, mask_personal_numbers
from bostad_common.telemetry import current_trace_ids


class TraceContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.trace_id, record.span_id = current_trace_ids()
        return True


class PersonalNumberMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if PERSONAL_NUMBER_PATTERN.search(message):
            record.msg = mask_personal_numbers(message, "[personnummer]")
            record.args = None
        return True


def configure_logging(service_name: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(span_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service_name},
        )
    )
    handler.addFilter(TraceContextFilter())
    handler.addFilter(PersonalNumberMaskingFilter())
    handler.set_name("bostad-json")
    root = logging.getLogger()
    # Replace only our own handler: a second app in one process (tests) must not
    # remove handlers others installed, such as the suite's leak scanner.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "bostad-json"]
    root.addHandler(handler)
    root.setLevel(level)
    # aiokafka is chatty at INFO about group rebalances; keep warnings.
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    # FastStream's own logger writes plain coloured text to stderr and does not
    # propagate: its lines would bypass the JSON format, the trace ids and the
    # personal-number mask. Route it through the root handler like everything else.
    faststream_logger = logging.getLogger("faststream")
    faststream_logger.handlers.clear()
    faststream_logger.propagate = True
