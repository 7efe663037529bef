"""Bodies of the arrears API, and the restlista as CSV (Swedish headings: people read it)."""

from __future__ import annotations

import csv
import io
from datetime import date

from pydantic import BaseModel, Field

from bostad_common.events.vocabulary import DunningStep
from tenancy.arrears.models import DunningStepRecord
from tenancy.arrears.service import ArrearsRow


class ArrearsItem(BaseModel):
    lease_id: str
    lease_number: int
    district: str
    tenant_name: str
    caseworker: str | None
    months_unpaid: int
    amount_ore: int
    oldest_due_date: date
    last_step: DunningStep | None


class DunningRunRequest(BaseModel):
    district: str = Field(min_length=1, max_length=64)
    as_of: date


class DunningRunView(BaseModel):
    steps_taken: int
    arrears_registered: int


class DunningStepView(BaseModel):
    step: DunningStep
    months_unpaid: int
    amount_ore: int
    as_of: date
    termination_question_open: bool


def item(row: ArrearsRow) -> ArrearsItem:
    return ArrearsItem(
        lease_id=row.lease.id,
        lease_number=row.lease.lease_number,
        district=row.lease.district,
        tenant_name=row.lease.tenant_name,
        caseworker=row.lease.caseworker,
        months_unpaid=row.arrears.months_unpaid,
        amount_ore=row.arrears.amount_ore,
        oldest_due_date=row.arrears.oldest_due_date,
        last_step=row.last_step,  # type: ignore[arg-type]
    )


def step_view(record: DunningStepRecord) -> DunningStepView:
    return DunningStepView(
        step=record.step,  # type: ignore[arg-type]
        months_unpaid=record.months_unpaid,
        amount_ore=record.amount_ore,
        as_of=record.as_of,
        termination_question_open=record.termination_question_open,
    )


STEP_LABELS = {
    None: "",
    "reminder": "påminnelse",
    "written_warning": "skriftlig varning",
    "debt_collection": "inkasso",
}


def kronor(ore: int) -> str:
    """Amounts as Swedish spreadsheets read them: 1234,50."""
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100},{abs(ore) % 100:02d}"


def to_csv(items: list[ArrearsItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Kontrakt", "Hyresgäst", "Handläggare", "Obetalda månader", "Skuld (kr)",
         "Äldsta förfallodag", "Senaste åtgärd"]
    )  # fmt: skip
    for row in items:
        writer.writerow(
            [row.lease_number, row.tenant_name, row.caseworker or "", row.months_unpaid,
             kronor(row.amount_ore), row.oldest_due_date.isoformat(),
             STEP_LABELS[row.last_step]]
        )  # fmt: skip
    return out.getvalue()
