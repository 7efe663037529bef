"""The BgMax file format (Bankgirot "Bankgiro Inbetalningar"), read strictly.

Source: Bankgirot, "Bankgiro Inbetalningar – Teknisk manual" (BgMax, layout
version 01), the record descriptions of chapter 2 ("Postbeskrivningar"). Every
record is 80 characters, ISO-8859-1, one per line. Positions below are the
manual's 1-based inclusive positions ("pos 3–12"); `_field` turns them into
slices. A file is

    TK01 start          layout name "BGMAX" (3–22), version (23–24),
                        timestamp YYYYMMDDHHMMSSμμμμμμ (25–44), test marker T/P (45)
    one or more deposits (avsnitt):
      TK05 opening      payee bankgiro (3–12), payee plusgiro (13–22), currency (23–25)
      TK20 payment      payer bankgiro (3–12), reference (13–37), amount in öre (38–55),
                        reference code (56), payment channel (57),
                        BGC serial number (58–69), image marker (70)
      TK21 deduction    as TK20, plus deduction code (71)
      TK22/TK23         extra reference / extra reference with deduction, as TK20
      TK25 information  free text (3–52), belongs to the payment before it
      TK26 name         payer name (3–37), extra name (38–72)
      TK27 address      address (3–37), postal code (38–46)
      TK28 city         city (3–37), country (38–72), country code (73–74)
      TK29 org number   payer organisation or personal number (3–14)
      TK15 deposit      payee bank account (3–37), payment date YYYYMMDD (38–45),
                        deposit serial number (46–50), deposit amount in öre (51–68),
                        currency (69–71), number of payments and deductions (72–79),
                        deposit type (80)
    TK70 end            number of payments (3–10), deductions (11–18),
                        extra references (19–26), deposits (27–34)

Strictness (the issue: "every record type, totals and counts checked"): a
record of the wrong length, an unknown record type, a record out of place, a
field that should be digits but is not, a deposit whose TK15 amount or count
does not match its records, or a TK70 whose counts do not match the file makes
the whole file invalid, naming the line. Nothing is booked from an invalid file.
A payer's personal number in TK29 is never kept (data minimisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RECORD_LENGTH = 80
ENCODING = "iso-8859-1"
LAYOUT_NAME = "BGMAX"


class BgMaxError(ValueError):
    """The file is not a valid BgMax file; `line` is 1-based (0 = the file as a whole)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass
class BgMaxPayment:
    """A TK20 payment (or TK21 deduction, `is_deduction`) with what followed it."""

    line: int
    payer_bankgiro: str
    reference: str
    amount_ore: int
    reference_code: str
    channel_code: str
    bgc_serial: str
    is_deduction: bool = False
    extra_references: list[str] = field(default_factory=list)
    information: list[str] = field(default_factory=list)
    payer_name: str | None = None


@dataclass
class BgMaxDeposit:
    line: int
    payee_bankgiro: str
    currency: str
    payments: list[BgMaxPayment] = field(default_factory=list)
    payment_date: date | None = None
    deposit_amount_ore: int = 0


@dataclass
class BgMaxFile:
    created: str
    test_marker: str
    deposits: list[BgMaxDeposit]

    @property
    def payments(self) -> list[BgMaxPayment]:
        return [payment for deposit in self.deposits for payment in deposit.payments]


def _field(record: str, first: int, last: int) -> str:
    """The manual's positions first..last (1-based, inclusive)."""
    return record[first - 1 : last]


def _digits(record: str, first: int, last: int, line: int, what: str) -> int:
    value = _field(record, first, last)
    if not value.isdigit():
        raise BgMaxError(line, f"{what} (positions {first}-{last}) must be digits")
    return int(value)


def _date(record: str, first: int, last: int, line: int, what: str) -> date:
    value = _field(record, first, last)
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise BgMaxError(line, f"{what} (positions {first}-{last}) is not a date") from None


def _bankgiro(value: str) -> str:
    """Bankgiro numbers are right-aligned with leading zeros; compare them without."""
    return value.lstrip("0") or "0"


def _payment(record: str, line: int, *, deduction: bool) -> BgMaxPayment:
    amount = _digits(record, 38, 55, line, "amount")
    _digits(record, 3, 12, line, "payer bankgiro")
    return BgMaxPayment(
        line=line,
        payer_bankgiro=_bankgiro(_field(record, 3, 12)),
        reference=_field(record, 13, 37).strip(),
        amount_ore=amount,
        reference_code=_field(record, 56, 56),
        channel_code=_field(record, 57, 57),
        bgc_serial=_field(record, 58, 69).strip(),
        is_deduction=deduction,
    )


