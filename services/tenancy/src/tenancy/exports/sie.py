"""The month's rent ledger as an SIE 4 file for the municipality's finance system.

Source: SIE-Gruppen, "SIE filformat, version 4B" (2008): a text file in the
IBM PC 8-bit character set (codepage 437, `#FORMAT PC8`), one label per
line: `#FLAGGA`, `#PROGRAM`, `#FORMAT`, `#GEN`, `#SIETYP 4`, `#FNAMN`,
`#RAR` (the financial year), `#KONTO` (the accounts used), then one `#VER`
(verification) per day and kind with its `#TRANS` lines in braces. Amounts are
kronor with a decimal point; debit positive, credit negative; each
verification balances to zero.

Accounts are district configuration (`DistrictConfig`, BAS chart defaults):
an invoice debits rent receivables and credits rent income; a payment or
credit debits the bank and credits receivables; a write-off debits the
write-off account; a reversal books its original's pair the other way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tenancy.districts.models import DistrictConfig

ENCODING = "cp437"


@dataclass(frozen=True)
class EntryForExport:
    kind: str  # tenancy.ledger.rules.EntryKind
    original_kind: str | None  # for a reversal: what it reverses
    amount_ore: int
    booked_on: date


KIND_TEXT = {
    "invoice": "Hyresavier",
    "payment": "Inbetalningar",
    "credit": "Överbetalningar",
    "write_off": "Avskrivningar",
    "reversal": "Rättelser",
    "debt_transfer": "Skuld efter avflyttning",
}


def _counter_account(kind: str, config: DistrictConfig) -> str:
    if kind in ("payment", "credit"):
        return config.account_bank
    if kind == "write_off":
        return config.account_write_off
    return config.account_rent_income  # invoice, debt_transfer


def _kronor(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sie4(
    config: DistrictConfig, month: str, entries: list[EntryForExport], *, generated: date
) -> bytes:
    year = int(month[:4])
    # (day, kind) → {account: öre}: one verification per day and kind.
    verifications: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in entries:
        pair_kind = entry.original_kind if entry.kind == "reversal" else entry.kind
        counter = _counter_account(pair_kind or "invoice", config)
        lines = verifications[(entry.booked_on, entry.kind)]
        lines[config.account_receivable] += entry.amount_ore
        lines[counter] -= entry.amount_ore
    accounts = {
        config.account_receivable: "Hyresfordringar",
        config.account_rent_income: "Hyresintäkter",
        config.account_bank: "Bank, bankgiro",
        config.account_write_off: "Konstaterade förluster på hyresfordringar",
    }
    out = [
        "#FLAGGA 0",
        '#PROGRAM "Bostadsplattformen tenancy" 1.0',
        "#FORMAT PC8",
        f"#GEN {generated:%Y%m%d}",
        "#SIETYP 4",
        f"#FNAMN {_quote(config.name)}",
        f"#RAR 0 {year}0101 {year}1231",
    ]
    out += [f"#KONTO {number} {_quote(name)}" for number, name in accounts.items()]
    for number, ((day, kind), lines) in enumerate(sorted(verifications.items()), start=1):
        out.append(f'#VER "H" {number} {day:%Y%m%d} {_quote(f"{KIND_TEXT[kind]} {month}")}')
        out.append("{")
        out += [
            f"   #TRANS {account} {{}} {_kronor(amount)}"
            for account, amount in sorted(lines.items())
            if amount
        ]
        out.append("}")
    return ("\r\n".join(out) + "\r\n").encode(ENCODING)
