"""The notifications service's settings: the platform's shared ones plus its own.

`create_app` builds them once at start-up (the definition's `settings_type`) and
hands them down as `ctx.settings`. Its own variables:

BOSTAD_SMTP_URL            smtp://host:25 | smtp+starttls://user:pw@host:587 | smtps://...;
                           empty: e-mail disabled (deliveries recorded as not sent)
BOSTAD_SMTP_FROM           sender address
BOSTAD_PORTAL_URL          base URL of the staff portal; links in e-mail point there
BOSTAD_NOTIFY_MAILBOXES    JSON {"<district>": {"role:<role>" | "user:<id>": "<address>"}}
                           - staff functional mailboxes for e-mail notifications
"""

from __future__ import annotations

from pydantic import Field

from bostad_common.settings import Settings


class NotificationSettings(Settings):
    smtp_url: str = ""
    smtp_from: str = "bostadsplattformen@localhost"
    smtp_timeout_seconds: float = 10.0
    portal_url: str = "http://127.0.0.1:8000"
    notify_mailboxes: dict[str, dict[str, str]] = Field(default_factory=dict)
    delivery_interval_seconds: float = 2.0
    delivery_max_attempts: int = 5
    delivery_batch_size: int = 50
