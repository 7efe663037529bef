"""Composing letters: which template, what it is told, and the parts around the text.

Pure: a payload, a date, a letterhead and a sender in, a `ComposedLetter` out.
The same composed letter becomes the stored text (for the API) and the PDF
(pdf.py). Templates live in `templates/` and hold only the letter's own words
(seed 004's samtyckesblankett, informationsbrev and brev inför hembesök; seed
000's two-month warning and "there is no queue"; seed 003's termination);
`StrictUndefined` makes a missing value an error instead of a blank line in a
letter someone receives.

Texts follow DOMAIN.md: for unpaid rent the tenant's right to stay by paying
within the återvinningsfrist, with the computed date when the case knows it; a
home visit is voluntary and the letter says so first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from bostad_common.events.eviction import LetterRequestedV1
from bostad_common.events.intake import HousingDecisionGrantedV1
from bostad_common.events.tenancy import RentDunningStepTakenV1
from bostad_common.events.vocabulary import LETTER_KINDS, LetterKind
from bostad_common.references import short_reference
from notifications.formatting import (
    swedish_date,
    swedish_kronor,
    swedish_time,
    swedish_weekday_date,
    to_stockholm,
)
from notifications.letters.catalogue import LETTER_SPECS, LetterSpec
from notifications.letters.letterhead import Letterhead, Sender, letterhead_for
from notifications.letters.termination import TerminationLetterRequest

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"

# LetterRequested.letter -> template and Swedish title (seed 004's three letters).
TEMPLATES: Final[dict[LetterKind, str]] = {
    kind: LETTER_SPECS[kind].template for kind in LETTER_KINDS
}
TITLES: Final[dict[LetterKind, str]] = {kind: LETTER_SPECS[kind].title for kind in LETTER_KINDS}

HOUSING_TYPES_SV: Final = {
    "social_contract": "socialt kontrakt",
    "training_apartment": "träningslägenhet",
    "trial_apartment": "försökslägenhet",
    "emergency_apartment": "jourlägenhet",
}
TERMINATION_REASONS_SV: Final = {
    "unpaid_rent": "hyran har inte betalats.",
    "disturbance": "störningar i boendet har fortsatt trots uppmaning att rätta dem.",
    "unauthorised_sublet": "lägenheten har hyrts ut i andra hand utan tillstånd.",
    "other": "hyresavtalets villkor har inte följts.",
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


@dataclass(frozen=True)
class Address:
    name: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None

    @property
    def street_line(self) -> str:
        return self.street + (f", lgh {self.apartment_number}" if self.apartment_number else "")

    @property
    def lines(self) -> tuple[str, str, str]:
        return (self.name, self.street_line, f"{postal_code(self.postal_code)} {self.city}")


@dataclass(frozen=True)
class ComposedLetter:
    kind: str
    spec: LetterSpec
    reference: str  # short, readable aloud: "KLMN-PQRS"
    reference_id: str  # the id it is about (case, lease, decision)
    case_id: str | None
    recipient: Address
    letter_date: str
    letterhead: Letterhead
    sender: Sender
    body: str  # the template's words

    @property
    def text(self) -> str:
        """The whole letter as plain text: what the PDF prints, in the same order."""
        head = [
            f"{self.letterhead.organisation}, {self.letterhead.district_name}",
            self.letterhead.unit,
            "",
            *self.recipient.lines,
            "",
            self.letter_date,
            f"Vår referens: {self.reference}",
        ]
        if self.spec.registered_post:
            head.append("REKOMMENDERAT BREV")
        return "\n".join([*head, "", "", self.body.rstrip(), "", *self.signature]) + "\n"

    @property
    def signature(self) -> list[str]:
        head = self.letterhead
        person = [self.sender.name, self.sender.title] if self.sender.name != head.unit else []
        return [
            "Med vänliga hälsningar",
            "",
            *person,
            head.unit,
            f"{head.organisation}, {head.district_name}",
            f"Telefon: {self.sender.phone}",
            f"Besöksadress: {head.visiting_address}",
            f"Postadress: {head.postal_address}",
            f"Telefontid: {head.opening_hours}",
        ]


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
    return letterhead_for(district).district_name


def postal_code(code: str) -> str:
    """`16731` -> `167 31` (the way Swedish addresses are printed)."""
    digits = code.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 and digits.isdigit() else code


def _address(model: BaseModel) -> Address:
    return Address(
        name=getattr(model, "name"),  # noqa: B009
        street=getattr(model, "street"),  # noqa: B009
        postal_code=getattr(model, "postal_code"),  # noqa: B009
        city=getattr(model, "city"),  # noqa: B009
        apartment_number=getattr(model, "apartment_number", None),
    )


def _optional_date(day: date | None) -> str | None:
    return swedish_date(day) if day else None


def _is_prose(line: str) -> bool:
    return bool(line) and not line[0].isspace() and line[0] not in "-[" and "  " not in line


def reflow(text: str) -> str:
    """Join a paragraph's hard-wrapped lines, so the PDF wraps them to its own width.

    Lists, tick boxes and aligned `Label:   value` lines keep their line breaks.
    """
    paragraphs = []
    for paragraph in text.strip("\n").split("\n\n"):
        lines = paragraph.split("\n")
        if all(_is_prose(line) for line in lines) and not paragraph.isupper():
            paragraphs.append(" ".join(line.strip() for line in lines))
        else:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs) + "\n"


def letter_kind(routing_kind: str, payload: BaseModel) -> str:
    """The stored letter kind for a routed letter: LetterRequested names its own."""
    if routing_kind == "letter":
        assert isinstance(payload, LetterRequestedV1)
        return payload.letter
    return routing_kind


def letter_parts(kind: str, payload: BaseModel) -> tuple[Address, str, str | None, dict[str, Any]]:
    """(addressee, id it is about, case id, template context) for one letter kind."""
    if isinstance(payload, LetterRequestedV1):
        context: dict[str, Any] = {
            "notice_kind": payload.notice_kind,
            "redemption_deadline": _optional_date(payload.redemption_deadline),
            "eviction_date": _optional_date(payload.eviction_date),
            "consent_scopes": CONSENT_SCOPES,
        }
        if kind == "home_visit_letter":
            if payload.visit_at is None:
                raise LetterDataMissing("a letter before a home visit needs visit_at")
            local = to_stockholm(payload.visit_at)
            context["visit_date"] = swedish_weekday_date(local.date())
            context["visit_time"] = swedish_time(local)
        return _address(payload.recipient), payload.case_id, payload.case_id, context
    if isinstance(payload, RentDunningStepTakenV1):
        context = {
            "months_unpaid": payload.months_unpaid,
            "as_of": swedish_date(payload.as_of),
            "amount": swedish_kronor(payload.amount_ore),
        }
        return _address(payload.recipient), payload.lease_id, None, context
    if isinstance(payload, HousingDecisionGrantedV1):
        if payload.letter_address is None:
            raise LetterDataMissing("the no-queue letter needs letter_address")
        context = {"housing_type": HOUSING_TYPES_SV.get(payload.housing_type, "bostad")}
        return _address(payload.letter_address), payload.application_id, None, context
    if isinstance(payload, TerminationLetterRequest):
        address = _address(payload.recipient)
        apartment = payload.apartment
        context = {
            "apartment_line": f"{address.street_line if apartment is None else apartment}",
            "end_date": swedish_date(payload.end_date),
            "reason_text": TERMINATION_REASONS_SV[payload.reason],
            "redemption_deadline": _optional_date(payload.redemption_deadline)
            if payload.reason == "unpaid_rent"
            else None,
            "copy_to_representative": payload.copy_to_representative,
        }
        return address, payload.lease_id, None, context
    raise LetterDataMissing(f"no letter for {type(payload).__name__}")


def compose_letter(
    kind: str,
    payload: BaseModel,
    *,
    today: date,
    sender: Sender | None = None,
    letterhead: Letterhead | None = None,
    environment: Environment | None = None,
) -> ComposedLetter:
    """The whole letter; raises LetterDataMissing when the payload cannot make it."""
    spec = LETTER_SPECS.get(kind)
    if spec is None:
        raise LetterDataMissing(f"unknown letter kind {kind}")
    district = str(getattr(payload, "district"))  # noqa: B009
    head = letterhead or letterhead_for(district)
    signer = sender or Sender(name=head.unit, title=head.organisation, phone=head.phone)
    recipient, reference_id, case_id, context = letter_parts(kind, payload)
    reference = short_reference(reference_id)
    env = environment or _ENVIRONMENT
    body = reflow(
        env.get_template(spec.template).render(
            **context,
            reference=reference,
            recipient={
                "name": recipient.name,
                "street_line": recipient.street_line,
                "city": recipient.city,
            },
            district_name=head.district_name,
        )
    )
    return ComposedLetter(
        kind=kind,
        spec=spec,
        reference=reference,
        reference_id=reference_id,
        case_id=case_id,
        recipient=recipient,
        letter_date=swedish_date(today),
        letterhead=head,
        sender=signer,
        body=body,
    )


def render_letter(request: LetterRequestedV1, *, today: date) -> str:
    """The full text of an eviction-prevention letter, with the district's default sender."""
    return compose_letter(request.letter, request, today=today).text
