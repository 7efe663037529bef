"""What each district has decided about housing applications: configuration as data.

One entry per district the intake service serves. A district's entry says who
decides (issue 10 point 7: "the role the district configures"), how old a
certificate may be, which criteria apply (seed 000 is the first set), and per
housing type whether a granted decision is a biståndsbeslut, which legal
reference the decision cites and whether it comes as seed 002's package.

Why code and not a table: these are legal and political choices of a social
committee (nämnd); changing one is a reviewed change with a date, not an
operator's click. The Social Services Act was replaced in 2025 (SFS 2025:400,
in force 1 July 2025), so every legal reference carries the date from which it
applies and a decision cites the one in force on its decision date.

The demo districts follow the seeds: `bromma` takes Nacka's routine for social
contracts (seed 000: "Socialsekreteraren beviljar ej det sociala kontraktet som
ett bistånd") and Vallentuna's for training apartments (seed 002: "Biståndsbeslut
om träningslägenhet fattas enligt 4 kap 1 Socialtjänstlagen"); `skarholmen`
grants every housing type as bistånd, to show that the setting is per district.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from bostad_common.auth.permissions import ALL_ROLES, role_has
from bostad_common.events.vocabulary import HOUSING_TYPES, HousingType

CriterionKind = Literal["registered_in_municipality", "certified_reasons", "lss_decision"]
CertificateGrounds = Literal["medical", "social"]
AppealRoute = Literal["forvaltningsbesvar", "laglighetsprovning"]

DECISION_PERMISSION = "intake:decision.write"

# The new Social Services Act (SFS 2025:400) applies to decisions from this day.
NEW_SOCIAL_SERVICES_ACT = date(2025, 7, 1)


@dataclass(frozen=True)
class Criterion:
    """One criterion of a district's set; `source` quotes the routine it comes from."""

    code: str
    kind: CriterionKind
    label_sv: str
    source: str
    # certified_reasons: which certificate grounds count ("social och medicinska skäl").
    accepted_grounds: frozenset[CertificateGrounds] = frozenset()


@dataclass(frozen=True)
class CriteriaSet:
    """All of `required`, and at least one of `any_of`."""

    required: tuple[Criterion, ...]
    any_of: tuple[Criterion, ...]

    @property
    def all(self) -> tuple[Criterion, ...]:
        return self.required + self.any_of


@dataclass(frozen=True)
class LegalReference:
    text: str
    valid_from: date


@dataclass(frozen=True)
class HousingTypeRule:
    offered: bool
    is_bistandsbeslut: bool
    legal_references: tuple[LegalReference, ...]
    appeal_route: AppealRoute
    # Seed 002: "Träningslägenhet med bolots är ett paket" — housing support is a
    # condition, and the plan has own housing as its goal.
    includes_housing_support: bool = False
    requires_individual_plan: bool = False

    def legal_reference_on(self, day: date) -> str | None:
        """The reference in force on `day` (the latest that had begun)."""
        applicable = [ref for ref in self.legal_references if ref.valid_from <= day]
        if not applicable:
            return None
        return max(applicable, key=lambda ref: ref.valid_from).text


@dataclass(frozen=True)
class DistrictConfig:
    code: str
    name: str
    deciding_role: str
    certificate_max_age_days: int
    # Household rule: a child is younger than this on the day of registration.
    child_age_limit_years: int
    criteria: CriteriaSet
    housing_types: Mapping[str, HousingTypeRule] = field(default_factory=dict)

    def rule_for(self, housing_type: str) -> HousingTypeRule | None:
        rule = self.housing_types.get(housing_type)
        return rule if rule is not None and rule.offered else None


# ------------------------------------------------------------- seed 000's set

