"""The district's letterhead and who signs a letter: what the reader needs to reach us.

Every letter carries the district's name, the unit, the visiting and postal
address and a phone number, and the sender's name and phone. Real values are
configuration (`BOSTAD_LETTERHEADS`, JSON per district); the defaults below are
fictional and exist so that `./bostad up` prints complete letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel


class Letterhead(BaseModel):
    district_name: str
    organisation: str = "Socialtjänsten"
    unit: str = "Individ- och familjeomsorgen"
    visiting_address: str
    postal_address: str
    phone: str  # the unit's reception, printed when the sender has no phone of their own
    opening_hours: str = "måndag-fredag kl. 8.00-16.30"
    website: str = ""


# Fictional demo values (PTS's range for fiction is not used: these are placeholders
# and must be replaced per district in production).
DEMO_LETTERHEADS: Final[dict[str, Letterhead]] = {
    "bromma": Letterhead(
        district_name="Bromma",
        visiting_address="Exempelvägen 10, Bromma",
        postal_address="Box 100, 161 00 Bromma",
        phone="08-100 100 00",
    ),
    "skarholmen": Letterhead(
        district_name="Skärholmen",
        visiting_address="Provgatan 5, Skärholmen",
        postal_address="Box 200, 127 00 Skärholmen",
        phone="08-200 200 00",
    ),
}


def letterhead_for(district: str, configured: dict[str, Letterhead] | None = None) -> Letterhead:
    """The configured letterhead, the demo one, or a plain one named after the district."""
    for table in (configured or {}, DEMO_LETTERHEADS):
        if district in table:
            return table[district]
    name = district.replace("-", " ").title()
    return Letterhead(
        district_name=name, visiting_address=name, postal_address=name, phone="(saknas)"
    )


@dataclass(frozen=True)
class Sender:
    """Who signs: a named person when the case has one, else the unit."""

    name: str
    title: str
    phone: str
