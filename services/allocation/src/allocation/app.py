"""Wiring of the allocation service."""

from pathlib import Path

from litestar import Litestar, Router
from litestar.di import Provide

import allocation.models  # noqa: F401 - registers the service's tables
from allocation.apartments.api import ApartmentController, VacancyController
from allocation.clock.api import DecisionClockController, IvoReportController
from allocation.clock.watchdog import clock_watchdog
from allocation.config import AllocationSettings
from allocation.demo import demo_data_hook
from allocation.districts.api import DistrictConfigController
from allocation.offers.api import OfferController, RoundOfferController
from allocation.pool import handlers as intake_handlers
from allocation.pool.api import PoolController
from allocation.reports.api import ReportController
from allocation.rounds.api import RoundController, VacancyRoundController
from allocation.tenancy_feed import handlers as tenancy_handlers
from bostad_common.auth.actor import provide_actor
from bostad_common.service import ServiceContext, ServiceDefinition, create_app
from bostad_common.services import platform_service

API_V1 = Router(
    path="/api/v1",
    route_handlers=[
        DistrictConfigController,
        PoolController,
        ApartmentController,
        VacancyController,
        VacancyRoundController,
        RoundController,
        RoundOfferController,
        OfferController,
        DecisionClockController,
        IvoReportController,
        ReportController,
    ],
    dependencies={"actor": Provide(provide_actor)},
)


def register_subscribers(ctx: ServiceContext) -> None:
    intake_handlers.register(ctx)
    tenancy_handlers.register(ctx)


DEFINITION = ServiceDefinition(
    name="allocation",
    title="Allocation and priority consensus",
    default_port=platform_service("allocation").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
    settings_type=AllocationSettings,
    route_handlers=[API_V1],
    register_subscribers=register_subscribers,
    on_startup=[demo_data_hook],
    background_tasks=[clock_watchdog],
    description=(
        "The pool of households with a granted decision, the apartment register and "
        "vacancies, vacancy rounds decided by the unit managers' consensus, offers, the "
        "three-month clock and IVO's individual reports, seed 002's outcome figures and "
        "the equity view."
    ),
)


def create() -> Litestar:
    return create_app(DEFINITION)
