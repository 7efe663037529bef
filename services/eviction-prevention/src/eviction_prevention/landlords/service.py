"""Landlord registration, credentials and authentication.

The credential is `bpl_` + 43 URL-safe characters (32 random bytes). It is
returned once; the database keeps its SHA-256 (see models.py for why a fast
hash is right for a random secret). Authentication is one indexed lookup of
the hash; revoked landlords and credentials authenticate as nobody. Failed
attempts are throttled by the platform's auth middleware (CredentialThrottle,
per client IP and credential prefix), before this lookup is reached.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.principal import Principal
from bostad_common.domain_errors import NotFound
from bostad_common.http_errors import FieldErrors
from eviction_prevention.districts import service as districts
from eviction_prevention.landlords.models import Landlord, LandlordCredential, LandlordDistrict

CREDENTIAL_PREFIX = "bpl_"
_CREDENTIAL_SHAPE = re.compile(r"^bpl_[A-Za-z0-9_-]{43}$")
_NAME_MAX = 200


def new_secret() -> str:
    return CREDENTIAL_PREFIX + secrets.token_urlsafe(32)


def hash_secret(credential: str) -> str:
    return hashlib.sha256(credential.encode()).hexdigest()


@dataclass(frozen=True)
class LandlordView:
    landlord_id: str
    name: str
    districts: list[str]
    created_at: datetime
    revoked_at: datetime | None
    active_credentials: int


async def _validate(session: AsyncSession, name: str, district_codes: list[str]) -> list[str]:
    errors = []
    if not name.strip() or len(name) > _NAME_MAX:
        errors.append({"field": "name", "message": f"1..{_NAME_MAX} characters"})
    codes = sorted({d.strip() for d in district_codes if d.strip()})
    if not codes:
        errors.append({"field": "districts", "message": "at least one district"})
    known = await districts.known_codes(session)
    unknown = [c for c in codes if c not in known]
    if unknown:
        errors.append({"field": "districts", "message": "unknown district: " + ", ".join(unknown)})
    if errors:
        raise FieldErrors(errors)
    return codes


async def register_landlord(
    session: AsyncSession, *, name: str, district_codes: list[str], now: datetime
) -> tuple[Landlord, str]:
    """A new landlord with one credential; returns (landlord, credential shown once)."""
    codes = await _validate(session, name, district_codes)
    landlord = Landlord(name=name.strip(), created_at=now)
    session.add(landlord)
    await session.flush()
    for code in codes:
        session.add(LandlordDistrict(landlord_id=landlord.id, district=code))
    credential = await issue_credential(session, landlord.id, now=now)
    return landlord, credential


async def issue_credential(session: AsyncSession, landlord_id: str, *, now: datetime) -> str:
    """A further credential (rotation: issue a new one, then revoke the landlord's old ones)."""
    secret = new_secret()
    session.add(
        LandlordCredential(
            landlord_id=landlord_id, secret_sha256=hash_secret(secret), created_at=now
        )
    )
    await session.flush()
    return secret


async def _get(session: AsyncSession, landlord_id: str) -> Landlord:
    landlord = await session.get(Landlord, landlord_id)
    if landlord is None:
        raise NotFound("landlord not found")
    return landlord


async def rotate_credential(session: AsyncSession, landlord_id: str, *, now: datetime) -> str:
    landlord = await _get(session, landlord_id)
    if landlord.revoked_at is not None:
        raise NotFound("landlord not found")
    await _revoke_credentials(session, landlord_id, now)
    return await issue_credential(session, landlord_id, now=now)


async def _revoke_credentials(session: AsyncSession, landlord_id: str, now: datetime) -> None:
    result = await session.execute(
        select(LandlordCredential).where(
            LandlordCredential.landlord_id == landlord_id,
            LandlordCredential.revoked_at.is_(None),  # type: ignore[union-attr]
        )
    )
    for credential in result.scalars():
        credential.revoked_at = now


async def revoke_landlord(session: AsyncSession, landlord_id: str, *, now: datetime) -> Landlord:
    """The landlord and all its credentials stop working at once. Its notices stay."""
    landlord = await _get(session, landlord_id)
    if landlord.revoked_at is None:
        landlord.revoked_at = now
    await _revoke_credentials(session, landlord_id, now)
    await session.flush()
    return landlord


async def districts_of(session: AsyncSession, landlord_id: str) -> list[str]:
    result = await session.execute(
        select(LandlordDistrict.district)
        .where(LandlordDistrict.landlord_id == landlord_id)
        .order_by(LandlordDistrict.district)
    )
    return list(result.scalars())


async def list_landlords(session: AsyncSession) -> list[LandlordView]:
    landlords = list(
        (await session.execute(select(Landlord).order_by(Landlord.created_at))).scalars()
    )
    district_rows = await session.execute(select(LandlordDistrict))
    by_landlord: dict[str, list[str]] = {}
    for row in district_rows.scalars():
        by_landlord.setdefault(row.landlord_id, []).append(row.district)
    credential_rows = await session.execute(
        select(LandlordCredential.landlord_id).where(
            LandlordCredential.revoked_at.is_(None)  # type: ignore[union-attr]
        )
    )
    active: dict[str, int] = {}
    for landlord_id in credential_rows.scalars():
        active[landlord_id] = active.get(landlord_id, 0) + 1
    return [
        LandlordView(
            landlord_id=landlord.id,
            name=landlord.name,
            districts=sorted(by_landlord.get(landlord.id, [])),
            created_at=landlord.created_at,
            revoked_at=landlord.revoked_at,
            active_credentials=active.get(landlord.id, 0),
        )
        for landlord in landlords
    ]


async def landlord_principal(session: AsyncSession, landlord_id: str) -> Principal | None:
    """The principal a landlord acts as (for Kafka submissions), or None if unknown/revoked."""
    landlord = await session.get(Landlord, landlord_id)
    if landlord is None or landlord.revoked_at is not None:
        return None
    return _principal(landlord, await districts_of(session, landlord.id))


def _principal(landlord: Landlord, district_codes: list[str]) -> Principal:
    return Principal(
        subject=f"landlord:{landlord.id}",
        kind="landlord",
        roles=frozenset(),
        districts=frozenset(district_codes),
        landlord_id=landlord.id,
        display_name=landlord.name,
    )


async def authenticate(session: AsyncSession, credential: str) -> Principal | None:
    """The landlord a credential belongs to, or None (wrong, revoked, malformed).

    One query (credential, landlord and its districts joined): it runs on every
    landlord request.
    """
    if not _CREDENTIAL_SHAPE.match(credential):
        return None
    digest = hash_secret(credential)
    rows = (
        await session.execute(
            select(
                LandlordCredential.secret_sha256,
                LandlordCredential.revoked_at,
                Landlord.id,
                Landlord.name,
                Landlord.revoked_at.label("landlord_revoked_at"),  # type: ignore[attr-defined]
                LandlordDistrict.district,
            )
            .join(Landlord, Landlord.id == LandlordCredential.landlord_id)  # type: ignore[arg-type]
            .outerjoin(LandlordDistrict, LandlordDistrict.landlord_id == Landlord.id)  # type: ignore[arg-type]
            .where(LandlordCredential.secret_sha256 == digest)
            .order_by(LandlordDistrict.district)
        )
    ).all()
    if not rows:
        return None
    first = rows[0]
    # The lookup matched on the hash already; compare again in constant time anyway.
    if not hmac.compare_digest(first.secret_sha256, digest):
        return None
    if first.revoked_at is not None or first.landlord_revoked_at is not None:
        return None
    return Principal(
        subject=f"landlord:{first.id}",
        kind="landlord",
        roles=frozenset(),
        districts=frozenset(row.district for row in rows if row.district is not None),
        landlord_id=first.id,
        display_name=first.name,
    )
