"""The Swedish texts of in-app notifications, built from ids, codes and dates only.

A notification says what happened and where to read more; the case itself is
read in the portal, where access is checked and logged. No names, no personal
numbers, no addresses: the case is referred to by its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel

from bostad_common.events.vocabulary import NoticeKind, OutcomeCode, Track
from notifications.formatting import swedish_date, swedish_datetime

NOTICE_KINDS_SV: Final[dict[NoticeKind, str]] = {
    "unpaid_rent": "obetalda hyror",
    "disturbance": "anmodan om rättelse vid störningar i boendet",
    "unauthorised_sublet": "olovlig andrahandsuthyrning",
    "electricity_debt": "elskulder",
    "eviction_enforcement": "information från Kronofogdemyndigheten om avhysning",
}
TRACKS_SV: Final[dict[Track, str]] = {
    "with_children": "hushåll med barn",
    "without_children": "hushåll utan barn",
    "enforcement": "information från Kronofogdemyndigheten om avhysning",
}
OUTCOMES_SV: Final[dict[OutcomeCode, str]] = {
    "prevented": "avhysningen förhindrades",
    "moved_voluntarily": "hushållet flyttade frivilligt",
    "evicted": "hushållet avhystes",
    "no_contact": "ingen kontakt kunde etableras",
    "declined_help": "hushållet tackade nej till stöd",
    "investigation_opened": "en utredning har inletts",
    "other": "annat utfall",
}


def case_link(case_id: str) -> str:
    return f"/eviction-prevention/cases/{case_id}"


def notice_link(notice_id: str) -> str:
    return f"/eviction-prevention/notices/{notice_id}"


@dataclass(frozen=True)
class NotificationText:
    title: str
    body: str
    link: str
    case_id: str | None


def _notice_received(p: Any) -> NotificationText:
    return NotificationText(
        "Ny underrättelse från hyresvärd",
        f"En underrättelse om {NOTICE_KINDS_SV.get(p.kind, p.kind)} har kommit in "
        f"(underrättelse {p.notice_id}). Ta ställning till om ett ärende ska öppnas.",
        notice_link(p.notice_id),
        None,
    )


def _case_opened(p: Any) -> NotificationText:
    lines = [
        f"Ärende {p.case_id} har öppnats: {NOTICE_KINDS_SV.get(p.notice_kind, p.notice_kind)}, "
        f"{TRACKS_SV.get(p.track, p.track)}."
    ]
    if p.redemption_deadline:
        lines.append(f"Återvinningsfristen går ut {swedish_date(p.redemption_deadline)}.")
    if p.eviction_date:
        lines.append(f"Avhysning är bokad till {swedish_date(p.eviction_date)}.")
    return NotificationText(
        "Nytt ärende: risk för avhysning", " ".join(lines), case_link(p.case_id), p.case_id
    )


def _case_opened_children(p: Any) -> NotificationText:
    body = (
        f"Ärende {p.case_id} gäller ett hushåll med barn som riskerar avhysning. "
        "Barn- och ungdomsenheten behöver bedöma barnens behov av stöd och skydd "
        "och samordna med vuxenenheten."
    )
    if p.eviction_date:
        body += f" Avhysning är bokad till {swedish_date(p.eviction_date)}."
    return NotificationText("Barnfamilj riskerar avhysning", body, case_link(p.case_id), p.case_id)


def _case_opened_children_unknown(p: Any) -> NotificationText:
    return NotificationText(
        "Okänt om barn berörs av avhysning",
        f"I ärende {p.case_id} är det inte känt om det finns barn i hushållet. "
        "Vuxenenheten utreder; barn- och ungdomsenheten informeras för kännedom.",
        case_link(p.case_id),
        p.case_id,
    )


def _outreach_assigned(p: Any) -> NotificationText:
    return NotificationText(
        "Uppsökande besök tilldelat",
        f"Du är tilldelad ett uppsökande besök i ärende {p.case_id}. "
        f"Besöket ska göras senast {swedish_datetime(p.due_at)}. "
        "Vid nya uppdrag går ni alltid två.",
        case_link(p.case_id),
        p.case_id,
    )


def _outreach_overdue(p: Any) -> NotificationText:
    return NotificationText(
        "Uppsökande besök är försenat",
        f"Det uppsökande besöket i ärende {p.case_id} skulle ha gjorts senast "
        f"{swedish_datetime(p.due_at)} och är inte registrerat som genomfört.",
        case_link(p.case_id),
        p.case_id,
    )


def _case_closed(p: Any) -> NotificationText:
    return NotificationText(
        "Ärende avslutat",
        f"Ärende {p.case_id} har avslutats: {OUTCOMES_SV.get(p.outcome, p.outcome)}.",
        case_link(p.case_id),
        p.case_id,
    )


# What a notification is about; routing rules name one of these (routing/rules.py).
NotificationKind = Literal[
    "notice_received",
    "case_opened",
    "case_opened_children",
    "case_opened_children_unknown",
    "outreach_assigned",
    "outreach_overdue",
    "case_closed",
]

TEXTS: Final[dict[NotificationKind, Callable[[Any], NotificationText]]] = {
    "notice_received": _notice_received,
    "case_opened": _case_opened,
    "case_opened_children": _case_opened_children,
    "case_opened_children_unknown": _case_opened_children_unknown,
    "outreach_assigned": _outreach_assigned,
    "outreach_overdue": _outreach_overdue,
    "case_closed": _case_closed,
}


def notification_text(kind: str, payload: BaseModel) -> NotificationText:
    try:
        build = TEXTS[kind]  # type: ignore[index]
    except KeyError:
        raise LookupError(f"no text for notification kind {kind}") from None
    return build(payload)
