"""Demo data: five or more active subleases per demo district, a year of rent, a termination."""

from __future__ import annotations

import pytest

from tenancy.demo import load_demo_data

pytestmark = pytest.mark.integration


async def test_demo_data_is_a_year_of_rent_and_loads_once(client, staff, local_ctx):
    assert await load_demo_data(local_ctx) == 2
    assert await load_demo_data(local_ctx) == 0  # idempotent
    for district, user in (("bromma", "eva.two.districts"), ("skarholmen", "eva.two.districts")):
        leases = (
            await client.get("/api/v1/leases", params={"district": district, "status": "active"},
                             headers=staff(user))
        ).json()  # fmt: skip
        assert len(leases) >= 5
        months = {
            i["month"]
            for i in (
                await client.get("/api/v1/invoices", params={"lease_id": leases[0]["lease_id"]},
                                 headers=staff(user))
            ).json()
        }  # fmt: skip
        assert len(months) == 12
        arrears = (
            await client.get("/api/v1/arrears", params={"district": district}, headers=staff(user))
        ).json()
        steps = {row["tenant_name"]: row["last_step"] for row in arrears}
        assert steps.get("David Påhittad") == "debt_collection"  # missing for three months
        assert "Cecilia Fiktiv" in steps  # partial payments
        assert "Alva Exempel" not in steps
        processes = (
            await client.get("/api/v1/move-outs", params={"district": district},
                             headers=staff(user))
        ).json()  # fmt: skip
        assert len(processes) == 1 and processes[0]["status"] == "decided"
    bromma = (await client.get("/api/v1/leases", headers=staff("hugo.housing"))).json()
    assert {lease["district"] for lease in bromma} == {"bromma"}
