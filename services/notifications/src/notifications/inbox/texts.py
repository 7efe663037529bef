"""The Swedish texts of in-app notifications, built from ids, codes and dates only.

A notification says what happened, what is expected of the reader and where to
read more: the link opens the portal's page for the thing (the case, the
application, the round, the lease), where access is checked and logged. No
names, no personal numbers, no addresses, no free text from the payload (a
motivation or a category may hold anything): a case is referred to by its
short reference (`KLMN-PQRS`), other things by what they are.

Every routed kind has a text; `tests/test_routing.py` checks that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel

from bostad_common.events.vocabulary import MoveOutStepCode, NoticeKind, OutcomeCode, Track
from bostad_common.references import short_reference
from notifications.formatting import swedish_date, swedish_datetime, swedish_weekday_date
from notifications.inbox.links import page

NOTICE_KINDS_SV: Final[dict[NoticeKind, str]] = {
    "unpaid_rent": "obetalda hyror",
    "disturbance": "anmodan om rättelse vid störningar i boendet",
    "unauthorised_sublet": "olovlig andrahandsuthyrning",
    "electricity_debt": "elskulder",
    "eviction_enforcement": "information från Kronofogdemyndigheten om avhysning",
}
# Who sent a notice of this kind: Kronofogdemyndigheten is not a landlord, and
# an electricity supplier is neither.
NOTICE_SENDERS_SV: Final[dict[NoticeKind, str]] = {
    "eviction_enforcement": "Kronofogdemyndigheten",
    "electricity_debt": "elleverantören",
}
TRACKS_SV: Final[dict[Track, str]] = {
    "with_children": "hushåll med barn",
    "without_children": "hushåll utan barn",
    "enforcement": "information från Kronofogdemyndigheten om avhysning",
}
OUTCOMES_SV: Final[dict[OutcomeCode, str]] = {
    "prevented": "avhysningen förhindrades",
    "moved_voluntarily": "hushållet flyttade frivilligt",
    "evicted": "hushållet avhystes",
    "no_contact": "ingen kontakt kunde etableras",
    "declined_help": "hushållet tackade nej till stöd",
    "investigation_opened": "en utredning har inletts",
    "other": "annat utfall",
}
HOUSING_TYPES_SV: Final = {
    "social_contract": "socialt kontrakt",
    "training_apartment": "träningslägenhet",
    "trial_apartment": "försökslägenhet",
    "emergency_apartment": "jourlägenhet",
}
DECISION_END_REASONS_SV: Final = {
    "withdrawn": "ansökan har återkallats",
    "moved_away": "hushållet har flyttat från kommunen",
    "no_longer_needed": "behovet finns inte längre",
}
DECLINERS_SV: Final = {"landlord": "hyresvärden", "household": "hushållet"}
DUNNING_STEPS_SV: Final = {
    "reminder": "påminnelse",
    "written_warning": "skriftlig varning om inkasso",
    "debt_collection": "överlämnat till inkasso",
}
LEASE_END_REASONS_SV: Final = {
    "moved_to_own_housing": "hyresgästen har flyttat till egen bostad",
    "takeover": "hyresgästen har tagit över förstahandskontraktet",
    "terminated": "kontraktet har sagts upp",
    "evicted": "hyresgästen har avhysts",
    "moved_elsewhere": "hyresgästen har flyttat",
    "deceased": "hyresgästen har avlidit",
}
ROLES_SV: Final = {
    "caseworker": "socialsekreterare",
    "housing_officer": "bostadshandläggare",
    "coordinator": "samordnare",
    "unit_manager": "enhetschef",
    "operations_manager": "verksamhetschef",
    "fee_officer": "avgiftshandläggare",
    "planner": "planeringsledare",
    "legal_counsel": "förvaltningsjurist",
    "housing_support": "boendestöd",
}

# Seed 003's move-out steps, named as a reader of a reminder knows them.
MOVE_OUT_STEPS_SV: Final[dict[MoveOutStepCode, str]] = {
    "decide_to_prepare_termination": "beslut om att förbereda uppsägning",
    "anchor_with_authority_operations_manager": "förankring hos verksamhetschef myndighet",
    "consult_legal_counsel": "rådgöring med förvaltningsjurist inför uppsägning",
    "termination_decided": "beslut om uppsägning",
    "fee_officer_told_end_date": "besked till avgiftshandläggaren om slutdatum",
    "registered_letter_to_representative": "rekommenderat brev till företrädare eller förvaltare",
    "social_committee_informed": "information till socialnämnden",
    "signed_original_to_fee_officer": "underskrivet originalkontrakt till avgiftshandläggaren",
    "inspection_reported": "anmälan av besiktning till Stadsfastigheter",
    "renovation_ordered": "beställning av renovering",
    "viewing_electricity_ordered": "beställning av visningsel",
    "intervention_ended": "avslut och utvärdering av insatsen",
    "debiting_stopped": "avslut av debitering",
    "contract_closed": "avslut av kontraktet",
    "interest_list_reconciled": "avstämning av interna intresseanmälningar",
    "interest_raised_with_unit_managers": "intresseanmälningar till enhetscheferna",
    "vacancy_reported_to_planner": "anmälan av ledig lägenhet till planeringsledaren",
    "legal_counsel_on_eviction": "rådgöring med förvaltningsjurist om avhysning",
    "eviction_decided": "beslut om att inleda avhysning",
}
# What the routine asks of the steps that have a deadline (seed 003's own words).
MOVE_OUT_STEP_GUIDANCE_SV: Final[dict[MoveOutStepCode, str]] = {
    "inspection_reported": "Besiktningen vid utflyttning anmäls till Stadsfastigheter inom 5 "
    "dagar från att det underskrivna originalkontraktet togs emot. Hyresvärden ska också "
    "medverka vid besiktningen.",
    "renovation_ordered": "Om besiktningen visade behov av renovering beställs den hos "
    "Stadsfastigheter eller hyresvärden inom 5 arbetsdagar. Behövs ingen renovering "
    "registrerar du att steget inte behövs.",
}


@dataclass(frozen=True)
class NotificationText:
    title: str
    body: str
    link: str
    case_id: str | None


def _ref(case_id: str) -> str:
    return f"ärende {short_reference(case_id)}"


def _case(p: Any, title: str, body: str) -> NotificationText:
    return NotificationText(title, body, page("case", p.case_id), p.case_id)


def _eviction_date(p: Any) -> str:
    date = getattr(p, "eviction_date", None)
    return f" Avhysningen är utsatt till {swedish_date(date)}." if date else ""


# ------------------------------------------------------------------ eviction-prevention


def _case_opened(p: Any) -> NotificationText:
    sender = NOTICE_SENDERS_SV.get(p.notice_kind)
    source = {
        "underrattelse": f"en underrättelse från {sender or 'hyresvärden'}",
        "anmalan": "en anmälan",
        "ansokan": "en ansökan",
    }[p.intake_type]
    body = (
        f"Ett nytt {_ref(p.case_id)} har öppnats efter {source}: "
        f"{NOTICE_KINDS_SV.get(p.notice_kind, p.notice_kind)}, "
        f"{TRACKS_SV.get(p.track, p.track)}. Ta kontakt med hushållet och gå igenom checklistan."
    )
    if p.redemption_deadline:
        body += (
            " Hyresgästen kan få bo kvar om skulden betalas senast "
            f"{swedish_date(p.redemption_deadline)} (återvinningsfristen)."
        )
    body += _eviction_date(p)
    return _case(p, "Nytt ärende: risk för avhysning", body)


def _case_opened_eviction_soon(p: Any) -> NotificationText:
    unknown = bool(getattr(p, "children_unknown", False))
    household = (
        "ett hushåll där det inte är känt om det finns barn" if unknown else "ett hushåll med barn"
    )
    return _case(
        p,
        "Barn kan beröras: avhysning inom en vecka"
        if unknown
        else "Barnfamilj: avhysning inom en vecka",
        f"I {_ref(p.case_id)} riskerar {household} att avhysas inom en vecka."
        f"{_eviction_date(p)} Säkerställ att vuxenenheten och barn- och ungdomsenheten "
        "är förberedda och närvarar.",
    )


def _case_opened_children(p: Any) -> NotificationText:
    return _case(
        p,
        "Barnfamilj riskerar avhysning",
        f"{_ref(p.case_id).capitalize()} gäller ett hushåll med barn som riskerar avhysning. "
        "Barn- och ungdomsenheten behöver bedöma barnens behov av stöd och skydd "
        f"och samordna med vuxenenheten.{_eviction_date(p)}",
    )


def _case_opened_children_unknown(p: Any) -> NotificationText:
    return _case(
        p,
        "Okänt om barn berörs av avhysning",
        f"I {_ref(p.case_id)} är det inte känt om det finns barn i hushållet. "
        "Vuxenenheten utreder; barn- och ungdomsenheten informeras för kännedom."
        f"{_eviction_date(p)}",
    )


def _case_opened_financial(p: Any) -> NotificationText:
    return _case(
        p,
        "Hyres- eller elskuld: ekonomiskt bistånd",
        f"{_ref(p.case_id).capitalize()} gäller {NOTICE_KINDS_SV.get(p.notice_kind)}. "
        "Enheten för ekonomiskt bistånd behöver ge vägledning om hushållets ekonomi och "
        "bedöma rätten till ekonomiskt bistånd för skulden.",
    )


def _notice_joined_case(p: Any) -> NotificationText:
    sender = NOTICE_SENDERS_SV.get(p.kind, "hyresvärden")
    return NotificationText(
        "Ny underrättelse i pågående ärende",
        f"En ny underrättelse från {sender} om {NOTICE_KINDS_SV.get(p.kind, p.kind)} "
        f"har kopplats till {_ref(p.case_id)}.{_eviction_date(p)}",
        page("case", p.case_id) if p.case_id else page("notice", p.notice_id),
        p.case_id,
    )


def _notice_joined_case_children(p: Any) -> NotificationText:
    text = _notice_joined_case(p)
    return NotificationText(
        "Barn kan beröras av avhysning",
        text.body + " Hushållet har barn, eller det är inte känt om det har barn: "
        "barn- och ungdomsenheten behöver bedöma barnens behov.",
        text.link,
        text.case_id,
    )


def _outreach_assigned(p: Any) -> NotificationText:
    return _case(
        p,
        "Uppsökande besök tilldelat",
        f"Du är tilldelad ett uppsökande besök i {_ref(p.case_id)}. "
        f"Besöket ska göras senast {swedish_datetime(p.due_at)}. "
        "Vid nya uppdrag går ni alltid två.",
    )


def _outreach_overdue(p: Any) -> NotificationText:
    return _case(
        p,
        "Uppsökande besök är försenat",
        f"Det uppsökande besöket i {_ref(p.case_id)} skulle ha gjorts senast "
        f"{swedish_datetime(p.due_at)} och är inte registrerat som genomfört.",
    )


def _outreach_overdue_manager(p: Any) -> NotificationText:
    text = _outreach_overdue(p)
    return NotificationText(
        "Försenat uppsökande besök: behöver enhetschef",
        text.body + " Fristen på 48 timmar har passerats; se till att besöket blir av.",
        text.link,
        text.case_id,
    )


def _case_assigned(p: Any) -> NotificationText:
    if p.responsible_caseworker is None:
        return _case(
            p,
            "Ärende utan ansvarig handläggare",
            f"{_ref(p.case_id).capitalize()} har inte längre någon ansvarig handläggare "
            "och ligger hos teamet tills någon tar det.",
        )
    return _case(
        p,
        "Du är ansvarig handläggare",
        f"Du är nu ansvarig handläggare för {_ref(p.case_id)}.",
    )


_DEADLINE_SV: Final = {
    "redemption_period": "Återvinningsfristen (tiden att betala och behålla bostaden)",
    "electricity_disconnection": "Den tidigaste dagen då elen får stängas av",
}


def _deadline_set(p: Any) -> NotificationText:
    what = _DEADLINE_SV.get(p.deadline, p.deadline)
    return _case(
        p,
        "En frist är nu känd",
        f"{what} i {_ref(p.case_id)} löper ut {swedish_date(p.due_on)}.",
    )


def _case_closed(p: Any) -> NotificationText:
    return _case(
        p,
        "Ärende avslutat",
        f"{_ref(p.case_id).capitalize()} har avslutats: {OUTCOMES_SV.get(p.outcome, p.outcome)}.",
    )


# ------------------------------------------------------------------------------ intake


def _application(p: Any, title: str, body: str) -> NotificationText:
    return NotificationText(title, body, page("application", p.application_id), None)


def _application_to_housing_officer(p: Any) -> NotificationText:
    return _application(
        p,
        "Ny ansökan med intyg",
        f"En ansökan om {HOUSING_TYPES_SV.get(p.housing_type)} har registrerats. Den sökande "
        "är inte aktuell hos socialtjänsten, så intyget går direkt till dig för bedömning.",
    )


def _investigation_approved(p: Any) -> NotificationText:
    return _application(
        p,
        "Utredning godkänd",
        f"Samordnaren har godkänt utredningen i en ansökan om "
        f"{HOUSING_TYPES_SV.get(p.housing_type)}. Ansökan går nu vidare till dig: träffa "
        "den sökande och bedöm möjligheten att bli godkänd av hyresvärdar.",
    )


def _decision_granted(p: Any) -> NotificationText:
    kind = "Biståndsbeslutet" if p.is_bistandsbeslut else "Beslutet"
    body = (
        f"En ansökan om {HOUSING_TYPES_SV.get(p.housing_type)} har beviljats "
        f"{swedish_date(p.decided_on)}. Hushållet väntar nu på en lägenhet."
    )
    if p.is_bistandsbeslut:
        body += f" {kind} ska verkställas inom tre månader."
    return NotificationText("Ansökan beviljad", body, page("decision", p.decision_id), None)


def _decision_rejected(p: Any) -> NotificationText:
    return NotificationText(
        "Ansökan avslagen",
        f"En ansökan om {HOUSING_TYPES_SV.get(p.housing_type)} har avslagits "
        f"{swedish_date(p.decided_on)}. Informera den sökande om beslutet och hur man "
        "överklagar.",
        page("decision", p.decision_id),
        None,
    )


def _decision_ended(p: Any) -> NotificationText:
    return NotificationText(
        "Hushåll lämnar väntelistan",
        f"Ett beviljat beslut gäller inte längre sedan {swedish_date(p.ended_on)}: "
        f"{DECISION_END_REASONS_SV.get(p.reason, p.reason)}. Hushållet föreslås inte "
        "längre för lediga lägenheter.",
        page("decision", p.decision_id),
        None,
    )


# -------------------------------------------------------------------------- allocation


def _vacancy_opened(p: Any) -> NotificationText:
    return NotificationText(
        "Ledig lägenhet: nominera senast " + swedish_date(p.nomination_deadline.date()),
        f"En lägenhet för {HOUSING_TYPES_SV.get(p.housing_type)} ({p.rooms} rum) är ledig. "
        f"Nominera hushåll senast {swedish_datetime(p.nomination_deadline)}.",
        page("vacancy", p.vacancy_id),
        None,
    )


def _round_decided(p: Any) -> NotificationText:
    how = "i samförstånd" if p.decided_via == "consensus" else "av beslutsfattaren"
    return NotificationText(
        "Prioriteringen är beslutad",
        f"Prioriteringslistan för en ledig lägenhet är beslutad {how} "
        f"({len(p.priority_list)} hushåll i turordning). Motiveringen finns i omgången.",
        page("round", p.round_id),
        None,
    )


def _offer_declined(p: Any) -> NotificationText:
    return NotificationText(
        "Erbjudande avböjt",
        f"Ett erbjudande om lägenhet har avböjts av {DECLINERS_SV.get(p.declined_by)}. "
        "Nästa hushåll på prioriteringslistan kan tillfrågas.",
        page("round", p.round_id),
        None,
    )


def _offer_accepted(p: Any) -> NotificationText:
    return NotificationText(
        "Lägenheten har gått till ett hushåll",
        "Ett erbjudande om lägenhet har accepterats. Vilket hushåll som fick kontraktet "
        "och motiveringen till det står i omgången.",
        page("round", p.round_id),
        None,
    )


def _tenancy_to_be_signed(p: Any) -> NotificationText:
    return NotificationText(
        "Kontrakt att skriva",
        f"Hyresvärden och hushållet har tackat ja. Skriv andrahandskontraktet; "
        f"inflyttning {swedish_date(p.move_in_date)}.",
        page("offer", p.offer_id),
        None,
    )


def _decision_not_executed(p: Any) -> NotificationText:
    return NotificationText(
        f"Beslut ej verkställt efter {p.days_waited} dagar",
        f"Ett biståndsbeslut från {swedish_date(p.decided_on)} är ännu inte verkställt. "
        f"Tre månader har gått {swedish_date(p.three_months_on)}; ett beslut som inte "
        "verkställts inom tre månader ska rapporteras till IVO.",
        page("decision", p.decision_id),
        None,
    )


def _ivo_report_due(p: Any) -> NotificationText:
    count = p.new_reports + p.repeated_reports + p.closing_reports
    return NotificationText(
        f"Rapport till IVO senast {swedish_date(p.due_on)}",
        f"För perioden {p.period} ska {count} individrapporter om ej verkställda beslut "
        f"lämnas till IVO senast {swedish_date(p.due_on)} ({p.new_reports} nya, "
        f"{p.repeated_reports} upprepade, {p.closing_reports} avslutande).",
        page("ivo_report", p.period),
        None,
    )


# ----------------------------------------------------------------------------- tenancy


def _lease(p: Any, title: str, body: str) -> NotificationText:
    return NotificationText(title, body, page("lease", p.lease_id), None)


def _rent_arrears(p: Any) -> NotificationText:
    return _lease(
        p,
        "Obetald hyra i andrahandskontrakt",
        f"En hyresgäst med andrahandskontrakt har {p.months_unpaid} månaders obetald hyra "
        f"(per {swedish_date(p.as_of)}). Ett ärende om risk för avhysning har skapats.",
    )


def _lease_signed(p: Any) -> NotificationText:
    return _lease(
        p,
        "Kontrakt skrivet",
        f"Ett andrahandskontrakt ({HOUSING_TYPES_SV.get(p.housing_type)}) är skrivet och "
        f"gäller från {swedish_date(p.start_date)}. Hyresdebiteringen kan starta.",
    )


def _rent_dunning(p: Any) -> NotificationText:
    return _lease(
        p,
        f"Obetald hyra: {DUNNING_STEPS_SV.get(p.step)}",
        f"En hyresgäst har {p.months_unpaid} månaders obetald hyra. Steg: "
        f"{DUNNING_STEPS_SV.get(p.step)}. Ta kontakt med hyresgästen om stöd.",
    )


def _complaint_received(p: Any) -> NotificationText:
    return NotificationText(
        "Klagomål från hyresvärden",
        f"Hyresvärden har lämnat ett klagomål ({swedish_date(p.received_on)}). "
        "Prata med hyresgästen och dokumentera samtalet.",
        page("complaint", p.complaint_id),
        None,
    )


def _termination_proposed(p: Any) -> NotificationText:
    return NotificationText(
        "Uppsägning att besluta",
        "En uppsägning av ett andrahandskontrakt är föreslagen och väntar på ditt beslut. "
        "Förankra med verksamhetschef och rådgör med förvaltningsjurist.",
        page("move_out", p.process_id),
        None,
    )


def _move_out_step_overdue(p: Any) -> NotificationText:
    return NotificationText(
        "Steg i avflyttningen är försenat",
        f"Ett steg i en avflyttning ({ROLES_SV.get(p.responsible_role, p.responsible_role)} "
        f"ansvarar) skulle ha varit klart {swedish_date(p.deadline)}.",
        page("move_out", p.process_id),
        None,
    )


def _lease_ended(p: Any) -> NotificationText:
    return _lease(
        p,
        "Kontrakt avslutat",
        f"Ett andrahandskontrakt upphörde {swedish_date(p.ended_on)}: "
        f"{LEASE_END_REASONS_SV.get(p.reason, p.reason)}. Stoppa hyresdebiteringen.",
    )


# ---------------------------------------------------------------------------- reminders


def _notice_not_opening_a_case(p: Any) -> NotificationText:
    sender = NOTICE_SENDERS_SV.get(p.kind, "hyresvärden")
    return NotificationText(
        "Ny underrättelse i ett pågående ärende",
        f"En ny underrättelse från {sender} om {NOTICE_KINDS_SV.get(p.kind, p.kind)} har kommit "
        "in om ett hushåll som redan har ett öppet ärende. Läs underrättelsen och se om den "
        "ändrar planeringen i ärendet, till exempel ett nytt datum för avhysning.",
        page("case", p.case_id) if p.case_id else page("notice", p.notice_id),
        p.case_id,
    )


def _reminder_redemption_deadline(p: Any) -> NotificationText:
    return _case(
        p,
        "Påminnelse: återvinningsfristen går snart ut",
        f"Återvinningsfristen i {_ref(p.case_id)} går ut {swedish_date(p.redemption_deadline)}, "
        "om tre arbetsdagar. Om hyresskulden betalas, eller socialtjänsten skriftligt lovar "
        "att betala den, före dess får hushållet bo kvar.",
    )


def _reminder_eviction_week(p: Any) -> NotificationText:
    return _case(
        p,
        "Påminnelse: avhysning om en vecka",
        f"I {_ref(p.case_id)} är avhysningen utsatt till {swedish_date(p.eviction_date)}, "
        "om en vecka. Planera närvaro vid avhysningen och stöd till hushållet.",
    )


def _reminder_eviction_week_children(p: Any) -> NotificationText:
    return _case(
        p,
        "Påminnelse: barnfamilj kan avhysas om en vecka",
        f"I {_ref(p.case_id)} är avhysningen utsatt till {swedish_date(p.eviction_date)}, om en "
        "vecka, och hushållet har barn eller det är okänt om det har barn. Barn- och "
        "ungdomsenheten och vuxenenheten ska närvara tillsammans.",
    )


def _reminder_outreach_due(p: Any) -> NotificationText:
    return _case(
        p,
        "Påminnelse: uppsökande besök inom 12 timmar",
        f"Det uppsökande besöket i {_ref(p.case_id)} ska göras senast "
        f"{swedish_datetime(p.due_at)}. Vid nya uppdrag går ni alltid två.",
    )


def _reminder_three_months(p: Any) -> NotificationText:
    return NotificationText(
        "Påminnelse: beslut snart tre månader utan verkställighet",
        f"Ett biståndsbeslut från {swedish_date(p.decided_on)} har ännu inte verkställts. "
        f"Tre månader har gått {swedish_date(p.three_months_on)}; ett beslut som inte "
        "verkställts inom tre månader ska rapporteras till IVO.",
        page("decision", p.decision_id),
        None,
    )


def _reminder_move_out_step(p: Any) -> NotificationText:
    step = MOVE_OUT_STEPS_SV.get(p.step, "ett steg i avflyttningen")
    role = ROLES_SV.get(p.responsible_role, p.responsible_role)
    guidance = MOVE_OUT_STEP_GUIDANCE_SV.get(p.step)
    return NotificationText(
        f"Påminnelse: {step} senast {swedish_date(p.deadline)}",
        # The reference tells two move-outs apart for a manager who has both.
        f"I avflyttningen {short_reference(p.process_id)} går tidsfristen för {step} ut "
        f"{swedish_weekday_date(p.deadline)}."
        + (f" {guidance}" if guidance else "")
        + f" Ansvarig enligt rutinen för uppsägning och avflyttning: {role}. Registrera "
        "steget i avflyttningen när det är gjort, så kommer inga fler påminnelser om det.",
        page("move_out", p.process_id),
        None,
    )


def _apartment(p: Any, title: str, body: str) -> NotificationText:
    return NotificationText(title, body, page("apartment", p.apartment_id), None)


# What a notification is about; routing rules name one of these (routing/rules.py).
NotificationKind = Literal[
    "case_opened",
    "case_opened_eviction_soon",
    "case_opened_children",
    "case_opened_children_unknown",
    "case_opened_financial",
    "notice_joined_case",
    "notice_joined_case_children",
    "notice_joined_eviction_soon",
    "outreach_assigned",
    "outreach_overdue",
    "outreach_overdue_manager",
    "case_closed",
    "case_assigned",
    "deadline_set",
    "application_to_housing_officer",
    "investigation_approved",
    "decision_granted",
    "decision_rejected",
    "decision_ended",
    "vacancy_opened",
    "round_decided",
    "offer_declined",
    "offer_accepted",
    "tenancy_to_be_signed",
    "decision_not_executed",
    "ivo_report_due",
    "rent_arrears",
    "lease_signed",
    "rent_dunning",
    "complaint_received",
    "termination_proposed",
    "move_out_step_overdue",
    "lease_ended",
    "notice_not_opening_a_case",
    "reminder_redemption_deadline",
    "reminder_eviction_week",
    "reminder_eviction_week_children",
    "reminder_outreach_due",
    "reminder_three_months",
    "reminder_move_out_step",
    "apartment_vacated",
    "apartment_ready",
    "apartment_left_pool",
]

TEXTS: Final[dict[NotificationKind, Callable[[Any], NotificationText]]] = {
    "case_opened": _case_opened,
    "case_opened_eviction_soon": _case_opened_eviction_soon,
    "case_opened_children": _case_opened_children,
    "case_opened_children_unknown": _case_opened_children_unknown,
    "case_opened_financial": _case_opened_financial,
    "notice_joined_case": _notice_joined_case,
    "notice_joined_case_children": _notice_joined_case_children,
    # The same words as for a new case: the case reference, the date, who must be ready.
    "notice_joined_eviction_soon": _case_opened_eviction_soon,
    "outreach_assigned": _outreach_assigned,
    "outreach_overdue": _outreach_overdue,
    "outreach_overdue_manager": _outreach_overdue_manager,
    "case_closed": _case_closed,
    "case_assigned": _case_assigned,
    "deadline_set": _deadline_set,
    "application_to_housing_officer": _application_to_housing_officer,
    "investigation_approved": _investigation_approved,
    "decision_granted": _decision_granted,
    "decision_rejected": _decision_rejected,
    "decision_ended": _decision_ended,
    "vacancy_opened": _vacancy_opened,
    "round_decided": _round_decided,
    "offer_declined": _offer_declined,
    "offer_accepted": _offer_accepted,
    "tenancy_to_be_signed": _tenancy_to_be_signed,
    "decision_not_executed": _decision_not_executed,
    "ivo_report_due": _ivo_report_due,
    "rent_arrears": _rent_arrears,
    "lease_signed": _lease_signed,
    "rent_dunning": _rent_dunning,
    "complaint_received": _complaint_received,
    "termination_proposed": _termination_proposed,
    "move_out_step_overdue": _move_out_step_overdue,
    "lease_ended": _lease_ended,
    "notice_not_opening_a_case": _notice_not_opening_a_case,
    "reminder_redemption_deadline": _reminder_redemption_deadline,
    "reminder_eviction_week": _reminder_eviction_week,
    "reminder_eviction_week_children": _reminder_eviction_week_children,
    "reminder_outreach_due": _reminder_outreach_due,
    "reminder_three_months": _reminder_three_months,
    "reminder_move_out_step": _reminder_move_out_step,
    "apartment_vacated": lambda p: _apartment(
        p,
        "Lägenhet lämnad",
        f"En lägenhet lämnades {swedish_date(p.vacated_on)}. Anmäl den som vakant och "
        "beställ besiktning.",
    ),
    "apartment_ready": lambda p: _apartment(
        p,
        "Lägenhet klar att erbjudas",
        f"En lägenhet är besiktigad och klar {swedish_date(p.ready_on)} och kan erbjudas igen.",
    ),
    "apartment_left_pool": lambda p: _apartment(
        p,
        "Lägenhet lämnar beståndet",
        f"Hyresgästen har tagit över förstahandskontraktet {swedish_date(p.left_on)}; "
        "lägenheten kan inte längre erbjudas.",
    ),
}


def notification_text(kind: str, payload: BaseModel) -> NotificationText:
    try:
        build = TEXTS[kind]  # type: ignore[index]
    except KeyError:
        raise LookupError(f"no text for notification kind {kind}") from None
    return build(payload)
