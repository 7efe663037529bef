"""The criteria check of one application against its district's set."""

from __future__ import annotations

from datetime import date

from intake.applications.models import Application
from intake.certificates.models import Certificate
from intake.criteria import rules
from intake.districts.config import district_config
from intake.households.models import Household


def check_application(
    application: Application,
    household: Household,
    certificates: list[Certificate],
    *,
    today: date,
) -> rules.CriteriaCheck:
    config = district_config(application.district)
    if config is None:  # pragma: no cover - registration refuses unknown districts
        raise LookupError("district not configured")
    facts = rules.ApplicantFacts(
        registered_in_municipality=household.registered_in_municipality,
        certificates=tuple(
            rules.CertificateFacts(grounds=c.grounds, issued_on=c.issued_on) for c in certificates
        ),
        other_ways_ruled_out=application.other_ways_ruled_out,
        lss_decision=application.lss_decision,
    )
    return rules.check(
        config.criteria, facts, today=today, max_age_days=config.certificate_max_age_days
    )
