"""Every letter notifications writes: its Swedish title, template, and how it is posted.

Routing names a letter by its routing kind (`rules.py`): `letter` is
eviction-prevention's LetterRequested, whose `letter` field picks one of the
three seed 004 letters; the others are letters this service writes from
another service's event (or, for the termination, from a staff request).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from bostad_common.events.vocabulary import LetterKind

# Every letter this service writes: eviction-prevention's three (the contract's
# `LetterKind`) and the ones it writes from other services' events or requests.
NotificationLetterKind = Literal[
    LetterKind, "rent_warning_letter", "no_queue_letter", "termination_letter"
]


@dataclass(frozen=True)
class LetterSpec:
    title: str
    template: str
    registered_post: bool = False  # seed 003: a termination goes by rekommenderad post


LETTER_SPECS: Final[dict[NotificationLetterKind, LetterSpec]] = {
    "information_letter": LetterSpec("Informationsbrev", "informationsbrev.txt.j2"),
    "home_visit_letter": LetterSpec("Brev inför hembesök", "brev_infor_hembesok.txt.j2"),
    "consent_form": LetterSpec("Samtyckesblankett", "samtyckesblankett.txt.j2"),
    "rent_warning_letter": LetterSpec("Varning om obetald hyra", "varning_obetald_hyra.txt.j2"),
    "no_queue_letter": LetterSpec("Information om väntetiden", "ingen_ko.txt.j2"),
    "termination_letter": LetterSpec(
        "Uppsägning av andrahandskontrakt", "uppsagning.txt.j2", registered_post=True
    ),
}

# Routing kinds that make a letter (validated against the rules).
LetterRoutingKind = Literal["letter", "rent_warning_letter", "no_queue_letter"]
LETTERS: Final[dict[LetterRoutingKind, str]] = {
    "letter": "Brev från socialtjänsten (informationsbrev, hembesök, samtycke)",
    "rent_warning_letter": LETTER_SPECS["rent_warning_letter"].title,
    "no_queue_letter": LETTER_SPECS["no_queue_letter"].title,
}