REGISTERED = Criterion(
    code="registered_in_municipality",
    kind="registered_in_municipality",
    label_sv="Folkbokförd i kommunen",
    source='seed 000: "vara skriven i Nacka"',
)
CERTIFIED_REASONS = Criterion(
    code="social_or_medical_reasons",
    kind="certified_reasons",
    label_sv=("Sociala eller medicinska skäl, styrkta med intyg, som inte kan lösas på annat sätt"),
    source=(
        'seed 000, 2 a: "social och medicinska skäl ... om behovet inte kan tillgodoses på '
        'annat sätt ... Behovet skall styrkas av intyg"'
    ),
    accepted_grounds=frozenset({"medical", "social"}),
)
LSS_DECISION = Criterion(
    code="lss_adapted_housing",
    kind="lss_decision",
    label_sv="Beslut om särskilt anpassad bostad enligt LSS",
    source='seed 000, 2 b: "Beslut om särskild anpassad bostad enligt LSS"',
)
SEED_000_CRITERIA = CriteriaSet(required=(REGISTERED,), any_of=(CERTIFIED_REASONS, LSS_DECISION))

_OLD_SOL_BISTAND = LegalReference("4 kap. 1 § socialtjänstlagen (2001:453)", date(2002, 1, 1))
# The paragraph in the new act is left for each district's legal counsel to fill
# in (README, "Doubts"); the act itself is certain.
_NEW_SOL_BISTAND = LegalReference(
    "Bistånd enligt socialtjänstlagen (2025:400)", NEW_SOCIAL_SERVICES_ACT
)
_BISTAND = (_OLD_SOL_BISTAND, _NEW_SOL_BISTAND)


def _guideline(text: str) -> tuple[LegalReference, ...]:
    return (LegalReference(text, date(2002, 3, 25)),)


def _bistand(**extra: bool) -> HousingTypeRule:
    return HousingTypeRule(
        offered=True,
        is_bistandsbeslut=True,
        legal_references=_BISTAND,
        appeal_route="forvaltningsbesvar",
        **extra,
    )


_TRAINING_APARTMENT = _bistand(includes_housing_support=True, requires_individual_plan=True)

DISTRICTS: Mapping[str, DistrictConfig] = MappingProxyType(
    {
        "bromma": DistrictConfig(
            code="bromma",
            name="Bromma",
            deciding_role="unit_manager",
            certificate_max_age_days=180,
            child_age_limit_years=18,
            criteria=SEED_000_CRITERIA,
            housing_types=MappingProxyType(
                {
                    # Seed 000: not a biståndsbeslut; the district's guideline applies.
                    "social_contract": HousingTypeRule(
                        offered=True,
                        is_bistandsbeslut=False,
                        legal_references=_guideline(
                            "Stadsdelsnämndens riktlinjer och rutiner för sociala kontrakt"
                        ),
                        appeal_route="laglighetsprovning",
                    ),
                    "training_apartment": _TRAINING_APARTMENT,
                    "trial_apartment": _bistand(includes_housing_support=True),
                    "emergency_apartment": _bistand(),
                }
            ),
        ),
        "skarholmen": DistrictConfig(
            code="skarholmen",
            name="Skärholmen",
            deciding_role="unit_manager",
            certificate_max_age_days=90,
            child_age_limit_years=18,
            criteria=SEED_000_CRITERIA,
            housing_types=MappingProxyType(
                {
                    "social_contract": _bistand(),
                    "training_apartment": _TRAINING_APARTMENT,
                    "trial_apartment": _bistand(includes_housing_support=True),
                    "emergency_apartment": _bistand(),
                }
            ),
        ),
    }
)


def district_config(code: str) -> DistrictConfig | None:
    return DISTRICTS.get(code)


def check_registry(districts: Mapping[str, DistrictConfig] = DISTRICTS) -> None:
    """Refuse a configuration that could never work (run at import, tested)."""
    for config in districts.values():
        if config.deciding_role not in ALL_ROLES:
            raise ValueError(f"{config.code}: unknown deciding role {config.deciding_role}")
        if not role_has(config.deciding_role, DECISION_PERMISSION):
            raise ValueError(f"{config.code}: {config.deciding_role} lacks {DECISION_PERMISSION}")
        for housing_type in config.housing_types:
            if housing_type not in HOUSING_TYPES:
                raise ValueError(f"{config.code}: unknown housing type {housing_type}")


check_registry()

__all__ = ["DISTRICTS", "HousingType", "district_config"]
