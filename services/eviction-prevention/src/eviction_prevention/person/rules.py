"""Which person fields a notice and a case disagree on (pure)."""

from __future__ import annotations

from typing import Literal, Protocol

PersonField = Literal[
    "tenant_name", "tenant_phone", "street", "postal_code", "city", "apartment_number"
]
PERSON_FIELDS: tuple[PersonField, ...] = (
    "tenant_name",
    "tenant_phone",
    "street",
    "postal_code",
    "city",
    "apartment_number",
)
Decision = Literal["accepted_from_notice", "kept_case_data", "corrected"]


class HasPersonData(Protocol):
    tenant_name: str
    tenant_phone: str | None
    street: str
    postal_code: str
    city: str
    apartment_number: str | None


def person_data(record: HasPersonData) -> dict[str, str | None]:
    return {name: getattr(record, name) for name in PERSON_FIELDS}


def _same(a: str | None, b: str | None) -> bool:
    """Case and spacing differences are not a different person or address."""
    norm = lambda v: " ".join((v or "").split()).casefold()  # noqa: E731
    return norm(a) == norm(b)


def differences(
    case: HasPersonData, notice: HasPersonData
) -> dict[str, tuple[str | None, str | None]]:
    """{field: (case value, notice value)} where they differ. A notice without a phone
    says nothing about the phone, so a missing phone is no difference."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for name in PERSON_FIELDS:
        ours, theirs = getattr(case, name), getattr(notice, name)
        if name == "tenant_phone" and theirs is None:
            continue
        if not _same(ours, theirs):
            found[name] = (ours, theirs)
    return found
