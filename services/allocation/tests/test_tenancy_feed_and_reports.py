"""Tenancy's events (vacated, ready, taken over, lease ended) drive the register and the
seed 002 figures; the equity view suppresses small cells; districts stay apart; the
access log records every read of household data."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from allocation.apartments.models import Apartment, Vacancy
from allocation.tenancy_feed.handlers import handle_tenancy_event
from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.events import make_event
from bostad_common.events.tenancy import (
    ApartmentLeftPoolV1,
    ApartmentReadyV1,
    ApartmentVacatedV1,
    LeaseEndedV1,
    LeaseSignedV1,
)
from bostad_common.messaging import PoisonMessage
from bostad_devkit.allocation_kit import PEOPLE, add_to_pool, apartment_body, granted, today

pytestmark = pytest.mark.integration


async def deliver(system_session, payload) -> None:  # type: ignore[no-untyped-def]
    event = make_event(payload, source="/bostad/tenancy", subject="x", district=payload.district)
    async with system_session() as session:
        await handle_tenancy_event(session, event, payload)


async def test_tenancy_events_and_seed_002_figures(client, staff, system_session) -> None:
    hugo = staff("hugo.housing")
    flats = []
    for n in range(3):
        answer = await client.post(
            "/api/v1/apartments",
            json=apartment_body(street=f"Träningsgatan {n}", housing_type="training_apartment"),
            headers=hugo,
        )
        flats.append(answer.json()["apartment_id"])
    a, b, c = flats
    year = today().year
    day = date(year, 3, 1)
    for lease, flat, household in (("l-a", a, "t-a"), ("l-b", b, "t-b"), ("l-c", c, "t-c")):
        await deliver(
            system_session,
            LeaseSignedV1(
                lease_id=lease,
                head_lease_id="h",
                household_id=household,
                decision_id=f"{household}-d",
                offer_id=None,
                apartment_id=flat,
                district="bromma",
                housing_type="training_apartment",
                start_date=date(year - 2, 1, 1),
                signed_by="hugo.housing",
            ),
        )
    # a: moved on to own housing, vacated, ready again → a vacancy, then a new tenant moves in.
    await deliver(
        system_session,
        LeaseEndedV1(
            lease_id="l-a",
            household_id="t-a",
            apartment_id=a,
            district="bromma",
            ended_on=day,
            reason="moved_to_own_housing",
        ),
    )
    await deliver(
        system_session,
        ApartmentVacatedV1(apartment_id=a, lease_id="l-a", district="bromma", vacated_on=day),
    )
    ready = ApartmentReadyV1(apartment_id=a, district="bromma", ready_on=day + timedelta(days=20))
    await deliver(system_session, ready)
    await deliver(system_session, ready)  # again: still one vacancy
    async with system_session() as session:
        vacancies = (
            (await session.execute(select(Vacancy).where(Vacancy.apartment_id == a)))
            .scalars()
            .all()
        )
        assert [(v.status, v.source) for v in vacancies] == [("open", "ready")]
    await deliver(
        system_session,
        LeaseSignedV1(
            lease_id="l-a2",
            head_lease_id="h",
            household_id="t-new",
            decision_id="t-new-d",
            offer_id=None,
            apartment_id=a,
            district="bromma",
            housing_type="training_apartment",
            start_date=day + timedelta(days=40),
            signed_by="hugo.housing",
        ),
    )
    # b: evicted and vacated, not yet reused. c: taken over by the tenant (seed 002).
    await deliver(
        system_session,
        LeaseEndedV1(
            lease_id="l-b",
            household_id="t-b",
            apartment_id=b,
            district="bromma",
            ended_on=day,
            reason="evicted",
        ),
    )
    await deliver(
        system_session,
        ApartmentVacatedV1(apartment_id=b, lease_id="l-b", district="bromma", vacated_on=day),
    )
    await deliver(
        system_session,
        LeaseEndedV1(
            lease_id="l-c",
            household_id="t-c",
            apartment_id=c,
            district="bromma",
            ended_on=day,
            reason="takeover",
        ),
    )
    await deliver(
        system_session,
        ApartmentLeftPoolV1(
            apartment_id=c, lease_id="l-c", household_id="t-c", district="bromma", left_on=day
        ),
    )
    async with system_session() as session:
        statuses = {x.id: x.status for x in (await session.execute(select(Apartment))).scalars()}
        assert statuses == {a: "let", b: "vacated", c: "left_pool"}
        vacancy = (
            await session.execute(select(Vacancy).where(Vacancy.apartment_id == a))
        ).scalar_one()
        assert vacancy.status == "filled"
    refused = await client.post(
        "/api/v1/vacancies",
        json={"apartment_id": c, "available_from": day.isoformat()},
        headers=hugo,
    )
    assert refused.status_code == 409  # taken over: no longer ours to let
    with pytest.raises(PoisonMessage):
        await deliver(
            system_session,
            ApartmentReadyV1(apartment_id="unknown", district="bromma", ready_on=day),
        )

    coordinator = staff("cecilia.coordinator")
    figures = await client.get(
        "/api/v1/reports/outcomes",
        params={"district": "bromma", "period": str(year)},
        headers=coordinator,
    )
    assert figures.status_code == 200, figures.text
    body = figures.json()
    assert (body["training_leases_ended"], body["training_moved_to_independent"]) == (3, 2)
    assert (body["apartments_available_for_reuse"], body["apartments_reused"]) == (2, 1)
    assert body["reuse_share"] == 0.5 and body["first_hand_takeovers"] == 1
    as_csv = await client.get(
        "/api/v1/reports/outcomes",
        params={"district": "bromma", "period": str(year), "format": "csv"},
        headers=coordinator,
    )
    [row] = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert row["first_hand_takeovers"] == "1" and row["period"] == str(year)
    bad = await client.get(
        "/api/v1/reports/outcomes",
        params={"district": "bromma", "period": "last year"},
        headers=coordinator,
    )
    assert bad.status_code == 422


async def test_equity_view_suppresses_small_cells(client, staff, system_session) -> None:
    people = list(PEOPLE)
    households = [
        granted(f"eq-{n}", person=people[n % len(people)], children=0, unit="adult_unit")
        for n in range(7)
    ]
    await add_to_pool(
        system_session, *households, granted("eq-kids", person="female-1", children=2)
    )
    answer = await client.get(
        "/api/v1/reports/equity",
        params={"district": "bromma", "period": f"{today().year}"},
        headers=staff("ulla.manager"),
    )
    assert answer.status_code == 200, answer.text
    cells = {(c["dimension"], c["group"]): c for c in answer.json()["cells"]}
    assert cells[("with_children", "no")]["pool"] == 7
    assert cells[("with_children", "yes")]["pool"] is None  # one household: suppressed
    assert cells[("with_children", "no")]["offers"] is None  # none made: < 5
    assert "eq-0" not in answer.text
    as_csv = await client.get(
        "/api/v1/reports/equity",
        params={"district": "bromma", "period": f"{today().year}", "format": "csv"},
        headers=staff("ulla.manager"),
    )
    assert as_csv.text.splitlines()[0] == "dimension,group,pool,offers,allocations"


async def test_districts_stay_apart_and_reads_are_logged(client, staff, system_session) -> None:
    await add_to_pool(
        system_session,
        granted("mine", person="female-1"),
        granted("theirs", person="male-1", district="skarholmen"),
    )
    hugo = staff("hugo.housing")
    page = await client.get("/api/v1/pool", headers=hugo)
    assert [h["household_id"] for h in page.json()["items"]] == ["mine"]
    assert "19880314" not in page.text and "Testsson" not in page.text
    assert (await client.get("/api/v1/pool/theirs", headers=hugo)).status_code == 404
    assert (
        await client.get("/api/v1/pool/mine", headers=staff("maja.skarholmen.manager"))
    ).status_code == 404
    other = await client.post(
        "/api/v1/apartments", json=apartment_body(district="skarholmen"), headers=hugo
    )
    assert other.status_code == 403
    assert (await client.get("/api/v1/pool", headers=staff("anna.caseworker"))).status_code == 403
    detail = await client.get("/api/v1/pool/mine", headers=hugo)
    assert detail.status_code == 200 and detail.json()["children"] == 0

    async with system_session() as session:
        entries = (
            (
                await session.execute(
                    select(AccessLogEntry).where(AccessLogEntry.actor == "hugo.housing")
                )
            )
            .scalars()
            .all()
        )
    assert [(e.action, e.resource) for e in entries] == [
        ("read", "household:mine"),
        ("read", "household:mine"),
    ]
    assert all(e.person_ref and "19880314" not in e.person_ref for e in entries)
    audit = await client.get("/api/v1/audit/access-log", headers=staff("agnes.auditor"))
    assert audit.status_code == 200
