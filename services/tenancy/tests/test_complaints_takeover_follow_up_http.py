"""Complaints to the caseworker, takeover of the first-hand lease, follow-ups, housing course."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from bostad_common.messaging import OutboxMessage
from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO
from tenancy.districts.models import DistrictConfig
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax

pytestmark = pytest.mark.integration

FEES, OFFICER = "frida.fees", "hugo.housing"


async def _events(system_session, name: str) -> list[dict]:
    async with system_session() as session:
        rows = (await session.execute(select(OutboxMessage))).scalars()
        return [
            json.loads(r.value)["data"] for r in rows if json.loads(r.value)["type"].endswith(name)
        ]


async def _pay_months(client, staff, lease_id: str, months: list[str], *, late_days: int = 0):
    for month in months:
        await client.post(
            "/api/v1/rent-runs", json={"district": "bromma", "month": month}, headers=staff(FEES)
        )
        invoice = (
            await client.get(
                "/api/v1/invoices", params={"month": month, "lease_id": lease_id},
                headers=staff(FEES),
            )
        ).json()[0]  # fmt: skip
        paid_on = date.fromisoformat(invoice["due_date"]) + timedelta(days=late_days)
        data = write_bgmax(
            [
                Deposit(
                    BROMMA_BANKGIRO, paid_on, [PaymentLine(invoice["ocr"], invoice["amount_ore"])]
                )
            ]
        )
        response = await client.post(
            "/api/v1/payment-files", content=data,
            headers={**staff(FEES), "Content-Type": "text/plain"},
        )  # fmt: skip
        assert response.status_code == 201


async def test_complaint_reaches_the_caseworker_and_blocks_takeover(
    client, staff, signed_lease, system_session
):
    async with system_session() as session:
        await session.execute(
            update(DistrictConfig)
            .where(DistrictConfig.code == "bromma")
            .values(takeover_months_on_time=3)
        )
    lease_id = await signed_lease(move_in=date(2025, 1, 1))
    await _pay_months(client, staff, lease_id, ["2025-01", "2025-02"])
    check = (await client.get(f"/api/v1/leases/{lease_id}/takeover", headers=staff(OFFICER))).json()
    assert check["eligible"] is False and "3 månader" in check["reasons"][0]
    await _pay_months(client, staff, lease_id, ["2025-03"], late_days=5)
    check = (await client.get(f"/api/v1/leases/{lease_id}/takeover", headers=staff(OFFICER))).json()
    assert check["reasons"] == ["Hyran har inte betalats i tid de senaste 3 månaderna."]
    await _pay_months(client, staff, lease_id, ["2025-04", "2025-05", "2025-06"])

    complaint = await client.post(
        f"/api/v1/leases/{lease_id}/complaints",
        json={"received_on": "2025-06-10", "category": "disturbance",
              "description": "Hög musik nattetid enligt grannar"},
        headers=staff(OFFICER),
    )  # fmt: skip
    assert complaint.status_code == 201
    complaint_id = complaint.json()["complaint_id"]
    received = await _events(system_session, "ComplaintReceived")
    assert received == [
        {"complaint_id": complaint_id, "lease_id": lease_id, "district": "bromma",
         "received_on": "2025-06-10", "category": "disturbance"}
    ]  # fmt: skip
    check = (await client.get(f"/api/v1/leases/{lease_id}/takeover", headers=staff(OFFICER))).json()
    assert check["reasons"] == ["Det finns klagomål som inte är avslutade."]
    refused = await client.post(
        f"/api/v1/leases/{lease_id}/takeover", json={"takeover_on": "2025-07-01"},
        headers=staff(OFFICER),
    )  # fmt: skip
    assert refused.status_code == 409

    # The housing officer does not record the talk; the caseworker does.
    talk = {"held_on": "2025-06-12", "note": "Samtal med hyresgästen, lovar att visa hänsyn",
            "resolved": True}  # fmt: skip
    officer_talk = await client.post(
        f"/api/v1/complaints/{complaint_id}/talk", json=talk, headers=staff(OFFICER)
    )
    assert officer_talk.status_code == 403
    talked = await client.post(
        f"/api/v1/complaints/{complaint_id}/talk", json=talk, headers=staff("anna.caseworker")
    )
    assert talked.status_code == 200 and talked.json()["status"] == "resolved"

    check = (await client.get(f"/api/v1/leases/{lease_id}/takeover", headers=staff(OFFICER))).json()
    assert check == {"lease_id": lease_id, "eligible": True, "reasons": []}
    taken = await client.post(
        f"/api/v1/leases/{lease_id}/takeover", json={"takeover_on": "2025-07-01"},
        headers=staff(OFFICER),
    )  # fmt: skip
    assert taken.status_code == 200, taken.text
    assert (
        taken.json()["status"] == "ended" and taken.json()["head_lease"]["status"] == "taken_over"
    )
    left = await _events(system_session, "ApartmentLeftPool")
    assert len(left) == 1 and left[0]["lease_id"] == lease_id and left[0]["left_on"] == "2025-07-01"
    ended = await _events(system_session, "LeaseEnded")
    assert [e["reason"] for e in ended] == ["takeover"]


async def test_follow_up_visits_and_housing_course(client, staff, signed_lease):
    lease_id = await signed_lease(move_in=date(2027, 1, 1), housing_type="training_apartment")
    first = await client.get(
        f"/api/v1/leases/{lease_id}/follow-ups", headers=staff("stina.support")
    )
    assert first.json()["next_visit_due"] == "2027-01-08"
    visit = {"visited_on": "2027-04-05", "rent_receipt_seen": True, "home_insurance": True,
             "registered_in_housing_queues": True}  # fmt: skip
    recorded = await client.post(
        f"/api/v1/leases/{lease_id}/follow-ups", json=visit, headers=staff("stina.support")
    )
    assert recorded.status_code == 201
    assert recorded.json()["next_visit_due"] == "2027-05-05"  # after three months: monthly
    not_in_order = {**visit, "visited_on": "2027-05-05", "home_insurance": False}
    recorded = await client.post(
        f"/api/v1/leases/{lease_id}/follow-ups", json=not_in_order, headers=staff("stina.support")
    )
    assert recorded.json()["next_visit_due"] == "2027-05-12"  # weekly again
    assert (
        await client.post(f"/api/v1/leases/{lease_id}/follow-ups", json=visit,
                          headers=staff("anna.caseworker"))
    ).status_code == 403  # fmt: skip

    course = await client.post(
        "/api/v1/housing-courses", json={"district": "bromma", "starts_on": "2027-02-01"},
        headers=staff("stina.support"),
    )  # fmt: skip
    assert course.status_code == 201
    course_id = course.json()["course_id"]
    assert course.json()["sessions"] == 4 and course.json()["session_hours"] == 2
    for household in ("h1", "h2"):
        response = await client.post(
            f"/api/v1/housing-courses/{course_id}/participants", json={"household_id": household},
            headers=staff("stina.support"),
        )  # fmt: skip
        assert response.status_code == 201
    for number in (1, 2, 3, 4):
        attending = ["h1", "h2"] if number != 3 else ["h1"]
        response = await client.post(
            f"/api/v1/housing-courses/{course_id}/sessions/{number}/attendance",
            json={"household_ids": attending, "held_on": f"2027-02-0{number}"},
            headers=staff("stina.support"),
        )
        assert response.status_code == 200
    participants = {p["household_id"]: p for p in response.json()["participants"]}
    assert participants["h1"]["certificate_issued_on"] == "2027-02-04"
    assert participants["h2"]["certificate_issued_on"] is None
    assert participants["h2"]["attended"] == [1, 2, 4]
