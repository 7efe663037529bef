"""The three-month clock: warnings as events, IVO's individual reports (new, repeated,
closing) as JSON and CSV, the council's summary, and IvoReportDue once per period."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from allocation.clock import watchdog
from allocation.clock.models import DecisionClock
from allocation.clock.rules import three_months_on
from allocation.periods import add_months, quarter_of
from allocation.tenancy_feed.handlers import lease_signed
from bostad_common.events.tenancy import LeaseSignedV1
from bostad_devkit.allocation_kit import add_to_pool, granted, outbox_events, today

pytestmark = pytest.mark.integration


async def test_a_decision_left_91_days_is_reported_and_closed_after_the_lease(
    client, staff, system_session, local_ctx
) -> None:
    # At least 91 days and past three calendar months (31 Aug → 30 Nov is 91 days but
    # exactly three months, which is still in time): the law counts months, not days.
    decided = min(today() - timedelta(days=91), add_months(today(), -3) - timedelta(days=1))
    await add_to_pool(
        system_session,
        granted("late", person="female-1", decided_on=decided),
        granted("not-bistand", person="male-1", decided_on=decided, bistand=False),
    )
    async with system_session() as session:
        assert await session.get(DecisionClock, "not-bistand-decision") is None  # no clock
    reported_in = quarter_of(three_months_on(decided) + timedelta(days=1))
    coordinator = staff("cecilia.coordinator")
    before = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": reported_in.label},
        headers=coordinator,
    )
    [unwritten] = before.json()["reports"]
    assert unwritten["delay_reason"] == ""  # never invented
    assert unwritten["missing_texts"] == ["delay_reason", "consequences", "offered_meanwhile"]

    notes = await client.put(
        "/api/v1/decisions/late-decision/ivo-notes",
        json={
            "delay_reason": "Ingen ledig lägenhet med tre rum i området.",
            "consequences": "Familjen bor kvar på hotell; barnen byter skola.",
            "offered_meanwhile": "Jourlägenhet erbjuden, tackade nej.",
        },
        headers=staff("hugo.housing"),
    )
    assert notes.status_code == 200 and notes.json()["overdue"] is True
    answer = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": reported_in.label},
        headers=coordinator,
    )
    assert answer.status_code == 200, answer.text
    [report] = answer.json()["reports"]
    assert report["kind"] == "new" and report["decided_on"] == decided.isoformat()
    assert report["ivo_person_id"].startswith("19880314-T")
    assert int(report["ivo_person_id"][10]) % 2 == 0  # a woman: even
    assert report["days_waited"] >= 91 and report["housing_type"] == "social_contract"
    assert report["delay_reason"].startswith("Ingen ledig")
    assert report["offered_meanwhile"] == "Jourlägenhet erbjuden, tackade nej."
    assert report["missing_texts"] == []
    assert "2424" not in answer.text  # never the personal number
    again = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": reported_in.label},
        headers=staff("ulla.manager"),
    )
    assert again.json()["reports"][0]["ivo_person_id"] == report["ivo_person_id"]  # stable

    as_csv = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": reported_in.label, "format": "csv"},
        headers=coordinator,
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert row["kind"] == "new" and row["ivo_person_id"] == report["ivo_person_id"]

    # Warnings: the latest day reached is sent once.
    warnings, _ = await watchdog.check_once(local_ctx, today=today())
    assert warnings == 1
    assert await watchdog.check_once(local_ctx, today=today()) == (0, 0)
    [warning] = await outbox_events(system_session, "DecisionNotExecutedWarning")
    assert (
        warning["data"]["warning_day"] == 80 and warning["data"]["decision_id"] == "late-decision"
    )

    # The lease is signed: executed, and a closing report in that quarter.
    async with system_session() as session:
        await lease_signed(
            session,
            LeaseSignedV1(
                lease_id="lease-late",
                head_lease_id="head",
                household_id="late",
                decision_id="late-decision",
                offer_id=None,
                apartment_id="apartment-x",
                district="bromma",
                housing_type="social_contract",
                start_date=today(),
                signed_by="hugo.housing",
            ),
        )
    closing_quarter = quarter_of(today())
    closing = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": closing_quarter.label},
        headers=coordinator,
    )
    kinds = [r["kind"] for r in closing.json()["reports"]]
    assert "closing" in kinds and "repeated" not in kinds
    [closed] = [r for r in closing.json()["reports"] if r["kind"] == "closing"]
    assert closed["executed_on"] == today().isoformat()
    summary = await client.get(
        "/api/v1/ivo-reports/summary",
        params={"district": "bromma", "period": closing_quarter.label},
        headers=coordinator,
    )
    assert summary.json()["closing_reports"] == 1
    assert summary.json()["by_housing_type"][0]["housing_type"] == "social_contract"

    # The next quarter announces the finished one, once.
    next_quarter_day = closing_quarter.end + timedelta(days=5)
    _, announced = await watchdog.check_once(local_ctx, today=next_quarter_day)
    assert announced == 1
    assert (await watchdog.check_once(local_ctx, today=next_quarter_day))[1] == 0
    [due] = await outbox_events(system_session, "IvoReportDue")
    assert due["data"]["period"] == closing_quarter.label
    assert due["data"]["closing_reports"] == 1


async def test_periods_and_districts_are_checked(client, staff) -> None:
    coordinator = staff("cecilia.coordinator")
    bad = await client.get(
        "/api/v1/ivo-reports", params={"district": "bromma", "period": "2026"}, headers=coordinator
    )
    assert bad.status_code == 422 and "period" in bad.text
    other = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "skarholmen", "period": "2026-Q4"},
        headers=coordinator,
    )
    assert other.status_code == 403  # not the coordinator's district (issue #8: 403, known or not)
    refused = await client.get(
        "/api/v1/ivo-reports",
        params={"district": "bromma", "period": "2026-Q4"},
        headers=staff("anna.caseworker"),
    )
    assert refused.status_code == 403


async def test_an_interruption_restarts_the_clock(client, staff, system_session) -> None:
    decided = today() - timedelta(days=200)
    await add_to_pool(system_session, granted("back", person="male-3", decided_on=decided))
    hugo = staff("hugo.housing")
    early = await client.post(
        "/api/v1/decisions/back-decision/interruptions",
        json={"started_on": today().isoformat(), "reason": "Kontraktet sades upp"},
        headers=hugo,
    )
    assert early.status_code == 409  # not executed yet: nothing to interrupt
    async with system_session() as session:
        await lease_signed(
            session,
            LeaseSignedV1(
                lease_id="lease-back",
                head_lease_id="head",
                household_id="back",
                decision_id="back-decision",
                offer_id=None,
                apartment_id="apartment-y",
                district="bromma",
                housing_type="social_contract",
                start_date=decided + timedelta(days=30),
                signed_by="hugo.housing",
            ),
        )
    started = today() - timedelta(days=10)
    interrupted = await client.post(
        "/api/v1/decisions/back-decision/interruptions",
        json={"started_on": started.isoformat(), "reason": "Avhyst; beslutet gäller"},
        headers=hugo,
    )
    assert interrupted.status_code == 201, interrupted.text
    body = interrupted.json()
    assert body["status"] == "interrupted" and body["clock_start"] == started.isoformat()
    assert body["days_waited"] == 10
    pool = await client.get("/api/v1/pool/back", headers=hugo)
    assert pool.json()["status"] == "waiting"  # back in the pool


async def test_warnings_reach_every_clock_in_batches(client, system_session) -> None:
    from allocation.clock import service as clocks

    people = ["female-1", "male-1", "male-2", "female-2", "male-3"]
    await add_to_pool(
        system_session,
        *(
            granted(f"w{n}", person=p, decided_on=today() - timedelta(days=65))
            for n, p in enumerate(people)
        ),
    )
    async with system_session() as session:
        assert await clocks.send_due_warnings(session, today=today(), batch=2) == 5
    async with system_session() as session:
        assert await clocks.send_due_warnings(session, today=today(), batch=2) == 0
    warnings = await outbox_events(system_session, "DecisionNotExecutedWarning")
    assert sorted(w["data"]["decision_id"] for w in warnings) == [
        f"w{n}-decision" for n in range(5)
    ]
    assert {w["data"]["warning_day"] for w in warnings} == {60}
