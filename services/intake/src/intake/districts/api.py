"""`/api/v1/districts/{code}/intake-configuration`: what the district has decided.

A portal shows it next to the forms (which housing types, which criteria, who
decides). It holds no personal data, so reading it is not access-logged; a
district outside the caller's token answers 404 like any other record.
"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath

from bostad_common.auth.middleware import principal_of, requires
from bostad_common.domain_errors import NotFound
from intake.districts import schemas
from intake.districts.config import DistrictConfig, district_config


def config_view(config: DistrictConfig) -> schemas.DistrictConfigRead:
    return schemas.DistrictConfigRead(
        code=config.code,
        name=config.name,
        deciding_role=config.deciding_role,
        certificate_max_age_days=config.certificate_max_age_days,
        child_age_limit_years=config.child_age_limit_years,
        criteria=[
            schemas.CriterionConfigRead(
                code=c.code,
                label_sv=c.label_sv,
                source=c.source,
                required=c in config.criteria.required,
            )
            for c in config.criteria.all
        ],
        housing_types=[
            schemas.HousingTypeConfigRead(
                housing_type=housing_type,
                is_bistandsbeslut=rule.is_bistandsbeslut,
                includes_housing_support=rule.includes_housing_support,
                requires_individual_plan=rule.requires_individual_plan,
                appeal_route=rule.appeal_route,
                legal_references=[
                    schemas.LegalReferenceRead(text=r.text, valid_from=r.valid_from)
                    for r in rule.legal_references
                ],
            )
            for housing_type, rule in config.housing_types.items()
            if rule.offered
        ],
    )


class DistrictConfigController(Controller):
    path = "/districts"
    tags = ("districts",)

    @get(
        "/{code:str}/intake-configuration",
        guards=[requires("intake:application.read")],
        operation_id="districtIntakeConfiguration",
        summary="The district's criteria, deciding role and per housing type settings",
        sync_to_thread=False,
    )
    def configuration(self, code: FromPath[str], request: Request) -> schemas.DistrictConfigRead:
        config = district_config(code)
        if config is None or not principal_of(request).in_district(code):
            raise NotFound("district not found")
        return config_view(config)
