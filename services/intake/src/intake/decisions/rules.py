"""The decision: who may make it, what it must say, and the letter the applicant gets.

Sources: issue 10 point 7; seed 000 ("Att informera klienten att det inte finns
någon verklig kö"); seed 002 ("Ett villkor för att beviljas träningslägenhet är
att individen även tar emot bolotsinsats. Träningslägenhet med bolots är ett
paket", "individuella planer med eget boende och självförsörjning som mål").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from intake.districts.config import DECISION_PERMISSION, DistrictConfig, HousingTypeRule

HOUSING_TYPE_LABELS_SV: Final[dict[str, str]] = {
    "social_contract": "socialt kontrakt",
    "training_apartment": "träningslägenhet",
    "trial_apartment": "försökslägenhet",
    "emergency_apartment": "jourlägenhet",
}

NO_QUEUE_SV: Final = (
    "Det finns ingen verklig kö till lägenheterna. Alla som har beviljats har i princip samma "
    "plats tills en lägenhet blir ledig, och många saker avgör när det blir din tur: hur "
    "lägenheten passar ditt hushåll, var den ligger och om hyresvärden godkänner dig som "
    "hyresgäst. Vi hör av oss så snart vi har en lägenhet att erbjuda dig. Du är välkommen "
    "att höra av dig till oss om något i din situation ändras."
)

PACKAGE_SV: Final = (
    "Träningslägenheten beviljas tillsammans med boendestöd (bolots), som är en del av "
    "insatsen och inte går att välja bort. Tillsammans med dig gör vi en individuell plan "
    "med eget boende som mål."
)

APPEAL_SV: Final[dict[str, str]] = {
    "forvaltningsbesvar": (
        "Om du inte är nöjd med beslutet kan du överklaga det till förvaltningsrätten. "
        "Skriv vilket beslut du överklagar och varför du tycker att det ska ändras, och "
        "skicka brevet till socialnämnden. Brevet måste ha kommit in inom tre veckor från "
        "den dag du fick del av beslutet. Vi hjälper dig gärna att skriva överklagandet."
    ),
    "laglighetsprovning": (
        "Beslutet är inte ett biståndsbeslut och kan därför inte överklagas till "
        "förvaltningsrätten på vanligt sätt. Den som är medlem i kommunen kan begära "
        "laglighetsprövning enligt 13 kap. kommunallagen inom tre veckor från den dag då "
        "protokollet tillkännagavs. Du kan också när som helst ansöka igen om din situation "
        "ändras. Vi förklarar gärna hur du gör."
    ),
}


def may_decide(roles: Iterable[str], permissions: Iterable[str], config: DistrictConfig) -> bool:
    """The role the district configures decides, and it must hold the permission too."""
    return config.deciding_role in set(roles) and DECISION_PERMISSION in set(permissions)


@dataclass(frozen=True)
class DecisionTerms:
    is_bistandsbeslut: bool
    legal_reference: str | None
    includes_housing_support: bool
    appeal_route: str


def terms_for(rule: HousingTypeRule, outcome: str, decided_on: date) -> DecisionTerms:
    """What the district's configuration makes of this decision.

    Only a granted decision can be a biståndsbeslut in allocation's sense (its
    clock of three months); a rejection still cites the reference it applied.
    """
    granted = outcome == "granted"
    return DecisionTerms(
        is_bistandsbeslut=granted and rule.is_bistandsbeslut,
        legal_reference=rule.legal_reference_on(decided_on),
        includes_housing_support=granted and rule.includes_housing_support,
        appeal_route=rule.appeal_route,
    )


def decision_errors(
    *,
    outcome: str,
    reasons: str,
    individual_plan_goal: str | None,
    rule: HousingTypeRule,
    decided_on: date,
    today: date,
) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    if not reasons.strip():
        errors.append({"field": "reasons", "message": "a decision must give its reasons"})
    if decided_on > today:
        errors.append({"field": "decided_on", "message": "a decision cannot be dated ahead"})
    if (
        outcome == "granted"
        and rule.requires_individual_plan
        and not (individual_plan_goal or "").strip()
    ):
        errors.append(
            {
                "field": "individual_plan_goal",
                "message": (
                    "this housing type is granted with an individual plan whose goal is own "
                    "housing: state the goal"
                ),
            }
        )
    if rule.legal_reference_on(decided_on) is None:
        errors.append(
            {"field": "decided_on", "message": "no legal reference is configured for this date"}
        )
    return errors


def letter_sv(
    *,
    applicant_name: str,
    housing_type: str,
    outcome: str,
    reasons: str,
    terms: DecisionTerms,
    decided_on: date,
    individual_plan_goal: str | None,
) -> str:
    """The decision letter in Swedish, as a careful social worker would write it."""
    label = HOUSING_TYPE_LABELS_SV[housing_type]
    lines = [f"Hej {applicant_name},", ""]
    if outcome == "granted":
        lines.append(f"Den {decided_on.isoformat()} beviljades din ansökan om {label}.")
        if terms.includes_housing_support:
            lines += ["", PACKAGE_SV]
            if individual_plan_goal:
                lines.append(f"Målet i planen: {individual_plan_goal}")
        lines += ["", NO_QUEUE_SV]
    else:
        lines.append(
            f"Den {decided_on.isoformat()} fick din ansökan om {label} avslag. Vi förstår att "
            "det kan vara ett tungt besked."
        )
        lines += ["", "Skälen till beslutet:", reasons.strip()]
        lines += ["", APPEAL_SV[terms.appeal_route]]
    if terms.legal_reference:
        lines += ["", f"Beslutet är fattat med stöd av: {terms.legal_reference}."]
    lines += ["", "Med vänliga hälsningar", "Socialtjänsten"]
    return "\n".join(lines)
