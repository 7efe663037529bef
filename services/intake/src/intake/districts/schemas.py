from __future__ import annotations

from datetime import date

from intake.schemas_common import View


class CriterionConfigRead(View):
    code: str
    label_sv: str
    source: str
    required: bool  # False: one of the alternatives (at least one must be met)


class LegalReferenceRead(View):
    text: str
    valid_from: date


class HousingTypeConfigRead(View):
    housing_type: str
    is_bistandsbeslut: bool
    includes_housing_support: bool
    requires_individual_plan: bool
    appeal_route: str
    legal_references: list[LegalReferenceRead]


class DistrictConfigRead(View):
    code: str
    name: str
    deciding_role: str
    certificate_max_age_days: int
    child_age_limit_years: int
    criteria: list[CriterionConfigRead]
    housing_types: list[HousingTypeConfigRead]
