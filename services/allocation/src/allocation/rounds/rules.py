"""Pure rules of a round: consensus, and what each state allows.

Seed 000: the unit managers "i samråd med berörda enhetschefer göra
prioriteringar"; the round reaches consensus when every unit manager concerned
approves, or, after an objection, the decision-maker named in the district's
settings decides (DOMAIN.md §2). The list is then frozen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

Outcome = Literal["consensus", "awaiting", "objected"]


def consensus(managers: Iterable[str], verdicts: Mapping[str, str]) -> Outcome:
    """`consensus` when all concerned approved, `objected` on any objection, else `awaiting`."""
    concerned = list(managers)
    if any(verdicts.get(m) == "object" for m in concerned):
        return "objected"
    if concerned and all(verdicts.get(m) == "approve" for m in concerned):
        return "consensus"
    return "awaiting"


def list_errors(priority_list: list[str], field: str) -> list[dict[str, str]]:
    errors = []
    if not priority_list:
        errors.append({"field": field, "message": "at least one household"})
    if len(set(priority_list)) != len(priority_list):
        errors.append({"field": field, "message": "a household appears twice"})
    return errors
