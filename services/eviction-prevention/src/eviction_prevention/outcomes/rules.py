"""Interventions and outcomes: the codes and the rules for closing a case."""

from __future__ import annotations

from typing import Literal, get_args

from bostad_common.events.vocabulary import OutcomeCode

InterventionKind = Literal[
    "financial_assistance_rent_debt",
    "budget_debt_counselling",
    "guardian",
    "housing_support",
    "payment_plan",
    "short_term_contract",
    "psychiatry",
    "addiction_care",
    "disability_services",
    "elderly_care",
]
InterventionStatus = Literal["offered", "declined", "started", "ended"]
# An intervention is offered, then declined or started; a started one ends.
INTERVENTION_TRANSITIONS: dict[InterventionStatus, frozenset[InterventionStatus]] = {
    "offered": frozenset({"declined", "started"}),
    "started": frozenset({"ended"}),
    "declined": frozenset(),
    "ended": frozenset(),
}
# The routine's decision point before a case closes as "no contact reached".
NoContactDecision = Literal["open_investigation", "close_actualisation"]
# Why a case closed, per outcome (CLOSING_REASONS below says which belong to which).
ClosingReason = Literal[
    "paid_within_redemption_period",
    "payment_plan",
    "lease_kept",
    "contract_changed",
    "found_other_housing",
    "moved_to_relatives",
    "destination_unknown",
    "eviction_carried_out",
    "not_reached",
    "home_appears_abandoned",
    "declined_all_help",
    "investigation_opened",
    "other",
]

# Interventions the seeds name (DOMAIN.md, seeds 001 and 004).
INTERVENTION_LABELS_SV: dict[InterventionKind, str] = {
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
INTERVENTIONS: frozenset[str] = frozenset(get_args(InterventionKind))

# Closing reasons per outcome. `prevented` has the four the issue names; the
# others have a small fixed set so statistics can count them; `evicted` and
# `other` default to one code (evicted needs children affected, other a text).
CLOSING_REASONS: dict[OutcomeCode, tuple[ClosingReason, ...]] = {
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
DEFAULT_CLOSING_REASON: dict[OutcomeCode, ClosingReason] = {
    "evicted": "eviction_carried_out",
    "declined_help": "declined_all_help",
    "investigation_opened": "investigation_opened",
    "other": "other",
}


def validate_intervention_change(current: str, wanted: str) -> list[dict[str, str]]:
    """Field errors when an intervention may not move from `current` to `wanted`."""
    allowed_next = INTERVENTION_TRANSITIONS.get(current, frozenset())  # type: ignore[call-overload]
    if wanted not in allowed_next:
        allowed = ", ".join(sorted(allowed_next)) or "none"
        return [
            {"field": "status", "message": f"from {current} only to: {allowed}"},
        ]
    return []


MAX_CHILDREN_AFFECTED = 30


def validate_closing(
    *,
    outcome: str,
    closing_reason: str | None,
    children_affected: int | None,
    reason_text: str | None,
    open_mandatory_items: list[str],
    open_items_reason: str | None,
    no_contact_decision: str | None = None,
) -> tuple[str, list[dict[str, str]]]:
    """The closing reason to record, and field errors (empty when the case may close).

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
    if outcome not in CLOSING_REASONS:
        return "", [{"field": "outcome", "message": "unknown outcome"}]
    allowed = CLOSING_REASONS[outcome]  # type: ignore[index]
    code = closing_reason or DEFAULT_CLOSING_REASON.get(outcome)  # type: ignore[call-overload]
    if code is None:
        errors.append(
            {
                "field": "closing_reason",
                "message": f"required for {outcome}: one of {', '.join(allowed)}",
            }
        )
    elif code not in allowed:
        errors.append(
            {
                "field": "closing_reason",
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
