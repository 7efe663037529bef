"""Lease terms as data, and what the sublease says about itself. Pure.

DOMAIN.md §3 and seed 002: the sublease runs one month at a time, renewed
automatically, with two weeks' notice; a training apartment
(träningslägenhet) has a training period of one to three years after which
the tenant may take over the first-hand lease. Seed 002 found that many
tenants believed the apartment was their own first-hand lease, so every lease
states that it is a social-services intervention.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Seed 002: "många trodde att det var ett eget förstahandskontrakt".
INTERVENTION_STATEMENT = (
    "Lägenheten är en insats från socialtjänsten. Du hyr den i andra hand av kommunen, "
    "som har förstahandskontraktet med hyresvärden. Det här är inte ditt eget "
    "förstahandskontrakt. Om du sköter boendet och hyran kan kommunen pröva om du får "
    "ta över kontraktet."
)


@dataclass(frozen=True)
class LeaseTerms:
    period_months: int = 1  # "en månad i taget"
    renewed_automatically: bool = True
    notice_weeks: int = 2  # "två veckors uppsägningstid"
    training_period_min_years: int | None = None
    training_period_max_years: int | None = None
    statement: str = INTERVENTION_STATEMENT

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def terms_for(housing_type: str) -> LeaseTerms:
    """The standard terms of a housing type (seed 002: training period 1–3 years)."""
    if housing_type == "training_apartment":
        return LeaseTerms(training_period_min_years=1, training_period_max_years=3)
    return LeaseTerms()
