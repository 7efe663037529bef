"""The housing officer's step: when the assessment is complete, when lobbying is allowed."""

from __future__ import annotations

from datetime import datetime


def assessment_gaps(*, meetings_held: int, acceptance: str | None) -> list[dict[str, str]]:
    """Seed 000: the housing officer meets the applicant and judges the chance with landlords
    before the application is decided."""
    gaps = []
    if meetings_held == 0:
        gaps.append({"field": "meetings", "message": "hold a meeting with the applicant first"})
    if acceptance is None:
        gaps.append(
            {
                "field": "landlord_judgement",
                "message": "judge the chance of acceptance by landlords first",
            }
        )
    return gaps


def lobbying_errors(allowed: bool, consent_given_at: datetime | None) -> list[dict[str, str]]:
    """Seed 000's "lobbyingverksamhet" uses a household's story in talks with landlords:
    only with the applicant's recorded consent."""
    if allowed and consent_given_at is None:
        return [
            {
                "field": "consent_given_at",
                "message": "lobbying needs the applicant's consent: record when it was given",
            }
        ]
    return []
