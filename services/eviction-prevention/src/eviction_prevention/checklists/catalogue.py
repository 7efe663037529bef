"""The checklists of the routine for internal coordination (seed 004), as data.

Seed 004 (Göteborg's handbook and routine, 2022) has three sections, one per
track: a notice about a household with children, one about a household
without children, and information from Kronofogden about an eviction. Each
unit's responsibilities are listed there; an item below names the unit that
does it:

* `adult_unit` (vuxenenheten) — coordinates, handles the notice, attends every eviction;
* `children_and_youth_unit` (barn och unga) — the child's needs; attends evictions of families;
* `financial_assistance_unit` (ekonomiskt bistånd) — household economy, rent debt.

Seed 003 (termination checklist for the municipality's own housing with
special service) applies when the tenant rents from the municipality (the
case came from tenancy's arrears): its preventive items are added for that
channel.

Texts are Swedish (staff read them); codes are stable English identifiers.
A change to this catalogue applies to new cases; open cases keep the items
they were given (stored per case).
"""

from __future__ import annotations

from dataclasses import dataclass

from bostad_common.events.vocabulary import TRACKS, NoticeKind, StaffUnit, Track

UNIT_LABELS_SV: dict[StaffUnit, str] = {
    "adult_unit": "Vuxenenheten",
    "children_and_youth_unit": "Barn och unga",
    "financial_assistance_unit": "Ekonomiskt bistånd",
}


@dataclass(frozen=True)
class ChecklistItemSpec:
    code: str
    label: str
    unit: StaffUnit
    mandatory: bool
    # Which cases get the item. None = all.
    tracks: frozenset[Track] | None = None
    kinds: frozenset[NoticeKind] | None = None
    channels: frozenset[str] | None = None
    needs_children: bool = False  # only when children are present or unknown
    source: str = "seed 004"


_NOTICE_TRACKS: frozenset[Track] = frozenset({"with_children", "without_children"})
_ALL_TRACKS: frozenset[str] = frozenset(TRACKS)
_DEBT_KINDS: frozenset[NoticeKind] = frozenset({"unpaid_rent", "electricity_debt"})

