"""Read model of the unit manager's overview (`/api/v1/overview`)."""

from __future__ import annotations

from pydantic import BaseModel

from eviction_prevention.overview.service import DistrictFigures


class OpenByTrack(BaseModel):
    with_children: int
    without_children: int
    enforcement: int


class OpenByAge(BaseModel):
    under_1_week: int
    one_to_4_weeks: int
    one_to_3_months: int
    over_3_months: int


class Caseload(BaseModel):
    """Open cases of one caseworker; `caseworker` null: the team's unassigned cases."""

    caseworker: str | None
    open_cases: int


class DistrictOverview(BaseModel):
    district: str
    open_cases: int
    open_by_track: OpenByTrack
    open_by_age: OpenByAge
    deadlines_within_7_days: int
    overdue_outreach: int
    households_with_children_facing_eviction: int
    children_facing_eviction: int
    households_with_unknown_children_facing_eviction: int
    caseload: list[Caseload]

    @classmethod
    def of(cls, f: DistrictFigures) -> DistrictOverview:
        return cls(
            district=f.district,
            open_cases=sum(f.by_track.values()),
            open_by_track=OpenByTrack(
                with_children=f.by_track["with_children"],
                without_children=f.by_track["without_children"],
                enforcement=f.by_track["enforcement"],
            ),
            open_by_age=OpenByAge(
                under_1_week=f.by_age["under_1_week"],
                one_to_4_weeks=f.by_age["1_to_4_weeks"],
                one_to_3_months=f.by_age["1_to_3_months"],
                over_3_months=f.by_age["over_3_months"],
            ),
            deadlines_within_7_days=f.deadlines_within_7_days,
            overdue_outreach=f.overdue_outreach,
            households_with_children_facing_eviction=f.households_with_children_facing_eviction,
            children_facing_eviction=f.children_facing_eviction,
            households_with_unknown_children_facing_eviction=f.children_unknown_facing_eviction,
            caseload=[
                Caseload(caseworker=who, open_cases=n)
                for who, n in sorted(
                    f.caseload.items(), key=lambda kv: (kv[0] is None, kv[0] or "")
                )
            ],
        )
