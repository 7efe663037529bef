"""Payloads of the events tenancy publishes (past tense, versioned).

`RentArrearsRegistered` carries the tenant's personal number because
eviction-prevention must find or open the household's case; the others carry
ids, and a letter recipient only where notifications must address a letter.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import TENANCY_EVENTS
from bostad_common.events.vocabulary import (
    DunningStep,
    HousingType,
    LeaseEndReason,
    MoveOutEnding,
    MoveOutStepCode,
)


class TenantAddress(BaseModel):
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None


class RentArrearsRegisteredV1(BaseModel):
    """A municipal sublet tenant has unpaid rent: eviction-prevention opens a case.

    Carries the tenant's personal number because the receiving service must
    find or open the household's case; it never leaves the platform's topics.
    """

    lease_id: str
    district: str
    tenant_personal_number: str
    tenant_name: str
    address: TenantAddress
    months_unpaid: int
    amount_ore: int
    as_of: date
    children: int | None = None


class LeaseSignedV1(BaseModel):
    """The sublease is signed and the keys handed over: the decision is executed."""

    lease_id: str
    head_lease_id: str
    household_id: str
    decision_id: str
    offer_id: str | None
    apartment_id: str
    district: str
    housing_type: HousingType
    start_date: date
    signed_by: str


class LetterAddress(BaseModel):
    """The window-envelope address block of a letter to the tenant."""

    name: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None


class RentDunningStepTakenV1(BaseModel):
    """A step of seed 000's dunning ladder was taken for a tenant's unpaid rent."""

    lease_id: str
    district: str
    step: DunningStep
    months_unpaid: int
    amount_ore: int = Field(ge=0)
    as_of: date
    recipient: LetterAddress  # the written warning is a letter to the tenant


class ComplaintReceivedV1(BaseModel):
    """A landlord complained to the housing officer; the caseworker talks to the client."""

    complaint_id: str
    lease_id: str
    district: str
    received_on: date
    category: str


class TerminationProposedV1(BaseModel):
    """A termination awaits the unit manager's decision (seed 003)."""

    process_id: str
    lease_id: str
    district: str
    proposed_by: str
    proposed_at: datetime


class MoveOutStepOverdueV1(BaseModel):
    process_id: str
    lease_id: str
    district: str
    step: str
    responsible_role: str
    deadline: date


class MoveOutStepDeadlineSetV1(BaseModel):
    """A step of a move-out process got its deadline (seed 003): the step it runs from
    was recorded as done. Published again if the deadline changes; notifications
    reminds the responsible role before it passes.

    `responsible_role` is the first role the seed makes responsible for the step
    (as in MoveOutStepOverdue); tenancy knows no responsible person per step.
    """

    process_id: str
    lease_id: str
    district: str
    step: MoveOutStepCode
    responsible_role: str
    deadline: date


class MoveOutStepCompletedV1(BaseModel):
    """A step of a move-out process was recorded: done on `done_on`, or (an optional
    step) not needed, when `done_on` is None. Ends whatever waits for the step."""

    process_id: str
    lease_id: str
    district: str
    step: MoveOutStepCode
    done_on: date | None
    not_needed: bool
    recorded_by: str


class MoveOutProcessEndedV1(BaseModel):
    """A move-out process is over: the apartment is ready to offer again, or the
    process was called off. Nothing of it is waiting any more."""

    process_id: str
    lease_id: str
    district: str
    ending: MoveOutEnding
    ended_on: date


class LeaseEndedV1(BaseModel):
    lease_id: str
    household_id: str
    apartment_id: str
    district: str
    ended_on: date
    reason: LeaseEndReason


class ApartmentVacatedV1(BaseModel):
    """Seed 003: the vacant apartment is reported to the planner."""

    apartment_id: str
    lease_id: str
    district: str
    vacated_on: date


class ApartmentReadyV1(BaseModel):
    """Inspected and renovated: the apartment can be offered again."""

    apartment_id: str
    district: str
    ready_on: date


class ApartmentLeftPoolV1(BaseModel):
    """The tenant took over the first-hand lease (seed 002): no longer ours to offer."""

    apartment_id: str
    lease_id: str
    household_id: str
    district: str
    left_on: date


RENT_ARREARS_REGISTERED = EVENTS.register(
    "RentArrearsRegistered", 1, RentArrearsRegisteredV1, TENANCY_EVENTS
)
LEASE_SIGNED = EVENTS.register("LeaseSigned", 1, LeaseSignedV1, TENANCY_EVENTS)
RENT_DUNNING_STEP_TAKEN = EVENTS.register(
    "RentDunningStepTaken", 1, RentDunningStepTakenV1, TENANCY_EVENTS
)
COMPLAINT_RECEIVED = EVENTS.register("ComplaintReceived", 1, ComplaintReceivedV1, TENANCY_EVENTS)
TERMINATION_PROPOSED = EVENTS.register(
    "TerminationProposed", 1, TerminationProposedV1, TENANCY_EVENTS
)
MOVE_OUT_STEP_OVERDUE = EVENTS.register(
    "MoveOutStepOverdue", 1, MoveOutStepOverdueV1, TENANCY_EVENTS
)
MOVE_OUT_STEP_DEADLINE_SET = EVENTS.register(
    "MoveOutStepDeadlineSet", 1, MoveOutStepDeadlineSetV1, TENANCY_EVENTS
)
MOVE_OUT_STEP_COMPLETED = EVENTS.register(
    "MoveOutStepCompleted", 1, MoveOutStepCompletedV1, TENANCY_EVENTS
)
MOVE_OUT_PROCESS_ENDED = EVENTS.register(
    "MoveOutProcessEnded", 1, MoveOutProcessEndedV1, TENANCY_EVENTS
)
LEASE_ENDED = EVENTS.register("LeaseEnded", 1, LeaseEndedV1, TENANCY_EVENTS)
APARTMENT_VACATED = EVENTS.register("ApartmentVacated", 1, ApartmentVacatedV1, TENANCY_EVENTS)
APARTMENT_READY = EVENTS.register("ApartmentReady", 1, ApartmentReadyV1, TENANCY_EVENTS)
APARTMENT_LEFT_POOL = EVENTS.register("ApartmentLeftPool", 1, ApartmentLeftPoolV1, TENANCY_EVENTS)
