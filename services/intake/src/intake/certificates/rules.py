"""Certificates (intyg), seed 000: "Social orsaker ... kan intygas av socialsekreterare,
kurator e t c, medicinska av läkare"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final, Literal

IssuerRole = Literal["doctor", "social_worker", "counsellor"]

GROUNDS_BY_ISSUER: Final[dict[str, str]] = {
    "doctor": "medical",  # läkare
    "social_worker": "social",  # socialsekreterare
    "counsellor": "social",  # kurator
}


def grounds_for(issuer_role: str) -> str:
    return GROUNDS_BY_ISSUER[issuer_role]


def is_stale(issued_on: date, *, today: date, max_age_days: int) -> bool:
    """A certificate older than the district's limit no longer proves today's need."""
    return today - issued_on > timedelta(days=max_age_days)


def issued_on_errors(issued_on: date, *, today: date) -> list[dict[str, str]]:
    if issued_on > today:
        return [{"field": "issued_on", "message": "a certificate cannot be dated after today"}]
    return []
