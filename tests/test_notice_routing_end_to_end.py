"""A household's notices and overdue outreach reach the case's own people, once (issue #13).

Eviction-prevention and notifications run in-process against a broker of their own,
a fresh PostgreSQL database each and Redis, and talk only through Kafka:

1. a landlord's notice opens a case: each person is told once (CaseOpened tells;
   the notice that opened the case adds no second message);
2. the unit manager makes anna the case's responsible caseworker;
3. Kronofogden's notice, with an eviction date, joins the open case of a family with
   children: anna and the children-and-youth unit are told at once - nobody waits for
   a two-minute grace, and the district's other caseworkers hear nothing;
4. the outreach is not made in 48 hours: the unit managers and anna are told, not the
   district's other caseworkers;
5. events in the shape eviction-prevention published before 2026-11-30 (without the
   case fields) still route.

The clock is the only fake: the outreach's due time is moved into the past.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.events import CLOUDEVENTS_CONTENT_TYPE, EVENTS, make_event
from bostad_common.events.eviction import NoticeReceivedV1, OutreachOverdueV1
from bostad_common.kafka_admin import ensure_topics
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker, stop_process
from bostad_devkit.eviction_kit import notice_body, today, wait_for

pytestmark = pytest.mark.integration

SERVICES = ("eviction-prevention", "notifications")
TENANT_PN = "19121212-1212"
# Everyone in Bromma who could be told anything about an eviction-prevention case.
PEOPLE = (
    "anna.caseworker",
    "bo.children",  # caseworker, children-and-youth unit
    "elin.financial",  # caseworker, financial-assistance unit
    "eva.two.districts",  # caseworker (and coordinator)
    "ulla.manager",
    "ivar.manager",
    "greta.manager",  # unit manager, children-and-youth unit
    "hedda.manager",  # unit manager, financial-assistance unit
    "stina.support",
    "kim.support",
    "cecilia.coordinator",
    "hugo.housing",
)
BROMMA_CASEWORKERS = ("anna.caseworker", "bo.children", "elin.financial", "eva.two.districts")
BROMMA_MANAGERS = ("ulla.manager", "ivar.manager", "greta.manager", "hedda.manager")
# Far longer than any hop takes here, far shorter than the old two-minute grace.
PROMPTLY = 40


@pytest.fixture
async def two_services(
    dev_issuer: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[dict[str, Settings]]:
    monkeypatch.setenv("BOSTAD_OUTREACH_CHECK_INTERVAL_SECONDS", "0.3")
    monkeypatch.setenv("BOSTAD_SEED_DEMO_DIRECTORY", "true")  # the demo users are staff
    monkeypatch.setenv("BOSTAD_REMINDER_INTERVAL_SECONDS", "0.3")
    port = free_port()
    broker = start_broker(port)
    urls: dict[str, str] = {}
    try:
        await ensure_topics(f"127.0.0.1:{port}")
        for service in SERVICES:
            urls[service] = await testing.create_database(service.replace("-", "_")[:10])
        yield {
            service: Settings(
                environment="test",
                database_url=url,
                kafka_bootstrap=f"127.0.0.1:{port}",
                redis_url=redis_url,
                var_dir=dev_issuer.var_dir,
                oidc_issuer=dev_issuer.oidc_issuer,
                relay_interval_seconds=0.1,
            )
            for service, url in urls.items()
        }
    finally:
        for url in urls.values():
            await testing.drop_database(url)
        stop_process(broker)


class Databases:
    """Direct reads of the two services' databases (the test's own engines)."""

    def __init__(self, settings: dict[str, Settings]) -> None:
        self._engines = {name: make_engine(s.database_url) for name, s in settings.items()}
        self._sessions = {name: make_session_factory(e) for name, e in self._engines.items()}

    async def execute(self, service: str, statement: Any) -> Any:
        async with self._sessions[service]() as session, session.begin():
            bind_principal(session, SYSTEM)
            return await session.execute(statement)

    async def all_consumed(self) -> bool:
        """Every event eviction-prevention published has been applied by notifications."""
        published = {
            row.id
            for row in (await self.execute("eviction-prevention", select(OutboxMessage))).scalars()
        }
        applied = {
            row.event_id
            for row in (
                await self.execute(
                    "notifications",
                    select(ProcessedEvent).where(ProcessedEvent.event_id.in_(published)),  # type: ignore[attr-defined]
                )
            ).scalars()
        }
        return bool(published) and published == applied

    async def dispose(self) -> None:
        for engine in self._engines.values():
            await engine.dispose()


def items(body: Any) -> list[dict[str, Any]]:
    return body if isinstance(body, list) else body["items"]


async def publish_raw(bootstrap: str, payload: Any, subject: str, drop: tuple[str, ...]) -> str:
    """An event as an older producer sent it: the same CloudEvent without `drop` fields."""
    event = make_event(
        payload, source="/bostad/eviction-prevention", subject=subject, district=payload.district
    )
    raw = json.loads(event.to_json_bytes())
    for name in drop:
        raw["data"].pop(name, None)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(
            EVENTS.spec_for(event).topic.name,
            json.dumps(raw).encode(),
            key=subject.encode(),
            headers=[("content-type", CLOUDEVENTS_CONTENT_TYPE.encode())],
        )
    finally:
        await producer.stop()
    return event.id


async def test_notices_and_overdue_outreach_reach_the_cases_own_people_once(
    two_services: dict[str, Settings], staff_token: Any
) -> None:
    from eviction_prevention.app import DEFINITION as EVICTION
    from eviction_prevention.outreach.models import OutreachAssignment
    from notifications.app import DEFINITION as NOTIFICATIONS
    from notifications.channels.models import Delivery
    from notifications.reminders.models import Reminder

    def staff(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(user)}"}

    databases = Databases(two_services)
    eviction_app = create_app(EVICTION, settings=two_services["eviction-prevention"])
    notifications_app = create_app(NOTIFICATIONS, settings=two_services["notifications"])
    try:
        async with (
            AsyncTestClient(eviction_app) as eviction,
            AsyncTestClient(notifications_app) as notifications,
        ):

            async def inbox(user: str, case_id: str) -> list[str]:
                answer = await notifications.get(
                    "/api/v1/inbox", params={"limit": 200}, headers=staff(user)
                )
                assert answer.status_code == 200, answer.text
                return sorted(i["kind"] for i in items(answer.json()) if i["case_id"] == case_id)

            async def inboxes_become(case_id: str, expected: dict[str, list[str]]) -> None:
                async def reached() -> bool:
                    return {u: await inbox(u, case_id) for u in PEOPLE} == expected

                try:
                    await wait_for(reached, timeout=PROMPTLY, interval=0.3)
                except AssertionError:
                    seen = {u: await inbox(u, case_id) for u in PEOPLE}
                    assert seen == expected, {u: seen[u] for u in PEOPLE if seen[u] != expected[u]}

            async def waiting_notices() -> list[str]:
                """Notices waiting the grace for a CaseOpened (a CaseOpened's cancelled
                placeholder is not one)."""
                rows = await databases.execute(
                    "notifications",
                    select(Reminder.subject_id).where(
                        Reminder.kind == "notice_not_opening_a_case",
                        Reminder.status != "cancelled",
                    ),
                )
                return list(rows.scalars())

            registered = await eviction.post(
                "/api/v1/admin/landlords",
                json={"name": "Exempel Bostäder AB", "districts": ["bromma"]},
                headers=staff("adam.admin"),
            )
            assert registered.status_code == 201, registered.text
            landlord = {"Authorization": f"Bearer {registered.json()['credential']}"}

            # 1. The landlord's notice opens the case: each person told once.
            first = await eviction.post(
                "/api/v1/notices", json=notice_body(external_id="EX-1"), headers=landlord
            )
            assert first.status_code == 202, first.text
            found = await eviction.post(
                "/api/v1/cases/search",
                json={"personal_number": TENANT_PN},
                headers=staff("anna.caseworker"),
            )
            [case] = found.json()
            case_id = case["case_id"]
            expected: dict[str, list[str]] = {user: [] for user in PEOPLE}
            for user in BROMMA_CASEWORKERS:
                expected[user] = ["case_opened"]
            expected["greta.manager"] = ["case_opened_children"]
            expected["hedda.manager"] = ["case_opened_financial"]
            await inboxes_become(case_id, expected)
            await wait_for(databases.all_consumed, timeout=PROMPTLY, interval=0.3)
            # The notice that opened the case was applied and told nobody.
            told_of_notice = await databases.execute(
                "notifications",
                select(Delivery.kind).where(Delivery.kind.like("notice_%")),  # type: ignore[attr-defined]
            )
            assert list(told_of_notice.scalars()) == []
            assert await waiting_notices() == []

            # 2. The case gets its own caseworker.
            owner = await eviction.put(
                f"/api/v1/cases/{case_id}/responsible-caseworker",
                json={"caseworker": "anna.caseworker"},
                headers=staff("ulla.manager"),
            )
            assert owner.status_code == 200, owner.text
            expected["anna.caseworker"] = ["case_assigned", "case_opened"]
            await inboxes_become(case_id, expected)

            # 3. Kronofogden's eviction date joins the family's open case (Kronofogden does
            # not know about the children; the case does: the track becomes enforcement).
            eviction_date = today() + timedelta(days=20)
            second = await eviction.post(
                "/api/v1/notices",
                json=notice_body(
                    external_id="KFM-1",
                    kind="eviction_enforcement",
                    debt=None,
                    household={"children": None},
                    eviction_date=eviction_date.isoformat(),
                ),
                headers=landlord,
            )
            assert second.status_code == 202, second.text
            detail = (
                await eviction.get(f"/api/v1/cases/{case_id}", headers=staff("anna.caseworker"))
            ).json()
            assert detail["track"] == "enforcement" and detail["children"] == 2
            expected["anna.caseworker"] = ["case_assigned", "case_opened", "notice_joined_case"]
            expected["bo.children"] = ["case_opened", "notice_joined_case_children"]
            expected["greta.manager"] = ["case_opened_children", "notice_joined_case_children"]
            await inboxes_become(case_id, expected)
            assert await waiting_notices() == []

            # 4. Outreach booked, and not made in 48 hours.
            booked = await eviction.post(
                f"/api/v1/cases/{case_id}/outreach-assignments",
                json={"staff": ["stina.support", "kim.support"]},
                headers=staff("anna.caseworker"),
            )
            assert booked.status_code == 201, booked.text
            moved = await databases.execute(
                "eviction-prevention",
                update(OutreachAssignment)
                .where(OutreachAssignment.id == booked.json()["assignment_id"])
                .values(due_at=datetime.now(UTC) - timedelta(minutes=1)),
            )
            assert moved.rowcount == 1
            expected["anna.caseworker"].append("outreach_overdue")
            for user in ("stina.support", "kim.support"):
                expected[user] = ["outreach_assigned"]
            for manager in BROMMA_MANAGERS:
                expected[manager] = sorted([*expected[manager], "outreach_overdue_manager"])
            await inboxes_become(case_id, expected)
            await wait_for(databases.all_consumed, timeout=PROMPTLY, interval=0.3)
            await inboxes_become(case_id, expected)  # nothing more came of any of it

            # 5. The shape of before: no case fields on the notice, no owner on the alert.
            bootstrap = two_services["notifications"].kafka_bootstrap
            old_case = str(uuid.uuid4())
            await publish_raw(
                bootstrap,
                OutreachOverdueV1(
                    case_id=old_case,
                    assignment_id=str(uuid.uuid4()),
                    district="bromma",
                    due_at=datetime.now(UTC) - timedelta(hours=1),
                    responsible_caseworker="anna.caseworker",
                ),
                subject=old_case,
                drop=("responsible_caseworker",),
            )
            old_expected: dict[str, list[str]] = {user: [] for user in PEOPLE}
            for user in BROMMA_CASEWORKERS:
                old_expected[user] = ["outreach_overdue"]
            for manager in BROMMA_MANAGERS:
                old_expected[manager] = ["outreach_overdue_manager"]
            await inboxes_become(old_case, old_expected)
            old_notice = str(uuid.uuid4())
            await publish_raw(
                bootstrap,
                NoticeReceivedV1(
                    notice_id=old_notice,
                    landlord_id=registered.json()["landlord_id"],
                    district="bromma",
                    kind="disturbance",
                    channel="http",
                    received_at=datetime.now(UTC),
                    case_id=case_id,
                    opened_case=False,
                ),
                subject=old_notice,
                drop=("case_id", "opened_case"),
            )

            # Applied, not dead-lettered: it waits the grace for a CaseOpened, as before.
            async def old_notice_waits() -> bool:
                return old_notice in await waiting_notices()

            await wait_for(old_notice_waits, timeout=PROMPTLY, interval=0.3)
    finally:
        await databases.dispose()
