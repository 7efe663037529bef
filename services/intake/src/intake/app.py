"""Wiring of the intake service."""

from pathlib import Path

from litestar import Litestar, Router
from litestar.di import Provide

from bostad_common.auth.actor import provide_actor
from bostad_common.service import ServiceDefinition, create_app
from bostad_common.services import platform_service
from intake.applications.api import ApplicationController
from intake.assessment.api import AssessmentController
from intake.certificates.api import CertificateController
from intake.criteria.api import CriteriaController
from intake.decisions.api import DecisionController
from intake.demo import demo_data_hook
from intake.districts.api import DistrictConfigController
from intake.investigations.api import InvestigationController
from intake.journal.api import JournalController

API_V1 = Router(
    path="/api/v1",
    route_handlers=[
        ApplicationController,
        CertificateController,
        InvestigationController,
        AssessmentController,
        DecisionController,
        JournalController,
        CriteriaController,
        DistrictConfigController,
    ],
    dependencies={"actor": Provide(provide_actor)},
)

DEFINITION = ServiceDefinition(
    name="intake",
    title="Intake and investigation",
    default_port=platform_service("intake").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
    route_handlers=[API_V1],
    on_startup=[demo_data_hook],
    description=(
        "Housing applications (social contract, training, trial and emergency apartments), "
        "households, certificates, the investigation and the coordinator's signature, the "
        "housing officer's step, decisions, appeals and the journal."
    ),
)


def create() -> Litestar:
    return create_app(DEFINITION)
