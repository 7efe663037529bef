"""Closed word lists shared by more than one service, defined once.

Every service, API schema, routing rule and test imports these; none keeps a
copy. The values are the wire values of the event contract, so changing one is
a breaking change to every consumer (a new event version).
"""

from __future__ import annotations

from typing import Literal, get_args

# How a matter reached social services (DOMAIN.md "Intake type"): the person
# applies (ansökan), a private person reports (anmälan), an authority or a
# landlord notifies (underrättelse).
IntakeChannel = Literal["ansokan", "anmalan", "underrattelse"]

# The housing interventions of DOMAIN.md §1 (seed 000 socialt kontrakt,
# seed 002 träningslägenhet; försökslägenhet and jourlägenhet).
HousingType = Literal[
    "social_contract", "training_apartment", "trial_apartment", "emergency_apartment"
]

# Legal sex as IVO's individual report needs it (the first of the three digits
# in ÅÅÅÅMMDD-T123 is even for a woman, odd for a man).
LegalSex = Literal["female", "male"]

# Units of social services that receive work (token claim `units`, checklist
# items of seed 004, notification routing): vuxenenheten, barn och unga,
# ekonomiskt bistånd.
StaffUnit = Literal["adult_unit", "children_and_youth_unit", "financial_assistance_unit"]

# Why a landlord or Kronofogden notified social services (underrättelse); on a
# case, the kind of the notice that opened it is Treserva's "orsakskod" (seed 004).
NoticeKind = Literal[
    "unpaid_rent", "disturbance", "unauthorised_sublet", "electricity_debt", "eviction_enforcement"
]

# Seed 004's three sections: household with children, without children, or
# information from Kronofogden about an eviction (each has its own checklist).
Track = Literal["with_children", "without_children", "enforcement"]

# The letters eviction-prevention asks notifications to send (seed 002/004).
LetterKind = Literal["information_letter", "home_visit_letter", "consent_form"]

# How an eviction-prevention case ended. declined_help and investigation_opened
# came with issue #9 (the routine's decision point before "no contact reached").
OutcomeCode = Literal[
    "prevented",
    "moved_voluntarily",
    "evicted",
    "no_contact",
    "declined_help",
    "investigation_opened",
    "other",
]

# Why a granted decision stopped being one to execute (intake's DecisionEnded).
DecisionEndReason = Literal["withdrawn", "moved_away", "no_longer_needed"]

# Who turned an offer down (allocation).
OfferDecliner = Literal["landlord", "household"]

# The steps of seed 000's dunning ladder for unpaid rent (tenancy).
DunningStep = Literal["reminder", "written_warning", "debt_collection"]

# Why a sublease ended (tenancy), for seed 002's outcome figures.
LeaseEndReason = Literal[
    "moved_to_own_housing", "takeover", "terminated", "evicted", "moved_elsewhere", "deceased"
]

# The steps of seed 003's termination and move-out process (tenancy's
# move_out/catalogue.py holds each step's label, roles and deadline; these are
# the codes its events carry and notifications names in Swedish).
MoveOutStepCode = Literal[
    "decide_to_prepare_termination",
    "anchor_with_authority_operations_manager",
    "consult_legal_counsel",
    "termination_decided",
    "fee_officer_told_end_date",
    "registered_letter_to_representative",
    "social_committee_informed",
    "signed_original_to_fee_officer",
    "inspection_reported",
    "renovation_ordered",
    "viewing_electricity_ordered",
    "intervention_ended",
    "debiting_stopped",
    "contract_closed",
    "interest_list_reconciled",
    "interest_raised_with_unit_managers",
    "vacancy_reported_to_planner",
    "legal_counsel_on_eviction",
    "eviction_decided",
]

# How a move-out process ended: the apartment ready to offer again, or the
# process called off (the lease goes on).
MoveOutEnding = Literal["apartment_ready", "cancelled"]

HOUSING_TYPES: tuple[str, ...] = get_args(HousingType)
INTAKE_CHANNELS: tuple[str, ...] = get_args(IntakeChannel)
STAFF_UNITS: tuple[str, ...] = get_args(StaffUnit)
NOTICE_KINDS: tuple[str, ...] = get_args(NoticeKind)
TRACKS: tuple[str, ...] = get_args(Track)
LETTER_KINDS: tuple[str, ...] = get_args(LetterKind)
OUTCOME_CODES: tuple[str, ...] = get_args(OutcomeCode)
MOVE_OUT_STEP_CODES: tuple[str, ...] = get_args(MoveOutStepCode)
