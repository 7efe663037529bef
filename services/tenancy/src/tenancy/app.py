"""Wiring of the tenancy service."""

from pathlib import Path

from litestar import Litestar, Router
from litestar.di import Provide

from bostad_common.auth.actor import provide_actor
from bostad_common.service import ServiceContext, ServiceDefinition, create_app
from bostad_common.services import platform_service
from tenancy.arrears.api import (
    ArrearsController,
    ArrearsCsvController,
    DunningController,
    LeaseDunningController,
)
from tenancy.arrears.watchdog import dunning_watchdog
from tenancy.complaints.api import ComplaintController, LeaseComplaintController
from tenancy.config import TenancySettings
from tenancy.demo import demo_data_hook
from tenancy.exports.api import ExportController
from tenancy.follow_up.api import FollowUpController, HousingCourseController
from tenancy.leases import handlers as lease_handlers
from tenancy.leases.api import LeaseController
from tenancy.ledger.api import LedgerController
from tenancy.move_out.api import LeaseMoveOutController, MoveOutController
from tenancy.move_out.watchdog import move_out_watchdog
from tenancy.payments.api import PaymentFileController, UnmatchedPaymentController
from tenancy.rent.api import InvoiceController, RentRunController
from tenancy.takeover.api import TakeoverController

API_V1 = Router(
    path="/api/v1",
    route_handlers=[
        LeaseController,
        LedgerController,
        RentRunController,
        InvoiceController,
        PaymentFileController,
        UnmatchedPaymentController,
        ArrearsController,
        ArrearsCsvController,
        DunningController,
        LeaseDunningController,
        LeaseMoveOutController,
        MoveOutController,
        LeaseComplaintController,
        ComplaintController,
        TakeoverController,
        FollowUpController,
        HousingCourseController,
        ExportController,
    ],
    dependencies={"actor": Provide(provide_actor)},
)


def register_subscribers(ctx: ServiceContext) -> None:
    lease_handlers.register(ctx)


DEFINITION = ServiceDefinition(
    name="tenancy",
    title="Tenancy and rent accounting",
    default_port=platform_service("tenancy").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
    settings_type=TenancySettings,
    route_handlers=[API_V1],
    register_subscribers=register_subscribers,
    on_startup=[demo_data_hook],
    background_tasks=[dunning_watchdog, move_out_watchdog],
    description=(
        "Head leases and subleases, signing, rent runs and invoices with OCR, BgMax payment "
        "files, the tenant's ledger, arrears and the dunning ladder."
    ),
)


def create() -> Litestar:
    return create_app(DEFINITION)
