"""Helpers shared by eviction-prevention's tests: the CONTRACTS.md notice, outbox reads, waiting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bostad_devkit.testing import outbox_events as outbox_events
from bostad_devkit.testing import today as today
from bostad_devkit.testing import wait_for as wait_for


def notice_body(**overrides: Any) -> dict[str, Any]:
    """The CONTRACTS.md example, with dates that are valid today."""
    body: dict[str, Any] = {
        "external_id": "HSB-2026-000123",
        "district": "bromma",
        "kind": "unpaid_rent",
        "tenant": {
            "personal_number": "19121212-1212",
            "name": "Tolvan Tolvansson",
            "phone": "+46701234567",
        },
        "address": {
            "street": "Exempelgatan 1",
            "postal_code": "16731",
            "city": "Bromma",
            "apartment_number": "1102",
        },
        "household": {"children": 2},
        "debt": {"amount": "12450.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": (today() - timedelta(days=2)).isoformat(),
        "eviction_date": None,
        "message": "Två obetalda hyror.",
    }
    body.update(overrides)
    return body


async def open_case(client: Any, register_landlord: Any, staff: Any, **overrides: Any) -> str:
    """A landlord's notice (`notice_body(**overrides)`) opens a case; returns its id.

    With the service's test fixtures: `client`, `register_landlord`, `staff`.
    """
    _, auth = await register_landlord()
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    [entry] = (await client.get("/api/v1/cases/worklist", headers=staff("anna.caseworker"))).json()
    return str(entry["case_id"])


def staff_token(settings: Any, subject: str, roles: list[str], districts: list[str]) -> str:
    """A token from the development issuer's key for a user that is not a demo user."""
    import uuid
    from datetime import UTC, datetime

    import jwt

    from bostad_devkit.dev_issuer import key_id, signing_key

    issued = datetime.now(UTC).replace(microsecond=0)
    claims = {
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "sub": subject,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(hours=1),
        "jti": uuid.uuid4().hex,
        "roles": roles,
        "districts": districts,
    }
    return jwt.encode(
        claims, signing_key(settings), algorithm="RS256", headers={"kid": key_id(settings)}
    )
