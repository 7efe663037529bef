"""Pure rules: OCR, due dates, pro rata rent, applying payments, BgMax parsing."""

from __future__ import annotations

from datetime import date

import pytest

from tenancy.arrears.rules import (
    InvoiceBalance,
    arrears_of,
    should_register,
    step_due,
    step_to_take,
)
from tenancy.ledger.rules import OpenInvoice, apply_payment, invoice_status
from tenancy.payments import bgmax
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax
from tenancy.rent.rules import (
    InvalidMonth,
    Month,
    RentPeriod,
    due_date,
    invoice_ocr,
    luhn_check_digit,
    make_ocr,
    ocr_problem,
    rent_for_month,
)


def test_luhn_matches_known_values() -> None:
    # Bankgirot's manual example: "1234567" → check digit 4 ... and a bankgiro number.
    assert luhn_check_digit("7992739871") == 3  # the textbook Luhn example
    assert luhn_check_digit("123456789") == 7


def test_ocr_has_length_and_check_digit() -> None:
    ocr = make_ocr("12345")
    assert ocr[:5] == "12345" and ocr[5] == "7"  # 7 digits in all
    assert len(ocr) == 7 and ocr_problem(ocr) is None
    broken = ocr[:-1] + str((int(ocr[-1]) + 1) % 10)
    assert ocr_problem(broken) == "OCR check digit is wrong"
    wrong_length = make_ocr("123456")[:-2]
    assert ocr_problem(wrong_length + "0" + str(luhn_check_digit(wrong_length + "0"))) == (
        "OCR length digit is wrong"
    )
    assert ocr_problem("") == "no reference" and ocr_problem("12A4") is not None


def test_invoice_ocr_is_unique_per_lease_and_month() -> None:
    january, february = Month(2027, 1), Month(2027, 2)
    assert invoice_ocr(1, january) != invoice_ocr(1, february) != invoice_ocr(2, february)
    assert invoice_ocr(42, january).startswith("00000422701")
    assert ocr_problem(invoice_ocr(9_999_999, Month(2099, 12))) is None


@pytest.mark.parametrize("text", ["2027-13", "2027-1", "27-01", "2027/01", "", "januari"])
def test_bad_month_format_is_refused(text: str) -> None:
    with pytest.raises(InvalidMonth):
        Month.parse(text)


def test_due_date_is_last_working_day_before_the_month() -> None:
    assert due_date(Month(2027, 3)) == date(2027, 2, 26)  # 28 Feb 2027 is a Sunday
    # 1 Jan 2027: 31 Dec (nyårsafton) and 24-26 Dec are not working days → 30 Dec.
    assert due_date(Month(2027, 1)) == date(2026, 12, 30)
    assert due_date(Month(2027, 2)) == date(2027, 1, 29)  # 31 Jan is a Sunday


def test_pro_rata_for_partial_months_and_rent_changes() -> None:
    rents = [RentPeriod(date(2027, 1, 16), 600_000)]
    # 16..31 January: 16 of 31 days.
    assert rent_for_month(Month(2027, 1), lease_start=date(2027, 1, 16), lease_end=None,
                          rents=rents) == 309_677  # fmt: skip
    assert rent_for_month(Month(2027, 2), lease_start=date(2027, 1, 16), lease_end=None,
                          rents=rents) == 600_000  # fmt: skip
    ends = rent_for_month(Month(2027, 4), lease_start=date(2027, 1, 16),
                          lease_end=date(2027, 4, 15), rents=rents)  # fmt: skip
    assert ends == 300_000
    changed = [*rents, RentPeriod(date(2027, 6, 11), 630000)]
    july = rent_for_month(Month(2027, 7), lease_start=date(2027, 1, 16), lease_end=None,
                          rents=changed)  # fmt: skip
    assert july == 630_000  # the newest rent for a whole month
    # 10 days at 6000 and 20 days at 6300, of 30.
    assert rent_for_month(Month(2027, 6), lease_start=date(2027, 1, 16), lease_end=None,
                          rents=changed) == 620_000  # fmt: skip
    assert rent_for_month(Month(2026, 12), lease_start=date(2027, 1, 16), lease_end=None,
                          rents=rents) == 0  # fmt: skip
    with pytest.raises(ValueError, match="negative"):
        rent_for_month(Month(2027, 2), lease_start=date(2027, 1, 16), lease_end=None,
                       rents=[RentPeriod(date(2027, 1, 1), -1)])  # fmt: skip


def test_payment_goes_to_its_invoice_then_oldest_open_then_credit() -> None:
    march = OpenInvoice("march", 3, 500)
    january = OpenInvoice("january", 1, 200)
    february = OpenInvoice("february", 2, 500)
    applied, credit = apply_payment(1_000, march, [february, january, march])
    assert applied == [("march", 500), ("january", 200), ("february", 300)] and credit == 0
    applied, credit = apply_payment(300, march, [])
    assert applied == [("march", 300)] and credit == 0
    applied, credit = apply_payment(800, OpenInvoice("paid", 1, 0), [])
    assert applied == [] and credit == 800
    assert invoice_status(500, 0) == "open" and invoice_status(500, 200) == "partly_paid"
    assert invoice_status(500, 500) == "paid"


# ------------------------------------------------------------------ BgMax


def _file() -> bytes:
    return write_bgmax(
        [
            Deposit("50501055", date(2027, 1, 28), [
                PaymentLine(make_ocr("1234"), 612_300, payer_name="Tolvan Tolvansson"),
                PaymentLine("FEL REFERENS", 10_000),
            ]),
            Deposit("50502061", date(2027, 1, 29), [PaymentLine(make_ocr("99"), 5_000)]),
        ]
    )  # fmt: skip