CATALOGUE: tuple[ChecklistItemSpec, ...] = (
    # --- every track: the adult unit actualises and coordinates -----------------------
    ChecklistItemSpec(
        "register_actualisation",
        "Aktualisera ärendet med aktualiseringstyp och orsakskod",
        "adult_unit",
        mandatory=True,
    ),
    ChecklistItemSpec(
        "contact_by_phone",
        "Försöka nå hushållet per telefon och informera om vad socialtjänsten kan erbjuda",
        "adult_unit",
        mandatory=True,
        tracks=_ALL_TRACKS,  # also Kronofogden's track (issue #9)
    ),
    ChecklistItemSpec(
        "send_information_letter",
        "Skicka informationsbrev",
        "adult_unit",
        mandatory=True,
    ),
    ChecklistItemSpec(
        "book_outreach_if_unreached",
        "Boka uppsökande hembesök (två medarbetare) om hushållet inte nås",
        "adult_unit",
        mandatory=False,
    ),
    ChecklistItemSpec(
        "obtain_consent",
        "Inhämta samtycke (samtyckesblankett) för kontakt med hyresvärd och andra",
        "adult_unit",
        mandatory=False,
    ),
    ChecklistItemSpec(
        "coordinate_internal_external",
        "Samordna intern och extern samverkan",
        "adult_unit",
        mandatory=True,
    ),
    ChecklistItemSpec(
        "assess_direct_support",
        "Utreda och bedöma behov av direkt stöd i boendet, t.ex. vräkningsförebyggande team",
        "adult_unit",
        mandatory=True,
        tracks=_ALL_TRACKS,  # also Kronofogden's track (issue #9)
    ),
    ChecklistItemSpec(
        "offer_three_party_meeting",
        "Erbjuda trepartssamtal (hyresgäst, hyresvärd, socialtjänst)",
        "adult_unit",
        mandatory=False,
        tracks=_ALL_TRACKS,  # also Kronofogden's track (issue #9)
    ),
    ChecklistItemSpec(
        "explore_short_term_contract",
        "Undersöka om hyresvärden kan ändra kontraktsformen till korttidskontrakt",
        "adult_unit",
        mandatory=False,
        tracks=_NOTICE_TRACKS,
    ),
    ChecklistItemSpec(
        "refer_other_services",
        "Vid behov förmedla kontakt med funktionsstöd, äldreomsorg, psykiatri eller beroendevård",
        "adult_unit",
        mandatory=False,
    ),
    # --- financial assistance unit ---------------------------------------------------
    ChecklistItemSpec(
        "assess_financial_assistance",
        "Informera om rätten till ekonomiskt bistånd och utreda rätten till bistånd för hyresskuld",
        "financial_assistance_unit",
        mandatory=True,
        kinds=_DEBT_KINDS,
    ),
    ChecklistItemSpec(
        "household_economy_guidance",
        "Vägledning kring hushållets ekonomi (betalningslösningar, autogiro, prioritera utgifter)",
        "financial_assistance_unit",
        mandatory=False,
        kinds=_DEBT_KINDS,
    ),
    ChecklistItemSpec(
        "transfer_own_funds",
        "Utreda behov av förmedling av egna medel",
        "financial_assistance_unit",
        mandatory=False,
        kinds=_DEBT_KINDS,
    ),
    ChecklistItemSpec(
        "repeated_electricity_debt",
        "Särskilt uppmärksamma upprepade elskulder",
        "financial_assistance_unit",
        mandatory=True,
        kinds=frozenset({"electricity_debt"}),
    ),
    ChecklistItemSpec(
        "refer_budget_debt_counselling",
        "Informera om och hänvisa till kommunens budget- och skuldrådgivning",
        "financial_assistance_unit",
        mandatory=False,
    ),
    ChecklistItemSpec(
        "assess_guardian_or_support",
        "Uppmärksamma behov av god man/förvaltare eller boendestöd",
        "financial_assistance_unit",
        mandatory=False,
    ),
    ChecklistItemSpec(
        "offer_housing_counselling",
        "Informera om stadens riktlinjer för bistånd till boende och erbjuda "
        "boenderådgivning/coachning",
        "adult_unit",
        mandatory=False,
    ),
    # --- children and youth unit (household with children, or unknown) ---------------
    ChecklistItemSpec(
        "assess_child_needs",
        "Utreda barnets behov av stöd och skydd",
        "children_and_youth_unit",
        mandatory=True,
        needs_children=True,
    ),
    ChecklistItemSpec(
        "assess_child_basic_needs",
        "Bedöma om upprepad hyresförsummelse eller störningar är tecken på att barnets "
        "grundläggande behov inte tillgodoses",
        "children_and_youth_unit",
        mandatory=True,
        needs_children=True,
        tracks=_NOTICE_TRACKS,
    ),
    ChecklistItemSpec(
        "parenting_support",
        "Vid behov erbjuda stöd i föräldrarollen (öppenvården)",
        "children_and_youth_unit",
        mandatory=False,
        needs_children=True,
        source="seed 001",
    ),
    # --- information from Kronofogden about an eviction -------------------------------
    ChecklistItemSpec(
        "contact_kronofogden",
        "Kontakta Kronofogdemyndigheten om avhysningen",
        "adult_unit",
        mandatory=True,
        tracks=frozenset({"enforcement"}),
    ),
    ChecklistItemSpec(
        "plan_alternative_housing",
        "Planera för alternativa boendelösningar",
        "adult_unit",
        mandatory=True,
        tracks=frozenset({"enforcement"}),
    ),
    ChecklistItemSpec(
        "attend_eviction",
        "Närvara vid avhysningen (om inte annat bedömts i samråd med Kronofogdemyndigheten)",
        "adult_unit",
        mandatory=True,
        tracks=frozenset({"enforcement"}),
    ),
    ChecklistItemSpec(
        "attend_eviction_children_unit",
        "Närvara vid avhysning av barnfamilj tillsammans med vuxenenheten",
        "children_and_youth_unit",
        mandatory=True,
        tracks=frozenset({"enforcement"}),
        needs_children=True,
    ),
    # --- the municipality's own tenants (seed 003), when tenancy reported the arrears --
    ChecklistItemSpec(
        "dialogue_with_tenant_and_representative",
        "Dialog med den enskilde och eventuell företrädare",
        "adult_unit",
        mandatory=True,
        channels=frozenset({"tenancy"}),
        source="seed 003",
    ),
    ChecklistItemSpec(
        "report_guardian_to_chief_guardian",
        "Anmäla till överförmyndaren om god man/förvaltare vid upprepade obetalda hyror",
        "adult_unit",
        mandatory=False,
        channels=frozenset({"tenancy"}),
        source="seed 003",
    ),
    ChecklistItemSpec(
        "coordinated_individual_plan",
        "Upprätta samordnad individuell plan (SIP) för samverkan med hälso- och sjukvård",
        "adult_unit",
        mandatory=False,
        channels=frozenset({"tenancy"}),
        source="seed 003",
    ),
)

CATALOGUE_BY_CODE: dict[str, ChecklistItemSpec] = {item.code: item for item in CATALOGUE}
assert len(CATALOGUE_BY_CODE) == len(CATALOGUE), "checklist codes must be unique"
assert all(item.tracks is None or item.tracks <= _ALL_TRACKS for item in CATALOGUE)