def decode(data: bytes) -> list[str]:
    """The file's records: ISO-8859-1, CRLF or LF, a final empty line allowed."""
    text = data.decode(ENCODING)  # every byte is a valid ISO-8859-1 character
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse(data: bytes) -> BgMaxFile:
    """Parse and check a whole file; raises `BgMaxError` naming the first problem."""
    records = decode(data)
    if not records:
        raise BgMaxError(0, "the file is empty")
    for number, record in enumerate(records, start=1):
        if len(record) != RECORD_LENGTH:
            raise BgMaxError(
                number, f"record is {len(record)} characters, not {RECORD_LENGTH} (truncated?)"
            )
    start = records[0]
    if _field(start, 1, 2) != "01":
        raise BgMaxError(1, "the file must begin with a start record (TK01)")
    if _field(start, 3, 22).strip() != LAYOUT_NAME:
        raise BgMaxError(1, "layout name (positions 3-22) must be BGMAX")
    _digits(start, 23, 24, 1, "layout version")
    _digits(start, 25, 44, 1, "timestamp")
    if _field(start, 45, 45) not in ("T", "P"):
        raise BgMaxError(1, "test marker (position 45) must be T or P")

    deposits: list[BgMaxDeposit] = []
    current: BgMaxDeposit | None = None
    last_payment: BgMaxPayment | None = None
    counts = {"20": 0, "21": 0, "22+23": 0, "15": 0}
    ended = False
    for number, record in enumerate(records[1:], start=2):
        kind = _field(record, 1, 2)
        if ended:
            raise BgMaxError(number, "record after the end record (TK70)")
        if kind == "05":
            if current is not None:
                raise BgMaxError(number, "opening record (TK05) before the deposit record (TK15)")
            _digits(record, 3, 12, number, "payee bankgiro")
            current = BgMaxDeposit(
                line=number,
                payee_bankgiro=_bankgiro(_field(record, 3, 12)),
                currency=_field(record, 23, 25),
            )
            if current.currency != "SEK":
                raise BgMaxError(number, "currency (positions 23-25) must be SEK")
            last_payment = None
        elif kind in ("20", "21"):
            if current is None:
                raise BgMaxError(number, f"TK{kind} outside a deposit (no TK05 before it)")
            last_payment = _payment(record, number, deduction=kind == "21")
            current.payments.append(last_payment)
            counts[kind] += 1
        elif kind in ("22", "23", "25", "26", "27", "28", "29"):
            if current is None or last_payment is None:
                raise BgMaxError(number, f"TK{kind} without a payment (TK20/TK21) before it")
            if kind in ("22", "23"):
                _digits(record, 38, 55, number, "amount")
                last_payment.extra_references.append(_field(record, 13, 37).strip())
                counts["22+23"] += 1
            elif kind == "25":
                last_payment.information.append(_field(record, 3, 52).rstrip())
            elif kind == "26":
                last_payment.payer_name = _field(record, 3, 37).strip() or None
            # TK27/28 (payer's address) and TK29 (payer's org or personal number)
            # are checked for place only: the platform does not keep them.
        elif kind == "15":
            if current is None:
                raise BgMaxError(number, "deposit record (TK15) without an opening record (TK05)")
            current.payment_date = _date(record, 38, 45, number, "payment date")
            current.deposit_amount_ore = _digits(record, 51, 68, number, "deposit amount")
            declared_count = _digits(record, 72, 79, number, "number of payments")
            if _field(record, 69, 71) != "SEK":
                raise BgMaxError(number, "currency (positions 69-71) must be SEK")
            net = sum(-p.amount_ore if p.is_deduction else p.amount_ore for p in current.payments)
            if net != current.deposit_amount_ore:
                raise BgMaxError(
                    number,
                    f"deposit amount {current.deposit_amount_ore} öre does not match "
                    f"the deposit's payments ({net} öre)",
                )
            if declared_count != len(current.payments):
                raise BgMaxError(
                    number,
                    f"deposit declares {declared_count} payments but has {len(current.payments)}",
                )
            deposits.append(current)
            counts["15"] += 1
            current, last_payment = None, None
        elif kind == "70":
            if current is not None:
                raise BgMaxError(number, "end record (TK70) inside an open deposit (no TK15)")
            declared = {
                "20": _digits(record, 3, 10, number, "number of payments"),
                "21": _digits(record, 11, 18, number, "number of deductions"),
                "22+23": _digits(record, 19, 26, number, "number of extra references"),
                "15": _digits(record, 27, 34, number, "number of deposits"),
            }
            for key, what in (
                ("20", "payments (TK20)"),
                ("21", "deductions (TK21)"),
                ("22+23", "extra references (TK22/TK23)"),
                ("15", "deposits (TK15)"),
            ):
                if declared[key] != counts[key]:
                    raise BgMaxError(
                        number,
                        f"end record declares {declared[key]} {what} but the file has "
                        f"{counts[key]}",
                    )
            ended = True
        elif kind == "01":
            raise BgMaxError(number, "a second start record (TK01)")
        else:
            raise BgMaxError(number, f"unknown record type {kind!r}")
    if not ended:
        raise BgMaxError(len(records), "the file has no end record (TK70): truncated?")
    return BgMaxFile(
        created=_field(start, 25, 44), test_marker=_field(start, 45, 45), deposits=deposits
    )
