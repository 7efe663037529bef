"""Pure rules for cases: which track, which intake type, which deadlines.

No database, no clock: callers pass dates and instants in, so every rule is a
plain unit test.

Deadline choices (the seeds decide; where they are silent, the law does):

* **Återvinningsfrist** (unpaid rent): the tenant keeps the home by paying
  within *three weeks* (12 kap. 44 § jordabalken). The three weeks run from
  the *later* of the day the termination was served and the day the
  landlord's notice reached the social committee (NJA 1985 s. 586), so a
  notice that arrives late never shortens the tenant's time. The law
  counts calendar weeks, not working days; none of the seeds says otherwise.
  Without a served date (CONTRACTS.md v1.1) the deadline is unknown: the
  case waits for a later notice or the caseworker to record it.
  The social committee's written commitment to pay within the same three
  weeks (skriftlig förbindelse) also keeps the home.
* **Electricity debt**: the supplier may cut the power no earlier than three
  weeks after the demand to pay was served and the social committee was
  notified (ellagen 11 kap.); the same later-of rule and rolling apply.
  When the last day falls on a Saturday, Sunday, public holiday,
  midsommarafton, julafton or nyårsafton it moves to the next working day
  (lagen 1930:173 om beräkning av lagstadgad tid), which is exactly
  `add_working_days(day, 0)`. The deadline lasts the whole Swedish day.
* **Outreach**: housing support visits *within 48 hours* of the assignment
  (seed 002, "inom 48 timmar för alla ärenden") — clock hours, weekends
  included: the seed reports it was met for all assignments, and the
  routine's point is that eviction dates come fast.
* **Eviction date** (from Kronofogden): the enforcement happens that day;
  staff must attend (seed 004), so the deadline is the start of the day, but
  it is *overdue* only once that day has ended (staff attend during it).
* **Worklist**: the nearest deadline still ahead first; then what has passed,
  most recently passed first (an old passed frist is no longer the urgent
  thing); then cases without a legal deadline, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args

from bostad_common.events.eviction import NoticeChannel
from bostad_common.events.vocabulary import INTAKE_CHANNELS, IntakeChannel, NoticeKind, Track
from bostad_common.workdays import STOCKHOLM, add_working_days, legal_deadline_at_end_of_day

# The two intake types staff choose when they open a case themselves; an
# underrättelse always comes as a notice.
StaffIntakeChannel = Literal["ansokan", "anmalan"]

# Every channel a case can come by: a notice's, or staff opening it themselves.
Channel = Literal[NoticeChannel, "staff"]

KINDS_REQUIRING_DEBT: frozenset[NoticeKind] = frozenset({"unpaid_rent", "electricity_debt"})
KINDS_REQUIRING_EVICTION_DATE: frozenset[NoticeKind] = frozenset({"eviction_enforcement"})

# The notice kinds as Treserva names them as orsakskod since 1 March (seed 004),
# for Swedish texts staff read.
NOTICE_KIND_LABELS_SV: dict[NoticeKind, str] = {
    "electricity_debt": "Elskulder",
    "unpaid_rent": "Obetalda hyresskulder/obetalda hyror",
    "unauthorised_sublet": "Olovlig andrahandsuthyrning",
    "disturbance": "Anmodan om rättelse vid störningar i boendet",
    "eviction_enforcement": "Information från Kronofogdemyndigheten om avhysning",
}

REDEMPTION_PERIOD = timedelta(weeks=3)
# The law's three weeks for the power supplier (ellagen 11 kap.), counted alike.
DISCONNECTION_NOTICE_PERIOD = timedelta(weeks=3)
# Landlords notify before serving the termination (CONTRACTS.md v1.1), but not
# by months: a served date further ahead is a typo.
MAX_SERVED_AHEAD = timedelta(days=60)
# The notice kinds whose deadline is the law's three weeks from being served.
ThreeWeekDeadlineKind = Literal["unpaid_rent", "electricity_debt"]
KINDS_WITH_THREE_WEEK_DEADLINE: frozenset[NoticeKind] = frozenset(get_args(ThreeWeekDeadlineKind))
DeadlineStatus = Literal[
    "not_applicable", "waiting_for_served_date", "running", "passed", "kept_by_commitment"
]
# A termination served more than a year ago is no longer actionable news; an
# eviction date more than two years ahead is a typo, not a plan.
MAX_SERVED_AGE = timedelta(days=366)
MAX_EVICTION_AHEAD = timedelta(days=2 * 366)
OUTREACH_DUE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class TrackDecision:
    track: Track
    children_unknown: bool
    # True when the children-and-youth unit must take part (children, or maybe children).
    children_possible: bool


def choose_track(kind: str, children: int | None) -> TrackDecision:
    """Seed 004's three sections: household with children, without children, or KFM.

    Unknown children (`None`) count as possibly with children: the cost of
    involving the children-and-youth unit needlessly is small, the cost of
    missing a child is not.
    """
    children_unknown = children is None
    children_possible = children_unknown or (children or 0) > 0
    if kind == "eviction_enforcement":
        return TrackDecision("enforcement", children_unknown, children_possible)
    if children_possible:
        return TrackDecision("with_children", children_unknown, True)
    return TrackDecision("without_children", False, False)


def merge_track(current: Track, incoming: Track) -> Track:
    """A case that gets another notice keeps the most demanding track.

    Enforcement (an eviction date is set) outranks a household with children,
    which outranks one without: the checklist of the stronger track is added.
    """
    rank = {"without_children": 0, "with_children": 1, "enforcement": 2}
    return incoming if rank[incoming] > rank[current] else current


def intake_type_for(channel: str, requested: str | None = None) -> IntakeChannel:
    """Underrättelse for landlord/KFM/tenancy notices; staff choose ansökan or anmälan."""
    if channel in ("http", "kafka", "tenancy"):
        return "underrattelse"
    if requested in INTAKE_CHANNELS:
        return requested  # type: ignore[return-value]
    raise ValueError("a staff-created case needs intake type ansokan, anmalan or underrattelse")


def three_weeks_from_later_of(served_at: date | None, notified_on: date | None) -> date | None:
    """Three calendar weeks from the later of the served day and the day the social
    committee was notified, rolled to a working day; None while not served."""
    if served_at is None:
        return None
    start = served_at if notified_on is None else max(served_at, notified_on)
    return add_working_days(start + REDEMPTION_PERIOD, 0)


def redemption_deadline(
    kind: str, served_at: date | None, notified_on: date | None = None
) -> date | None:
    """Last day of the återvinningsfrist (unpaid rent only), NJA 1985 s. 586."""
    if kind != "unpaid_rent":
        return None
    return three_weeks_from_later_of(served_at, notified_on)


def disconnection_deadline(served_at: date | None, notified_on: date | None) -> date | None:
    """Last day before the supplier may cut the power (electricity debt, ellagen 11 kap.)."""
    return three_weeks_from_later_of(served_at, notified_on)


def deadline_status(
    *,
    applies: bool,
    deadline: date | None,
    today: date,
    kept_by_commitment: bool = False,
) -> DeadlineStatus:
    """Where a three-week deadline stands, for the caseworker's eyes."""
    if not applies:
        return "not_applicable"
    if kept_by_commitment:
        return "kept_by_commitment"
    if deadline is None:
        return "waiting_for_served_date"
    return "passed" if today > deadline else "running"


