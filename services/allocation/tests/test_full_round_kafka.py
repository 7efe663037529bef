"""Done-when of issue 11, against the real broker: intake's decisions fill the pool; a round
with three unit managers (one objection, settled by the decision-maker); a landlord
rejection, a household decline and a final acceptance; tenancy's LeaseSigned closes it.
Every event published, and the round's audit trail and the access log, are checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from allocation.clock.models import DecisionClock
from allocation.offers.models import Offer
from allocation.pool.models import Household
from allocation.rounds.models import Round
from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.events import make_event
from bostad_common.events.intake import DecisionEndedV1
from bostad_common.events.tenancy import LeaseSignedV1
from bostad_common.events.topics import ALLOCATION_EVENTS, INTAKE_EVENTS, TENANCY_EVENTS
from bostad_common.messaging import OutboxMessage
from bostad_devkit.allocation_kit import (
    apartment_body,
    granted,
    publish_events,
    read_events,
    today,
    wait_for,
)

pytestmark = pytest.mark.integration

MANAGERS = ["ivar.manager", "greta.manager", "hedda.manager"]


@pytest.fixture
def settings(kafka_settings):  # type: ignore[no-untyped-def]
    return kafka_settings


def intake_event(payload):  # type: ignore[no-untyped-def]
    return make_event(
        payload, source="/bostad/intake", subject=payload.decision_id, district="bromma"
    )


async def test_full_round_against_the_broker(client, staff, system_session, settings) -> None:
    bootstrap = settings.kafka_bootstrap
    decisions = [
        granted("kr-a", person="female-1", children=2),
        granted("kr-b", person="male-1", cost_kr=1200),
        granted("kr-c", person="female-2", invested_kr=50000),
        granted("kr-gone", person="male-2"),
    ]
    first = intake_event(decisions[0])
    await publish_events(
        bootstrap,
        INTAKE_EVENTS.name,
        first,
        first,  # redelivered: the inbox makes it harmless
        *(intake_event(d) for d in decisions[1:]),
        intake_event(
            DecisionEndedV1(
                decision_id="kr-gone-decision",
                household_id="kr-gone",
                district="bromma",
                ended_on=today(),
                reason="moved_away",
            )
        ),
    )

    async def pool_settled() -> bool:
        async with system_session() as session:
            rows = {h.id: h.status for h in (await session.execute(select(Household))).scalars()}
            return rows == {
                "kr-a": "waiting",
                "kr-b": "waiting",
                "kr-c": "waiting",
                "kr-gone": "ended",
            }

    await wait_for(pool_settled, timeout=60)

    olof, hugo, cecilia = (
        staff("olof.operations"),
        staff("hugo.housing"),
        staff("cecilia.coordinator"),
    )
    config = {"unit_managers": MANAGERS, "decision_maker": "ulla.manager"}
    assert (
        await client.put("/api/v1/districts/bromma/allocation-config", json=config, headers=olof)
    ).status_code == 200
    flat = (await client.post("/api/v1/apartments", json=apartment_body(), headers=hugo)).json()
    vacancy = (
        await client.post(
            "/api/v1/vacancies",
            json={"apartment_id": flat["apartment_id"], "available_from": today().isoformat()},
            headers=hugo,
        )
    ).json()
    rnd = (
        await client.post(
            f"/api/v1/vacancies/{vacancy['vacancy_id']}/rounds", json={}, headers=hugo
        )
    ).json()
    round_id = rnd["round_id"]
    assert (
        await client.post(
            f"/api/v1/rounds/{round_id}/nominations",
            json={"household_id": "kr-c", "unit": "adult_unit"},
            headers=cecilia,
        )
    ).status_code == 201
    proposal = await client.post(
        f"/api/v1/rounds/{round_id}/proposal",
        json={"priority_list": ["kr-a", "kr-b", "kr-c"], "motivation": "Barnfamilj först."},
        headers=hugo,
    )
    assert proposal.status_code == 200
    for manager, verdict, comment in (
        ("ivar.manager", "approve", None),
        ("greta.manager", "object", "Hotellkostnaden för kr-b väger tyngre."),
        ("hedda.manager", "approve", "Instämmer i förslaget"),
    ):
        answer = await client.post(
            f"/api/v1/rounds/{round_id}/verdicts",
            json={"verdict": verdict, "comment": comment},
            headers=staff(manager),
        )
        assert answer.status_code == 200 and answer.json()["status"] == "proposed"
    assert (
        await client.post(
            f"/api/v1/rounds/{round_id}/decision",
            json={"motivation": "x"},
            headers=staff("ivar.manager"),  # not the decision-maker
        )
    ).status_code == 403
    decided = await client.post(
        f"/api/v1/rounds/{round_id}/decision",
        json={"priority_list": ["kr-a", "kr-b", "kr-c"], "motivation": "Barnen går före."},
        headers=staff("ulla.manager"),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["decided_via"] == "decision_maker"

    # Landlord rejects the first; the next is asked at once; the household declines; the
    # third is accepted by the landlord and accepts.
    offer_a = (await client.post(f"/api/v1/rounds/{round_id}/offers", json={}, headers=hugo)).json()
    assert offer_a["household_id"] == "kr-a"
    rejected = await client.post(
        f"/api/v1/offers/{offer_a['offer_id']}/landlord-answer",
        json={"accepted": False, "reason": "Betalningsanmärkning"},
        headers=hugo,
    )
    assert rejected.json()["status"] == "landlord_rejected"
    offers = (await client.get(f"/api/v1/rounds/{round_id}/offers", headers=hugo)).json()
    offer_b = offers[-1]
    assert offer_b["household_id"] == "kr-b" and offer_b["status"] == "landlord_pending"
    await client.post(
        f"/api/v1/offers/{offer_b['offer_id']}/landlord-answer",
        json={"accepted": True},
        headers=hugo,
    )
    declined = await client.post(
        f"/api/v1/offers/{offer_b['offer_id']}/household-answer",
        json={"accepted": False, "reason": "För långt från barnens skola"},
        headers=hugo,
    )
    assert declined.json()["status"] == "household_declined"
    offer_c = (await client.get(f"/api/v1/rounds/{round_id}/offers", headers=hugo)).json()[-1]
    assert offer_c["household_id"] == "kr-c"
    await client.post(
        f"/api/v1/offers/{offer_c['offer_id']}/landlord-answer",
        json={"accepted": True},
        headers=hugo,
    )
    accepted = await client.post(
        f"/api/v1/offers/{offer_c['offer_id']}/household-answer",
        json={"accepted": True},
        headers=hugo,
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"

    # Every event reaches the broker.
    def complete(events: list[dict]) -> bool:  # type: ignore[type-arg]
        mine = [e for e in events if e["data"].get("round_id") == round_id]
        return {e["type"].removeprefix("se.bostad.") for e in mine} >= {
            "VacancyOpened",
            "RoundDecided",
            "OfferDeclined",
            "OfferAccepted",
            "TenancyToBeSigned",
        }

    events = await read_events(bootstrap, ALLOCATION_EVENTS.name, complete)
    mine = [e for e in events if e["data"].get("round_id") == round_id]
    by_type: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for event in mine:
        by_type.setdefault(event["type"].removeprefix("se.bostad."), []).append(event["data"])
    assert by_type["RoundDecided"][0]["decided_via"] == "decision_maker"
    assert by_type["RoundDecided"][0]["decided_by"] == [
        "ivar.manager",
        "hedda.manager",
        "ulla.manager",
    ]
    assert by_type["RoundDecided"][0]["motivation"] == "Barnen går före."
    assert [(d["declined_by"], d["household_id"]) for d in by_type["OfferDeclined"]] == [
        ("landlord", "kr-a"),
        ("household", "kr-b"),
    ]
    assert by_type["OfferAccepted"][0]["household_id"] == "kr-c"
    assert by_type["OfferAccepted"][0]["motivation"] == "Barnen går före."
    to_sign = by_type["TenancyToBeSigned"][0]
    assert to_sign["tenant"]["personal_number"] == "19990130-2241"
    assert to_sign["apartment"]["apartment_id"] == flat["apartment_id"]
    assert to_sign["decision_id"] == "kr-c-decision"

    # Tenancy signs: housed, executed, completed.
    await publish_events(
        bootstrap,
        TENANCY_EVENTS.name,
        make_event(
            LeaseSignedV1(
                lease_id="lease-kr-c",
                head_lease_id="head-1",
                household_id="kr-c",
                decision_id="kr-c-decision",
                offer_id=offer_c["offer_id"],
                apartment_id=flat["apartment_id"],
                district="bromma",
                housing_type="social_contract",
                start_date=today(),
                signed_by="hugo.housing",
            ),
            source="/bostad/tenancy",
            subject="lease-kr-c",
            district="bromma",
        ),
    )

    async def lease_recorded() -> bool:
        async with system_session() as session:
            household = await session.get(Household, "kr-c")
            return household is not None and household.status == "housed"

    await wait_for(lease_recorded, timeout=60)
    async with system_session() as session:
        assert (await session.get(DecisionClock, "kr-c-decision")).status == "executed"  # type: ignore[union-attr]
        assert (await session.get(Round, round_id)).status == "completed"  # type: ignore[union-attr]
        assert (await session.get(Offer, offer_c["offer_id"])).status == "completed"  # type: ignore[union-attr]
        logged_actors = set(
            (await session.execute(select(AccessLogEntry.actor).distinct())).scalars()
        )

    async def all_published() -> bool:
        async with system_session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
            return bool(rows) and all(row.published_at is not None for row in rows)

    await wait_for(all_published, timeout=60)
    assert {"hugo.housing", "cecilia.coordinator", "ulla.manager"} <= logged_actors

    # The audit trail: every step, who and in order.
    detail = (await client.get(f"/api/v1/rounds/{round_id}", headers=staff("greta.manager"))).json()
    trail = [(s["step"], s["actor"], s["household_id"]) for s in detail["steps"]]
    assert trail == [
        ("opened", "hugo.housing", None),
        ("nominated", "cecilia.coordinator", "kr-c"),
        ("proposed", "hugo.housing", None),
        ("approved", "ivar.manager", None),
        ("objected", "greta.manager", None),
        ("approved", "hedda.manager", None),
        ("decided_by_decision_maker", "ulla.manager", None),
        ("frozen", "ulla.manager", None),
        ("landlord_asked", "hugo.housing", "kr-a"),
        ("landlord_rejected", "hugo.housing", "kr-a"),
        ("landlord_asked", "hugo.housing", "kr-b"),
        ("landlord_accepted", "hugo.housing", "kr-b"),
        ("household_declined", "hugo.housing", "kr-b"),
        ("landlord_asked", "hugo.housing", "kr-c"),
        ("landlord_accepted", "hugo.housing", "kr-c"),
        ("household_accepted", "hugo.housing", "kr-c"),
        ("lease_signed", "system", "kr-c"),
    ]
    assert detail["verdicts"][1]["comment"] == "Hotellkostnaden för kr-b väger tyngre."


async def test_an_invalid_lease_party_goes_to_the_dlq(client, system_session, settings) -> None:
    from bostad_common.messaging import read_dlq

    bad = granted("kr-bad", person="male-3")
    bad.lease_party.personal_number = "19830505-3575"  # wrong check digit
    await publish_events(settings.kafka_bootstrap, INTAKE_EVENTS.name, intake_event(bad))

    async def dead_letter() -> list:  # type: ignore[type-arg]
        letters = await read_dlq(settings.kafka_bootstrap, INTAKE_EVENTS, timeout=5)
        return [d for d in letters if (d.key or b"").decode() == "kr-bad-decision"]

    [letter] = await wait_for(dead_letter, timeout=60)
    assert "lease_party.personal_number" in (letter.error or "")
    assert "3575" not in (letter.error or "")
    async with system_session() as session:
        assert await session.get(Household, "kr-bad") is None


async def test_tenancy_events_over_the_broker(client, staff, system_session, settings) -> None:
    from allocation.apartments.models import Apartment, Vacancy
    from bostad_common.events.tenancy import (
        ApartmentLeftPoolV1,
        ApartmentReadyV1,
        ApartmentVacatedV1,
    )

    hugo = staff("hugo.housing")
    moved_out = (
        await client.post("/api/v1/apartments", json=apartment_body(), headers=hugo)
    ).json()
    taken_over = (
        await client.post(
            "/api/v1/apartments", json=apartment_body(street="Övertagsgatan 2"), headers=hugo
        )
    ).json()
    for flat in (moved_out, taken_over):  # both let today
        async with system_session() as session:
            apartment = await session.get(Apartment, flat["apartment_id"])
            apartment.status = "let"  # type: ignore[union-attr]

    def tenancy(payload):  # type: ignore[no-untyped-def]
        return make_event(
            payload, source="/bostad/tenancy", subject=payload.apartment_id, district="bromma"
        )

    await publish_events(
        settings.kafka_bootstrap,
        TENANCY_EVENTS.name,
        tenancy(
            ApartmentVacatedV1(
                apartment_id=moved_out["apartment_id"],
                lease_id="l-out",
                district="bromma",
                vacated_on=today(),
            )
        ),
        tenancy(
            ApartmentReadyV1(
                apartment_id=moved_out["apartment_id"],
                district="bromma",
                ready_on=today() + timedelta(days=10),
            )
        ),
        tenancy(
            ApartmentLeftPoolV1(
                apartment_id=taken_over["apartment_id"],
                lease_id="l-take",
                household_id="someone",
                district="bromma",
                left_on=today(),
            )
        ),
    )

    async def settled() -> bool:
        async with system_session() as session:
            statuses = {
                a.id: a.status for a in (await session.execute(select(Apartment))).scalars()
            }
            vacancies = (await session.execute(select(Vacancy))).scalars().all()
        return statuses == {
            moved_out["apartment_id"]: "available",
            taken_over["apartment_id"]: "left_pool",
        } and [(v.apartment_id, v.source) for v in vacancies] == [
            (moved_out["apartment_id"], "ready")
        ]

    await wait_for(settled, timeout=60)
