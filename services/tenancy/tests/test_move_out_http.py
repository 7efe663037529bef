"""Seed 003's termination and move-out process over HTTP, to ApartmentVacated and ApartmentReady."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from bostad_common.db_types import utcnow
from bostad_common.messaging import OutboxMessage
from tenancy.leases.models import Lease
from tenancy.move_out.service import flag_overdue

pytestmark = pytest.mark.integration

MANAGER, OPERATIONS, LEGAL = "ulla.manager", "olof.operations", "lars.legal"


async def test_termination_runs_to_a_ready_apartment(client, staff, signed_lease, system_session):
    lease_id = await signed_lease(move_in=date(2027, 1, 1))
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"},
        headers=staff("frida.fees"),
    )  # fmt: skip
    proposed = await client.post(
        f"/api/v1/leases/{lease_id}/move-out",
        json={"kind": "termination", "reason": "terminated", "end_date": "2027-04-30",
              "motivation": "Upprepade störningar trots anmodan om rättelse"},
        headers=staff("anna.caseworker"),
    )  # fmt: skip
    assert proposed.status_code == 201, proposed.text
    process = proposed.json()
    pid = process["process_id"]
    codes = [s["code"] for s in process["steps"]]
    assert codes[:4] == [
        "decide_to_prepare_termination", "anchor_with_authority_operations_manager",
        "consult_legal_counsel", "termination_decided",
    ]  # fmt: skip
    assert "vacancy_reported_to_planner" in codes and "eviction_decided" in codes
    steps = {s["code"]: s for s in process["steps"]}
    assert steps["inspection_reported"]["deadline"]["kind"] == "calendar_days"
    assert steps["renovation_ordered"]["deadline"]["kind"] == "working_days"
    assert steps["inspection_reported"]["deadline"]["due_on"] is None  # not started yet

    async def step(code: str, user: str, on: str, **extra) -> object:
        return await client.post(
            f"/api/v1/move-outs/{pid}/steps/{code}", json={"done_on": on, **extra},
            headers=staff(user),
        )  # fmt: skip

    # Order: the decision before the letters; who: the fee officer takes no decision.
    assert (await step("termination_decided", MANAGER, "2027-03-01")).status_code == 409
    assert (
        await step("decide_to_prepare_termination", "frida.fees", "2027-03-01")
    ).status_code == 403
    assert (await step("decide_to_prepare_termination", MANAGER, "2027-03-01")).status_code == 200
    assert (
        await step("anchor_with_authority_operations_manager", OPERATIONS, "2027-03-02")
    ).status_code == 200
    assert (await step("consult_legal_counsel", LEGAL, "2027-03-03")).status_code == 200
    decided = await step("termination_decided", MANAGER, "2027-03-04")
    assert decided.json()["status"] == "decided"
    for code, user, on in (
        ("fee_officer_told_end_date", MANAGER, "2027-03-05"),
        ("registered_letter_to_representative", MANAGER, "2027-03-05"),
        ("social_committee_informed", MANAGER, "2027-03-05"),
        ("signed_original_to_fee_officer", MANAGER, "2027-04-28"),
        ("debiting_stopped", MANAGER, "2027-04-28"),
    ):
        response = await step(code, user, on)
        assert response.status_code == 200, (code, response.text)
    view = response.json()  # type: ignore[union-attr]
    inspection = next(s for s in view["steps"] if s["code"] == "inspection_reported")
    assert inspection["deadline"]["due_on"] == "2027-05-03"  # 5 calendar days
    # "Avsluta kontrakt" only after the caseworker ended the intervention.
    assert (await step("contract_closed", MANAGER, "2027-04-30")).status_code == 409

    async with system_session() as session:
        assert await flag_overdue(session, today=date(2027, 5, 4), now=utcnow()) == 1
        assert await flag_overdue(session, today=date(2027, 5, 5), now=utcnow()) == 0  # once
    overdue = await client.get(
        "/api/v1/move-outs", params={"overdue_only": True}, headers=staff(MANAGER)
    )
    # The list's overdue flag is today's; the deadline of 2027 is not passed yet today.
    assert overdue.status_code == 200

    inspected = await step("inspection_reported", "hugo.housing", "2027-05-03")
    assert inspected.status_code == 200
    renovation = next(s for s in inspected.json()["steps"] if s["code"] == "renovation_ordered")
    # 5 working days from Monday 3 May 2027, Ascension Day (6 May) not counted.
    assert renovation["deadline"]["due_on"] == "2027-05-11"
    assert (await step("intervention_ended", "anna.caseworker", "2027-04-30")).status_code == 200
    closed = await step("contract_closed", MANAGER, "2027-04-30")
    assert closed.status_code == 200
    assert closed.json()["remaining_debt_ore"] == 600_000  # January unpaid: debt to social services
    assert (
        await client.post(
            f"/api/v1/move-outs/{pid}/apartment-ready",
            json={"ready_on": "2027-05-20"},
            headers=staff(MANAGER),
        )
    ).status_code == 409  # fmt: skip  (not reported vacant yet)
    vacated = await step("vacancy_reported_to_planner", "petra.planner", "2027-05-02")
    assert vacated.json()["status"] == "vacated"
    assert (
        await step("renovation_ordered", MANAGER, "2027-05-10", not_needed=True)
    ).status_code == 200
    ready = await client.post(
        f"/api/v1/move-outs/{pid}/apartment-ready", json={"ready_on": "2027-05-20"},
        headers=staff(MANAGER),
    )  # fmt: skip
    assert ready.status_code == 200 and ready.json()["status"] == "ready"

    lease = (await client.get(f"/api/v1/leases/{lease_id}", headers=staff(MANAGER))).json()
    assert lease["status"] == "ended" and lease["end_date"] == "2027-04-30"
    # Debiting stopped: no rent after the end date.
    may = await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-05"},
        headers=staff("frida.fees"),
    )  # fmt: skip
    assert may.json()["invoices"] == 0

    async with system_session() as session:
        events = [
            json.loads(r.value)
            for r in (
                await session.execute(select(OutboxMessage).order_by(OutboxMessage.created_at))
            ).scalars()
        ]
    types = [e["type"].removeprefix("se.bostad.") for e in events]
    for expected in ("TerminationProposed", "MoveOutStepOverdue", "LeaseEnded",
                     "ApartmentVacated", "ApartmentReady"):  # fmt: skip
        assert types.count(expected) == 1, expected
    overdue_event = next(e for e in events if e["type"].endswith("MoveOutStepOverdue"))
    assert overdue_event["data"]["step"] == "inspection_reported"
    assert overdue_event["data"]["deadline"] == "2027-05-03"
    ended = next(e for e in events if e["type"].endswith("LeaseEnded"))
    assert ended["data"]["reason"] == "terminated"
    assert types.index("ApartmentVacated") < types.index("ApartmentReady")


async def test_steps_deadlines_and_the_end_are_written_to_the_outbox(
    client, staff, signed_lease, system_session
):
    """Notifications reminds before a step's deadline from these events: each recorded
    step, each deadline as soon as it is known (both kinds, with the seed's counting),
    and the end of the process, keyed by the process, in the step's own transaction."""
    lease_id = await signed_lease(move_in=date(2027, 1, 1))
    proposed = await client.post(
        f"/api/v1/leases/{lease_id}/move-out",
        json={"kind": "tenant_notice", "reason": "moved_to_own_housing",
              "end_date": "2027-04-30"},
        headers=staff("anna.caseworker"),
    )  # fmt: skip
    assert proposed.status_code == 201, proposed.text
    pid = proposed.json()["process_id"]

    async def step(code: str, user: str, on: str, **extra) -> object:
        return await client.post(
            f"/api/v1/move-outs/{pid}/steps/{code}", json={"done_on": on, **extra},
            headers=staff(user),
        )  # fmt: skip

    async def events() -> list[dict]:
        async with system_session() as session:
            rows = (
                await session.execute(
                    select(OutboxMessage)
                    .where(OutboxMessage.key == pid)
                    .order_by(OutboxMessage.created_at)
                )
            ).scalars()
            return [
                {"type": json.loads(r.value)["type"].removeprefix("se.bostad."),
                 "topic": r.topic, **json.loads(r.value)["data"]}
                for r in rows
            ]  # fmt: skip

    assert await events() == []  # a tenant's notice has no termination to propose
    assert (await step("fee_officer_told_end_date", MANAGER, "2027-04-01")).status_code == 200
    # Wednesday 28 April 2027: the inspection is due "inom 5 dagar", Monday 3 May.
    assert (await step("signed_original_to_fee_officer", MANAGER, "2027-04-28")).status_code == 200
    # Refused (the intervention is not ended): nothing is written.
    before = await events()
    assert (await step("contract_closed", MANAGER, "2027-04-30")).status_code == 409
    assert await events() == before
    # Friday 30 April: the renovation is due "inom 5 arbetsdagar", past Ascension Day
    # (Thursday 6 May), on Monday 10 May; five calendar days would be 5 May.
    assert (await step("inspection_reported", "hugo.housing", "2027-04-30")).status_code == 200
    assert (
        await step("renovation_ordered", MANAGER, "2027-05-03", not_needed=True)
    ).status_code == 200

    written = await events()
    assert {e["topic"] for e in written} == {"tenancy.events.v1"}
    deadlines = [e for e in written if e["type"] == "MoveOutStepDeadlineSet"]
    assert [(e["step"], e["deadline"], e["responsible_role"]) for e in deadlines] == [
        ("inspection_reported", "2027-05-03", "unit_manager"),
        ("renovation_ordered", "2027-05-10", "unit_manager"),
    ]
    assert all(e["lease_id"] == lease_id and e["district"] == "bromma" for e in deadlines)
    completed = [
        (e["step"], e["done_on"], e["not_needed"], e["recorded_by"])
        for e in written
        if e["type"] == "MoveOutStepCompleted"
    ]
    assert completed == [
        ("fee_officer_told_end_date", "2027-04-01", False, MANAGER),
        ("signed_original_to_fee_officer", "2027-04-28", False, MANAGER),
        ("inspection_reported", "2027-04-30", False, "hugo.housing"),
        ("renovation_ordered", None, True, MANAGER),
    ]
    # Each deadline follows the step it runs from.
    order = [(e["type"], e["step"]) for e in written]
    assert order.index(("MoveOutStepCompleted", "signed_original_to_fee_officer")) < order.index(
        ("MoveOutStepDeadlineSet", "inspection_reported")
    )

    for code, user in (
        ("intervention_ended", "anna.caseworker"),
        ("debiting_stopped", MANAGER),
        ("contract_closed", MANAGER),
        ("vacancy_reported_to_planner", "petra.planner"),
    ):
        assert (await step(code, user, "2027-04-30")).status_code == 200, code
    ready = await client.post(
        f"/api/v1/move-outs/{pid}/apartment-ready", json={"ready_on": "2027-05-12"},
        headers=staff(MANAGER),
    )  # fmt: skip
    assert ready.status_code == 200, ready.text
    written = await events()
    assert [e for e in written if e["type"] == "MoveOutProcessEnded"] == [
        {"type": "MoveOutProcessEnded", "topic": "tenancy.events.v1", "process_id": pid,
         "lease_id": lease_id, "district": "bromma", "ending": "apartment_ready",
         "ended_on": "2027-05-12"},
    ]  # fmt: skip
    assert len([e for e in written if e["type"] == "MoveOutStepDeadlineSet"]) == 2
    # Ids, codes, dates and staff ids only: nothing of the tenant.
    async with system_session() as session:
        lease = await session.get(Lease, lease_id)
        assert lease is not None
    text = json.dumps(written, ensure_ascii=False)
    assert lease.tenant_personal_number not in text and lease.tenant_name not in text
