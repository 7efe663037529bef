"""Exports: the month's ledgers as CSV and the rent ledger as SIE 4."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO, personal_number
from tenancy.districts.models import DistrictConfig
from tenancy.exports.sie import EntryForExport, sie4
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax

FEES = "frida.fees"


def _verifications(text: str) -> list[list[tuple[str, str]]]:
    blocks = re.findall(r"#VER [^\n]*\r\n\{\r\n(.*?)\r\n\}", text, re.S)
    return [re.findall(r"#TRANS (\d+) \{\} (-?\d+\.\d\d)", block) for block in blocks]


def test_sie4_balances_every_verification_and_uses_the_configured_accounts() -> None:
    config = DistrictConfig(code="bromma", name="Bromma stadsdelsförvaltning", bankgiro="1")
    entries = [
        EntryForExport("invoice", None, 612_300, date(2027, 1, 29)),
        EntryForExport("invoice", None, 500_000, date(2027, 1, 29)),
        EntryForExport("payment", None, -612_300, date(2027, 1, 28)),
        EntryForExport("credit", None, -10_050, date(2027, 1, 28)),
        EntryForExport("reversal", "payment", 612_300, date(2027, 1, 30)),
    ]
    data = sie4(config, "2027-02", entries, generated=date(2027, 3, 1))
    text = data.decode("cp437")
    assert "#SIETYP 4" in text and "#FORMAT PC8" in text and "#RAR 0 20270101 20271231" in text
    assert '#FNAMN "Bromma stadsdelsförvaltning"' in text
    assert "ö".encode("cp437") in data  # PC8, not UTF-8
    verifications = _verifications(text)
    assert len(verifications) == 4  # payments, credit (28th), invoices (29th), reversal (30th)
    for lines in verifications:
        assert sum(int(amount.replace(".", "")) for _, amount in lines) == 0
    invoices = dict(verifications[2])
    assert invoices == {"1510": "11123.00", "3911": "-11123.00"}
    assert dict(verifications[0]) == {"1510": "-100.50", "1930": "100.50"}  # credit
    assert dict(verifications[1]) == {"1510": "-6123.00", "1930": "6123.00"}  # payment
    assert dict(verifications[3]) == {"1510": "6123.00", "1930": "-6123.00"}


@pytest.mark.integration
async def test_exports_over_http(client, staff, signed_lease):
    lease = await signed_lease(move_in=date(2027, 1, 1), pn=personal_number("19900101", "123"),
                               name="Åsa Öberg")  # fmt: skip
    await client.post(
        "/api/v1/rent-runs", json={"district": "bromma", "month": "2027-02"}, headers=staff(FEES)
    )
    invoice = (await client.get("/api/v1/invoices", headers=staff(FEES))).json()[0]
    data = write_bgmax(
        [Deposit(BROMMA_BANKGIRO, date(2027, 2, 3), [PaymentLine(invoice["ocr"], 250_000)])]
    )
    await client.post(
        "/api/v1/payment-files", content=data, headers={**staff(FEES), "Content-Type": "text/plain"}
    )
    sheet = await client.get(
        "/api/v1/exports/ledgers.csv", params={"district": "bromma", "month": "2027-02"},
        headers=staff(FEES),
    )  # fmt: skip
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sheet.text), delimiter=";"))
    assert rows[0][:3] == ["Kontrakt", "Hyresgäst", "Bokföringsdag"]
    assert [(r[1], r[3], r[4]) for r in rows[1:]] == [("Åsa Öberg", "inbetalning", "-2500,00")]
    # January's invoice was booked on its due date in January (2027-01-29).
    sie = await client.get(
        "/api/v1/exports/sie", params={"district": "bromma", "month": "2027-02"},
        headers=staff(FEES),
    )  # fmt: skip
    assert sie.status_code == 200
    text = sie.content.decode("cp437")
    assert "Åsa" not in text  # sums only, no person
    assert _verifications(text) == [[("1510", "-2500.00"), ("1930", "2500.00")]]
    other = await client.get(
        "/api/v1/exports/sie", params={"district": "skarholmen", "month": "2027-02"},
        headers=staff(FEES),
    )  # fmt: skip
    assert other.status_code == 403  # a district not yours (issue #8)
    bad = await client.get(
        "/api/v1/exports/sie", params={"district": "bromma", "month": "2027-2"},
        headers=staff(FEES),
    )  # fmt: skip
    assert bad.status_code == 422
    assert lease
