"""Seed 003's termination and move-out process, every step, as data.

Seed 003: "Checklista vem gör vad vid risk för uppsägning och vid en
uppsägningsprocess" (a city's housing with special service). Its table has,
per activity, who takes part or is informed ("Deltar/informeras") and who is
responsible ("Ansvarig"). Abbreviations of the seed: EC = enhetschef
(`unit_manager`), VC-B / VC-M = verksamhetschef bostad / myndighet
(`operations_manager`), FJ = förvaltningsjurist (`legal_counsel`), AVG =
avgiftshandläggare (`fee_officer`), PL = planeringsledare and MU =
metodutvecklare (`planner`), socialsekreterare (`caseworker`). Parties
outside the platform's staff are named as such (`representative`,
`social_committee`, `property_office` = Stadsfastigheter, `landlord`, `tenant`).

Two deadlines, of two kinds, which must not be confused (DOMAIN.md §3):
the inspection is reported "inom 5 dagar" of receiving the signed original
contract — five *calendar* days; renovation is ordered "inom 5 arbetsdagar"
of the inspection that found the need — five Swedish *working* days.

Texts are Swedish (staff read them); codes are stable identifiers, the word
list `MoveOutStepCode` of the events (`bostad_common.events.vocabulary`). The
preventive items of seed 003 (before any termination) belong to the
eviction-prevention case's checklist, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bostad_common.events.vocabulary import MoveOutStepCode

Phase = Literal["decision", "after_decision", "vacancy", "eviction"]
DeadlineKind = Literal["calendar_days", "working_days"]
ProcessKind = Literal["termination", "tenant_notice"]


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    days: int
    from_step: str
    source_text: str


@dataclass(frozen=True)
class StepSpec:
    code: MoveOutStepCode  # the codes are the events' word list (vocabulary.py)
    label: str
    phase: Phase
    responsible: tuple[str, ...]
    participants: tuple[str, ...]  # take part or are informed
    deadline: Deadline | None = None
    requires: tuple[str, ...] = ()
    optional: bool = False  # may be marked "not needed" (seed: "eventuell", "vid behov", "om")
    kinds: tuple[ProcessKind, ...] = ("termination", "tenant_notice")


_TERMINATION: tuple[ProcessKind, ...] = ("termination",)

CATALOGUE: tuple[StepSpec, ...] = (
    # --- Inledning av uppsägningsprocess ---------------------------------------------------
    StepSpec(
        "decide_to_prepare_termination",
        "Beslut om att förbereda uppsägningsprocess (EC i samråd med VC-B)",
        "decision", ("unit_manager", "operations_manager"), ("caseworker",),
        kinds=_TERMINATION,
    ),
    StepSpec(
        "anchor_with_authority_operations_manager",
        "Förankra beslutet om att inleda uppsägningsprocess hos verksamhetschef myndighet",
        "decision", ("unit_manager", "operations_manager"), ("caseworker", "operations_manager"),
        requires=("decide_to_prepare_termination",), kinds=_TERMINATION,
    ),
    StepSpec(
        "consult_legal_counsel",
        "Rådgöra med förvaltningsjurist inför uppsägningsprocess",
        "decision", ("unit_manager",), ("legal_counsel",),
        requires=("decide_to_prepare_termination",), kinds=_TERMINATION,
    ),
    StepSpec(
        "termination_decided",
        "Beslut om uppsägning efter förankring hos verksamhetschefer och förvaltningsjurist",
        "decision", ("unit_manager",), ("caseworker",),
        requires=("anchor_with_authority_operations_manager", "consult_legal_counsel"),
        kinds=_TERMINATION,
    ),
    # --- Efter beslut om uppsägning ---------------------------------------------------------
    StepSpec(
        "fee_officer_told_end_date",
        "Avgiftshandläggaren informeras om fastställt datum för hyresavtalets upphörande",
        "after_decision", ("unit_manager",), ("fee_officer",),
        requires=("termination_decided",),
    ),
    StepSpec(
        "registered_letter_to_representative",
        "Företrädare/förvaltare informeras om uppsägningen med rekommenderad post",
        "after_decision", ("unit_manager",), ("representative",),
        requires=("termination_decided",), optional=True, kinds=_TERMINATION,
    ),
    StepSpec(
        "social_committee_informed",
        "Socialnämnden (individ- och familjeomsorgen) informeras med rekommenderad post "
        "eller krypterad e-post till funktionsbrevlådan",
        "after_decision", ("unit_manager",), ("social_committee",),
        requires=("termination_decided",), kinds=_TERMINATION,
    ),
    StepSpec(
        "signed_original_to_fee_officer",
        "Underskrivet originalkontrakt lämnas till avgiftshandläggaren för arkivering",
        "after_decision", ("unit_manager",), ("tenant", "representative", "fee_officer"),
        requires=("fee_officer_told_end_date",),
    ),
    StepSpec(
        "inspection_reported",
        "Besiktning vid utflyttning anmäls till Stadsfastigheter; hyresvärden medverkar",
        "after_decision", ("unit_manager",), ("housing_officer", "property_office", "landlord"),
        deadline=Deadline("calendar_days", 5, "signed_original_to_fee_officer",
                          "inom 5 dagar från att påskrivet originalkontrakt mottagits"),
        requires=("signed_original_to_fee_officer",),
    ),
    StepSpec(
        "renovation_ordered",
        "Beställ renovering hos Stadsfastigheter eller hyresvärden om besiktningen visat behov",
        "after_decision", ("unit_manager",), ("planner", "property_office"),
        deadline=Deadline("working_days", 5, "inspection_reported",
                          "inom 5 arbetsdagar om renoveringsbehov upptäckts vid besiktning"),
        requires=("inspection_reported",), optional=True,
    ),
    StepSpec(
        "viewing_electricity_ordered",
        "Om elen sagts upp: beställ visningsel inför sanering, besiktning och reparation",
        "after_decision", ("unit_manager",), (), optional=True,
    ),
    StepSpec(
        "intervention_ended",
        "Insatsen avslutas och utvärderas enligt socialtjänstprocessen",
        "after_decision", ("caseworker",), (),
    ),
    StepSpec(
        "debiting_stopped",
        "Debitering och eventuell utbetalning av garantibelopp/KBF avslutas",
        "after_decision", ("unit_manager",), ("fee_officer",),
        requires=("fee_officer_told_end_date",),
    ),
    StepSpec(
        "contract_closed",
        "Kontraktet avslutas (först när socialsekreteraren avslutat insatsen)",
        "after_decision", ("unit_manager",), ("fee_officer",),
        requires=("intervention_ended", "debiting_stopped"),
    ),
    # --- Den lediga lägenheten -------------------------------------------------------------
    StepSpec(
        "interest_list_reconciled",
        "Stäm av interna intresseanmälningar med planeringsledaren",
        "vacancy", ("planner",), ("planner",),
    ),
    StepSpec(
        "interest_raised_with_unit_managers",
        "Vid behov: lyft interna intresseanmälningar med samtliga enhetschefer",
        "vacancy", ("planner", "unit_manager"), ("unit_manager",), optional=True,
    ),
    StepSpec(
        "vacancy_reported_to_planner",
        "Anmäl den lediga lägenheten till planeringsledaren",
        "vacancy", ("planner",), ("planner",),
        requires=("contract_closed",),
    ),
    # --- Avhysning (yttersta åtgärden) ------------------------------------------------------
    StepSpec(
        "legal_counsel_on_eviction",
        "Rådgör med förvaltningsjurist om hyresgästen inte flyttar efter uppsägningen",
        "eviction", ("unit_manager",), ("caseworker", "legal_counsel"),
        optional=True, kinds=_TERMINATION,
    ),
    StepSpec(
        "eviction_decided",
        "Beslut om att inleda avhysning efter samråd med förvaltningsjurist",
        "eviction", ("unit_manager", "operations_manager"), ("caseworker",),
        requires=("legal_counsel_on_eviction",), optional=True, kinds=_TERMINATION,
    ),
)  # fmt: skip

BY_CODE: dict[str, StepSpec] = {step.code: step for step in CATALOGUE}


def steps_for(kind: ProcessKind) -> tuple[StepSpec, ...]:
    return tuple(step for step in CATALOGUE if kind in step.kinds)
