"""Wiring of the eviction-prevention service."""

from pathlib import Path

from litestar import Litestar, Router
from litestar.di import Provide

from bostad_common.auth.actor import provide_actor
from bostad_common.service import ServiceContext, ServiceDefinition, create_app
from bostad_common.services import platform_service
from eviction_prevention.case_file.api import CaseFileController
from eviction_prevention.cases.api import CaseController
from eviction_prevention.checklists.api import ChecklistController
from eviction_prevention.config import EvictionSettings
from eviction_prevention.demo import demo_data_hook
from eviction_prevention.directory_feed import handlers as directory_handlers
from eviction_prevention.districts.api import DistrictAdminController
from eviction_prevention.journal.api import JournalController
from eviction_prevention.landlords.api import LandlordAdminController
from eviction_prevention.landlords.auth import landlord_authenticator_factory
from eviction_prevention.notices import handlers as notice_handlers
from eviction_prevention.notices.api import NoticeController
from eviction_prevention.notices.service import reasons_of_linked_notices
from eviction_prevention.outcomes.api import OutcomeController
from eviction_prevention.outreach.api import OutreachController
from eviction_prevention.outreach.watchdog import outreach_watchdog
from eviction_prevention.overview.api import OverviewController
from eviction_prevention.ownership.api import OwnershipController
from eviction_prevention.person.api import PersonController
from eviction_prevention.statistics.api import StatisticsController, StatisticsCsvController
from eviction_prevention.tenancy_feed import handlers as tenancy_handlers

API_V1 = Router(
    path="/api/v1",
    route_handlers=[
        NoticeController,
        CaseController,
        CaseFileController,
        ChecklistController,
        OutreachController,
        OutcomeController,
        PersonController,
        OwnershipController,
        OverviewController,
        JournalController,
        StatisticsController,
        StatisticsCsvController,
        LandlordAdminController,
        DistrictAdminController,
    ],
    dependencies={
        "actor": Provide(provide_actor),
        # cases never imports notices: the notices a case links reach it through this.
        "linked_notice_reasons": Provide(
            lambda: reasons_of_linked_notices, use_cache=True, sync_to_thread=False
        ),
    },
)


def register_subscribers(ctx: ServiceContext) -> None:
    notice_handlers.register(ctx)
    tenancy_handlers.register(ctx)
    directory_handlers.register(ctx)


DEFINITION = ServiceDefinition(
    name="eviction-prevention",
    title="Eviction prevention",
    default_port=platform_service("eviction-prevention").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
    route_handlers=[API_V1],
    register_subscribers=register_subscribers,
    on_startup=[directory_handlers.seed_demo_staff, demo_data_hook],
    background_tasks=[outreach_watchdog],
    api_key_authenticator=landlord_authenticator_factory,
    settings_type=EvictionSettings,
    description=(
        "Landlord and Kronofogden notices (underrättelser), eviction-prevention cases, "
        "checklists, outreach, interventions, outcomes and statistics."
    ),
)


def create() -> Litestar:
    return create_app(DEFINITION)
