"""The ten points the investigation must cover (seed 000, "Utredningen skall belysa").

Each point is a required answer of its own; an investigation with a point
missing or blank is not sent on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# code -> the seed's own words
POINTS: Final[dict[str, str]] = {
    "current_housing": (
        "hur den bostadssökande bor idag (skall vara bostadslös eller ha icke godkänt "
        "andrahandskontrakt)"
    ),
    "housing_as_precondition": (
        "på vilket sätt bostadsbehovet är en förutsättning för klienten att nå ett mål, "
        "d.v.s. är en del av en handlingsplan"
    ),
    "desired_changes": "vilka förändringar i bostadsförhållandet den bostadssökande vill uppnå",
    "area_and_type_reasons": (
        "vilka skäl den bostadssökande har för att bo i ett visst område eller i en viss "
        "typ av lägenhet"
    ),
    "earlier_attempts": "hur den bostadssökande tidigare har försökt att lösa sitt bostadsproblem",
    "other_ways": (
        "om den bostadssökande kan få lägenhet på annat sätt, t.ex. genom annan förmedling, "
        "byte, andrahandslägenhet eller studentbostad"
    ),
    "availability_in_area": "om önskad bostad faktiskt finns i det befintliga bostadsområdet",
    "can_live_independently": "om den bostadssökande klarar av att bo på egen hand",
    "debts": "om den bostadssökande har boenderelaterade eller andra skulder",
    "means_of_support": "nuvarande försörjningsform",
}
POINT_CODES: Final[tuple[str, ...]] = tuple(POINTS)


def missing_points(answers: Mapping[str, str | None]) -> list[str]:
    """Points without a non-blank answer, in the seed's order."""
    return [code for code in POINT_CODES if not (answers.get(code) or "").strip()]


def answer_errors(answers: Mapping[str, str | None]) -> list[dict[str, str]]:
    errors = [
        {"field": f"answers.{code}", "message": "required: " + POINTS[code]}
        for code in missing_points(answers)
    ]
    errors += [
        {"field": f"answers.{code}", "message": "not one of the ten points of the investigation"}
        for code in answers
        if code not in POINTS
    ]
    return errors
