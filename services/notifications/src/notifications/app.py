"""Wiring of the notifications service.

Consumes eviction-prevention's events (handlers.py), routes them by the rules
(routing/), writes in-app notifications, queues e-mail and letters, and serves
the inbox and letters APIs. A background task sends pending e-mail.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar

from bostad_common.auth.directory import seed_demo_directory
from bostad_common.auth.directory_sync import announce_everyone
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.service import ServiceContext, ServiceDefinition, create_app
from bostad_common.services import platform_service
from bostad_common.settings import Settings
from notifications.channels.base import Channel
from notifications.channels.dispatcher import DeliveryDispatcher
from notifications.channels.email import EmailChannel, MailboxDirectory, SmtpConfig
from notifications.config import NotificationSettings, notification_settings
from notifications.directory.scim import ScimUsersController
from notifications.handlers import register_subscribers
from notifications.inbox.api import InboxController
from notifications.letters.api import LetterController
from notifications.preferences.api import PreferencesController
from notifications.reminders.service import ReminderRunner
from notifications.routing.api import RoutingRulesController
from notifications.routing.rules import DEFAULT_RULES
from notifications.routing.store import validate_rule_set


def external_channels(config: NotificationSettings) -> dict[str, Channel]:
    """The channels the dispatcher sends through (in-app is written by the consumer)."""
    smtp = SmtpConfig.from_url(
        config.smtp_url, sender=config.smtp_from, timeout=config.smtp_timeout_seconds
    )
    email = EmailChannel(smtp, MailboxDirectory(config.notify_mailboxes), config.portal_url)
    return {email.name: email}


async def check_configuration(ctx: ServiceContext) -> None:
    validate_rule_set(DEFAULT_RULES)
    external_channels(notification_settings(ctx))  # a bad BOSTAD_SMTP_URL fails start-up


async def seed_and_announce_directory(ctx: ServiceContext) -> None:
    """Seed the demo users if asked, then announce everyone to the directory's copies.

    Announcing at every start fills a new copy (eviction-prevention's) without a
    manual step and lets a copy restored from an old backup catch up; a copy
    that is up to date ignores what it already holds.
    """
    async with ctx.sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        if notification_settings(ctx).seeds_demo_directory():
            await seed_demo_directory(session)
        await announce_everyone(session)


async def send_pending_deliveries(ctx: ServiceContext) -> None:
    settings = notification_settings(ctx)
    dispatcher = DeliveryDispatcher(
        ctx.sessions,
        external_channels(settings),
        max_attempts=settings.delivery_max_attempts,
        batch_size=settings.delivery_batch_size,
    )
    await dispatcher.run_forever(settings.delivery_interval_seconds)


async def fire_due_reminders(ctx: ServiceContext) -> None:
    settings = notification_settings(ctx)
    await ReminderRunner(ctx.sessions).run_forever(settings.reminder_interval_seconds)


DEFINITION = ServiceDefinition(
    name="notifications",
    title="Notifications",
    default_port=platform_service("notifications").default_port,
    migrations_dir=Path(__file__).parent / "migrations",
    route_handlers=[
        InboxController,
        LetterController,
        PreferencesController,
        RoutingRulesController,
        ScimUsersController,
    ],
    register_subscribers=register_subscribers,
    on_startup=[check_configuration, seed_and_announce_directory],
    background_tasks=[send_pending_deliveries, fire_due_reminders],
    settings_type=NotificationSettings,
    description=(
        "Routes eviction-prevention events to the staff who must act: in-app inbox, "
        "e-mail that says only that there is something to read, and letters to tenants "
        "queued for print."
    ),
)


def create(settings: Settings | None = None) -> Litestar:
    """The app; its settings are read from the environment when not given (one object,
    `NotificationSettings`, handed down as `ctx.settings`)."""
    return create_app(DEFINITION, settings=settings)
