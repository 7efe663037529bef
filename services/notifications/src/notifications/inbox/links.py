"""Links to the staff portal's page for the thing a notification is about.

Paths carry ids only (never a name or a personal number) and no query string.
One table, so the portal's routes are changed in one place.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

PORTAL_PAGES: Final = {
    "case": "/eviction-prevention/cases/{id}",
    "notice": "/eviction-prevention/notices/{id}",
    "application": "/intake/applications/{id}",
    "decision": "/intake/decisions/{id}",
    "vacancy": "/allocation/vacancies/{id}",
    "round": "/allocation/rounds/{id}",
    "offer": "/allocation/offers/{id}",
    "ivo_report": "/allocation/ivo-reports/{id}",
    "lease": "/tenancy/leases/{id}",
    "complaint": "/tenancy/complaints/{id}",
    "move_out": "/tenancy/move-outs/{id}",
    "apartment": "/tenancy/apartments/{id}",
    "letter": "/letters/{id}",
}


def page(thing: str, identifier: str) -> str:
    """The portal path of one thing, e.g. `page("case", id)`."""
    return PORTAL_PAGES[thing].format(id=quote(identifier, safe=""))
