from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from intake.investigations.models import InvestigationStatus
from intake.schemas_common import Body, Text, View


class InvestigationSubmit(Body):
    """The ten points of seed 000, each an answer of its own (see `rules.POINTS`)."""

    answers: Annotated[dict[str, str], Field(max_length=20)]


class InvestigationSign(Body):
    note: Text | None = None


class InvestigationReturn(Body):
    note: Text


class AnswerRead(View):
    point: str
    question_sv: str
    answer: str


class InvestigationRead(View):
    investigation_id: str
    status: InvestigationStatus
    submitted_at: datetime
    submitted_by: str
    signed_by: str | None
    signed_at: datetime | None
    coordinator_note: str | None
    answers: list[AnswerRead]
    earlier_versions: int
