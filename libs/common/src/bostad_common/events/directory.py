"""Payload of the event the staff directory's authority publishes (past tense, versioned).

Notifications keeps the platform's staff directory: the municipality's identity
provider pushes people there over SCIM, and tokens refresh it just in time
(`bostad_common.auth.directory`). Other services keep a copy of what they need
to refuse work to someone who may not take it, e.g. eviction-prevention before
booking outreach (issue #13). They learn of changes through this event.

It carries access only: whether the person is active and which roles, units
and districts they hold. No name, e-mail or phone: a copy needs none of them,
and a copy that holds nothing else cannot leak it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import NOTIFICATION_EVENTS

__all__ = ["STAFF_MEMBER_CHANGED", "StaffMemberChangedV1"]


class StaffMemberChangedV1(BaseModel):
    """What a person may be given now, as the directory's authority knows it.

    `changed_at` is when the authority stored this state. A copy applies an
    announcement only if it is not older than what it holds, so a replayed or
    late event never undoes a newer change (a deactivation above all).
    """

    person_id: str
    active: bool
    roles: list[str]
    units: list[str]
    districts: list[str]
    changed_at: datetime


STAFF_MEMBER_CHANGED = EVENTS.register(
    "StaffMemberChanged", 1, StaffMemberChangedV1, NOTIFICATION_EVENTS
)
