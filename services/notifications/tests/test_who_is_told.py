"""Events of every service reach the right people in the right district, once, and nobody else.

The staff directory holds the demo users (as `./bostad up` seeds it), so groups
are expanded to people: every assertion below is about named people.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.directory import StaffProfile, seed_demo_directory, upsert_member
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.events import EVENTS
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from notifications.app import DEFINITION
from notifications.channels.models import Delivery
from notifications.inbox.models import InboxNotification
from notifications.reminders.models import Reminder
from notifications.reminders.service import ReminderRunner
from notifications.service import apply_event

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@dataclass
class Running:
    client: AsyncTestClient
    sessions: async_sessionmaker[AsyncSession]

    async def apply(self, event_name: str, payload, event_id: str | None = None) -> str:
        event_id = event_id or str(uuid.uuid4())
        async with self.sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            await apply_event(
                session, event_id=event_id, event_name=event_name, payload=payload, now=NOW
            )
        return event_id

    async def told(self, event_id: str, channel: str = "in_app") -> dict[str, str]:
        """recipient -> kind, for one event and channel."""
        async with self.sessions() as session:
            bind_principal(session, SYSTEM)
            rows = (
                await session.execute(
                    select(Delivery).where(
                        Delivery.event_id == event_id, Delivery.channel == channel
                    )
                )
            ).scalars()
            return {row.recipient: row.kind for row in rows}


@pytest.fixture
async def running(service_database_url, auth_settings, service_settings) -> AsyncIterator[Running]:
    settings = auth_settings.model_copy(
        update={"database_url": service_database_url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
    )
    app = create_app(DEFINITION, settings=service_settings(settings, seed_demo_directory=True))
    async with AsyncTestClient(app, timeout=10) as client:
        engine = make_engine(service_database_url)
        sessions = make_session_factory(engine)
        async with sessions() as session, session.begin():
            await seed_demo_directory(session)  # idempotent; the app seeded it already
            # A second, Skärholmen-only unit manager and an inactive Bromma coordinator.
            await upsert_member(
                session,
                StaffProfile(
                    "gunnel.gone",
                    roles=frozenset({"coordinator"}),
                    districts=frozenset({"bromma"}),
                    active=False,
                ),
                source="scim",
            )
        try:
            yield Running(client, sessions)
        finally:
            await engine.dispose()


def users(*ids: str) -> set[str]:
    return {f"user:{i}" for i in ids}


BROMMA_CASEWORKERS = ("anna.caseworker", "bo.children", "elin.financial", "eva.two.districts")
# Allocation rounds need several unit managers per district; greta and hedda also
# belong to the children's and the financial-assistance unit.
BROMMA_MANAGERS = ("ulla.manager", "ivar.manager", "greta.manager", "hedda.manager")
SKARHOLMEN_MANAGERS = ("maja.skarholmen.manager", "nils.skarholmen.manager")


async def test_a_case_with_children_tells_each_person_once(running, samples) -> None:
    """bo.children is a caseworker *and* in the children's unit: one message, the first kind."""
    payload = samples.case_opened("with_children").model_copy(
        update={"eviction_date": date(2026, 11, 6)}
    )
    event_id = await running.apply("CaseOpened", payload)
    told = await running.told(event_id)
    assert set(told) == users(*BROMMA_CASEWORKERS, *BROMMA_MANAGERS)
    assert {told[f"user:{manager}"] for manager in BROMMA_MANAGERS} == {"case_opened_eviction_soon"}
    assert told["user:bo.children"] == "case_opened"
    emailed = await running.told(event_id, "email")
    assert set(emailed) == users(*BROMMA_CASEWORKERS, *BROMMA_MANAGERS)
    # Skärholmen's staff hear nothing of a Bromma case.
    assert not {"user:sven.skarholmen", "user:maja.skarholmen.manager"} & set(told)
    assert await running.told(event_id, "email") == emailed  # one e-mail per person


