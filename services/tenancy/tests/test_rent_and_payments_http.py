"""Leases, rent runs, payment files and the ledger over HTTP, on real PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage
from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO, SKARHOLMEN_BANKGIRO, personal_number
from tenancy.leases.rules import INTERVENTION_STATEMENT
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax

pytestmark = pytest.mark.integration

FEES = "frida.fees"
OCTET = {"Content-Type": "application/octet-stream"}


async def _invoices(client, staff, **params) -> list[dict]:
    response = await client.get("/api/v1/invoices", params=params, headers=staff(FEES))
    assert response.status_code == 200, response.text
    return response.json()


async def _ledger(client, staff, lease_id: str) -> dict:
    response = await client.get(f"/api/v1/leases/{lease_id}/ledger", headers=staff(FEES))
    assert response.status_code == 200, response.text
    return response.json()


async def _upload(client, staff, data: bytes, user: str = FEES):
    return await client.post(
        "/api/v1/payment-files", content=data, headers={**staff(user), **OCTET}
    )


async def test_signing_states_the_intervention_and_publishes_lease_signed(
    client, staff, new_lease, system_session
):
    lease_id = await new_lease(housing_type="training_apartment")
    detail = (await client.get(f"/api/v1/leases/{lease_id}", headers=staff("hugo.housing"))).json()
    assert detail["status"] == "awaiting_signature"
    assert detail["terms"]["statement"] == INTERVENTION_STATEMENT
    assert "inte ditt eget förstahandskontrakt" in detail["terms"]["statement"]
    assert detail["terms"]["notice_weeks"] == 2 and detail["terms"]["period_months"] == 1
    assert detail["terms"]["training_period_max_years"] == 3
    assert detail["rents"][0]["rent_ore"] == 600_000

    # A caseworker may read but not sign.
    denied = await client.post(
        f"/api/v1/leases/{lease_id}/signature",
        json={"signed_on": "2027-01-01", "keys_handed_over_on": "2027-01-01"},
        headers=staff("anna.caseworker"),
    )
    assert denied.status_code == 403
    signed = await client.post(
        f"/api/v1/leases/{lease_id}/signature",
        json={"signed_on": "2027-01-01", "keys_handed_over_on": "2027-01-01"},
        headers=staff("hugo.housing"),
    )
    assert signed.status_code == 200 and signed.json()["signed_by"] == "hugo.housing"
    again = await client.post(
        f"/api/v1/leases/{lease_id}/signature",
        json={"signed_on": "2027-01-01", "keys_handed_over_on": "2027-01-01"},
        headers=staff("hugo.housing"),
    )
    assert again.status_code == 409
    async with system_session() as session:
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
        signed_events = [r for r in rows if '"LeaseSigned"' in r.value or "LeaseSigned" in r.value]
        assert len(signed_events) == 1 and lease_id in signed_events[0].value
        assert "19121212" not in signed_events[0].value  # LeaseSigned carries ids only


async def test_rent_run_contract(client, staff, signed_lease):
    full = await signed_lease(move_in=date(2026, 12, 1))
    half = await signed_lease(move_in=date(2027, 1, 16), pn=personal_number("19850412", "238"))
    await signed_lease(move_in=date(2027, 3, 1), pn=personal_number("19701103", "417"))
    first = await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["month"] == "2027-01" and body["invoices"] == 2
    assert body["amount_ore"] == 600_000 + 309_677  # 16 of 31 days
    second = await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    assert second.status_code == 200 and second.json() == body
    invoices = await _invoices(client, staff, district="bromma", month="2027-01")
    assert len(invoices) == 2
    by_lease = {i["lease_id"]: i for i in invoices}
    assert by_lease[half]["amount_ore"] == 309_677
    assert by_lease[full]["due_date"] == "2026-12-30"
    assert by_lease[full]["bankgiro"] == "5050-1055" and by_lease[full]["status"] == "open"
    for bad in ("2027-1", "2027-13", "januari"):
        response = await client.post(
            "/api/v1/rent-runs", json={"district": "bromma", "month": bad}, headers=staff(FEES)
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "month"
    # Not the fee officer's district: refused, as for a district that does not exist.
    other = await client.post(
        "/api/v1/rent-runs", json={"district": "skarholmen", "month": "2027-01"},
        headers=staff(FEES),
    )  # fmt: skip
    assert other.status_code == 403  # not the fee officer's district (issue #8: 403, known or not)
    caseworker = await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-02"},
        headers=staff("anna.caseworker"),
    )  # fmt: skip
    assert caseworker.status_code == 403
    negative = await client.post(
        f"/api/v1/leases/{full}/rent-changes",
        json={"effective_from": "2027-02-01", "rent_ore": -1},
        headers=staff("hugo.housing"),
    )
    assert negative.status_code == 422


async def test_payment_file_books_matches_and_refuses(client, staff, signed_lease, system_session):
    exact = await signed_lease(move_in=date(2027, 1, 1))
    partial = await signed_lease(move_in=date(2027, 1, 1), pn=personal_number("19850412", "238"))
    over = await signed_lease(move_in=date(2027, 1, 1), pn=personal_number("19701103", "417"))
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    ocr = {i["lease_id"]: i["ocr"] for i in await _invoices(client, staff, month="2027-01")}
    bad_check = ocr[exact][:-1] + str((int(ocr[exact][-1]) + 1) % 10)
    data = write_bgmax(
        [Deposit(BROMMA_BANKGIRO, date(2026, 12, 29), [
            PaymentLine(ocr[exact], 600_000, payer_name="Tolvan Tolvansson"),
            PaymentLine(ocr[partial], 250_000),
            PaymentLine(ocr[over], 700_000),
            PaymentLine(bad_check, 10_000),
            PaymentLine("", 5_000),
        ])]
    )  # fmt: skip
    first = await _upload(client, staff, data)
    assert first.status_code == 201, first.text
    result = first.json()
    assert result["payments"] == 5 and result["matched"] == 3 and result["unmatched"] == 2
    assert result["amount_ore"] == 600_000 + 250_000 + 700_000 + 10_000 + 5_000
    again = await _upload(client, staff, data)
    assert again.status_code == 200 and again.json() == result

    assert (await _ledger(client, staff, exact))["balance_ore"] == 0
    assert (await _ledger(client, staff, partial))["balance_ore"] == 350_000
    over_ledger = await _ledger(client, staff, over)
    assert over_ledger["balance_ore"] == -100_000
    assert sorted(e["kind"] for e in over_ledger["entries"]) == ["credit", "invoice", "payment"]
    statuses = {i["lease_id"]: i["status"] for i in await _invoices(client, staff, month="2027-01")}
    assert statuses == {exact: "paid", partial: "partly_paid", over: "paid"}

    # The credit pays part of February at once.
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-02"}, headers=staff(FEES)
    )
    february = {i["lease_id"]: i for i in await _invoices(client, staff, month="2027-02")}
    assert february[over]["paid_ore"] == 100_000 and february[over]["status"] == "partly_paid"
    assert (await _ledger(client, staff, over))["balance_ore"] == 500_000

    unmatched = (
        await client.get("/api/v1/unmatched-payments", params={"district": "bromma"},
                         headers=staff(FEES))
    ).json()  # fmt: skip
    assert len(unmatched) == 2
    reasons = {u["amount_ore"]: u["reason"] for u in unmatched}
    assert "check digit" in reasons[10_000] and "no reference" in reasons[5_000]
    wrong = next(u for u in unmatched if u["amount_ore"] == 10_000)
    allocated = await client.post(
        f"/api/v1/unmatched-payments/{wrong['payment_id']}/allocation",
        json={"lease_id": partial, "note": "Hyresgästen skrev fel OCR; bekräftat per telefon"},
        headers=staff(FEES),
    )
    assert allocated.status_code == 200, allocated.text
    assert allocated.json()["allocated_by"] == FEES
    assert (await _ledger(client, staff, partial))["balance_ore"] == 340_000 + 600_000
    twice = await client.post(
        f"/api/v1/unmatched-payments/{wrong['payment_id']}/allocation",
        json={"lease_id": partial, "note": "igen"},
        headers=staff(FEES),
    )
    assert twice.status_code == 409

    # A correction is a reversing entry; the balance stays the sum.
    entries = (await _ledger(client, staff, exact))["entries"]
    entry = next(e for e in entries if e["kind"] == "payment")
    reversed_ = await client.post(
        f"/api/v1/leases/{exact}/ledger/reversals",
        json={"entry_id": entry["entry_id"], "reason": "felbokad betalning",
              "booked_on": "2027-01-05"},
        headers=staff(FEES),
    )  # fmt: skip
    assert reversed_.status_code == 201
    ledger = reversed_.json()
    assert ledger["balance_ore"] == sum(e["amount_ore"] for e in ledger["entries"]) == 1_200_000
    reversal = next(e for e in ledger["entries"] if e["kind"] == "reversal")
    assert reversal["reverses_id"] == entry["entry_id"] and reversal["amount_ore"] == 600_000

    async with system_session() as session:
        actions = {
            (row.action, row.resource.split(":")[0])
            for row in (await session.execute(select(AccessLogEntry))).scalars()
        }
    assert ("read", "ledger") in actions and ("update", "payment") in actions
    assert ("read", "invoices") in actions and ("update", "ledger") in actions


async def test_bad_payment_files_book_nothing(client, staff, signed_lease):
    lease = await signed_lease(move_in=date(2027, 1, 1))
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    ocr = (await _invoices(client, staff, month="2027-01"))[0]["ocr"]
    good = write_bgmax([Deposit(BROMMA_BANKGIRO, date(2027, 1, 2), [PaymentLine(ocr, 600_000)])])
    lines = good.decode("iso-8859-1").split("\r\n")

    truncated = "\r\n".join([*lines[:2], lines[2][:60], *lines[3:]]).encode("iso-8859-1")
    response = await _upload(client, staff, truncated)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "line 3"

    wrong_count = "\r\n".join([*lines[:-2], "70" + "00000002" + lines[-2][10:], ""])
    response = await _upload(client, staff, wrong_count.encode("iso-8859-1"))
    assert response.status_code == 422 and "TK20" in response.json()["errors"][0]["message"]

    unknown = write_bgmax([Deposit("99999999", date(2027, 1, 2), [PaymentLine(ocr, 600_000)])])
    response = await _upload(client, staff, unknown)
    assert response.status_code == 422 and "bankgiro" in response.json()["errors"][0]["message"]

    others = write_bgmax(
        [Deposit(SKARHOLMEN_BANKGIRO, date(2027, 1, 2), [PaymentLine(ocr, 600_000)])]
    )
    assert (await _upload(client, staff, others)).status_code == 403

    json_body = await client.post("/api/v1/payment-files", json={"file": "x"}, headers=staff(FEES))
    assert json_body.status_code == 422
    assert (await _ledger(client, staff, lease))["balance_ore"] == 600_000  # nothing booked
    # The good file still books once afterwards.
    assert (await _upload(client, staff, good)).status_code == 201
    assert (await _ledger(client, staff, lease))["balance_ore"] == 0


async def test_district_isolation(client, staff, signed_lease):
    lease = await signed_lease(move_in=date(2027, 1, 1))
    assert (
        await client.get(f"/api/v1/leases/{lease}", headers=staff("sven.skarholmen"))
    ).status_code == 404
    assert (
        await client.get(f"/api/v1/leases/{lease}/ledger", headers=staff("sven.skarholmen"))
    ).status_code == 404
    listed = await client.get("/api/v1/leases", headers=staff("sven.skarholmen"))
    assert listed.status_code == 200 and listed.json() == []
    both = await client.get("/api/v1/leases", headers=staff("eva.two.districts"))
    assert [item["lease_id"] for item in both.json()] == [lease]


async def test_a_large_file_is_accepted_and_nothing_is_lost(client, staff, signed_lease):
    await signed_lease(move_in=date(2027, 1, 1))
    lines = [PaymentLine(f"99{i:06d}", 100 + i) for i in range(4_000)]  # no such OCRs
    data = write_bgmax([Deposit(BROMMA_BANKGIRO, date(2027, 1, 2), lines)])
    assert len(data) > 300_000  # above the platform's default body limit
    response = await _upload(client, staff, data)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["payments"] == body["unmatched"] == 4_000
    assert body["amount_ore"] == sum(100 + i for i in range(4_000))
    listed = await client.get(
        "/api/v1/unmatched-payments", params={"limit": 1000, "offset": 3_500},
        headers=staff(FEES),
    )  # fmt: skip
    assert len(listed.json()) == 500


async def test_tenancy_to_be_signed_is_idempotent_and_refuses_what_can_never_succeed(
    client, system_session
):
    from bostad_common.messaging import PoisonMessage
    from bostad_devkit.tenancy_kit import as_event, tenancy_to_be_signed
    from tenancy.leases.handlers import handle_tenancy_to_be_signed
    from tenancy.leases.models import Lease

    payload = tenancy_to_be_signed()
    for _ in range(2):
        async with system_session() as session:
            await handle_tenancy_to_be_signed(session, as_event(payload), payload)
    async with system_session() as session:
        assert len((await session.execute(select(Lease))).scalars().all()) == 1
    for bad in (
        tenancy_to_be_signed(district="nowhere"),
        tenancy_to_be_signed(pn="19121212-1213"),  # wrong check digit
    ):
        with pytest.raises(PoisonMessage) as refused:
            async with system_session() as session:
                await handle_tenancy_to_be_signed(session, as_event(bad), bad)
        assert "1212" not in refused.value.reason


async def test_the_same_file_twice_at_once_books_once(client, staff, signed_lease):
    import asyncio

    lease = await signed_lease(move_in=date(2027, 1, 1))
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    ocr = (await _invoices(client, staff, month="2027-01"))[0]["ocr"]
    data = write_bgmax([Deposit(BROMMA_BANKGIRO, date(2027, 1, 2), [PaymentLine(ocr, 200_000)])])
    runs = await asyncio.gather(
        *(
            client.post("/api/v1/rent-runs", json={"district": "bromma", "month": "2027-02"},
                        headers=staff(FEES))
            for _ in range(3)
        ),
        *(_upload(client, staff, data) for _ in range(3)),
    )  # fmt: skip
    assert sorted(r.status_code for r in runs[:3]) == [200, 200, 201]
    assert sorted(r.status_code for r in runs[3:]) == [200, 200, 201]
    assert len({r.json()["file_id"] for r in runs[3:]}) == 1
    assert (await _ledger(client, staff, lease))["balance_ore"] == 2 * 600_000 - 200_000


async def test_money_to_a_credited_invoice_is_not_lost(client, staff, signed_lease):
    lease = await signed_lease(move_in=date(2027, 1, 1))
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-01"}, headers=staff(FEES)
    )
    invoice = (await _invoices(client, staff, month="2027-01"))[0]
    entry = (await _ledger(client, staff, lease))["entries"][0]
    credited = await client.post(
        f"/api/v1/leases/{lease}/ledger/reversals",
        json={"entry_id": entry["entry_id"], "reason": "felaktig avi", "booked_on": "2027-01-02"},
        headers=staff(FEES),
    )
    assert credited.json()["balance_ore"] == 0
    data = write_bgmax(
        [Deposit(BROMMA_BANKGIRO, date(2027, 1, 3), [PaymentLine(invoice["ocr"], 600_000)])]
    )
    assert (await _upload(client, staff, data)).status_code == 201
    ledger = await _ledger(client, staff, lease)
    assert ledger["balance_ore"] == -600_000  # all of it credit
    assert (await _invoices(client, staff, month="2027-01"))[0]["status"] == "credited"
