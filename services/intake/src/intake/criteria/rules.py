"""The criteria check: per criterion met, not met or not yet known, and why.

The district's set (seed 000's first: registered in the municipality, and
either 2 a — social or medical reasons proven by a certificate and not
solvable another way — or 2 b — an LSS decision on adapted housing) is data
in `districts.config`; this module only evaluates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from intake.certificates.rules import is_stale
from intake.districts.config import CriteriaSet, Criterion

Verdict = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class CertificateFacts:
    grounds: str
    issued_on: date


@dataclass(frozen=True)
class ApplicantFacts:
    registered_in_municipality: bool | None
    certificates: tuple[CertificateFacts, ...]
    other_ways_ruled_out: bool | None
    lss_decision: bool


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label_sv: str
    verdict: Verdict
    why: str


@dataclass(frozen=True)
class CriteriaCheck:
    verdict: Verdict
    why: str
    criteria: tuple[CriterionResult, ...]


def _registered(facts: ApplicantFacts) -> tuple[Verdict, str]:
    if facts.registered_in_municipality is None:
        return "unknown", "not yet checked against the population register (folkbokföring)"
    if facts.registered_in_municipality:
        return "met", "registered in the municipality"
    return "not_met", "not registered in the municipality"


def _certified(
    criterion: Criterion, facts: ApplicantFacts, today: date, max_age_days: int
) -> tuple[Verdict, str]:
    relevant = [c for c in facts.certificates if c.grounds in criterion.accepted_grounds]
    fresh = [
        c for c in relevant if not is_stale(c.issued_on, today=today, max_age_days=max_age_days)
    ]
    if facts.other_ways_ruled_out is False:
        return "not_met", "the need can be met another way (own exchange, second-hand, buying...)"
    if not relevant:
        return "unknown", "no certificate of social or medical reasons yet"
    if not fresh:
        return "unknown", f"every certificate is older than {max_age_days} days; ask for a new one"
    if facts.other_ways_ruled_out is None:
        return (
            "unknown",
            "certificate present; not yet known whether the need can be met another way",
        )
    kinds = " and ".join(sorted({c.grounds for c in fresh}))
    return "met", f"{kinds} reasons certified, and the need cannot be met another way"


def _lss(facts: ApplicantFacts) -> tuple[Verdict, str]:
    if facts.lss_decision:
        return "met", "a decision on adapted housing under LSS is recorded"
    return "not_met", "no decision on adapted housing under LSS"


def evaluate(
    criterion: Criterion, facts: ApplicantFacts, *, today: date, max_age_days: int
) -> CriterionResult:
    if criterion.kind == "registered_in_municipality":
        verdict, why = _registered(facts)
    elif criterion.kind == "certified_reasons":
        verdict, why = _certified(criterion, facts, today, max_age_days)
    else:
        verdict, why = _lss(facts)
    return CriterionResult(criterion.code, criterion.label_sv, verdict, why)


def check(
    criteria: CriteriaSet, facts: ApplicantFacts, *, today: date, max_age_days: int
) -> CriteriaCheck:
    required = [
        evaluate(c, facts, today=today, max_age_days=max_age_days) for c in criteria.required
    ]
    alternatives = [
        evaluate(c, facts, today=today, max_age_days=max_age_days) for c in criteria.any_of
    ]
    results = tuple(required + alternatives)
    failed = [r for r in required if r.verdict == "not_met"]
    if failed:
        return CriteriaCheck("not_met", f"{failed[0].code} is not met", results)
    if alternatives and all(r.verdict == "not_met" for r in alternatives):
        codes = " or ".join(r.code for r in alternatives)
        return CriteriaCheck("not_met", f"none of {codes} is met", results)
    open_required = [r for r in required if r.verdict == "unknown"]
    alternative_met = not alternatives or any(r.verdict == "met" for r in alternatives)
    if not open_required and alternative_met:
        return CriteriaCheck("met", "every required criterion and one alternative are met", results)
    unknown = [r.code for r in results if r.verdict == "unknown"]
    return CriteriaCheck("unknown", "not yet known: " + ", ".join(unknown), results)
