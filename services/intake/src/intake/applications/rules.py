"""The status machine of an application: every state, every action, every transition.

Seed 000's routine as states: the application is registered; a client's
investigation waits for the coordinator's signature ("Samordnaren ... skriver
under utredningen med ett godkännande"); the housing officer then meets the
applicant and may ask for more ("kompletterande uppgifter"); the decision
grants or rejects; a granted decision may end (withdrawn, moved away, no
longer needed); a rejection may be appealed and, if the court overturns it,
the application goes back for a new decision.

An action not allowed in the current state raises `IllegalTransition`, which
names the states that allow it (HTTP 409).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, get_args

from bostad_common.domain_errors import Conflict

ApplicationStatus = Literal[
    "registered",
    "awaiting_coordinator",
    "with_housing_officer",
    "awaiting_information",
    "ready_for_decision",
    "granted",
    "rejected",
    "ended",
    "withdrawn",
]
STATUSES: Final[tuple[str, ...]] = get_args(ApplicationStatus)

Action = Literal[
    "submit_investigation",
    "approve_investigation",
    "return_investigation",
    "send_to_housing_officer",
    "request_information",
    "receive_information",
    "complete_assessment",
    "grant",
    "reject",
    "end_decision",
    "withdraw",
    "appeal_overturned",
]

_OPEN: Final = frozenset(
    {
        "registered",
        "awaiting_coordinator",
        "with_housing_officer",
        "awaiting_information",
        "ready_for_decision",
    }
)

# action -> (states that allow it, the state it leads to)
TRANSITIONS: Final[dict[str, tuple[frozenset[str], str]]] = {
    "submit_investigation": (frozenset({"registered"}), "awaiting_coordinator"),
    "approve_investigation": (frozenset({"awaiting_coordinator"}), "with_housing_officer"),
    "return_investigation": (frozenset({"awaiting_coordinator"}), "registered"),
    "send_to_housing_officer": (frozenset({"registered"}), "with_housing_officer"),
    "request_information": (frozenset({"with_housing_officer"}), "awaiting_information"),
    "receive_information": (frozenset({"awaiting_information"}), "with_housing_officer"),
    "complete_assessment": (frozenset({"with_housing_officer"}), "ready_for_decision"),
    "grant": (frozenset({"ready_for_decision"}), "granted"),
    "reject": (frozenset({"ready_for_decision"}), "rejected"),
    "end_decision": (frozenset({"granted"}), "ended"),
    "withdraw": (_OPEN, "withdrawn"),
    "appeal_overturned": (frozenset({"rejected"}), "ready_for_decision"),
}

# While an application is in one of these, the same person may not have a second
# of the same housing type in the district: a granted one still waits in
# allocation's pool, and two would put the household there twice.
ACTIVE_STATES: Final = _OPEN | {"granted"}

# States in which the housing officer works on the application (meetings, judgement).
HOUSING_OFFICER_STATES: Final = frozenset({"with_housing_officer", "awaiting_information"})
# States in which a certificate may still be added (more information may be one).
CERTIFICATE_STATES: Final = frozenset(
    {"registered", "with_housing_officer", "awaiting_information"}
)


class IllegalTransition(Conflict):
    def __init__(self, action: str, current: str, allowed_from: frozenset[str]) -> None:
        allowed = ", ".join(sorted(allowed_from))
        super().__init__(
            f"{action} is allowed only when the application is {allowed}; it is {current}"
        )
        self.action = action
        self.current = current
        self.allowed_from = allowed_from


@dataclass(frozen=True)
class Transition:
    action: str
    from_status: str
    to_status: str


def transition(current: str, action: str) -> Transition:
    """The transition `action` makes from `current`; IllegalTransition if none."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(action, current, allowed_from)
    return Transition(action, current, target)


def require_state(current: str, allowed: frozenset[str], what: str) -> None:
    """For actions that do not change the state (a meeting, a certificate)."""
    if current not in allowed:
        raise IllegalTransition(what, current, allowed)


def path_for(client_status: str, lss_decision: bool) -> str:
    """Seed 000's two paths.

    A client's certificate "skall alltid kompletteras med en utredning"; a
    non-client's needs none, and the LSS group follows the non-client path
    ("bör i det väsentliga överensstämma med gruppen som kallas 'ej klient'").
    """
    if client_status == "client" and not lss_decision:
        return "investigation"
    return "certificate_only"