async def test_the_case_owner_alone_and_not_the_one_who_caused_it(running, samples) -> None:
    owned = samples.case_opened("without_children").model_copy(
        update={"responsible_caseworker": "anna.caseworker", "notice_kind": "disturbance"}
    )
    assert set(await running.told(await running.apply("CaseOpened", owned))) == users(
        "anna.caseworker"
    )
    closed_by_owner = samples.case_closed(
        responsible_caseworker="anna.caseworker", caused_by="anna.caseworker"
    )
    assert await running.told(await running.apply("CaseClosed", closed_by_owner)) == {}
    # Nobody owns it: the district's caseworkers, except the one who closed it.
    closed = samples.case_closed(caused_by="eva.two.districts")
    told = await running.told(await running.apply("CaseClosed", closed))
    assert set(told) == users("anna.caseworker", "bo.children", "elin.financial")


async def test_the_childrens_and_financial_units_get_their_share(running, samples) -> None:
    unknown = samples.case_opened("without_children", children_unknown=True).model_copy(
        update={"responsible_caseworker": "anna.caseworker"}
    )
    told = await running.told(await running.apply("CaseOpened", unknown))
    assert told == {
        "user:anna.caseworker": "case_opened",
        "user:bo.children": "case_opened_children_unknown",
        "user:elin.financial": "case_opened_financial",
        "user:greta.manager": "case_opened_children_unknown",
        "user:hedda.manager": "case_opened_financial",
    }


async def test_events_of_the_other_services_reach_the_right_people(running, samples) -> None:
    events = samples.every_event()
    expected = {
        # The coordinator approved it: the housing officer is told, the coordinator not.
        "InvestigationApproved": users("hugo.housing"),
        "VacancyOpened": users("cecilia.coordinator", "eva.two.districts"),
        "OfferAccepted": users("cecilia.coordinator", "eva.two.districts"),
        # ulla.manager decided it, so the coordinators and the other managers hear.
        "RoundDecided": users("cecilia.coordinator", "eva.two.districts", *BROMMA_MANAGERS[1:]),
        "DecisionNotExecutedWarning": users(
            *BROMMA_MANAGERS, "cecilia.coordinator", "eva.two.districts"
        ),
        "IvoReportDue": users(*BROMMA_MANAGERS),
        "TerminationProposed": users(*BROMMA_MANAGERS),
        "ComplaintReceived": users(*BROMMA_CASEWORKERS),
        "MoveOutStepOverdue": users("hugo.housing"),
        "ApartmentVacated": users("petra.planner"),
        "LeaseSigned": users("frida.fees", "cecilia.coordinator", "eva.two.districts"),
    }
    for name, people in expected.items():
        told = await running.told(await running.apply(name, events[name]))
        assert set(told) == people, name
    # The same events in Skärholmen reach Skärholmen's people only.
    skarholmen = samples.every_event("skarholmen")
    told = await running.told(await running.apply("IvoReportDue", skarholmen["IvoReportDue"]))
    assert set(told) == users(*SKARHOLMEN_MANAGERS)
    told = await running.told(await running.apply("VacancyOpened", skarholmen["VacancyOpened"]))
    assert set(told) == users(
        "eva.two.districts", "sara.skarholmen.coordinator", "leo.skarholmen.coordinator"
    )


async def test_a_duplicate_event_sends_nothing_twice(running, samples) -> None:
    payload = samples.every_event()["ComplaintReceived"]
    event_id = await running.apply("ComplaintReceived", payload)
    await running.apply("ComplaintReceived", payload, event_id)
    async with running.sessions() as session:
        bind_principal(session, SYSTEM)
        rows = (
            (await session.execute(select(Delivery).where(Delivery.event_id == event_id)))
            .scalars()
            .all()
        )
        inbox = (
            (
                await session.execute(
                    select(InboxNotification).where(InboxNotification.event_id == event_id)
                )
            )
            .scalars()
            .all()
        )
    assert len(rows) == 2 * len(BROMMA_CASEWORKERS)  # in-app + e-mail, each once
    assert len(inbox) == len(BROMMA_CASEWORKERS)