def test_bgmax_round_trip() -> None:
    parsed = bgmax.parse(_file())
    assert [d.payee_bankgiro for d in parsed.deposits] == ["50501055", "50502061"]
    first = parsed.deposits[0]
    assert first.payment_date == date(2027, 1, 28) and first.deposit_amount_ore == 622_300
    assert [p.amount_ore for p in first.payments] == [612_300, 10_000]
    assert first.payments[0].payer_name == "Tolvan Tolvansson"
    assert first.payments[1].reference == "FEL REFERENS"


def _lines() -> list[str]:
    return _file().decode("iso-8859-1").split("\r\n")[:-1]


def _join(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("iso-8859-1")


def test_bgmax_truncated_record_names_the_line() -> None:
    lines = _lines()
    lines[2] = lines[2][:50]
    with pytest.raises(bgmax.BgMaxError) as error:
        bgmax.parse(_join(lines))
    assert error.value.line == 3 and "not 80" in error.value.problem


def test_bgmax_truncated_file_without_end_record() -> None:
    with pytest.raises(bgmax.BgMaxError, match="no end record"):
        bgmax.parse(_join(_lines()[:-1]))


def test_bgmax_wrong_counts_in_end_record() -> None:
    lines = _lines()
    lines[-1] = "70" + "00000004" + lines[-1][10:]
    with pytest.raises(bgmax.BgMaxError) as error:
        bgmax.parse(_join(lines))
    assert error.value.line == len(lines) and "payments (TK20)" in error.value.problem


def test_bgmax_wrong_deposit_total() -> None:
    lines = _lines()
    index = next(i for i, line in enumerate(lines) if line.startswith("15"))
    lines[index] = lines[index][:50] + "000000000000622301" + lines[index][68:]
    with pytest.raises(bgmax.BgMaxError) as error:
        bgmax.parse(_join(lines))
    assert error.value.line == index + 1 and "deposit amount" in error.value.problem


def test_bgmax_non_digit_amount_and_unknown_record() -> None:
    lines = _lines()
    lines[2] = lines[2][:40] + "X" + lines[2][41:]
    with pytest.raises(bgmax.BgMaxError, match="amount"):
        bgmax.parse(_join(lines))
    lines = _lines()
    lines.insert(2, "99".ljust(80))
    with pytest.raises(bgmax.BgMaxError, match="unknown record type"):
        bgmax.parse(_join(lines))


def test_bgmax_payment_outside_deposit_and_missing_start() -> None:
    lines = _lines()
    with pytest.raises(bgmax.BgMaxError, match="start record"):
        bgmax.parse(_join(lines[1:]))
    moved = [lines[0], lines[2], *lines[1:2], *lines[3:]]
    with pytest.raises(bgmax.BgMaxError, match="outside a deposit"):
        bgmax.parse(_join(moved))


# ------------------------------------------------------------------ arrears and dunning


def test_arrears_count_overdue_months_with_something_left() -> None:
    invoices = [
        InvoiceBalance("jan", date(2026, 12, 30), 100_000),  # partly paid: counts
        InvoiceBalance("feb", date(2027, 1, 29), 600_000),
        InvoiceBalance("mar", date(2027, 2, 26), 600_000),  # not yet due
        InvoiceBalance("paid", date(2026, 11, 30), 0),
    ]
    arrears = arrears_of(invoices, date(2027, 2, 1))
    assert arrears is not None
    assert arrears.months_unpaid == 2 and arrears.amount_ore == 700_000
    assert arrears.oldest_invoice_id == "jan"
    assert arrears_of(invoices, date(2026, 12, 30)) is None  # due today is not overdue


def test_dunning_ladder_of_seed_000() -> None:
    assert step_due(0) is None and step_due(1) == "reminder"
    assert step_due(2) == "written_warning" and step_due(3) == "debt_collection"
    assert step_due(7) == "debt_collection"
    assert step_to_take(1, set()) == "reminder"
    assert step_to_take(1, {"reminder"}) is None
    assert step_to_take(2, {"reminder"}) == "written_warning"
    # Found at three months with nothing taken: only the highest step, not three letters.
    assert step_to_take(3, set()) == "debt_collection"
    assert step_to_take(2, {"debt_collection"}) is None  # never back down the ladder
    assert should_register(2, 2) and not should_register(1, 2)


def test_the_move_out_catalogue_is_the_events_word_list() -> None:
    from bostad_common.events.vocabulary import MOVE_OUT_STEP_CODES
    from tenancy.move_out.catalogue import CATALOGUE

    assert tuple(step.code for step in CATALOGUE) == MOVE_OUT_STEP_CODES


def test_a_done_step_sets_the_deadlines_that_run_from_it() -> None:
    from tenancy.move_out.rules import StepState, deadlines_set_by

    def states(**done: date | None) -> dict[str, StepState]:
        codes = ("signed_original_to_fee_officer", "inspection_reported", "renovation_ordered")
        return {c: StepState(c, done.get(c), False) for c in codes}

    signed = states(signed_original_to_fee_officer=date(2027, 4, 28))
    assert deadlines_set_by("signed_original_to_fee_officer", signed) == [
        ("inspection_reported", date(2027, 5, 3))  # 5 calendar days
    ]
    inspected = states(
        signed_original_to_fee_officer=date(2027, 4, 28), inspection_reported=date(2027, 4, 30)
    )
    assert deadlines_set_by("inspection_reported", inspected) == [
        ("renovation_ordered", date(2027, 5, 10))  # 5 working days, Ascension Day skipped
    ]
    assert deadlines_set_by("fee_officer_told_end_date", inspected) == []
    # A step already settled waits for no deadline.
    settled = {**inspected, "renovation_ordered": StepState("renovation_ordered", None, True)}
    assert deadlines_set_by("inspection_reported", settled) == []
