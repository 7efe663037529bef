"""Issue #13: outreach is booked only for active housing support in the case's district.

The question is asked of eviction-prevention's copy of the staff directory,
kept from notifications' `StaffMemberChanged` announcements (directory_feed/).
The demo users are seeded (conftest); the announcements are applied here as
the consumer applies them. The journey over the real broker, from a SCIM
deactivation in notifications to a refused booking here, is in
tests/test_staff_directory_sync.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bostad_common.auth.directory import get_profile
from bostad_common.auth.directory_sync import apply_announcement
from bostad_common.events.directory import StaffMemberChangedV1
from bostad_devkit.eviction_kit import open_case, outbox_events
from eviction_prevention.directory_feed.handlers import seed_demo_staff

pytestmark = pytest.mark.integration


def change(person_id: str, *, active: bool, at: datetime, districts=("bromma",)):
    return StaffMemberChangedV1(
        person_id=person_id,
        active=active,
        roles=["housing_support"],
        units=[],
        districts=list(districts),
        changed_at=at,
    )


async def test_only_active_housing_support_of_the_district_is_booked(
    client, register_landlord, staff, system_session, local_ctx
) -> None:
    case_id = await open_case(client, register_landlord, staff)
    url = f"/api/v1/cases/{case_id}/outreach-assignments"
    anna = staff("anna.caseworker")

    async def book(*people: str):
        return await client.post(url, json={"staff": list(people)}, headers=anna)

    refused = {
        "a caseworker": ("stina.support", "anna.caseworker"),
        "housing support of another district": ("tove.skarholmen.support", "kim.support"),
        "someone the directory does not know": ("stina.support", "okand.person"),
    }
    for why, people in refused.items():
        answer = await book(*people)
        assert answer.status_code == 422, why
        errors = answer.json()["errors"]
        position = people.index(
            next(p for p in people if p not in ("stina.support", "kim.support"))
        )
        assert [e["field"] for e in errors] == [f"staff[{position}]"], why
        # The message names the position and the requirement, never the person.
        assert all(p not in str(errors) for p in people), why

    # Kim leaves: the identity provider deactivates her, the announcement arrives.
    left_at = datetime.now(UTC)
    async with system_session() as session:
        assert await apply_announcement(session, change("kim.support", active=False, at=left_at))
    answer = await book("stina.support", "kim.support")
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["staff[1]"]

    # A restart seeds the demo staff again (development): it does not bring her back.
    await seed_demo_staff(local_ctx)
    assert (await book("stina.support", "kim.support")).status_code == 422

    # An older announcement arriving late (a replay) does not bring her back.
    async with system_session() as session:
        stale = change("kim.support", active=True, at=left_at - timedelta(minutes=5))
        assert not await apply_announcement(session, stale)
        profile = await get_profile(session, "kim.support")
        assert profile is not None and not profile.active
    assert (await book("stina.support", "kim.support")).status_code == 422

    # She comes back (a newer announcement): she can be booked again, and nothing
    # was booked while she could not be.
    async with system_session() as session:
        back = change("kim.support", active=True, at=left_at + timedelta(minutes=1))
        assert await apply_announcement(session, back)
    made = await book("stina.support", "kim.support")
    assert made.status_code == 201, made.text
    [booked] = await outbox_events(system_session, "OutreachAssigned")
    assert booked["data"]["staff"] == ["stina.support", "kim.support"]


async def test_a_new_person_from_the_identity_provider_can_be_booked(
    client, register_landlord, staff, system_session
) -> None:
    case_id = await open_case(client, register_landlord, staff)
    url = f"/api/v1/cases/{case_id}/outreach-assignments"
    pair = {"staff": ["stina.support", "siv.ny.support"]}
    anna = staff("anna.caseworker")
    assert (await client.post(url, json=pair, headers=anna)).status_code == 422
    async with system_session() as session:
        await apply_announcement(
            session, change("siv.ny.support", active=True, at=datetime.now(UTC))
        )
    assert (await client.post(url, json=pair, headers=anna)).status_code == 201