async def test_each_person_sees_their_own_notification(running, samples, token_for) -> None:
    await running.apply("TerminationProposed", samples.every_event()["TerminationProposed"])
    ulla = await running.client.get("/api/v1/inbox", headers=token_for("ulla.manager"))
    assert [(n["kind"], n["recipient_user"]) for n in ulla.json()] == [
        ("termination_proposed", "ulla.manager")
    ]
    maja = await running.client.get("/api/v1/inbox", headers=token_for("maja.skarholmen.manager"))
    assert maja.json() == []


async def test_routing_rules_are_changed_per_district_through_the_admin_api(
    running, samples, token_for
) -> None:
    admin = token_for("adam.admin")
    current = await running.client.get("/api/v1/routing-rules/bromma", headers=admin)
    assert current.status_code == 200 and current.json()["source"] == "default"
    rules = current.json()["rules"]
    # Bromma wants legal counsel told of every proposed termination as well.
    rules.append(
        {
            "event": "TerminationProposed",
            "kind": "termination_proposed",
            "recipients": [{"type": "role", "role": "legal_counsel"}],
            "channels": ["in_app"],
        }
    )
    saved = await running.client.put(
        "/api/v1/routing-rules/bromma", json={"rules": rules}, headers=admin
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["source"] == "district" and saved.json()["updated_by"] == "adam.admin"
    payload = samples.every_event()["TerminationProposed"]
    told = await running.told(await running.apply("TerminationProposed", payload))
    assert set(told) == users(*BROMMA_MANAGERS, "lars.legal")
    # Skärholmen still routes by the default table.
    other = samples.every_event("skarholmen")["TerminationProposed"]
    assert set(await running.told(await running.apply("TerminationProposed", other))) == users(
        *SKARHOLMEN_MANAGERS
    )

    bad = [
        *rules,
        {
            "event": "CaseOpened",
            "kind": "case_opened",
            "recipients": [{"type": "role", "role": "wizard"}],
            "channels": ["in_app"],
        },
    ]
    refused = await running.client.put(
        "/api/v1/routing-rules/bromma", json={"rules": bad}, headers=admin
    )
    assert refused.status_code == 422 and "wizard" in refused.text and "rules" in refused.text
    unknown_field = [
        {"event": "CaseOpened", "kind": "case_opened", "recipients": [], "channels": ["in_app"]}
    ]
    assert (
        await running.client.put(
            "/api/v1/routing-rules/bromma", json={"rules": unknown_field}, headers=admin
        )
    ).status_code in (400, 422)
    # Nothing of the refused sets was stored.
    again = await running.client.get("/api/v1/routing-rules/bromma", headers=admin)
    assert len(again.json()["rules"]) == len(rules)

    # Not an admin, or not the admin's district: refused.
    manager = token_for("ulla.manager")
    assert (
        await running.client.get("/api/v1/routing-rules/bromma", headers=manager)
    ).status_code == 403
    assert (
        await running.client.get("/api/v1/routing-rules/skarholmen", headers=admin)
    ).status_code == 403

    reset = await running.client.delete("/api/v1/routing-rules/bromma", headers=admin)
    assert reset.status_code == 204
    assert (await running.client.get("/api/v1/routing-rules/bromma", headers=admin)).json()[
        "source"
    ] == "default"


async def test_a_person_sets_their_own_email_preferences(running, samples, token_for) -> None:
    anna = token_for("anna.caseworker")
    set_one = await running.client.put(
        "/api/v1/preferences/complaint_received", json={"email": "daily_digest"}, headers=anna
    )
    assert set_one.status_code == 200, set_one.text
    unknown = await running.client.put(
        "/api/v1/preferences/no_such_kind", json={"email": "daily_digest"}, headers=anna
    )
    assert unknown.status_code == 422 and "kind" in unknown.text
    bad_mode = await running.client.put(
        "/api/v1/preferences/complaint_received", json={"email": "weekly"}, headers=anna
    )
    assert bad_mode.status_code in (400, 422) and "email" in bad_mode.text
    listed = await running.client.get("/api/v1/preferences", headers=anna)
    assert listed.json() == [{"kind": "complaint_received", "email": "daily_digest"}]
    # Someone else's list is their own.
    assert (
        await running.client.get("/api/v1/preferences", headers=token_for("bo.children"))
    ).json() == []

    event_id = await running.apply("ComplaintReceived", samples.every_event()["ComplaintReceived"])
    async with running.sessions() as session:
        bind_principal(session, SYSTEM)
        anna_email = (
            await session.execute(
                select(Delivery).where(
                    Delivery.event_id == event_id,
                    Delivery.recipient_user == "anna.caseworker",
                    Delivery.channel == "email",
                )
            )
        ).scalar_one()
    assert anna_email.digest is True


# -- eviction-prevention's notices and overdue outreach, as it publishes them now and before


def old_shape(event_name: str, payload: BaseModel, *dropped: str) -> BaseModel:
    """The payload as an older producer sent it: the JSON without `dropped`, parsed the
    way the consumer parses it (those fields absent, not null)."""
    data = payload.model_dump(mode="json")
    for name in dropped:
        data.pop(name, None)
    spec = next(spec for spec in EVENTS.all() if spec.name == event_name)
    return spec.payload.model_validate_json(json.dumps(data))


async def grace_reminders(running: Running) -> list[Reminder]:
    """Notices waiting (or having waited) the grace for a CaseOpened; a CaseOpened's
    cancelled placeholder is not one."""
    async with running.sessions() as session:
        bind_principal(session, SYSTEM)
        return list(
            (
                await session.execute(
                    select(Reminder).where(
                        Reminder.kind == "notice_not_opening_a_case",
                        Reminder.status != "cancelled",
                    )
                )
            ).scalars()
        )


def joined_notice(samples, **changes: object):
    changes.setdefault("eviction_date", date(2026, 12, 1))
    return samples.kronofogden_date_joining(notice_id=str(uuid.uuid4()), **changes)


async def test_a_joined_notice_reaches_the_cases_caseworker_and_childrens_unit_at_once(
    running, samples
) -> None:
    event_id = await running.apply("NoticeReceived", joined_notice(samples))
    expected = {
        "user:anna.caseworker": "notice_joined_case",
        # The children-and-youth unit: a caseworker and a unit manager of Bromma.
        "user:bo.children": "notice_joined_case_children",
        "user:greta.manager": "notice_joined_case_children",
    }
    assert await running.told(event_id) == expected
    assert await running.told(event_id, "email") == expected
    assert await grace_reminders(running) == []  # nothing waits for a CaseOpened

    # Without an eviction date in the notice: the caseworker alone.
    plain = joined_notice(samples, kind="disturbance", eviction_date=None)
    assert await running.told(await running.apply("NoticeReceived", plain)) == {
        "user:anna.caseworker": "notice_joined_case"
    }
    # A case nobody owns yet: the district's caseworkers (bo.children once, as caseworker).
    unowned = joined_notice(samples, responsible_caseworker=None, children_possible=False)
    told = await running.told(await running.apply("NoticeReceived", unowned))
    assert told == dict.fromkeys(users(*BROMMA_CASEWORKERS), "notice_joined_case")
    assert await grace_reminders(running) == []


async def test_a_joined_eviction_date_within_a_week_reaches_every_unit_manager(
    running, samples
) -> None:
    soon = joined_notice(samples, eviction_date=NOW.date() + timedelta(days=5))
    told = await running.told(await running.apply("NoticeReceived", soon))
    assert told == {
        "user:anna.caseworker": "notice_joined_case",
        "user:bo.children": "notice_joined_case_children",
        # Greta is in the children's unit and a manager: told once, of the urgency.
        "user:greta.manager": "notice_joined_eviction_soon",
        "user:ulla.manager": "notice_joined_eviction_soon",
        "user:ivar.manager": "notice_joined_eviction_soon",
        "user:hedda.manager": "notice_joined_eviction_soon",
    }


async def test_a_notice_that_opened_a_case_tells_each_person_once(running, samples) -> None:
    """NoticeReceived (opened_case) and CaseOpened of one notice: one message per person,
    whichever arrives first."""
    notice = samples.notice_received(notice_id="n-1").model_copy(
        update={
            "case_id": "c-1",
            "opened_case": True,
            "track": "with_children",
            "children_unknown": False,
            "children_possible": True,
        }
    )
    opened = samples.case_opened("with_children").model_copy(update={"children_possible": True})
    notice_event = await running.apply("NoticeReceived", notice)
    case_event = await running.apply("CaseOpened", opened)
    assert await running.told(notice_event) == {}
    assert await running.told(notice_event, "email") == {}
    told = await running.told(case_event)
    assert set(told) == users(*BROMMA_CASEWORKERS, "greta.manager", "hedda.manager")
    assert told["user:bo.children"] == "case_opened"  # caseworker first, children's unit too
    assert await grace_reminders(running) == []
    async with running.sessions() as session:
        bind_principal(session, SYSTEM)
        per_person = (
            await session.execute(
                select(InboxNotification.recipient_user, func.count())
                .where(InboxNotification.event_id.in_([notice_event, case_event]))
                .group_by(InboxNotification.recipient_user)
            )
        ).all()
    assert per_person and {count for _, count in per_person} == {1}


async def test_an_old_notice_without_its_case_still_reaches_the_caseworkers(
    running, samples
) -> None:
    """An event from before 2026-11-30 (DLQ, in flight) does not say whether it opened
    a case: it waits the grace for a CaseOpened, then the district's caseworkers hear."""
    old = old_shape(
        "NoticeReceived",
        joined_notice(samples, received_at=NOW),
        "case_id",
        "opened_case",
        "track",
        "children_unknown",
        "children_possible",
        "eviction_date",
        "responsible_caseworker",
    )
    assert getattr(old, "opened_case") is None  # noqa: B009
    event_id = await running.apply("NoticeReceived", old)
    assert await running.told(event_id) == {}
    [waiting] = await grace_reminders(running)
    assert waiting.status == "scheduled" and waiting.subject_id == old.notice_id
    assert waiting.due_at == NOW + timedelta(minutes=2)
    # The app's own runner runs on the real clock too: whichever fires it, it fires once.
    await ReminderRunner(running.sessions, clock=lambda: waiting.due_at).run_once()
    told = await running.told(f"reminder:{waiting.id}")
    assert told == dict.fromkeys(users(*BROMMA_CASEWORKERS), "notice_not_opening_a_case")


async def test_overdue_outreach_tells_the_cases_own_caseworker(running, samples) -> None:
    owned = samples.outreach_overdue().model_copy(
        update={"responsible_caseworker": "anna.caseworker"}
    )
    told = await running.told(await running.apply("OutreachOverdue", owned))
    assert told == {
        "user:anna.caseworker": "outreach_overdue",
        **dict.fromkeys(users(*BROMMA_MANAGERS), "outreach_overdue_manager"),
    }
    # An old-shape event (no owner on the wire): the district's caseworkers, and the managers.
    old = old_shape("OutreachOverdue", owned, "responsible_caseworker")
    told = await running.told(await running.apply("OutreachOverdue", old))
    assert told == {
        **dict.fromkeys(users(*BROMMA_CASEWORKERS), "outreach_overdue"),
        **dict.fromkeys(users(*BROMMA_MANAGERS), "outreach_overdue_manager"),
    }
