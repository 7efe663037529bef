"""A year of rent for five tenants, paid through generated BgMax files.

On time (A), late (B, ten days after the due date), partial (C, 5,000 of
6,000 kr), over (D, 7,000 kr) and missing from April (E). Per month: the rent
run, a bank file on the due date, the dunning run the day after, a bank file
with the late payments. Then the balances, the restlista, the ladder and the
events must be what seed 000 says.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bostad_common.messaging import OutboxMessage
from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO, personal_number
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax
from tenancy.rent.rules import Month

pytestmark = pytest.mark.integration

FEES = "frida.fees"
RENT = 600_000


async def test_a_year_of_rent(client, staff, signed_lease, system_session):
    tenants = {
        name: await signed_lease(move_in=date(2027, 1, 1), pn=personal_number(birth, "238"),
                                 name=f"Hyresgäst {name}")
        for name, birth in (("A", "19800101"), ("B", "19810202"), ("C", "19820303"),
                            ("D", "19830404"), ("E", "19840505"))
    }  # fmt: skip
    month = Month(2027, 1)
    created = 0
    for _ in range(12):
        run = await client.post(
            "/api/v1/rent-runs", json={"district": "bromma", "month": str(month)},
            headers=staff(FEES),
        )  # fmt: skip
        assert run.status_code == 201, run.text
        invoices = (
            await client.get("/api/v1/invoices", params={"month": str(month)}, headers=staff(FEES))
        ).json()
        ocr = {i["lease_id"]: i["ocr"] for i in invoices}
        due = date.fromisoformat(invoices[0]["due_date"])
        on_due = [
            PaymentLine(ocr[tenants["A"]], RENT),
            PaymentLine(ocr[tenants["C"]], 500_000),
            PaymentLine(ocr[tenants["D"]], 700_000),
        ]
        if month <= Month(2027, 3):
            on_due.append(PaymentLine(ocr[tenants["E"]], RENT))
        created += 1
        upload = await client.post(
            "/api/v1/payment-files",
            content=write_bgmax([Deposit(BROMMA_BANKGIRO, due, on_due)]),
            headers={**staff(FEES), "Content-Type": "text/plain"},
        )
        assert upload.status_code == 201, upload.text
        dunning = await client.post(
            "/api/v1/dunning-runs",
            json={"district": "bromma", "as_of": (due + timedelta(days=1)).isoformat()},
            headers=staff(FEES),
        )
        assert dunning.status_code == 200
        late = write_bgmax(
            [Deposit(BROMMA_BANKGIRO, due + timedelta(days=10),
                     [PaymentLine(ocr[tenants["B"]], RENT)])]
        )  # fmt: skip
        assert (
            await client.post(
                "/api/v1/payment-files",
                content=late,
                headers={**staff(FEES), "Content-Type": "application/octet-stream"},
            )
        ).status_code == 201
        month = month.next()

    async def balance(name: str) -> int:
        response = await client.get(
            f"/api/v1/leases/{tenants[name]}/ledger", headers=staff("hugo.housing")
        )
        ledger = response.json()
        assert ledger["balance_ore"] == sum(e["amount_ore"] for e in ledger["entries"])
        return ledger["balance_ore"]

    assert await balance("A") == 0
    assert await balance("B") == 0
    assert await balance("C") == 12 * 100_000
    assert await balance("D") == -12 * 100_000  # credit
    assert await balance("E") == 9 * RENT

    year_end = {"district": "bromma", "as_of": "2027-12-31"}
    listed = await client.get("/api/v1/arrears", params=year_end, headers=staff("anna.caseworker"))
    assert listed.status_code == 200
    rows = listed.json()
    assert [(r["lease_id"], r["months_unpaid"], r["amount_ore"]) for r in rows] == [
        (tenants["C"], 12, 1_200_000),
        (tenants["E"], 9, 5_400_000),
    ]
    assert {r["last_step"] for r in rows} == {"debt_collection"}
    by_caseworker = await client.get(
        "/api/v1/arrears", params={**year_end, "caseworker": "someone.else"},
        headers=staff("anna.caseworker"),
    )  # fmt: skip
    assert by_caseworker.json() == []
    sheet = await client.get(
        "/api/v1/arrears.csv", params=year_end, headers=staff("anna.caseworker")
    )
    assert sheet.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(sheet.text), delimiter=";"))
    assert lines[0][0] == "Kontrakt" and lines[1][4] == "12000,00" and lines[2][6] == "inkasso"

    steps = {
        name: [s["step"] for s in (await client.get(
            f"/api/v1/leases/{tenants[name]}/dunning-steps", headers=staff("hugo.housing")
        )).json()]
        for name in tenants
    }  # fmt: skip
    assert steps["A"] == [] and steps["D"] == []
    assert steps["B"] == ["reminder"] * 12  # a reminder every month, each paid after it
    assert steps["C"] == ["reminder", "written_warning", "debt_collection"]
    assert steps["E"] == ["reminder", "written_warning", "debt_collection"]
    warning = (await client.get(
        f"/api/v1/leases/{tenants['E']}/dunning-steps", headers=staff("hugo.housing")
    )).json()[1]  # fmt: skip
    assert warning["months_unpaid"] == 2 and warning["as_of"] == "2027-05-01"
    collection = (await client.get(
        f"/api/v1/leases/{tenants['E']}/dunning-steps", headers=staff("hugo.housing")
    )).json()[2]  # fmt: skip
    assert collection["termination_question_open"] is True

    async with system_session() as session:
        events = [
            json.loads(row.value)
            for row in (await session.execute(select(OutboxMessage))).scalars()
        ]
    registered = [e for e in events if e["type"] == "se.bostad.RentArrearsRegistered"]
    assert sorted(
        (e["data"]["lease_id"], e["data"]["months_unpaid"]) for e in registered
    ) == sorted([(tenants["C"], 2), (tenants["E"], 2)])
    dunned = [e for e in events if e["type"] == "se.bostad.RentDunningStepTaken"]
    assert len(dunned) == 12 + 3 + 3
    warned = [e["data"] for e in dunned if e["data"]["step"] == "written_warning"]
    assert {w["lease_id"] for w in warned} == {tenants["C"], tenants["E"]}
    assert all(w["recipient"]["street"] == "Exempelgatan 1" for w in warned)


async def test_write_off_lowers_the_debt_and_the_months_unpaid(client, staff, signed_lease):
    lease = await signed_lease(move_in=date(2027, 1, 1))
    for month in ("2027-01", "2027-02"):
        await client.post(
            "/api/v1/rent-runs", json={"district": "bromma", "month": month}, headers=staff(FEES)
        )
    too_much = await client.post(
        f"/api/v1/leases/{lease}/ledger/write-offs",
        json={"amount_ore": 1_300_000, "reason": "Avskrivs", "booked_on": "2027-03-01"},
        headers=staff(FEES),
    )
    assert too_much.status_code == 409
    written = await client.post(
        f"/api/v1/leases/{lease}/ledger/write-offs",
        json={"amount_ore": RENT, "reason": "Beslut om avskrivning", "booked_on": "2027-03-01"},
        headers=staff(FEES),
    )
    assert written.status_code == 201 and written.json()["balance_ore"] == RENT
    rows = (
        await client.get("/api/v1/arrears", params={"district": "bromma", "as_of": "2027-03-02"},
                         headers=staff(FEES))
    ).json()  # fmt: skip
    assert [(r["months_unpaid"], r["amount_ore"]) for r in rows] == [(1, RENT)]


async def test_the_watchdogs_take_todays_steps(client, staff, signed_lease, local_ctx):
    from tenancy.arrears.watchdog import dunning_once
    from tenancy.move_out.watchdog import overdue_once

    lease = await signed_lease(move_in=date(2025, 1, 1))
    for month in ("2025-01", "2025-02", "2025-03"):
        await client.post(
            "/api/v1/rent-runs", json={"district": "bromma", "month": month}, headers=staff(FEES)
        )
    assert await dunning_once(local_ctx) == 1  # found at three months: the highest step only
    assert await dunning_once(local_ctx) == 0
    steps = (await client.get(f"/api/v1/leases/{lease}/dunning-steps", headers=staff(FEES))).json()
    assert [s["step"] for s in steps] == ["debt_collection"]

    process = await client.post(
        f"/api/v1/leases/{lease}/move-out",
        json={"kind": "tenant_notice", "reason": "moved_elsewhere", "end_date": "2025-04-30"},
        headers=staff("anna.caseworker"),
    )
    pid = process.json()["process_id"]
    for code in ("fee_officer_told_end_date", "signed_original_to_fee_officer"):
        await client.post(
            f"/api/v1/move-outs/{pid}/steps/{code}", json={"done_on": "2025-04-01"},
            headers=staff("ulla.manager"),
        )  # fmt: skip
    assert await overdue_once(local_ctx) == 1  # the inspection, due 2025-04-06
    assert await overdue_once(local_ctx) == 0
    overdue = (
        await client.get("/api/v1/move-outs", params={"overdue_only": True},
                         headers=staff("ulla.manager"))
    ).json()  # fmt: skip
    assert [p["overdue_steps"] for p in overdue] == [["inspection_reported"]]
