"""Fixtures of the notifications tests: a fake SMTP server, staff tokens, sample events."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pydantic import BaseModel

from bostad_common.events import allocation as al
from bostad_common.events import eviction as ek
from bostad_common.events import intake as ik
from bostad_common.events import tenancy as tn
from bostad_common.events.eviction import (
    CaseClosedV1,
    CaseOpenedV1,
    LetterRecipient,
    LetterRequestedV1,
    NoticeReceivedV1,
    OutreachAssignedV1,
    OutreachOverdueV1,
)
from bostad_common.service import ServiceDefinition
from bostad_common.settings import Settings
from bostad_devkit import dev_issuer
from bostad_devkit.broker_process import free_port
from notifications.app import DEFINITION
from notifications.config import NotificationSettings


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    """For `service_database_url`: a database at the head of notifications' migrations."""
    return DEFINITION


@dataclass
class SmtpServer:
    """A real SMTP server (aiosmtpd) on loopback: records what was sent and to whom.

    `fail_next` answers the next N messages with 451 (a temporary failure);
    `stop()`/`start()` take the server down and bring it back on the same port.
    """

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    fail_next: int = 0
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail_next > 0:
            self.fail_next -= 1
            return "451 try again later"
        self.messages.append(
            message_from_bytes(envelope.original_content, policy=policy.default)  # type: ignore[arg-type]
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 queued"

    def start(self) -> None:
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def auth_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose token verifier fetches the dev issuer's keys from a local HTTP server.

    The server runs in its own thread: the app under test may run on another event loop.
    One key and server for the session (every test names its own database): a server
    per test cost a key pair and half a second waiting for `shutdown()`.
    """
    settings = Settings(var_dir=tmp_path_factory.mktemp("notifications-var"), environment="test")
    body = json.dumps(dev_issuer.jwks(settings)).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield settings.model_copy(update={"oidc_jwks_url": f"http://127.0.0.1:{port}/jwks.json"})
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def service_settings() -> Callable[..., NotificationSettings]:
    """Builds the service's one settings object: a test's shared settings plus its own fields."""

    def build(settings: Settings, **own: Any) -> NotificationSettings:
        return NotificationSettings(**{**settings.model_dump(), **own})

    return build


@pytest.fixture
def bromma_unit_managers() -> list[str]:
    """The demo directory's unit managers of Bromma (allocation needs several)."""
    from bostad_common.auth.directory import demo_profiles

    return sorted(
        p.person_id
        for p in demo_profiles()
        if "unit_manager" in p.roles and "bromma" in p.districts
    )


@pytest.fixture
def token_for(auth_settings: Settings) -> Callable[[str], dict[str, str]]:
    def headers(username: str) -> dict[str, str]:
        token = dev_issuer.issue_token(username, settings=auth_settings)
        return {"Authorization": f"Bearer {token}"}

    return headers


# -- sample payloads (fictional; no personal numbers anywhere) -----------------------------


class Samples:
    @staticmethod
    def notice_received(district: str = "bromma", notice_id: str = "n-1") -> NoticeReceivedV1:
        return NoticeReceivedV1(
            notice_id=notice_id,
            landlord_id="landlord-1",
            district=district,
            kind="unpaid_rent",
            channel="http",
            received_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def kronofogden_date_joining(
        eviction_date: date, *, notice_id: str = "n-1", **changes: object
    ) -> NoticeReceivedV1:
        """Kronofogden's eviction date joining Anna's open case c-1 of a family with
        children (the enforcement track, whose name does not say so)."""
        return Samples.notice_received(notice_id=notice_id).model_copy(
            update={
                "kind": "eviction_enforcement",
                "case_id": "c-1",
                "opened_case": False,
                "track": "enforcement",
                "children_unknown": False,
                "children_possible": True,
                "eviction_date": eviction_date,
                "responsible_caseworker": "anna.caseworker",
                **changes,
            }
        )

    @staticmethod
    def case_opened(
        track: str = "with_children", *, children_unknown: bool = False
    ) -> CaseOpenedV1:
        return CaseOpenedV1(
            case_id="c-1",
            notice_id="n-1",
            district="bromma",
            track=track,  # type: ignore[arg-type]
            children_unknown=children_unknown,
            intake_type="underrattelse",
            notice_kind="unpaid_rent",
            redemption_deadline=date(2026, 11, 23),
            eviction_date=None,
        )

    @staticmethod
    def outreach_assigned(staff: list[str] | None = None) -> OutreachAssignedV1:
        return OutreachAssignedV1(
            case_id="c-1",
            assignment_id="a-1",
            district="bromma",
            staff=staff if staff is not None else ["stina.support", "bo.support"],
            due_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def outreach_overdue() -> OutreachOverdueV1:
        return OutreachOverdueV1(
            case_id="c-1",
            assignment_id="a-1",
            district="bromma",
            due_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def letter_requested(
        letter: str = "home_visit_letter", visit_at: datetime | None = None
    ) -> LetterRequestedV1:
        return LetterRequestedV1(
            case_id="c-1",
            district="bromma",
            letter=letter,  # type: ignore[arg-type]
            recipient=LetterRecipient(
                name="Tolvan Tolvansson",
                street="Exempelgatan 1",
                postal_code="16731",
                city="Bromma",
                apartment_number="1102",
            ),
            visit_at=visit_at or datetime(2026, 11, 5, 13, 0, tzinfo=UTC),
            person_ref=PERSON_REF,
        )

    @staticmethod
    def case_closed(**changes: object) -> CaseClosedV1:
        return CaseClosedV1(
            case_id="c-1", district="bromma", outcome="prevented", closing_reason="paid"
        ).model_copy(update=changes)

    @staticmethod
    def every_event(district: str = "bromma") -> dict[str, BaseModel]:
        """One payload of every event of the four producers (fictional, no personal data
        beyond the fields the contracts require)."""
        return {name: build(district) for name, build in EVERY_EVENT.items()}


ADDRESS = {
    "name": "Tolvan Tolvansson",
    "street": "Exempelgatan 1",
    "postal_code": "16731",
    "city": "Bromma",
    "apartment_number": "1102",
}
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NEEDS = ik.NeedsProfile(
    household_size=3,
    adults=1,
    children_birth_dates=[date(2018, 5, 1)],
    applicant_birth_date=date(1990, 1, 1),
    applicant_legal_sex="female",
)
PARTY = ik.LeaseParty(personal_number="19900101-0018", name="Tolvan Tolvansson")

EVERY_EVENT: dict[str, Callable[[str], BaseModel]] = {
    "NoticeReceived": lambda d: Samples.notice_received(d).model_copy(
        update={
            "case_id": "c-1",
            "opened_case": False,
            "track": "with_children",
            "children_possible": True,
            "eviction_date": date(2026, 12, 1),
        }
    ),
    "CaseOpened": lambda d: Samples.case_opened("with_children").model_copy(
        update={"district": d, "eviction_date": date(2026, 11, 6)}
    ),
    "OutreachAssigned": lambda d: Samples.outreach_assigned().model_copy(update={"district": d}),
    "OutreachOverdue": lambda d: Samples.outreach_overdue().model_copy(update={"district": d}),
    "LetterRequested": lambda d: Samples.letter_requested("information_letter").model_copy(
        update={"district": d}
    ),
    "CaseClosed": lambda d: Samples.case_closed(district=d),
    "CaseAssigned": lambda d: ek.CaseAssignedV1(
        case_id="c-1",
        district=d,
        responsible_caseworker="anna.caseworker",
        previous_caseworker=None,
        assigned_at=AT,
    ),
    "DeadlineSet": lambda d: ek.DeadlineSetV1(
        case_id="c-1",
        district=d,
        deadline="redemption_period",
        due_on=date(2026, 11, 30),
        set_by="notice",
    ),
    "ApplicationRegistered": lambda d: ik.ApplicationRegisteredV1(
        application_id="app-1",
        household_id="h-1",
        district=d,
        housing_type="social_contract",
        channel="ansokan",
        client_status="non_client",
        path="certificate_only",
        registered_at=AT,
        registered_by="anna.caseworker",
    ),
    "InvestigationApproved": lambda d: ik.InvestigationApprovedV1(
        application_id="app-1",
        investigation_id="inv-1",
        district=d,
        housing_type="social_contract",
        approved_by="cecilia.coordinator",
        approved_at=AT,
    ),
    "HousingDecisionGranted": lambda d: ik.HousingDecisionGrantedV1(
        decision_id="dec-1",
        application_id="app-1",
        household_id="h-1",
        district=d,
        housing_type="social_contract",
        decided_on=date(2026, 11, 2),
        decided_by="ulla.manager",
        is_bistandsbeslut=True,
        legal_reference=None,
        includes_housing_support=False,
        needs=NEEDS,
        lease_party=PARTY,
        letter_address=tn.LetterAddress(**ADDRESS),
    ),
    "HousingDecisionRejected": lambda d: ik.HousingDecisionRejectedV1(
        decision_id="dec-2",
        application_id="app-2",
        household_id="h-2",
        district=d,
        housing_type="social_contract",
        decided_on=date(2026, 11, 2),
        decided_by="ulla.manager",
    ),
    "DecisionEnded": lambda d: ik.DecisionEndedV1(
        decision_id="dec-1",
        household_id="h-1",
        district=d,
        ended_on=date(2026, 11, 2),
        reason="withdrawn",
    ),
    "VacancyOpened": lambda d: al.VacancyOpenedV1(
        vacancy_id="v-1",
        round_id="r-1",
        apartment_id="ap-1",
        district=d,
        housing_type="social_contract",
        rooms=2,
        area="Bromma",
        nomination_deadline=datetime(2026, 11, 9, 15, 0, tzinfo=UTC),
        opened_by="hugo.housing",
    ),
    "RoundDecided": lambda d: al.RoundDecidedV1(
        round_id="r-1",
        vacancy_id="v-1",
        district=d,
        priority_list=["h-1", "h-2"],
        decided_via="consensus",
        decided_by=["ulla.manager"],
        motivation="Störst behov.",
    ),
    "OfferDeclined": lambda d: al.OfferDeclinedV1(
        offer_id="o-1",
        round_id="r-1",
        household_id="h-2",
        district=d,
        declined_by="household",
        reason="för långt från skolan",
    ),
    "OfferAccepted": lambda d: al.OfferAcceptedV1(
        offer_id="o-1",
        round_id="r-1",
        vacancy_id="v-1",
        household_id="h-1",
        district=d,
        motivation="Längst väntetid och barn i området.",
    ),
    "TenancyToBeSigned": lambda d: al.TenancyToBeSignedV1(
        offer_id="o-1",
        round_id="r-1",
        household_id="h-1",
        decision_id="dec-1",
        district=d,
        housing_type="social_contract",
        includes_housing_support=False,
        tenant=PARTY,
        household_size=3,
        apartment=al.ApartmentForLease(
            apartment_id="ap-1",
            landlord_id="l-1",
            street="Exempelgatan 1",
            postal_code="16731",
            city="Bromma",
            rooms=2,
            size_m2=55,
            rent_ore=650_000,
        ),
        move_in_date=date(2026, 12, 1),
    ),
    "DecisionNotExecutedWarning": lambda d: al.DecisionNotExecutedWarningV1(
        decision_id="dec-1",
        household_id="h-1",
        district=d,
        decided_on=date(2026, 9, 1),
        days_waited=80,
        warning_day=80,
        three_months_on=date(2026, 12, 1),
    ),
    "IvoReportDue": lambda d: al.IvoReportDueV1(
        district=d,
        period="2026-Q4",
        due_on=date(2027, 1, 31),
        new_reports=2,
        repeated_reports=1,
        closing_reports=0,
    ),
    "RentArrearsRegistered": lambda d: tn.RentArrearsRegisteredV1(
        lease_id="le-1",
        district=d,
        tenant_personal_number="19900101-0018",
        tenant_name="Tolvan Tolvansson",
        address=tn.TenantAddress(street="Exempelgatan 1", postal_code="16731", city="Bromma"),
        months_unpaid=2,
        amount_ore=1_300_000,
        as_of=date(2026, 11, 2),
    ),
    "LeaseSigned": lambda d: tn.LeaseSignedV1(
        lease_id="le-1",
        head_lease_id="hl-1",
        household_id="h-1",
        decision_id="dec-1",
        offer_id="o-1",
        apartment_id="ap-1",
        district=d,
        housing_type="social_contract",
        start_date=date(2026, 12, 1),
        signed_by="hugo.housing",
    ),
    "RentDunningStepTaken": lambda d: tn.RentDunningStepTakenV1(
        lease_id="le-1",
        district=d,
        step="written_warning",
        months_unpaid=2,
        amount_ore=1_300_000,
        as_of=date(2026, 11, 2),
        recipient=tn.LetterAddress(**ADDRESS),
    ),
    "ComplaintReceived": lambda d: tn.ComplaintReceivedV1(
        complaint_id="co-1",
        lease_id="le-1",
        district=d,
        received_on=date(2026, 11, 2),
        category="disturbance",
    ),
    "TerminationProposed": lambda d: tn.TerminationProposedV1(
        process_id="p-1",
        lease_id="le-1",
        district=d,
        proposed_by="hugo.housing",
        proposed_at=AT,
    ),
    "MoveOutStepOverdue": lambda d: tn.MoveOutStepOverdueV1(
        process_id="p-1",
        lease_id="le-1",
        district=d,
        step="inspection_reported",
        responsible_role="housing_officer",
        deadline=date(2026, 11, 1),
    ),
    "MoveOutStepDeadlineSet": lambda d: tn.MoveOutStepDeadlineSetV1(
        process_id="p-1",
        lease_id="le-1",
        district=d,
        step="inspection_reported",
        responsible_role="unit_manager",
        deadline=date(2026, 11, 9),
    ),
    "MoveOutStepCompleted": lambda d: tn.MoveOutStepCompletedV1(
        process_id="p-1",
        lease_id="le-1",
        district=d,
        step="inspection_reported",
        done_on=date(2026, 11, 6),
        not_needed=False,
        recorded_by="hugo.housing",
    ),
    "MoveOutProcessEnded": lambda d: tn.MoveOutProcessEndedV1(
        process_id="p-1",
        lease_id="le-1",
        district=d,
        ending="apartment_ready",
        ended_on=date(2026, 12, 10),
    ),
    "LeaseEnded": lambda d: tn.LeaseEndedV1(
        lease_id="le-1",
        household_id="h-1",
        apartment_id="ap-1",
        district=d,
        ended_on=date(2026, 11, 30),
        reason="terminated",
    ),
    "ApartmentVacated": lambda d: tn.ApartmentVacatedV1(
        apartment_id="ap-1", lease_id="le-1", district=d, vacated_on=date(2026, 11, 30)
    ),
    "ApartmentReady": lambda d: tn.ApartmentReadyV1(
        apartment_id="ap-1", district=d, ready_on=date(2026, 12, 10)
    ),
    "ApartmentLeftPool": lambda d: tn.ApartmentLeftPoolV1(
        apartment_id="ap-1",
        lease_id="le-1",
        household_id="h-1",
        district=d,
        left_on=date(2026, 12, 1),
    ),
}


PERSON_REF = "p_" + "5e" * 16  # the addressee's pseudonym as eviction-prevention sends it


@pytest.fixture
def samples() -> type[Samples]:
    return Samples
