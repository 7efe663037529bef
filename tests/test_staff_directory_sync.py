"""Issue #13 over the real broker: the staff directory's authority is notifications,
and eviction-prevention refuses outreach to someone it no longer lists as active
housing support in the case's district.

The identity provider creates two housing-support workers in notifications over
SCIM; notifications announces them (`StaffMemberChanged`, through its outbox);
eviction-prevention's copy learns of them and books them. Then the provider
deactivates one: the announcement reaches the copy and the booking is refused.
Eviction-prevention seeds nobody here: what it knows, it learnt from the events.
The people are this test's own, so other tests on the shared broker are unaffected.
"""

from __future__ import annotations

import uuid

import pytest
from litestar.testing import AsyncTestClient

from bostad_common.auth.directory import is_active_in
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.eviction_kit import notice_body

pytestmark = pytest.mark.integration

SCIM_TOKEN = "idp-credential-for-the-sync-test"
IDP = {"Authorization": f"Bearer {SCIM_TOKEN}"}
EXTENSION = "urn:bostad:params:scim:schemas:extension:staff:2.0:User"


def scim_user(user_name: str) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", EXTENSION],
        "userName": user_name,
        "name": {"formatted": "Stödpersonal Test"},
        "active": True,
        "roles": [{"value": "housing_support"}],
        EXTENSION: {"districts": ["bromma"], "units": []},
    }


async def test_a_deactivation_by_the_identity_provider_stops_outreach_bookings(
    service_settings: Settings, staff_token
) -> None:
    from eviction_prevention.app import DEFINITION as EVICTION
    from eviction_prevention.landlords import service as landlords
    from notifications.app import DEFINITION as NOTIFICATIONS
    from notifications.config import NotificationSettings

    run = uuid.uuid4().hex[:6]
    first, second = f"siv.{run}.support", f"sam.{run}.support"
    anna = {"Authorization": f"Bearer {staff_token('anna.caseworker')}"}
    eviction_database = await testing.create_database("eviction")
    notifications_database = await testing.create_database("notify")
    eviction_settings = service_settings.model_copy(
        update={"database_url": eviction_database, "seed_demo_directory": False}
    )
    notifications_settings = NotificationSettings(
        **service_settings.model_dump(exclude={"database_url", "seed_demo_directory"}),
        database_url=notifications_database,
        seed_demo_directory=False,
        scim_token=SCIM_TOKEN,
    )
    copy_engine = make_engine(eviction_database)
    copy = make_session_factory(copy_engine)

    async def copy_says(person: str, active: bool) -> bool:
        async with copy() as session:
            held = await is_active_in(session, person, "housing_support", "bromma")
            return held is active

    try:
        async with (
            AsyncTestClient(create_app(NOTIFICATIONS, settings=notifications_settings)) as idp,
            AsyncTestClient(create_app(EVICTION, settings=eviction_settings)) as eviction,
        ):
            async with unit_of_work(copy) as session:
                _, credential = await landlords.register_landlord(
                    session, name="Hyresvärden", district_codes=["bromma"], now=utcnow()
                )
            notice = await eviction.post(
                "/api/v1/notices",
                json=notice_body(),
                headers={"Authorization": f"Bearer {credential}"},
            )
            assert notice.status_code == 202, notice.text
            [entry] = (await eviction.get("/api/v1/cases/worklist", headers=anna)).json()
            url = f"/api/v1/cases/{entry['case_id']}/outreach-assignments"
            pair = {"staff": [first, second]}

            # Not yet in the directory: refused.
            assert (await eviction.post(url, json=pair, headers=anna)).status_code == 422

            for person in (first, second):
                created = await idp.post("/scim/v2/Users", json=scim_user(person), headers=IDP)
                assert created.status_code == 201, created.text
            for person in (first, second):
                await testing.wait_for(lambda p=person: copy_says(p, True), timeout=60)
            booked = await eviction.post(url, json=pair, headers=anna)
            assert booked.status_code == 201, booked.text

            # The second leaves: deactivated where the directory is kept.
            gone = await idp.delete(f"/scim/v2/Users/{second}", headers=IDP)
            assert gone.status_code == 204
            await testing.wait_for(lambda: copy_says(second, False), timeout=60)
            refused = await eviction.post(url, json=pair, headers=anna)
            assert refused.status_code == 422, refused.text
            assert [e["field"] for e in refused.json()["errors"]] == ["staff[1]"]
            assert second not in refused.text  # the position is named, not the person
    finally:
        await copy_engine.dispose()
        await testing.drop_database(eviction_database)
        await testing.drop_database(notifications_database)
