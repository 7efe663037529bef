"""`landlord.notices.v1`: the same notice as over HTTP, from landlord systems' Kafka.

Value: the HTTP body plus a top-level `landlord_id`; key `<landlord_id>:<external_id>`.
Anything that can never succeed — not JSON, invalid, unknown or revoked
landlord, a district the landlord may not submit for, a key that names
another notice — goes to `landlord.notices.v1.dlq` with the reason in the
`error` header (never the input). Duplicates create nothing: the
(landlord, external_id) unique key makes the handler idempotent, so it needs
no inbox.
"""

from __future__ import annotations

import json

from pydantic import SecretStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from bostad_common.events.topics import LANDLORD_NOTICES
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_raw
from bostad_common.messaging.consumer import describe_validation_error
from bostad_common.service import ServiceContext
from eviction_prevention.landlords import service as landlords
from eviction_prevention.notices import service
from eviction_prevention.notices.schemas import LandlordNoticeMessage, NoticeSubmission

GROUP_ID = "eviction-prevention.landlord-notices"


def _field_errors_text(errors: list[dict[str, str]]) -> str:
    return "invalid notice: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])


async def handle_landlord_notice(
    session: AsyncSession,
    body: bytes,
    headers: dict[str, str],
    key: bytes | None,
    *,
    pseudonym_key: SecretStr,
) -> None:
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PoisonMessage("value is not JSON") from None
    if not isinstance(raw, dict):
        raise PoisonMessage("value is not a JSON object")
    landlord_id = raw.get("landlord_id")
    if not isinstance(landlord_id, str) or not landlord_id or len(landlord_id) > 64:
        raise PoisonMessage("landlord_id missing or malformed")
    try:
        submission = NoticeSubmission.model_validate(raw)
    except ValidationError as exc:
        raise PoisonMessage(describe_validation_error(exc, "notice")) from None
    if key is not None and key.decode("utf-8", "replace") != (
        f"{landlord_id}:{submission.external_id}"
    ):
        raise PoisonMessage("key is not <landlord_id>:<external_id> of the value")
    principal = await landlords.landlord_principal(session, landlord_id)
    if principal is None:
        raise PoisonMessage("unknown or revoked landlord")
    bind_principal(session, principal)
    now = utcnow()
    try:
        await service.check_submission(
            session, submission, allowed_districts=principal.districts, now=now
        )
        await service.submit_notice(
            session,
            Actor(principal, pseudonym_key),
            service.IncomingNotice.from_submission(
                submission, landlord_id=landlord_id, channel="kafka"
            ),
            now=now,
        )
    except FieldErrors as exc:
        raise PoisonMessage(_field_errors_text(exc.errors)) from None
    except NotPermitted as exc:
        raise PoisonMessage(exc.reason) from None


def register(ctx: ServiceContext) -> None:
    key = ctx.settings.pseudonym_key

    async def handler(
        session: AsyncSession, body: bytes, headers: dict[str, str], msg_key: bytes | None
    ) -> None:
        await handle_landlord_notice(session, body, headers, msg_key, pseudonym_key=key)

    subscribe_raw(
        ctx.broker,
        topic=LANDLORD_NOTICES,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handler,
        documented_payload=LandlordNoticeMessage,
        **consumer_options(ctx.settings),
    )
