"""One household's journey across all five services, and one landlord's notice.

All five apps run in-process (`AsyncTestClient`) against one broker of their own, a
fresh PostgreSQL database each and Redis; they talk only through Kafka, as deployed:

household  intake: application, investigation, coordinator's sign-off, granted decision
           → allocation: the pool, a vacancy round decided by consensus, the landlord
           and the household accept → tenancy: the lease signed, rent runs, a BgMax
           file with a partial payment, two months unpaid, the dunning run (the written
           warning) → eviction prevention: a case from the arrears, outreach, closed as
           prevented → notifications: the inbox of each person told, and nobody else.
landlord   a notice on `landlord.notices.v1` → a case → outreach not made in 48 hours
           → the unit manager and caseworkers told.

Each chain of events started by one action (the decision, the household's answer, the
dunning run, the landlord's message) is followed by one trace id across every service
it crosses. No span or log line carries a personal number (the suite's leak scan, and
the spans are scanned here once more for the two people of the story).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller
from litestar.testing import AsyncTestClient
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind
from sqlalchemy import update

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.events.topics import (
    ALLOCATION_EVENTS,
    EVICTION_EVENTS,
    INTAKE_EVENTS,
    LANDLORD_NOTICES,
    TENANCY_EVENTS,
)
from bostad_common.kafka_admin import ensure_topics
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.allocation_kit import configure, open_round
from bostad_devkit.broker_process import free_port, start_broker, stop_process
from bostad_devkit.eviction_kit import notice_body
from bostad_devkit.eviction_kit import staff_token as kit_token
from bostad_devkit.intake_kit import CLIENT_PN, walk_client_path_to_decision
from bostad_devkit.leak_scan import TelemetryCapture, span_attribute_values
from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO, wait_for

pytestmark = pytest.mark.integration

SERVICES = ("intake", "allocation", "tenancy", "eviction-prevention", "notifications")
LANDLORD_TENANT_PN = "19850412-2386"  # the landlord's tenant, valid in form only
# Everyone whose inbox is read: who must see what, and that nobody else sees anything.
PEOPLE = (
    "anna.caseworker",
    "bo.children",
    "elin.financial",
    "hugo.housing",
    "cecilia.coordinator",
    "ulla.manager",
    "ivar.manager",
    "frida.fees",
    "stina.support",
    "kim.support",
    "sven.skarholmen",
    "maja.skarholmen.manager",
    "nils.skarholmen.manager",
    "tove.skarholmen.support",
    "ture.skarholmen.support",
)
# Staff who are not demo users: an administrator for skarholmen (the demo admin works
# in bromma).
OTHER_STAFF = {
    "alva.skarholmen.admin": (["admin"], "skarholmen"),
}


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd): every e-mail notifications sends."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[tuple[list[str], str]] = []  # (recipients, the whole message)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        text = envelope.original_content.decode("utf-8", "replace")
        self.messages.append((list(envelope.rcpt_tos), text))
        return "250 queued"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box._controller.start()
    try:
        yield box
    finally:
        box._controller.stop()


@pytest.fixture
async def platform(
    dev_issuer: Settings, redis_url: str, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[dict[str, Settings]]:
    """Settings for the five services: a broker of their own (the spans seen are this
    journey's), a fresh database each. Background checks run often enough for a test."""
    monkeypatch.setenv("BOSTAD_DUNNING_CHECK_INTERVAL_SECONDS", "0")  # only the explicit run
    monkeypatch.setenv("BOSTAD_OUTREACH_CHECK_INTERVAL_SECONDS", "0.3")
    monkeypatch.setenv("BOSTAD_SEED_DEMO_DIRECTORY", "true")  # the demo users are staff
    monkeypatch.setenv("BOSTAD_SMTP_URL", f"smtp://127.0.0.1:{mailbox.port}")
    monkeypatch.setenv("BOSTAD_DELIVERY_INTERVAL_SECONDS", "0.2")
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


async def backdate(database_url: str, table: Any, where: Any) -> bool:
    """Move a due time a minute into the past; True if a row was there to move."""
    engine = make_engine(database_url)
    try:
        async with make_session_factory(engine)() as session, session.begin():
            bind_principal(session, SYSTEM)
            moved = await session.execute(
                update(table).where(where).values(due_at=datetime.now(UTC) - timedelta(minutes=1))
            )
            return bool(moved.rowcount)
    finally:
        await engine.dispose()


def items(body: Any) -> list[dict[str, Any]]:
    return body if isinstance(body, list) else body["items"]


def in_trace_of(spans: list[ReadableSpan], first: ReadableSpan) -> list[ReadableSpan]:
    return [s for s in spans if s.context.trace_id == first.context.trace_id]


def server_span(spans: list[ReadableSpan], method: str, path_part: str) -> ReadableSpan:
    found = [
        s
        for s in spans
        if s.kind == SpanKind.SERVER and s.name.startswith(method) and path_part in s.name
    ]
    assert found, sorted({s.name for s in spans if s.kind == SpanKind.SERVER})
    return found[-1]


def statements(spans: list[ReadableSpan]) -> str:
    return "\n".join(
        str(s.attributes.get("db.statement") or s.attributes.get("db.query.text") or "")
        for s in spans
        if s.kind == SpanKind.CLIENT and s.attributes
    )


def consumed_topics(spans: list[ReadableSpan]) -> set[str]:
    return {
        str(s.attributes.get("messaging.destination.name") or s.name.split(" ")[0])
        for s in spans
        if s.kind == SpanKind.CONSUMER and s.attributes is not None
    }


async def test_one_household_and_one_landlord_notice_across_five_services(
    platform: dict[str, Settings],
    mailbox: Mailbox,
    staff_token: Any,
    telemetry_capture: TelemetryCapture,
) -> None:
    from allocation.app import DEFINITION as ALLOCATION
    from eviction_prevention.app import DEFINITION as EVICTION
    from eviction_prevention.outreach.models import OutreachAssignment
    from intake.app import DEFINITION as INTAKE
    from notifications.app import DEFINITION as NOTIFICATIONS
    from notifications.reminders.models import Reminder
    from tenancy.app import DEFINITION as TENANCY
    from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax

    def staff(user: str) -> dict[str, str]:
        if user in OTHER_STAFF:  # not demo users: tokens from the issuer's key
            roles, district = OTHER_STAFF[user]
            token = kit_token(platform["intake"], user, roles, [district])
        else:
            token = staff_token(user)
        return {"Authorization": f"Bearer {token}"}

    first_span = len(telemetry_capture.spans())
    apps = {
        "intake": create_app(INTAKE, settings=platform["intake"]),
        "allocation": create_app(ALLOCATION, settings=platform["allocation"]),
        "tenancy": create_app(TENANCY, settings=platform["tenancy"]),
        "eviction-prevention": create_app(EVICTION, settings=platform["eviction-prevention"]),
        "notifications": create_app(NOTIFICATIONS, settings=platform["notifications"]),
    }
    async with (
        AsyncTestClient(apps["intake"]) as intake,
        AsyncTestClient(apps["allocation"]) as allocation,
        AsyncTestClient(apps["tenancy"]) as tenancy,
        AsyncTestClient(apps["eviction-prevention"]) as eviction,
        AsyncTestClient(apps["notifications"]) as notifications,
    ):
        # Staff who are not demo users are known once they have used the platform (the
        # directory provisions them just in time from their token).
        for user in OTHER_STAFF:
            first = await notifications.get("/api/v1/inbox", headers=staff(user))
            assert first.status_code == 200, first.text

        # --- intake: investigated, signed off by the coordinator, granted -------------
        application_id = await walk_client_path_to_decision(intake, staff)
        granted = await intake.post(
            f"/api/v1/applications/{application_id}/decision",
            json={"outcome": "granted", "reasons": "Behovet av bostad är styrkt."},
            headers=staff("ulla.manager"),
        )
        assert granted.status_code == 201, granted.text

        # --- allocation: the pool, a round by consensus, both accept ------------------
        async def in_pool() -> list[dict[str, Any]]:
            answer = await allocation.get("/api/v1/pool", headers=staff("hugo.housing"))
            return items(answer.json()) if answer.status_code == 200 else []

        [household] = await wait_for(in_pool, timeout=60)
        household_id = household["household_id"]
        await configure(allocation, staff)
        _, round_id = await open_round(allocation, staff, rooms=3)
        proposal = await allocation.post(
            f"/api/v1/rounds/{round_id}/proposal",
            json={"priority_list": [household_id], "motivation": "Barnfamilj i akut behov."},
            headers=staff("hugo.housing"),
        )
        assert proposal.status_code == 200, proposal.text
        for manager in ("ivar.manager", "greta.manager", "hedda.manager"):
            verdict = await allocation.post(
                f"/api/v1/rounds/{round_id}/verdicts",
                json={"verdict": "approve"},
                headers=staff(manager),
            )
            assert verdict.status_code == 200, verdict.text
        assert verdict.json()["decided_via"] == "consensus", verdict.json()
        offer = await allocation.post(
            f"/api/v1/rounds/{round_id}/offers", json={}, headers=staff("hugo.housing")
        )
        assert offer.status_code == 201, offer.text
        offer_id = offer.json()["offer_id"]
        assert offer.json()["household_id"] == household_id
        for side in ("landlord-answer", "household-answer"):
            answer = await allocation.post(
                f"/api/v1/offers/{offer_id}/{side}",
                json={"accepted": True},
                headers=staff("hugo.housing"),
            )
            assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "accepted"

        # --- tenancy: the lease signed, rent, a partial payment, two months unpaid ----
        async def lease() -> list[dict[str, Any]]:
            answer = await tenancy.get("/api/v1/leases", headers=staff("hugo.housing"))
            return items(answer.json()) if answer.status_code == 200 else []

        [signed_lease] = await wait_for(lease, timeout=60)
        lease_id = signed_lease["lease_id"]
        move_in = signed_lease.get("move_in_date") or "2027-01-01"
        signed = await tenancy.post(
            f"/api/v1/leases/{lease_id}/signature",
            json={"signed_on": move_in, "keys_handed_over_on": move_in},
            headers=staff("hugo.housing"),
        )
        assert signed.status_code == 200, signed.text
        first_month = date.fromisoformat(move_in).replace(day=1)
        months = [first_month, (first_month + timedelta(days=32)).replace(day=1)]
        for month in months:
            run = await tenancy.post(
                "/api/v1/rent-runs",
                json={"district": "bromma", "month": month.strftime("%Y-%m")},
                headers=staff("frida.fees"),
            )
            assert run.status_code == 201, run.text
        invoices = items(
            (await tenancy.get("/api/v1/invoices", headers=staff("frida.fees"))).json()
        )
        first_invoice = min(invoices, key=lambda i: i["month"])
        partial = first_invoice["amount_ore"] // 3
        payment_file = write_bgmax(
            [
                Deposit(
                    BROMMA_BANKGIRO,
                    first_month - timedelta(days=2),
                    [PaymentLine(first_invoice["ocr"], partial)],
                )
            ]
        )
        imported = await tenancy.post(
            "/api/v1/payment-files",
            content=payment_file,
            headers={**staff("frida.fees"), "Content-Type": "application/octet-stream"},
        )
        assert imported.status_code in (200, 201), imported.text
        paid = {
            i["invoice_id"]: i["paid_ore"]
            for i in items(
                (await tenancy.get("/api/v1/invoices", headers=staff("frida.fees"))).json()
            )
        }
        assert paid[first_invoice["invoice_id"]] == partial, paid  # booked, and only partly
        dunning = await tenancy.post(
            "/api/v1/dunning-runs",
            json={"district": "bromma", "as_of": (months[1] - timedelta(days=1)).isoformat()},
            headers=staff("frida.fees"),
        )
        assert dunning.status_code in (200, 201), dunning.text
        assert dunning.json()["arrears_registered"] == 1, dunning.json()
        steps = (
            await tenancy.get(
                f"/api/v1/leases/{lease_id}/dunning-steps", headers=staff("frida.fees")
            )
        ).json()
        assert items(steps), "the written warning (dunning step) was not taken"

        # --- eviction prevention: the case from the arrears, outreach, prevented ------
        async def household_case() -> list[dict[str, Any]]:
            answer = await eviction.get("/api/v1/cases/worklist", headers=staff("anna.caseworker"))
            return answer.json() if answer.status_code == 200 else []

        [case] = await wait_for(household_case, timeout=60)
        case_id = case["case_id"]
        detail = (
            await eviction.get(f"/api/v1/cases/{case_id}", headers=staff("anna.caseworker"))
        ).json()
        assert detail["channel"] == "tenancy"
        assert detail["notices"][0]["debt"]["months_unpaid"] == 2
        assignment = await eviction.post(
            f"/api/v1/cases/{case_id}/outreach-assignments",
            json={"staff": ["stina.support", "kim.support"]},
            headers=staff("anna.caseworker"),
        )
        assert assignment.status_code == 201, assignment.text
        visit = await eviction.post(
            f"/api/v1/cases/{case_id}/outreach-assignments/{assignment.json()['assignment_id']}/visits",
            json={"staff": ["stina.support", "kim.support"], "outcome": "met"},
            headers=staff("stina.support"),
        )
        assert visit.status_code == 201, visit.text
        closed = await eviction.post(
            f"/api/v1/cases/{case_id}/close",
            json={
                "outcome": "prevented",
                "closing_reason": "payment_plan",
                "open_items_reason": "Avbetalningsplan klar innan alla punkter behövdes.",
            },
            headers=staff("ulla.manager"),
        )
        assert closed.status_code == 200, closed.text

        # --- the landlord's path: a notice on Kafka, outreach overdue, the manager told
        registered = await eviction.post(
            "/api/v1/admin/landlords",
            json={"name": "Resa Bostäder AB", "districts": ["skarholmen"]},
            headers=staff("alva.skarholmen.admin"),
        )
        assert registered.status_code == 201, registered.text
        landlord_id = registered.json()["landlord_id"]
        tracer = trace.get_tracer("landlord-system")
        with tracer.start_as_current_span("landlord sends notice", kind=SpanKind.PRODUCER) as sent:
            headers: dict[str, str] = {}
            propagate.inject(headers)
            landlord_trace = sent.get_span_context().trace_id
        message = {
            **notice_body(
                external_id="RESA-2026-1",
                district="skarholmen",
                tenant={"personal_number": LANDLORD_TENANT_PN, "name": "Sara Exempel"},
                address={
                    "street": "Skärholmsvägen 20",
                    "postal_code": "12748",
                    "city": "Skärholmen",
                },
            ),
            "landlord_id": landlord_id,
        }
        producer = AIOKafkaProducer(
            bootstrap_servers=platform["eviction-prevention"].kafka_bootstrap
        )
        await producer.start()
        try:
            await producer.send_and_wait(
                LANDLORD_NOTICES.name,
                json.dumps(message).encode(),
                key=f"{landlord_id}:RESA-2026-1".encode(),
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
        finally:
            await producer.stop()

        async def landlord_case() -> list[dict[str, Any]]:
            answer = await eviction.get("/api/v1/cases/worklist", headers=staff("sven.skarholmen"))
            return answer.json() if answer.status_code == 200 else []

        [notice_case] = await wait_for(landlord_case, timeout=60)
        notice_case_id = notice_case["case_id"]
        overdue_assignment = await eviction.post(
            f"/api/v1/cases/{notice_case_id}/outreach-assignments",
            json={"staff": ["tove.skarholmen.support", "ture.skarholmen.support"]},
            headers=staff("sven.skarholmen"),
        )
        assert overdue_assignment.status_code == 201, overdue_assignment.text
        assignment_id = overdue_assignment.json()["assignment_id"]

        # The clock is the only fake: 36 hours pass (the reminder, 12 hours before the
        # visit is due, goes to the two staff), then 48 (the visit is overdue).
        async def reminder_set() -> bool:
            return await backdate(
                platform["notifications"].database_url,
                Reminder,
                Reminder.subject_id == assignment_id,
            )

        await wait_for(reminder_set, timeout=60)

        async def reminded() -> bool:
            tove = staff("tove.skarholmen.support")
            answer = await notifications.get("/api/v1/inbox", headers=tove)
            return "reminder_outreach_due" in {item["kind"] for item in items(answer.json())}

        await wait_for(reminded, timeout=30)
        assert await backdate(
            platform["eviction-prevention"].database_url,
            OutreachAssignment,
            OutreachAssignment.id == assignment_id,
        )

        # --- notifications: each person's inbox --------------------------------------
        async def inbox(user: str) -> dict[str, list[str]]:
            answer = await notifications.get(
                "/api/v1/inbox", params={"limit": 200}, headers=staff(user)
            )
            assert answer.status_code == 200, answer.text
            seen: dict[str, list[str]] = {}
            for item in items(answer.json()):
                seen.setdefault(item["case_id"] or "-", []).append(item["kind"])
            return {k: sorted(v) for k, v in seen.items()}

        # Each person told what asks something of them, once; nobody else (the person who
        # caused an event is not told of it). "-": not about an eviction-prevention case.
        household = {
            "-": ["rent_arrears", "rent_dunning"],
            case_id: ["case_closed", "case_opened"],
        }
        reminded_staff = ["outreach_assigned", "reminder_outreach_due"]
        expected = {
            "anna.caseworker": household,  # the district's caseworkers, every unit
            "bo.children": household,
            "elin.financial": household,
            "hugo.housing": {
                "-": ["decision_granted", "investigation_approved", "tenancy_to_be_signed"]
            },
            "cecilia.coordinator": {
                "-": [
                    "decision_granted",
                    "lease_signed",
                    "offer_accepted",
                    "round_decided",
                    "vacancy_opened",
                ]
            },
            "ulla.manager": {"-": ["round_decided"]},
            "ivar.manager": {},  # approved the round himself
            "frida.fees": {"-": ["lease_signed"]},
            "stina.support": {case_id: ["outreach_assigned"]},
            "kim.support": {case_id: ["outreach_assigned"]},
            # The landlord's notice: skarholmen only.
            "sven.skarholmen": {notice_case_id: ["case_opened", "outreach_overdue"]},
            "maja.skarholmen.manager": {notice_case_id: ["outreach_overdue_manager"]},
            "nils.skarholmen.manager": {notice_case_id: ["outreach_overdue_manager"]},
            "tove.skarholmen.support": {notice_case_id: reminded_staff},
            "ture.skarholmen.support": {notice_case_id: reminded_staff},
        }

        async def everyone_told() -> dict[str, dict[str, list[str]]] | None:
            seen = {user: await inbox(user) for user in PEOPLE}
            return seen if seen == expected else None

        try:
            inboxes = await wait_for(everyone_told, timeout=45)
        except AssertionError:
            inboxes = {user: await inbox(user) for user in PEOPLE}
        assert inboxes == expected, {u: inboxes[u] for u in PEOPLE if inboxes[u] != expected[u]}

        # The written warning: a letter to the household, composed by notifications.
        letters = await notifications.get("/api/v1/letters", headers=staff("anna.caseworker"))
        assert letters.status_code == 200, letters.text
        kinds = sorted(letter["kind"] for letter in items(letters.json()))
        assert kinds == ["rent_warning_letter"], kinds  # the household's one letter

        # E-mail went to the people told by e-mail (the overdue outreach: the unit
        # managers), and says nothing but that there is something to read.
        async def managers_mailed() -> bool:
            sent_to = {r for recipients, _ in mailbox.messages for r in recipients}
            return {"maja.skarholmen.manager", "nils.skarholmen.manager"} <= {
                address.split("@")[0] for address in sent_to
            }

        await wait_for(managers_mailed, timeout=30)

    # --- one trace per chain -----------------------------------------------------------
    spans = list(telemetry_capture.spans())[first_span:]
    decision = in_trace_of(spans, server_span(spans, "POST", "/decision"))
    assert INTAKE_EVENTS.name in consumed_topics(decision), consumed_topics(decision)
    assert "pool_households" in statements(decision) or "households" in statements(decision)
    accepted = in_trace_of(spans, server_span(spans, "POST", "/household-answer"))
    assert ALLOCATION_EVENTS.name in consumed_topics(accepted), consumed_topics(accepted)
    assert "leases" in statements(accepted)
    arrears = in_trace_of(spans, server_span(spans, "POST", "/dunning-runs"))
    assert {TENANCY_EVENTS.name, EVICTION_EVENTS.name} <= consumed_topics(arrears), consumed_topics(
        arrears
    )
    assert "inbox_notifications" in statements(arrears)  # tenancy → eviction → notifications
    landlord = [s for s in spans if s.context.trace_id == landlord_trace]
    assert LANDLORD_NOTICES.name in consumed_topics(landlord), consumed_topics(landlord)
    assert EVICTION_EVENTS.name in consumed_topics(landlord), consumed_topics(landlord)
    assert "inbox_notifications" in statements(landlord)

    values = [str(v) for v in span_attribute_values(spans)]
    mails = [text for _, text in mailbox.messages]
    for number in (CLIENT_PN, LANDLORD_TENANT_PN):
        assert not any(number in v or number.replace("-", "") in v for v in values), number
        assert not any(number[2:].replace("-", "") in text for text in mails), number
    for personal in ("Tolvan", "Tolvansson", "Sara Exempel", "Skärholmsvägen", "Exempelgatan"):
        assert not any(personal in text for text in mails), personal
