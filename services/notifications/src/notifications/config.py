"""The notifications service's settings: the platform's shared ones plus its own.

`create_app` builds them once at start-up (the definition's `settings_type`) and
hands them down as `ctx.settings`. Its own variables:

BOSTAD_SMTP_URL            smtp://host:25 | smtp+starttls://user:pw@host:587 | smtps://...;
                           empty: e-mail disabled (deliveries recorded as not sent)
BOSTAD_SMTP_FROM           sender address
BOSTAD_PORTAL_URL          base URL of the staff portal; links in e-mail point there
BOSTAD_NOTIFY_MAILBOXES    JSON {"<district>": {"role:<role>" | "user:<id>": "<address>"}}
                           - staff functional mailboxes for e-mail notifications
BOSTAD_LETTERHEADS         JSON {"<district>": {"district_name", "visiting_address",
                           "postal_address", "phone", ...}} - printed on every letter
BOSTAD_SCIM_TOKEN          bearer credential of the identity provider for /scim/v2 (empty: off)
BOSTAD_SEED_DEMO_DIRECTORY put the demo users in the staff directory at start-up
                           (default: with BOSTAD_DEMO_DATA=1 or BOSTAD_ENVIRONMENT=development)
"""

from __future__ import annotations

from pydantic import Field

from bostad_common.settings import HasSettings, Settings, settings_as
from notifications.letters.letterhead import Letterhead


class NotificationSettings(Settings):
    smtp_url: str = ""
    smtp_from: str = "bostadsplattformen@localhost"
    smtp_timeout_seconds: float = 10.0
    portal_url: str = "http://127.0.0.1:8000"
    notify_mailboxes: dict[str, dict[str, str]] = Field(default_factory=dict)
    delivery_interval_seconds: float = 2.0
    delivery_max_attempts: int = 5
    delivery_batch_size: int = 50
    reminder_interval_seconds: float = 30.0
    letterheads: dict[str, Letterhead] = Field(default_factory=dict)
    scim_token: str = ""


def notification_settings(ctx: HasSettings) -> NotificationSettings:
    """The service's settings with their own type (`ctx.settings`, built once at start-up)."""
    return settings_as(ctx, NotificationSettings)
