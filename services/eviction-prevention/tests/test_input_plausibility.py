"""Dates that cannot be meant and text with control characters answer 422 naming the field.

Issue #8 findings 5 and 6: a home visit dated 0001-01-01 was stored and counted
as "started within 48 h"; the integer 12345 was read as a 1970 timestamp; years
0001 and 9999 were accepted for consents, meetings and letters; NUL bytes and
right-to-left overrides were stored in names, streets and notes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bostad_devkit.eviction_kit import notice_body
from eviction_prevention.cases.models import Case
from eviction_prevention.notices.models import Notice

pytestmark = pytest.mark.integration


async def _case(client, register_landlord, system_session) -> str:  # type: ignore[no-untyped-def]
    _, auth = await register_landlord()
    response = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    assert response.status_code == 202, response.text
    async with system_session() as session:
        notice = await session.get(Notice, response.json()["notice_id"])
        return notice.case_id


def _fields(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    return [error["field"] for error in response.json()["errors"]]


async def test_implausible_dates_are_refused_by_field(
    client, register_landlord, system_session, staff
) -> None:  # type: ignore[no-untyped-def]
    case_id = await _case(client, register_landlord, system_session)
    anna, stina = staff("anna.caseworker"), staff("stina.support")
    base = f"/api/v1/cases/{case_id}"
    assigned = await client.post(
        f"{base}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"]},
        headers=anna,
    )
    assert assigned.status_code == 201, assigned.text
    visits = f"{base}/outreach-assignments/{assigned.json()['assignment_id']}/visits"
    visit = {"staff": ["stina.support", "kim.support"], "outcome": "met"}

    for moment in ("0001-01-01T00:00:00Z", 12345, "2020-01-01T10:00:00+01:00"):
        # Before the assignment (the booking), or not a date and time at all.
        response = await client.post(visits, json={**visit, "visited_at": moment}, headers=stina)
        assert "visited_at" in " ".join(_fields(response)), moment
    for moment in ("9999-12-31T23:59:59-14:00", "2020-01-10T10:00:00+01:00", 12345):
        response = await client.post(
            f"{base}/meetings",
            json={
                "kind": "meeting",
                "scheduled_at": moment,
                "place": "Bromma stadsdelsförvaltning",
            },
            headers=anna,
        )
        assert "scheduled_at" in " ".join(_fields(response)), moment
    for moment in ("0001-01-01T00:00:00Z", "9999-01-01T00:00:00Z"):
        response = await client.post(
            f"{base}/consents", json={"scopes": ["landlord"], "given_at": moment}, headers=anna
        )
        assert "given_at" in " ".join(_fields(response)), moment
    for moment in ("9999-12-31T12:00:00Z", "2020-01-10T10:00:00+01:00"):
        response = await client.post(
            f"{base}/letters",
            json={"letter": "home_visit_letter", "visit_at": moment},
            headers=anna,
        )
        assert "visit_at" in " ".join(_fields(response)), moment
    response = await client.post(
        "/api/v1/notices",
        json=notice_body(external_id="N-X", served_at=12345),
        headers=(await register_landlord(name="Annan Värd"))[1],
    )
    assert "served_at" in " ".join(_fields(response))

    # Nothing implausible was stored: the assignment has no first visit.
    case = (await client.get(base, headers=anna)).json()
    assert case["outreach"]["visits"] == []
    assert case["outreach"]["meetings"] == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("tenant", "name"), "Tolvan\x00Tolvansson"),
        (("address", "street"), "Exempel\u202egatan 1"),
        (("message",), "Två obetalda\x00 hyror."),
        (("address", "city"), "Bromma\x1b[31m"),
    ],
)
async def test_control_characters_are_refused_in_notices(
    client, register_landlord, path, text
) -> None:  # type: ignore[no-untyped-def]
    _, auth = await register_landlord()
    body = notice_body()
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    response = await client.post("/api/v1/notices", json=body, headers=auth)
    assert _fields(response) == [".".join(path)]


async def test_notes_refuse_nul_and_text_is_stored_as_nfc(
    client, register_landlord, system_session, staff
) -> None:  # type: ignore[no-untyped-def]
    _, auth = await register_landlord()
    decomposed = notice_body(
        tenant={"personal_number": "19121212-1212", "name": "Tolvan Ska\u0308r"}
    )
    assert (await client.post("/api/v1/notices", json=decomposed, headers=auth)).status_code == 202
    async with system_session() as session:
        [case] = (await session.execute(select(Case))).scalars().all()
    assert case.tenant_name == "Tolvan Skär"
    anna = staff("anna.caseworker")
    response = await client.post(
        f"/api/v1/cases/{case.id}/contact-attempts",
        json={"method": "phone", "result": "not_reached", "note": "Ringde\x00 igen"},
        headers=anna,
    )
    assert _fields(response) == ["note"]
    multi_line = await client.post(
        f"/api/v1/cases/{case.id}/contact-attempts",
        json={"method": "phone", "result": "not_reached", "note": "Ringde.\nSvarar inte."},
        headers=anna,
    )
    assert multi_line.status_code == 201, multi_line.text


async def test_nul_in_a_query_parameter_is_400_not_500(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(
        "/api/v1/cases/worklist?district=bro%00mma", headers=staff("anna.caseworker")
    )
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("journal", {"text": "Hembesök\x00 gjort."}, "text"),
        ("journal", {"text": "Hembesök gjort.", "day": "0001-01-01"}, "day"),
        ("person/corrections", {"name": "Tolvan\u202e", "reason": "Stavfel."}, "name"),
        ("person/corrections", {"phone": "070-1234567", "reason": "Ny\x1b[31m"}, "reason"),
        ("served-date", {"served_at": "9999-12-31"}, "served_at"),
        ("commitment", {"committed_on": "2026-01-05", "note": "Beslut\x00"}, "note"),
        ("checklist/contact_by_phone/not-applicable", {"reason": "Ej\u202e aktuellt"}, "reason"),
        ("meetings", {"kind": "meeting", "scheduled_at": "2099-01-01T10:00:00+01:00",
                      "place": "Kontoret\x00"}, "place"),
    ],
)  # fmt: skip
async def test_issue_9_request_fields_refuse_control_characters_and_implausible_dates(
    client, register_landlord, system_session, staff, path, body, field
) -> None:  # type: ignore[no-untyped-def]
    case_id = await _case(client, register_landlord, system_session)
    response = await client.post(
        f"/api/v1/cases/{case_id}/{path}", json=body, headers=staff("anna.caseworker")
    )
    assert response.status_code == 422, response.text
    assert field in " ".join(_fields(response))
