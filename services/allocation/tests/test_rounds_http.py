"""A vacancy round over HTTP: config, register, round, verdicts, offers, and every refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from allocation.offers.models import Offer
from allocation.rounds.models import RoundStep, Verdict
from bostad_common.auth.access_log import AccessLogEntry
from bostad_devkit.allocation_kit import (
    ALLOCATION_CONFIG,
    MANAGERS,
    add_to_pool,
    apartment_body,
    configure,
    granted,
    open_round,
    outbox_events,
)

pytestmark = pytest.mark.integration


async def test_weights_must_be_numbers_and_not_negative(client, staff) -> None:
    olof = staff("olof.operations")
    url = "/api/v1/districts/bromma/allocation-config"
    for weights, field in (
        ({"children": -1}, "weights.children"),
        ({"children": "many"}, "weights.children"),
        ({"children": True}, "weights.children"),
        ({"shoe_size": 3}, "weights.shoe_size"),
    ):
        answer = await client.put(url, json={**ALLOCATION_CONFIG, "weights": weights}, headers=olof)
        assert answer.status_code == 422, answer.text
        assert field in answer.text
    current = await client.get(url, headers=staff("hugo.housing"))
    assert current.json()["weights"]["children"] == 10.0  # unchanged default
    assert (
        await client.put(url, json=ALLOCATION_CONFIG, headers=staff("hugo.housing"))
    ).status_code == 403


async def test_a_nomination_deadline_needs_a_time_zone(client, staff) -> None:
    hugo = staff("hugo.housing")
    flat = await client.post("/api/v1/apartments", json=apartment_body(), headers=hugo)
    vacancy = await client.post(
        "/api/v1/vacancies",
        json={"apartment_id": flat.json()["apartment_id"], "available_from": "2027-01-01"},
        headers=hugo,
    )
    url = f"/api/v1/vacancies/{vacancy.json()['vacancy_id']}/rounds"
    naive = await client.post(
        url, json={"nomination_deadline": "2030-01-01T12:00:00"}, headers=hugo
    )
    assert naive.status_code == 422 and "nomination_deadline" in naive.text
    past = await client.post(
        url, json={"nomination_deadline": "2020-01-01T12:00:00+01:00"}, headers=hugo
    )
    assert past.status_code == 422 and "nomination_deadline" in past.text
    opened = await client.post(
        url, json={"nomination_deadline": "2030-01-01T12:00:00+01:00"}, headers=hugo
    )
    assert opened.status_code == 201
    assert (await client.post(url, json={}, headers=hugo)).status_code == 409  # one round at a time


async def test_a_vacancy_needs_a_known_apartment(client, staff) -> None:
    answer = await client.post(
        "/api/v1/vacancies",
        json={"apartment_id": "nope", "available_from": "2027-01-01"},
        headers=staff("hugo.housing"),
    )
    assert answer.status_code == 422 and "apartment_id" in answer.text


async def test_round_by_consensus_then_offers(client, staff, system_session) -> None:
    await configure(client, staff)
    await add_to_pool(
        system_session,
        granted("hh-a", children=2, person="female-1"),
        granted("hh-b", person="male-1", cost_kr=1500),
        granted("hh-c", person="male-2", housing_type="training_apartment"),
    )
    _, round_id = await open_round(client, staff)
    hugo, cecilia = staff("hugo.housing"), staff("cecilia.coordinator")

    # Nominations and an acute need not yet investigated.
    nominated = await client.post(
        f"/api/v1/rounds/{round_id}/nominations",
        json={"household_id": "hh-b", "acute_need": True, "note": "Hotellet säger upp"},
        headers=cecilia,
    )
    assert nominated.status_code == 201, nominated.text
    assert (
        await client.post(
            f"/api/v1/rounds/{round_id}/nominations",
            json={"acute_need": True, "note": "Ny familj, ej utredd"},
            headers=cecilia,
        )
    ).status_code == 201
    assert (
        await client.post(
            f"/api/v1/rounds/{round_id}/nominations", json={"household_id": "hh-b"}, headers=cecilia
        )
    ).status_code == 409

    # The ranking: only the matching housing type, every factor shown, no personal data.
    ranking = await client.get(f"/api/v1/rounds/{round_id}/ranking", headers=hugo)
    assert ranking.status_code == 200, ranking.text
    body = ranking.json()
    assert [h["household_id"] for h in body["households"]] == ["hh-a", "hh-b"]
    factors = {f["factor"]: f for f in body["households"][0]["factors"]}
    assert factors["children"]["score"] == 2 and factors["children"]["contribution"] == 40
    assert "2424" not in ranking.text and "Testsson" not in ranking.text

    # A landlord answer before the list is frozen is refused.
    early = await client.post(f"/api/v1/rounds/{round_id}/offers", json={}, headers=hugo)
    assert early.status_code == 409 and "not frozen" in early.text

    proposal = await client.post(
        f"/api/v1/rounds/{round_id}/proposal",
        json={"priority_list": ["hh-b", "hh-a"], "motivation": "Akut: hotellet säger upp."},
        headers=hugo,
    )
    assert proposal.status_code == 200, proposal.text
    # Another district's unit manager does not see the round; approving twice is refused.
    other = await client.post(
        f"/api/v1/rounds/{round_id}/verdicts",
        json={"verdict": "approve"},
        headers=staff("maja.skarholmen.manager"),
    )
    assert other.status_code == 404
    not_concerned = await client.post(
        f"/api/v1/rounds/{round_id}/verdicts",
        json={"verdict": "approve"},
        headers=staff("ulla.manager"),
    )
    assert not_concerned.status_code == 403
    for manager in MANAGERS[:2]:
        answer = await client.post(
            f"/api/v1/rounds/{round_id}/verdicts",
            json={"verdict": "approve"},
            headers=staff(manager),
        )
        assert answer.status_code == 200 and answer.json()["status"] == "proposed"
    twice = await client.post(
        f"/api/v1/rounds/{round_id}/verdicts",
        json={"verdict": "object", "comment": "Ändrat mig"},
        headers=staff(MANAGERS[0]),
    )
    assert twice.status_code == 409
    last = await client.post(
        f"/api/v1/rounds/{round_id}/verdicts",
        json={"verdict": "approve", "comment": "Instämmer"},
        headers=staff(MANAGERS[2]),
    )
    assert last.json()["status"] == "decided" and last.json()["decided_via"] == "consensus"
    assert last.json()["priority_list"] == ["hh-b", "hh-a"]

    decided = await outbox_events(system_session, "RoundDecided")
    assert len(decided) == 1 and decided[0]["data"]["decided_by"] == MANAGERS
    assert len(await outbox_events(system_session, "VacancyOpened")) == 1

    offer = await client.post(f"/api/v1/rounds/{round_id}/offers", json={}, headers=hugo)
    assert offer.status_code == 201 and offer.json()["household_id"] == "hh-b"
    household_first = await client.post(
        f"/api/v1/offers/{offer.json()['offer_id']}/household-answer",
        json={"accepted": True},
        headers=hugo,
    )
    assert household_first.status_code == 409  # the landlord answers first

    detail = await client.get(f"/api/v1/rounds/{round_id}", headers=staff("ivar.manager"))
    steps = [s["step"] for s in detail.json()["steps"]]
    assert steps[:4] == ["opened", "acute_need_flagged", "acute_need_flagged", "proposed"]
    assert steps[-2:] == ["frozen", "landlord_asked"]
    async with system_session() as session:
        assert (await session.execute(select(func.count()).select_from(Verdict))).scalar_one() == 3
        assert (await session.execute(select(func.count()).select_from(Offer))).scalar_one() == 1
        assert (
            await session.execute(select(func.count()).select_from(RoundStep))
        ).scalar_one() == len(steps)
        reads = (
            await session.execute(
                select(func.count())
                .select_from(AccessLogEntry)
                .where(AccessLogEntry.actor == "hugo.housing")
            )
        ).scalar_one()
        assert reads >= 4  # ranking (2), proposal (2), offer


async def test_an_ended_decision_withdraws_its_waiting_offer(client, staff, system_session) -> None:
    from allocation.pool import service as pool
    from bostad_common.db_types import utcnow
    from bostad_common.events.intake import DecisionEndedV1

    await configure(client, staff)
    await add_to_pool(
        system_session, granted("leaves", person="male-1"), granted("stays", person="male-2")
    )
    _, round_id = await open_round(client, staff)
    hugo = staff("hugo.housing")
    await client.post(
        f"/api/v1/rounds/{round_id}/proposal",
        json={"priority_list": ["leaves", "stays"], "motivation": "Väntat längst."},
        headers=hugo,
    )
    for manager in MANAGERS:
        await client.post(
            f"/api/v1/rounds/{round_id}/verdicts",
            json={"verdict": "approve"},
            headers=staff(manager),
        )
    first = await client.post(f"/api/v1/rounds/{round_id}/offers", json={}, headers=hugo)
    assert first.json()["household_id"] == "leaves"
    async with system_session() as session:
        await pool.end_decision(
            session,
            DecisionEndedV1(
                decision_id="leaves-decision",
                household_id="leaves",
                district="bromma",
                ended_on=utcnow().date(),
                reason="withdrawn",
            ),
            now=utcnow(),
        )
    offers = (await client.get(f"/api/v1/rounds/{round_id}/offers", headers=hugo)).json()
    assert offers[0]["status"] == "withdrawn"
    assert (await client.get("/api/v1/pool/leaves", headers=hugo)).json()[
        "left_reason"
    ] == "withdrawn"
    following = await client.post(f"/api/v1/rounds/{round_id}/offers", json={}, headers=hugo)
    assert following.status_code == 201 and following.json()["household_id"] == "stays"
