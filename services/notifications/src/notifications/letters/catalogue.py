"""The letters notifications can write, by routing kind: their Swedish title.

`letter` is eviction-prevention's LetterRequested (its `letter` field picks the
template, see render.py); the others are letters this service writes on its own
from another service's event.
"""

from __future__ import annotations

from typing import Final

LETTERS: Final[dict[str, str]] = {
    "letter": "Brev från socialtjänsten",
    "rent_warning_letter": "Varning om obetald hyra",
    "no_queue_letter": "Information om väntetid för bostad",
}
