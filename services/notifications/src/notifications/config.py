"""The notifications service's own settings, read from the environment once.

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
                           (default: only when BOSTAD_ENVIRONMENT=development)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from notifications.letters.letterhead import Letterhead

# Where the service keeps its settings in ServiceContext.extras (set at start-up).
CONFIG_KEY: Final = "notification_settings"


class NotificationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

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
    seed_demo_directory: bool | None = None


@lru_cache
def get_notification_settings() -> NotificationSettings:
    return NotificationSettings()
