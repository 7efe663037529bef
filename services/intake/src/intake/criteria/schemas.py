from __future__ import annotations

from intake.schemas_common import View


class CriterionRead(View):
    code: str
    label_sv: str
    verdict: str
    why: str


class CriteriaCheckRead(View):
    verdict: str
    why: str
    criteria: list[CriterionRead]
