"""Rendering the eviction-prevention letters (seed 004) from Jinja2 templates.

Pure: a payload and a date in, Swedish text out. Templates live in
`templates/`; a `.html.j2` template is autoescaped, a `.txt.j2` one is plain
text for print. `StrictUndefined` makes a missing value an error instead of a
silently blank line in a letter someone receives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bostad_common.events.eviction import LetterRequestedV1
from bostad_common.events.vocabulary import LetterKind
from notifications.formatting import swedish_date, swedish_time, swedish_weekday_date, to_stockholm

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"

# LetterRequested.letter -> template (the Swedish names of seed 004's templates).
TEMPLATES: Final[dict[LetterKind, str]] = {
    "information_letter": "informationsbrev.txt.j2",
    "home_visit_letter": "brev_infor_hembesok.txt.j2",
    "consent_form": "samtyckesblankett.txt.j2",
}
TITLES: Final[dict[LetterKind, str]] = {
    "information_letter": "Informationsbrev",
    "home_visit_letter": "Brev inför hembesök",
    "consent_form": "Samtyckesblankett",
}

DISTRICT_NAMES: Final = {
    "bromma": "Bromma",
    "skarholmen": "Skärholmen",
    "hasselby-vallingby": "Hässelby-Vällingby",
    "spanga-tensta": "Spånga-Tensta",
    "rinkeby-kista": "Rinkeby-Kista",
    "farsta": "Farsta",
    "enskede-arsta-vantor": "Enskede-Årsta-Vantör",
    "hagersten-alvsjo": "Hägersten-Älvsjö",
    "kungsholmen": "Kungsholmen",
    "norrmalm": "Norrmalm",
    "ostermalm": "Östermalm",
    "sodermalm": "Södermalm",
    "skarpnack": "Skarpnäck",
    "nacka": "Nacka",
    "vallentuna": "Vallentuna",
}


@dataclass(frozen=True)
class ConsentScope:
    code: str
    title: str
    description: str


# What the tenant may consent to, each ticked separately (seed 004: samtyckesblankett).
CONSENT_SCOPES: Final = (
    ConsentScope(
        "landlord",
        "Hyresvärden",
        "Socialtjänsten och min hyresvärd får lämna uppgifter till varandra om hyresskuld, "
        "betalningar, avbetalningsplan, störningar och annat som rör mitt hyresförhållande.",
    ),
    ConsentScope(
        "enforcement_authority",
        "Kronofogdemyndigheten",
        "Socialtjänsten och Kronofogdemyndigheten får lämna uppgifter till varandra om "
        "ansökan om avhysning, datum för avhysning och skulder som rör min bostad.",
    ),
    ConsentScope(
        "financial_assistance",
        "Ekonomiskt bistånd",
        "Vuxenenheten och enheten för ekonomiskt bistånd får lämna uppgifter till varandra "
        "om min ekonomi, min hyresskuld och min ansökan om ekonomiskt bistånd.",
    ),
)


class LetterDataMissing(ValueError):
    """The request lacks something the letter needs (e.g. a home visit without a time)."""


def make_environment(loader: BaseLoader | None = None) -> Environment:
    return Environment(
        loader=loader or FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            default_for_string=False,
            default=False,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_ENVIRONMENT = make_environment()


def district_name(district: str) -> str:
    return DISTRICT_NAMES.get(district, district.replace("-", " ").title())


def postal_code(code: str) -> str:
    """`16731` -> `167 31` (the way Swedish addresses are printed)."""
    digits = code.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 and digits.isdigit() else code


def letter_context(request: LetterRequestedV1, *, today: date) -> dict[str, Any]:
    recipient = request.recipient
    context: dict[str, Any] = {
        "case_id": request.case_id,
        "district_name": district_name(request.district),
        "letter_date": swedish_date(today),
        "recipient": {
            "name": recipient.name,
            "street": recipient.street,
            "apartment_number": recipient.apartment_number or "",
            "street_line": recipient.street
            + (f", lgh {recipient.apartment_number}" if recipient.apartment_number else ""),
            "postal_code": postal_code(recipient.postal_code),
            "city": recipient.city,
        },
        "consent_scopes": CONSENT_SCOPES,
    }
    if request.letter == "home_visit_letter":
        if request.visit_at is None:
            raise LetterDataMissing("a letter before a home visit needs visit_at")
        local = to_stockholm(request.visit_at)
        context["visit_date"] = swedish_weekday_date(local.date())
        context["visit_time"] = swedish_time(local)
    return context


def render_letter(
    request: LetterRequestedV1, *, today: date, environment: Environment | None = None
) -> str:
    """The letter's full text, ready for print."""
    env = environment or _ENVIRONMENT
    template = env.get_template(TEMPLATES[request.letter])
    return template.render(**letter_context(request, today=today))