def home_kept_by_commitment(committed_on: date | None, redemption_deadline: date | None) -> bool:
    """True when a commitment is recorded and it keeps the home."""
    return committed_on is not None and commitment_keeps_home(committed_on, redemption_deadline)


def commitment_keeps_home(committed_on: date, redemption_deadline: date | None) -> bool:
    """A skriftlig förbindelse keeps the home when given within the återvinningsfrist
    (12 kap. 44 § jordabalken). Before the frist has started (no served date yet) it is
    within it by definition."""
    return redemption_deadline is None or committed_on <= redemption_deadline


def outreach_due_at(assigned_at: datetime) -> datetime:
    """Housing support visits within 48 clock hours of the assignment."""
    if assigned_at.tzinfo is None:
        raise ValueError("assigned_at must be timezone-aware")
    return assigned_at + OUTREACH_DUE_AFTER


def eviction_deadline_at(eviction_date: date) -> datetime:
    """The eviction happens on that day; be ready by its start (Swedish time)."""
    return datetime.combine(eviction_date, time.min, tzinfo=STOCKHOLM)


DeadlineName = Literal[
    "redemption_period", "electricity_disconnection", "eviction_date", "outreach_visit"
]


@dataclass(frozen=True)
class Deadline:
    name: DeadlineName
    due_at: datetime
    legal: bool
    # When it counts as passed; by default the moment it is due. An eviction date
    # is due at the start of its day but passed only when the day is over.
    overdue_from: datetime | None = None

    def is_overdue(self, now: datetime) -> bool:
        return now > (self.overdue_from or self.due_at)


