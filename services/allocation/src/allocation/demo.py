"""Demo data (BOSTAD_DEMO_DATA=1): a pool, an apartment and an open round in each demo district.

Created through the same use cases as real data (the pool from decisions as
intake would send them), so the demo shows real rankings, steps and events.
Idempotent: fixed ids, so a second start creates nothing. People are
fictional; the personal numbers are valid in form (check digit) only.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from allocation.apartments import service as apartments
from allocation.apartments.models import Apartment
from allocation.apartments.schemas import ApartmentCreate
from allocation.districts import service as districts
from allocation.districts.schemas import DistrictConfigUpdate
from allocation.pool import service as pool
from allocation.rounds import service as rounds
from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.events.intake import AreaWish, HousingDecisionGrantedV1, LeaseParty, NeedsProfile
from bostad_common.personnummer import PersonalNumber
from bostad_common.service import ServiceContext
from bostad_common.workdays import to_stockholm

log = logging.getLogger(__name__)

SETTINGS = {
    "bromma": DistrictConfigUpdate(
        unit_managers=["ivar.manager", "greta.manager", "hedda.manager"],
        decision_maker="ulla.manager",
    ),
    "skarholmen": DistrictConfigUpdate(
        unit_managers=["maja.skarholmen.manager", "nils.skarholmen.manager"],
        decision_maker="maja.skarholmen.manager",
    ),
}

# ruff: noqa: E501 - the demo households read best as one row each
# (id, district, name, personal number, legal sex, children, adults, rooms, cost kr/night,
#  invested kr, days since decision, bistånd, area wish, accessibility, unit)
_HOUSEHOLDS = (
    ("demo-hh-b1", "bromma", "Amira Exempel", "19880314-2424", "female", 2, 1, 3, 1450, 0, 75, True, "Åkeshov", [], "children_and_youth_unit"),
    ("demo-hh-b2", "bromma", "Jonas Prov", "19910607-3811", "male", 0, 1, 1, 0, 40000, 30, True, "Ulvsunda", [], "adult_unit"),
    ("demo-hh-b3", "bromma", "Kalle Demosson", "19750922-1631", "male", 1, 2, 2, 900, 0, 50, False, "Åkeshov", ["lift"], "financial_assistance_unit"),
    ("demo-hh-b4", "bromma", "Nora Fiktiv", "19990130-2241", "female", 0, 1, 1, 650, 120000, 85, True, "Blackeberg", [], "adult_unit"),
    ("demo-hh-b5", "bromma", "Per Påhitt", "19830505-3574", "male", 3, 2, 4, 2100, 0, 20, True, "Åkeshov", [], "children_and_youth_unit"),
    ("demo-hh-b6", "bromma", "Olle Testsson", "19670818-1497", "male", 0, 1, 2, 0, 0, 10, True, "Ulvsunda", ["wheelchair"], "adult_unit"),
    ("demo-hh-s1", "skarholmen", "Lejla Demo", "19940210-2629", "female", 1, 1, 2, 1200, 0, 70, True, "Bredäng", [], "children_and_youth_unit"),
    ("demo-hh-s2", "skarholmen", "Ali Exempelsson", "19860723-4732", "male", 0, 1, 1, 800, 0, 40, True, "Vårberg", [], "adult_unit"),
    ("demo-hh-s3", "skarholmen", "Mira Prov", "19790411-1866", "female", 2, 2, 3, 0, 60000, 60, True, "Bredäng", ["lift"], "children_and_youth_unit"),
    ("demo-hh-s4", "skarholmen", "Tova Fiktiv", "20010918-2287", "female", 0, 1, 1, 500, 0, 15, True, "Sätra", [], "adult_unit"),
    ("demo-hh-s5", "skarholmen", "Sam Påhittad", "19720226-3955", "male", 0, 1, 1, 0, 0, 95, True, "Vårberg", [], "adult_unit"),
    ("demo-hh-s6", "skarholmen", "Edvin Demo", "19900803-4119", "male", 1, 1, 2, 950, 0, 35, False, "Bredäng", [], "financial_assistance_unit"),
)  # fmt: skip

_APARTMENTS = (
    ApartmentCreate(district="bromma", landlord_id="demo-landlord", street="Demovägen 12",
                    postal_code="16832", city="Bromma", apartment_number="1201", area="Åkeshov",
                    rooms=3, size_m2=71, floor=2, has_lift=True, rent_ore=1_045_000,
                    housing_type="social_contract"),
    ApartmentCreate(district="skarholmen", landlord_id="demo-landlord", street="Bredängsvägen 4",
                    postal_code="12732", city="Skärholmen", apartment_number="1102", area="Bredäng",
                    rooms=2, size_m2=54, floor=1, has_lift=True, rent_ore=865_000,
                    housing_type="social_contract"),
)  # fmt: skip
_APARTMENT_IDS = {"bromma": "demo-apartment-bromma", "skarholmen": "demo-apartment-skarholmen"}


def _decision(row: tuple, today: date) -> tuple[HousingDecisionGrantedV1, PersonalNumber]:  # type: ignore[type-arg]
    (household_id, district, name, number, sex, children, adults, rooms, cost, invested,
     days, bistand, area, access, unit) = row  # fmt: skip
    person = PersonalNumber.parse(number)
    granted = HousingDecisionGrantedV1(
        decision_id=f"{household_id}-decision", application_id=f"{household_id}-application",
        household_id=household_id, district=district, housing_type="social_contract",
        decided_on=today - timedelta(days=days), decided_by="demo", is_bistandsbeslut=bistand,
        legal_reference="4 kap. 1 § SoL" if bistand else None, includes_housing_support=False,
        needs=NeedsProfile(
            household_size=adults + children, adults=adults,
            children_birth_dates=[date(2015 + i, 3, 1) for i in range(children)],
            rooms_needed=rooms, accessibility_needs=access,
            area_wishes=[AreaWish(area=area, reason="Närhet till skola och nätverk")],
            emergency_cost_per_night_ore=cost * 100, investments_ore=invested * 100,
            applicant_birth_date=person.birth_date, applicant_legal_sex=sex, nominating_unit=unit,
        ),
        lease_party=LeaseParty(personal_number=number, name=name),
    )  # fmt: skip
    return granted, person


async def load_demo_data(ctx: ServiceContext) -> int:
    """Create what is missing; returns how many districts got their demo round."""
    now = utcnow()
    today = to_stockholm(now).date()
    actor = Actor.system(ctx.settings.pseudonym_key)
    created = 0
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        for apartment_data in _APARTMENTS:
            district = apartment_data.district
            if await session.get(Apartment, _APARTMENT_IDS[district]) is not None:
                continue
            await districts.update_config(session, actor, district, SETTINGS[district], now=now)
            for row in _HOUSEHOLDS:
                if row[1] == district:
                    granted, person = _decision(row, today)
                    await pool.join_pool(session, granted, person, now=now)
            apartment = Apartment(
                id=_APARTMENT_IDS[district], **apartment_data.model_dump(), created_by="demo"
            )
            session.add(apartment)
            await session.flush()
            vacancy = await apartments.open_vacancy(session, "demo", apartment_id=apartment.id,
                                                    available_from=today + timedelta(days=14),
                                                    source="new_contract", now=now)  # fmt: skip
            await rounds.open_round(session, actor, vacancy.id, deadline=None, now=now)
            created += 1
    if created:
        log.info("allocation demo data loaded", extra={"districts": created})
    return created


async def demo_data_hook(ctx: ServiceContext) -> None:
    if ctx.settings.demo_data:
        await load_demo_data(ctx)
