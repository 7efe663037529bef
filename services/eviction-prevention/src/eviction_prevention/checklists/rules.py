"""Which checklist items a case gets, and whether it may be closed as prevented."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eviction_prevention.checklists.catalogue import CATALOGUE, ChecklistItemSpec


@dataclass(frozen=True)
class CaseProfile:
    """What decides the checklist: the case's track, the kinds of its notices, how it came in."""

    track: str
    kinds: frozenset[str]
    channels: frozenset[str]
    children_possible: bool


def applies(item: ChecklistItemSpec, profile: CaseProfile) -> bool:
    if item.tracks is not None and profile.track not in item.tracks:
        return False
    if item.kinds is not None and not (item.kinds & profile.kinds):
        return False
    if item.channels is not None and not (item.channels & profile.channels):
        return False
    return not (item.needs_children and not profile.children_possible)


def select_items(profile: CaseProfile) -> list[ChecklistItemSpec]:
    """The catalogue's items for this case, in catalogue order."""
    return [item for item in CATALOGUE if applies(item, profile)]


def items_to_add(profile: CaseProfile, existing_codes: Iterable[str]) -> list[ChecklistItemSpec]:
    """Items a case lacks after its profile changed (a new notice joined).

    Items are only ever added: what staff already did, or was planned, stays.
    """
    have = set(existing_codes)
    return [item for item in select_items(profile) if item.code not in have]


def open_mandatory(items: Iterable[tuple[str, bool, bool]]) -> list[str]:
    """Codes of mandatory items not done; items are (code, mandatory, done)."""
    return [code for code, mandatory, done in items if mandatory and not done]
