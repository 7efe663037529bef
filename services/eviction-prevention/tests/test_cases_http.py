"""Cases over HTTP: open or join, staff reading, district isolation, access log, worklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bostad_common.auth.access_log import AccessLogEntry, pseudonymise
from bostad_devkit.eviction_kit import notice_body, outbox_events, today
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case

pytestmark = pytest.mark.integration

TOLVAN = "19121212-1212"


async def submit(client, auth, **overrides) -> str:
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    return response.json()["notice_id"]


async def case_id_of(system_session, notice_id: str) -> str:
    from eviction_prevention.notices.models import Notice

    async with system_session() as session:
        notice = await session.get(Notice, notice_id)
        assert notice is not None and notice.case_id is not None
        return notice.case_id


async def test_notices_about_one_household_join_its_open_case(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord(districts=("bromma", "skarholmen"))
    first = await submit(client, auth, external_id="N-1", kind="disturbance", debt=None)
    second = await submit(client, auth, external_id="N-2")
    eviction = (today() + timedelta(days=20)).isoformat()
    third = await submit(
        client, auth, external_id="N-3", kind="eviction_enforcement", debt=None,
        eviction_date=eviction,
    )  # fmt: skip
    elsewhere = await submit(client, auth, external_id="N-4", district="skarholmen")
    case_id = await case_id_of(system_session, first)
    assert await case_id_of(system_session, second) == case_id
    assert await case_id_of(system_session, third) == case_id
    assert await case_id_of(system_session, elsewhere) != case_id
    assert len(await outbox_events(system_session, "CaseOpened")) == 2
    received = {
        e["data"]["notice_id"]: e["data"]
        for e in await outbox_events(system_session, "NoticeReceived")
    }
    assert len(received) == 4
    # Each NoticeReceived names its case as it stands after the notice: whether the
    # notice opened it, the track, children, and the notice's own eviction date.
    assert received[first]["case_id"] == case_id and received[first]["opened_case"] is True
    assert received[elsewhere]["opened_case"] is True
    assert received[elsewhere]["case_id"] != case_id
    assert received[second]["opened_case"] is False and received[second]["case_id"] == case_id
    assert "eviction_date" not in received[second]
    assert received[third] == received[third] | {
        "case_id": case_id,
        "opened_case": False,
        "track": "enforcement",  # escalated by the KFM notice; the children are still there
        "children_unknown": False,
        "children_possible": True,
        "eviction_date": eviction,
    }
    assert all("responsible_caseworker" not in data for data in received.values())  # nobody's yet

    response = await client.get(f"/api/v1/cases/{case_id}", headers=staff("anna.caseworker"))
    assert response.status_code == 200, response.text
    case = response.json()
    assert [n["notice_id"] for n in case["notices"]] == [first, second, third]
    assert [n["kind"] for n in case["notices"]] == [
        "disturbance",
        "unpaid_rent",
        "eviction_enforcement",
    ]
    assert case["notice_kind"] == "disturbance" and case["intake_type"] == "underrattelse"
    assert case["track"] == "enforcement"  # escalated by the KFM notice
    assert case["children"] == 2 and case["children_unknown"] is False
    assert case["tenant"]["personal_number"] == TOLVAN
    assert case["eviction_date"] == eviction
    assert case["redemption_deadline"] is not None
    codes = {item["code"]: item for item in case["checklist"]}
    # Checklist grew with the notices: children unit, financial assistance, Kronofogden.
    assert {"assess_child_needs", "assess_financial_assistance", "attend_eviction"} <= set(codes)
    assert codes["attend_eviction_children_unit"]["unit"] == "children_and_youth_unit"
    assert codes["assess_financial_assistance"]["unit_label"] == "Ekonomiskt bistånd"
    assert all(item["done"] is False for item in case["checklist"])
    assert {d["name"] for d in case["deadlines"]} == {"redemption_period", "eviction_date"}


async def test_a_joining_notice_names_the_cases_own_caseworker(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    first = await submit(client, auth, external_id="N-1", household={"children": 0})
    case_id = await case_id_of(system_session, first)
    owner = await client.put(
        f"/api/v1/cases/{case_id}/responsible-caseworker",
        json={"caseworker": "anna.caseworker"},
        headers=staff("ulla.manager"),
    )
    assert owner.status_code == 200, owner.text
    second = await submit(
        client, auth, external_id="N-2", kind="disturbance", debt=None, household={"children": 0}
    )
    third = await submit(
        client, auth, external_id="N-3", kind="eviction_enforcement", debt=None,
        eviction_date=(today() + timedelta(days=20)).isoformat(), household={"children": None},
    )  # fmt: skip
    received = {
        e["data"]["notice_id"]: e["data"]
        for e in await outbox_events(system_session, "NoticeReceived")
    }
    assert "responsible_caseworker" not in received[first]  # nobody owned it when it opened
    assert received[first]["children_possible"] is False
    assert received[second]["case_id"] == case_id and received[second]["opened_case"] is False
    assert received[second]["responsible_caseworker"] == "anna.caseworker"
    assert received[second]["children_possible"] is False
    assert received[second]["track"] == "without_children"
    # Kronofogden does not know about children: the case keeps what it knew (none).
    assert received[third]["responsible_caseworker"] == "anna.caseworker"
    assert received[third]["track"] == "enforcement"
    assert received[third]["children_possible"] is False
    [opened] = await outbox_events(system_session, "CaseOpened")
    assert opened["data"]["children_possible"] is False


async def test_unknown_children_means_with_children_and_flag(
    client, register_landlord, system_session
):
    _, auth = await register_landlord()
    notice_id = await submit(client, auth, household={"children": None})
    async with system_session() as session:
        case = await session.get(Case, await case_id_of(system_session, notice_id))
        assert case is not None
        assert case.track == "with_children" and case.children_unknown is True
    [opened] = await outbox_events(system_session, "CaseOpened")
    assert opened["data"]["children_unknown"] is True
    assert opened["data"]["track"] == "with_children"
    assert opened["data"]["children_possible"] is True


async def test_cases_of_another_district_are_not_found(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord(districts=("bromma", "skarholmen"))
    bromma_case = await case_id_of(system_session, await submit(client, auth, external_id="B"))
    skarholmen_case = await case_id_of(
        system_session, await submit(client, auth, external_id="S", district="skarholmen")
    )
    sven = staff("sven.skarholmen")
    assert (await client.get(f"/api/v1/cases/{bromma_case}", headers=sven)).status_code == 404
    assert (await client.get(f"/api/v1/cases/{skarholmen_case}", headers=sven)).status_code == 200
    worklist = (await client.get("/api/v1/cases/worklist", headers=sven)).json()
    assert [c["case_id"] for c in worklist] == [skarholmen_case]
    search = await client.post(
        "/api/v1/cases/search", json={"personal_number": TOLVAN}, headers=sven
    )
    assert [c["case_id"] for c in search.json()] == [skarholmen_case]
    # Writes across districts are not found either.
    response = await client.post(
        f"/api/v1/cases/{bromma_case}/contact-attempts",
        json={"method": "phone", "result": "not_reached"},
        headers=sven,
    )
    assert response.status_code == 404
    eva = staff("eva.two.districts")  # works in both
    both = (await client.get("/api/v1/cases/worklist", headers=eva)).json()
    assert sorted(c["case_id"] for c in both) == sorted([bromma_case, skarholmen_case])


async def test_roles_without_case_access_get_403(client, register_landlord, staff):
    _, auth = await register_landlord()
    await submit(client, auth)
    for username in ("hugo.housing", "frida.fees", "agnes.auditor"):
        response = await client.get("/api/v1/cases/worklist", headers=staff(username))
        assert response.status_code == 403, username
    assert (await client.get("/api/v1/cases/worklist", headers=auth)).status_code == 403
    assert (await client.get("/api/v1/cases/worklist")).status_code == 401


async def test_reads_are_in_the_access_log_with_a_pseudonym(
    client, register_landlord, system_session, staff, settings
):
    _, auth = await register_landlord()
    notice_id = await submit(client, auth)
    case_id = await case_id_of(system_session, notice_id)
    anna = staff("anna.caseworker")
    assert (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).status_code == 200
    assert (await client.get("/api/v1/cases/worklist", headers=anna)).status_code == 200
    assert (await client.get(f"/api/v1/notices/{notice_id}", headers=anna)).status_code == 200
    search = await client.post(
        "/api/v1/cases/search", json={"personal_number": TOLVAN}, headers=anna
    )
    assert search.status_code == 200 and len(search.json()) == 1

    async with system_session() as session:
        entries = (
            (await session.execute(select(AccessLogEntry).order_by(AccessLogEntry.seq)))
            .scalars()
            .all()
        )
    person = pseudonymise(TOLVAN, settings.pseudonym_key)
    by_anna = [(e.action, e.resource) for e in entries if e.actor == "anna.caseworker"]
    assert by_anna == [
        ("read", f"case:{case_id}"),  # case detail
        ("read", f"case:{case_id}"),  # worklist: one entry per case shown
        ("read", f"notice:{notice_id}"),
        ("read", f"case:{case_id}"),  # search
    ]
    assert all(e.person_ref == person for e in entries)
    assert all(e.purpose in ("case handling", "notice intake") for e in entries)
    assert entries[0].action == "create" and entries[0].actor.startswith("landlord:")
    assert all(TOLVAN not in (e.resource + e.purpose) for e in entries)


async def test_search_with_bad_personal_number_does_not_echo_it(client, staff):
    response = await client.post(
        "/api/v1/cases/search",
        json={"personal_number": "19121212-1213"},
        headers=staff("anna.caseworker"),
    )
    assert response.status_code == 422
    assert "19121212" not in response.text


async def test_worklist_orders_by_nearest_legal_deadline(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    t = today()
    days = timedelta(days=1)
    people = [  # name, personal number, what the notice says
        ("A", "19850412-2386", {"served_at": (t - 1 * days).isoformat()}),
        ("B", "19701103-4175", {"served_at": (t - 15 * days).isoformat()}),
        ("C", "19920228-3421", {"kind": "eviction_enforcement", "debt": None,
                                "eviction_date": (t + 3 * days).isoformat()}),
        ("D", "19780715-5531", {"kind": "disturbance", "debt": None}),
        ("E", "19600921-1860", {"served_at": (t - 40 * days).isoformat()}),
    ]  # fmt: skip
    for name, personal_number, facts in people:
        tenant = {"personal_number": personal_number, "name": name}
        notice_id = await submit(client, auth, external_id=name, tenant=tenant, **facts)
        if "served_at" in facts:
            # As if the notice had reached the platform on the served day (the frist
            # runs from the later of the two, so a notice arriving today resets it).
            case_id = await case_id_of(system_session, notice_id)
            async with system_session() as session:
                case = await session.get(Case, case_id)
                assert case is not None and case.served_at is not None
                case.rent_notified_on = case.served_at
                case.redemption_deadline = rules.redemption_deadline(
                    "unpaid_rent", case.served_at, case.rent_notified_on
                )

    response = await client.get("/api/v1/cases/worklist", headers=staff("anna.caseworker"))
    assert response.status_code == 200, response.text
    names = [c["tenant_name"] for c in response.json()]
    # Changed by issue #9: the nearest deadline still ahead first, then the passed one.
    assert names == ["C", "B", "A", "E", "D"]
    passed = response.json()[3]
    assert passed["overdue"]["redemption_period"] is True and passed["overdue"]["any"] is True
    assert passed["redemption_status"] == "passed"
    assert response.json()[0]["next_legal_deadline"]["name"] == "eviction_date"
    assert response.json()[0]["overdue"]["any"] is False
    assert response.json()[4]["next_legal_deadline"] is None
    assert all("personal_number" not in c for c in response.json())
    assert response.json()[0]["personal_number_masked"].endswith("-XXXX")


async def test_staff_open_a_case_from_an_application(client, staff, system_session):
    body = {
        "intake_type": "ansokan",
        "district": "bromma",
        "notice_kind": "unpaid_rent",
        "tenant": {"personal_number": TOLVAN, "name": "Tolvan Tolvansson"},
        "address": {"street": "Exempelgatan 1", "postal_code": "16731", "city": "Bromma"},
        "household": {"children": 0},
    }
    anna = staff("anna.caseworker")
    response = await client.post("/api/v1/cases", json=body, headers=anna)
    assert response.status_code == 201, response.text
    assert response.json()["opened"] is True
    case_id = response.json()["case_id"]
    case = (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).json()
    assert case["intake_type"] == "ansokan" and case["channel"] == "staff"
    assert case["track"] == "without_children" and case["notices"] == []
    # Another district than the caseworker's own: refused.
    other = await client.post(
        "/api/v1/cases", json={**body, "district": "skarholmen"}, headers=anna
    )
    assert other.status_code == 403
    # A district that does not exist answers the same: no district code is revealed.
    unknown = await client.post(
        "/api/v1/cases", json={**body, "district": "atlantis"}, headers=anna
    )
    assert (unknown.status_code, unknown.json()) == (other.status_code, other.json())
    for district in ("skarholmen", "atlantis"):
        stats = await client.get(
            "/api/v1/statistics",
            params={"district": district, "year": 2026},
            headers=staff("ulla.manager"),
        )
        assert stats.status_code == 403, (district, stats.text)
    # Housing support may read but not open cases.
    assert (
        await client.post("/api/v1/cases", json=body, headers=staff("stina.support"))
    ).status_code == 403
