"""Interventions and outcomes: the codes and the rules for closing a case."""

from __future__ import annotations

from typing import Literal

from bostad_common.events.eviction import OutcomeCode

Outcome = OutcomeCode
InterventionStatus = Literal["offered", "declined", "started", "ended"]
# An intervention is offered, then declined or started; a started one ends.
INTERVENTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "offered": frozenset({"declined", "started"}),
    "started": frozenset({"ended"}),
    "declined": frozenset(),
    "ended": frozenset(),
}
NoContactDecision = Literal["open_investigation", "close_actualisation"]

# Interventions the seeds name (DOMAIN.md, seeds 001 and 004).
INTERVENTION_LABELS_SV: dict[str, str] = {
    "financial_assistance_rent_debt": "Ekonomiskt bistånd till hyresskuld",
    "budget_debt_counselling": "Budget- och skuldrådgivning",
    "guardian": "God man/förvaltare",
    "housing_support": "Boendestöd",
    "payment_plan": "Avbetalningsplan med hyresvärden",
    "short_term_contract": "Ändring till korttidskontrakt",
    "psychiatry": "Kontakt med psykiatrin",
    "addiction_care": "Kontakt med beroendevården",
    "disability_services": "Kontakt med funktionsstöd",
    "elderly_care": "Kontakt med äldreomsorgen",
}
INTERVENTIONS: frozenset[str] = frozenset(INTERVENTION_LABELS_SV)

# Reason codes per outcome. `prevented` has the four the issue names; the
# others have a small fixed set so statistics can count them; `evicted` and
# `other` default to one code (evicted needs children affected, other a text).
REASON_CODES: dict[str, tuple[str, ...]] = {
    "prevented": (
        "paid_within_redemption_period",
        "payment_plan",
        "lease_kept",
        "contract_changed",
    ),
    "moved_voluntarily": ("found_other_housing", "moved_to_relatives", "destination_unknown"),
    "evicted": ("eviction_carried_out",),
    "no_contact": ("not_reached", "home_appears_abandoned"),
    "declined_help": ("declined_all_help",),
    "investigation_opened": ("investigation_opened",),
    "other": ("other",),
}
DEFAULT_REASON: dict[str, str] = {
    "evicted": "eviction_carried_out",
    "declined_help": "declined_all_help",
    "investigation_opened": "investigation_opened",
    "other": "other",
}


def validate_intervention_change(current: str, wanted: str) -> list[dict[str, str]]:
    if wanted not in INTERVENTION_TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(INTERVENTION_TRANSITIONS.get(current, frozenset()))) or "none"
        return [
            {"field": "status", "message": f"from {current} only to: {allowed}"},
        ]
    return []


MAX_CHILDREN_AFFECTED = 30


def validate_closing(
    *,
    outcome: str,
    reason_code: str | None,
    children_affected: int | None,
    reason_text: str | None,
    open_mandatory_items: list[str],
    open_items_reason: str | None,
    no_contact_decision: str | None = None,
) -> tuple[str, list[dict[str, str]]]:
    """The reason code to record, and field errors (empty when the case may close).

    "No contact reached" closes only after the decision point of the routine: open
    an investigation (then the outcome is `investigation_opened`) or close the
    actualisation (`no_contact_decision: close_actualisation`)."""
    errors: list[dict[str, str]] = []
    if outcome == "no_contact" and no_contact_decision != "close_actualisation":
        errors.append(
            {
                "field": "no_contact_decision",
                "message": "decide first: open an investigation (close as "
                "investigation_opened) or close the actualisation (close_actualisation)",
            }
        )
    if outcome not in REASON_CODES:
        return "", [{"field": "outcome", "message": "unknown outcome"}]
    allowed = REASON_CODES[outcome]
    code = reason_code or DEFAULT_REASON.get(outcome)
    if code is None:
        errors.append(
            {
                "field": "reason_code",
                "message": f"required for {outcome}: one of {', '.join(allowed)}",
            }
        )
    elif code not in allowed:
        errors.append(
            {
                "field": "reason_code",
                "message": f"for {outcome} must be one of {', '.join(allowed)}",
            }
        )
    if outcome == "evicted":
        if children_affected is None:
            errors.append({"field": "children_affected", "message": "required when evicted"})
        elif not 0 <= children_affected <= MAX_CHILDREN_AFFECTED:
            errors.append(
                {"field": "children_affected", "message": f"must be 0..{MAX_CHILDREN_AFFECTED}"}
            )
    elif children_affected:
        # 0 is accepted whatever the outcome (a form that always sends the field).
        errors.append({"field": "children_affected", "message": "only recorded when evicted"})
    if outcome == "other" and not (reason_text and reason_text.strip()):
        errors.append({"field": "reason_text", "message": "a free-text reason is required"})
    attend_open = [code for code in open_mandatory_items if code.startswith("attend_eviction")]
    if (
        outcome == "evicted"
        and attend_open
        and not (open_items_reason and open_items_reason.strip())
    ):
        errors.append(
            {
                "field": "open_items_reason",
                "message": "nobody is recorded as attending the eviction ("
                + ", ".join(attend_open)
                + "); record why",
            }
        )
    if (
        outcome == "prevented"
        and open_mandatory_items
        and not (open_items_reason and open_items_reason.strip())
    ):
        errors.append(
            {
                "field": "open_items_reason",
                "message": "mandatory checklist items are open ("
                + ", ".join(open_mandatory_items)
                + "); record why the case closes anyway",
            }
        )
    return code or "", errors
