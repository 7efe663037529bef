"""Writes BgMax files (layout in `tenancy.payments.bgmax`): for demo data, tests and the bench.

The bank writes the real files; this writer makes files of the same shape so
that everything downstream is exercised with the real format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tenancy.payments.bgmax import ENCODING, RECORD_LENGTH


@dataclass
class PaymentLine:
    reference: str
    amount_ore: int
    payer_name: str | None = None
    payer_bankgiro: str = "0"
    deduction: bool = False


@dataclass
class Deposit:
    payee_bankgiro: str
    payment_date: date
    payments: list[PaymentLine] = field(default_factory=list)


def _record(text: str) -> str:
    if len(text) > RECORD_LENGTH:
        raise ValueError("record longer than 80 characters")
    return text.ljust(RECORD_LENGTH)


def write_bgmax(deposits: list[Deposit], *, created: datetime | None = None) -> bytes:
    created = created or datetime(2027, 1, 1, 6, 0, 0)
    lines = [
        _record("01" + "BGMAX".ljust(20) + "01" + created.strftime("%Y%m%d%H%M%S") + "000000P")
    ]
    serial = 0
    totals = {"20": 0, "21": 0}
    for number, deposit in enumerate(deposits, start=1):
        lines.append(_record("05" + deposit.payee_bankgiro.zfill(10) + "0" * 10 + "SEK"))
        net = 0
        for payment in deposit.payments:
            serial += 1
            kind = "21" if payment.deduction else "20"
            totals[kind] += 1
            net += -payment.amount_ore if payment.deduction else payment.amount_ore
            lines.append(
                _record(
                    kind
                    + payment.payer_bankgiro.zfill(10)
                    + payment.reference.ljust(25)
                    + str(payment.amount_ore).zfill(18)
                    + "2"  # reference code: OCR as given by the payer
                    + "1"  # payment channel: electronic
                    + str(serial).zfill(12)
                    + "0"
                )
            )
            if payment.payer_name:
                lines.append(_record("26" + payment.payer_name[:35].ljust(35)))
        lines.append(
            _record(
                "15"
                + "1234567890".ljust(35)
                + deposit.payment_date.strftime("%Y%m%d")
                + str(number).zfill(5)
                + str(net).zfill(18)
                + "SEK"
                + str(len(deposit.payments)).zfill(8)
                + "K"
            )
        )
    lines.append(
        _record(
            "70"
            + str(totals["20"]).zfill(8)
            + str(totals["21"]).zfill(8)
            + "0" * 8
            + str(len(deposits)).zfill(8)
        )
    )
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)