def case_deadlines(
    *,
    redemption_deadline: date | None,
    eviction_date: date | None,
    outreach_due_at: datetime | None = None,
    disconnection_deadline: date | None = None,
) -> list[Deadline]:
    """The case's deadlines, earliest first. A redemption period kept by a commitment
    is not passed in: it no longer threatens the home."""
    deadlines: list[Deadline] = []
    if redemption_deadline is not None:
        deadlines.append(
            Deadline(
                "redemption_period", legal_deadline_at_end_of_day(redemption_deadline), legal=True
            )
        )
    if disconnection_deadline is not None:
        deadlines.append(
            Deadline(
                "electricity_disconnection",
                legal_deadline_at_end_of_day(disconnection_deadline),
                legal=True,
            )
        )
    if eviction_date is not None:
        deadlines.append(
            Deadline(
                "eviction_date",
                eviction_deadline_at(eviction_date),
                legal=True,
                overdue_from=legal_deadline_at_end_of_day(eviction_date),
            )
        )
    if outreach_due_at is not None:
        deadlines.append(Deadline("outreach_visit", outreach_due_at, legal=False))
    return sorted(deadlines, key=lambda d: d.due_at)


def next_legal_deadline(deadlines: list[Deadline], now: datetime) -> Deadline | None:
    """The nearest legal deadline still ahead; if all have passed, the latest passed one.

    A passed redemption period matters less once an eviction date is ahead, so
    the worklist orders by what is coming next, and shows what has passed as
    an overdue flag.
    """
    legal = [d for d in deadlines if d.legal]
    upcoming = [d for d in legal if not d.is_overdue(now)]
    if upcoming:
        return min(upcoming, key=lambda d: d.due_at)
    if legal:
        return max(legal, key=lambda d: d.due_at)
    return None


def worklist_sort_key(
    deadline: Deadline | None, opened_at: datetime, now: datetime
) -> tuple[int, float, float]:
    """The nearest deadline still ahead first; then what has passed, most recently
    passed first; then cases without any legal deadline, oldest first.

    Putting the oldest passed deadline on top buried the eviction next week under
    a frist that ran out a month ago (issue #9)."""
    opened = opened_at.astimezone(UTC).timestamp()
    if deadline is None:
        return (2, 0.0, opened)
    due = deadline.due_at.timestamp()
    if deadline.is_overdue(now):
        return (1, -due, opened)
    return (0, due, opened)


def validate_dates(
    served_at: date | None, eviction_date: date | None, *, today: date
) -> list[dict[str, str]]:
    """Plausible dates of the eviction process, for a notice and a staff-opened case alike."""
    errors: list[dict[str, str]] = []
    if served_at is not None:
        if served_at - today > MAX_SERVED_AHEAD:
            errors.append({"field": "served_at", "message": "must not be more than 60 days ahead"})
        elif today - served_at > MAX_SERVED_AGE:
            errors.append({"field": "served_at", "message": "must not be more than a year ago"})
    if eviction_date is not None:
        if eviction_date < today:
            errors.append({"field": "eviction_date", "message": "must not be in the past"})
        elif eviction_date - today > MAX_EVICTION_AHEAD:
            errors.append(
                {"field": "eviction_date", "message": "must not be more than two years ahead"}
            )
    return errors


# Reading every case of one's districts, not only those one works on (permissions.toml).
READ_ALL_PERMISSION = "eviction:case.read_all"


def may_read_case(
    *,
    kind: str,
    subject: str,
    can_read_all: bool,
    responsible_caseworker: str | None,
    support_staff: list[str],
) -> bool:
    """Least privilege: housing support (bolots) reads the cases it is booked on, not every
    case in the district; staff with `eviction:case.read_all` read them all; system and
    landlord principals are limited elsewhere (the district filter, their own notices)."""
    if kind != "staff" or can_read_all:
        return True
    return subject == responsible_caseworker or subject in support_staff
