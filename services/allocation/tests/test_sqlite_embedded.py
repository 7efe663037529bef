"""The embedded default runs on an SQLite file: migrations, the demo and a round work there too."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from allocation.app import DEFINITION
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port

pytestmark = pytest.mark.integration

MANAGERS = ["ivar.manager", "greta.manager", "hedda.manager"]


async def test_a_demo_round_on_sqlite(tmp_path, settings, staff) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'allocation.db'}"
    sqlite_settings = settings.model_copy(
        update={
            "database_url": url,
            "kafka_bootstrap": f"127.0.0.1:{free_port()}",
            "demo_data": True,
        }
    )
    app = create_app(DEFINITION, settings=sqlite_settings)
    async with AsyncTestClient(app) as client:
        hugo = staff("hugo.housing")
        [rnd] = (await client.get("/api/v1/rounds", headers=hugo)).json()
        ranking = (
            await client.get(f"/api/v1/rounds/{rnd['round_id']}/ranking", headers=hugo)
        ).json()
        top = [h["household_id"] for h in ranking["households"][:2]]
        assert len(top) == 2
        proposal = await client.post(
            f"/api/v1/rounds/{rnd['round_id']}/proposal",
            json={"priority_list": top, "motivation": "Förslaget följer rangordningen."},
            headers=hugo,
        )
        assert proposal.status_code == 200, proposal.text
        for manager in MANAGERS:
            answer = await client.post(
                f"/api/v1/rounds/{rnd['round_id']}/verdicts",
                json={"verdict": "approve"},
                headers=staff(manager),
            )
            assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "decided"
        offer = await client.post(f"/api/v1/rounds/{rnd['round_id']}/offers", json={}, headers=hugo)
        assert offer.status_code == 201 and offer.json()["household_id"] == top[0]
