"""Rules of the move-out process: deadlines of both kinds, order, overdue. Pure.

The two kinds of deadline of seed 003 are computed apart: calendar days with
date arithmetic, working days with `bostad_common.workdays.add_working_days`
(Swedish public holidays and the three eves are not working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bostad_common.workdays import add_working_days
from tenancy.move_out.catalogue import BY_CODE, Deadline


def deadline_after(deadline: Deadline, start: date) -> date:
    if deadline.kind == "calendar_days":
        return start + timedelta(days=deadline.days)
    return add_working_days(start, deadline.days)


@dataclass(frozen=True)
class StepState:
    code: str
    done_on: date | None
    not_needed: bool

    @property
    def settled(self) -> bool:
        return self.done_on is not None or self.not_needed


def missing_prerequisites(code: str, states: dict[str, StepState]) -> list[str]:
    """Steps to settle before `code`; steps not in this process do not hold it up."""
    return [
        required
        for required in BY_CODE[code].requires
        if required in states and not states[required].settled
    ]


def deadline_of(code: str, states: dict[str, StepState]) -> date | None:
    """The step's deadline, once the step it runs from is done; None if it has none (yet)."""
    rule = BY_CODE[code].deadline
    if rule is None:
        return None
    start = states.get(rule.from_step)
    if start is None or start.done_on is None:
        return None
    return deadline_after(rule, start.done_on)


def deadlines_set_by(code: str, states: dict[str, StepState]) -> list[tuple[str, date]]:
    """The steps of this process whose deadline runs from `code`, now that it is done,
    with their deadlines (those already settled wait for nothing)."""
    return [
        (step, deadline)
        for step, state in states.items()
        if (rule := BY_CODE[step].deadline) is not None
        and rule.from_step == code
        and not state.settled
        and (deadline := deadline_of(step, states)) is not None
    ]


def is_overdue(code: str, states: dict[str, StepState], today: date) -> bool:
    state = states[code]
    deadline = deadline_of(code, states)
    return deadline is not None and not state.settled and today > deadline
