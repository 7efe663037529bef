"""The last check before text leaves the platform (socialtjänstsekretess).

An e-mail may say that there is something to read and where, nothing more.
`ensure_not_confidential` rejects text that looks like it carries a person's
details: anything shaped like a personal or coordination number (coarse on
purpose: a false alarm costs a retry, a leak cannot be undone), a labelled
name/address/phone field, a phone number, an e-mail address in the body, or
any value the caller knows to be sensitive (e.g. a letter addressee's name).

The error names the rule that fired, never the matched text, so it can be
logged and stored in `Delivery.last_error`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from bostad_common.personnummer import PERSONAL_NUMBER_PATTERN

# Ids the platform generates (UUIDs) are not personal data; they are removed
# before scanning because a UUID's digit groups can look like `12345678-1234`.
_UUID: Final = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
# "Namn: ...", "personnummer=...", "\"name\": ..." and the like.
_LABELLED_FIELD: Final = re.compile(
    r"(?i)[\"']?\b(?:namn|förnamn|efternamn|name|first_?name|last_?name|full_?name"
    r"|personnummer|personnr|pnr|samordningsnummer|personal_?number|ssn"
    r"|adress|address|gatuadress|street|telefon|telefonnummer|phone|mobil|e-?post|email)"
    r"\b[\"']?\s*[:=]"
)
_PHONE: Final = re.compile(r"(?<![\w/])(?:\+\d{2}|00\d{2}|0)[\s-]?\d{1,3}(?:[\s-]?\d){5,9}(?!\d)")
_EMAIL_ADDRESS: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class ConfidentialContent(ValueError):
    """Outbound text looked like it carried confidential details. Says which rule fired."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"outbound text rejected: {reason}")
        self.reason = reason


def confidentiality_findings(text: str, *, sensitive_values: Iterable[str] = ()) -> list[str]:
    """The names of the rules `text` breaks; empty when it may leave the platform."""
    findings: list[str] = []
    scanned = _UUID.sub(" ", text)
    if PERSONAL_NUMBER_PATTERN.search(scanned):
        findings.append("personal number")
    if _LABELLED_FIELD.search(scanned):
        findings.append("personal data field")
    if _PHONE.search(scanned):
        findings.append("phone number")
    if _EMAIL_ADDRESS.search(scanned):
        findings.append("e-mail address")
    folded = text.casefold()
    for value in sensitive_values:
        value = value.strip()
        if len(value) >= 2 and value.casefold() in folded:
            findings.append("known sensitive value")
            break
    return findings


def ensure_not_confidential(*texts: str, sensitive_values: Iterable[str] = ()) -> None:
    """Raise ConfidentialContent if any text breaks a rule."""
    values = tuple(sensitive_values)
    for text in texts:
        findings = confidentiality_findings(text, sensitive_values=values)
        if findings:
            raise ConfidentialContent(", ".join(findings))
