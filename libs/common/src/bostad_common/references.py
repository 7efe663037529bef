"""Short references a person can read out on the phone, made from the platform's ids.

A case id is a 36-character UUID; nobody can quote that in a call. The short
reference is eight letters in two groups (`KLMN-PQRS`), taken from the id's
first 40 bits. Letters only, from an alphabet without vowels (no accidental
words) and without look-alikes of digits, so the reference can never be
mistaken for a phone or personal number by a reader or by the confidentiality
check. 20^8 ≈ 2.6·10^10 values: a clash inside one district is negligible, and a
lookup by reference is always checked against the district and the person.
"""

from __future__ import annotations

import uuid
from typing import Final

ALPHABET: Final = "BCDFGHJKLMNPQRSTVWXZ"


def short_reference(identifier: str) -> str:
    """`KLMN-PQRS` for a UUID; for another id, the same made from its hash."""
    try:
        number = uuid.UUID(identifier).int >> (128 - 40)
    except ValueError:
        import hashlib

        number = int.from_bytes(hashlib.sha256(identifier.encode()).digest()[:5], "big")
    letters = []
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[digit])
    text = "".join(reversed(letters))
    return f"{text[:4]}-{text[4:]}"
