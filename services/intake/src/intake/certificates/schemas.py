from __future__ import annotations

from datetime import date, datetime

from intake.certificates.rules import IssuerRole
from intake.schemas_common import Body, ShortText, Text, View


class CertificateCreate(Body):
    issuer_role: IssuerRole
    issuer_name: ShortText
    issued_on: date
    attests: Text


class CertificateRead(View):
    certificate_id: str
    issuer_role: str
    grounds: str
    issuer_name: str
    issued_on: date
    attests: str
    stale: bool
    registered_at: datetime
    registered_by: str
