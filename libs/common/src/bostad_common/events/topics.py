"""Every Kafka topic the platform uses, declared once.

Internal topics carry CloudEvents and are named `<producing service>.events.v<N>`;
each is keyed by the aggregate id so one case, household or lease stays in order.
`landlord.notices.v1` is an external contract (CONTRACTS.md) and carries the
landlord's own JSON, not CloudEvents.
"""

from __future__ import annotations

from dataclasses import dataclass

DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int = 6
    description: str = ""
    # The service that publishes on the topic; None for an external contract.
    producer: str | None = None

    @property
    def dlq(self) -> str:
        return self.name + DLQ_SUFFIX


LANDLORD_NOTICES = Topic("landlord.notices.v1", description="Notices from landlord systems and KFM")
INTAKE_EVENTS = Topic(
    "intake.events.v1", description="Applications, investigations, decisions", producer="intake"
)
ALLOCATION_EVENTS = Topic(
    "allocation.events.v1",
    description="Vacancies, priority rounds, offers",
    producer="allocation",
)
TENANCY_EVENTS = Topic(
    "tenancy.events.v1", description="Leases, invoices, payments, arrears", producer="tenancy"
)
EVICTION_EVENTS = Topic(
    "eviction-prevention.events.v1",
    description="Eviction-prevention cases and outreach",
    producer="eviction-prevention",
)
NOTIFICATION_EVENTS = Topic(
    "notifications.events.v1",
    description="The staff directory: who is active in which roles, units and districts",
    producer="notifications",
)

ALL_TOPICS: tuple[Topic, ...] = (
    LANDLORD_NOTICES,
    INTAKE_EVENTS,
    ALLOCATION_EVENTS,
    TENANCY_EVENTS,
    EVICTION_EVENTS,
    NOTIFICATION_EVENTS,
)


def all_topic_names() -> list[str]:
    """Every topic and its dead-letter topic, for creating them at start-up."""
    names: list[str] = []
    for topic in ALL_TOPICS:
        names += [topic.name, topic.dlq]
    return names
