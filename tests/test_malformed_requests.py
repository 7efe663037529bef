"""Malformed requests answer 4xx naming the problem on every service, never 500.

Issue #8 findings 4 and 9: JSON nested ~1,000 levels deep, invalid UTF-8,
integers beyond 64 bits and dates at the edge of the calendar answered 500 on
every service's access-log endpoint; `text/plain` bodies were parsed as JSON;
an empty body answered `{"field": "data", "message": "'data'"}`.
"""

from __future__ import annotations

import importlib

import pytest
from litestar.testing import AsyncTestClient

from bostad_common.service import create_app
from bostad_common.settings import Settings

pytestmark = pytest.mark.integration

SERVICES = ["intake", "allocation", "tenancy", "eviction_prevention", "notifications"]
PERSON_REF = "/api/v1/audit/access-log/person-ref"
ACCESS_LOG = "/api/v1/audit/access-log"
DEEP_ARRAY = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000
JSON = {"content-type": "application/json"}


@pytest.fixture(params=SERVICES)
async def client(request: pytest.FixtureRequest, service_settings: Settings):  # type: ignore[no-untyped-def]
    definition = importlib.import_module(f"{request.param}.app").DEFINITION
    async with AsyncTestClient(create_app(definition, settings=service_settings)) as client:
        yield client


@pytest.fixture
def auditor(staff_token) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {staff_token('agnes.auditor')}"}


BODIES = [
    (DEEP_ARRAY, JSON, 400, "request body is nested too deeply"),
    (DEEP_OBJECT, JSON, 400, "request body is nested too deeply"),
    (b'{"personal_number": "\xff\xfe"}', JSON, 400, "request body is not valid UTF-8"),
    (b"", JSON, 422, "request body is missing"),
    (b'{"personal_number": "19121212-1212"}', {"content-type": "text/plain"}, 415, None),
    (b'{"personal_number": "19121212-1212"}', {}, 415, None),
    (b"personal_number=1", {"content-type": "application/x-www-form-urlencoded"}, 415, None),
]
QUERIES = [
    ("before_seq=99999999999999999999999", "before_seq"),
    ("before_seq=9223372036854775808", "before_seq"),
    ("from=9999-12-31T23:59:59-14:00", "from"),
    ("to=0001-01-01T00:00:00%2B14:00", "to"),
    ("from=0001-01-01T00:00:00Z", "from"),
    ("from=12345", "from"),
]


async def test_malformed_requests_are_refused_by_name(client, auditor) -> None:  # type: ignore[no-untyped-def]
    # One app per service, every case against it (starting an app is the slow part).
    wrong = []
    for body, headers, status, message in BODIES:
        response = await client.post(PERSON_REF, content=body, headers={**auditor, **headers})
        errors = response.json().get("errors") if response.status_code < 500 else None
        if response.status_code != status or (
            message and errors != [{"field": "body", "message": message}]
        ):
            wrong.append((body[:20], headers, response.status_code, response.text[:120]))
    for query, field in QUERIES:
        response = await client.get(f"{ACCESS_LOG}?{query}", headers=auditor)
        if response.status_code != 422 or [e["field"] for e in response.json()["errors"]] != [
            field
        ]:
            wrong.append((query, response.status_code, response.text[:120]))
    assert wrong == []
    accepted = await client.post(
        PERSON_REF,
        json={"personal_number": "19121212-1212"},
        headers={**auditor, "content-type": "application/json; charset=utf-8"},
    )
    assert accepted.status_code == 200, accepted.text


async def test_inbox_offset_beyond_64_bits_is_422(service_settings, staff_token) -> None:  # type: ignore[no-untyped-def]
    definition = importlib.import_module("notifications.app").DEFINITION
    headers = {"Authorization": f"Bearer {staff_token('anna.caseworker')}"}
    async with AsyncTestClient(create_app(definition, settings=service_settings)) as client:
        response = await client.get("/api/v1/inbox?offset=9223372036854775808", headers=headers)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["offset"]
