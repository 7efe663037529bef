"""Settings of this service: the platform's shared ones plus its own, read once at start-up."""

from __future__ import annotations

from bostad_common.settings import HasSettings, Settings, settings_as


class TenancySettings(Settings):
    # How often the dunning watchdog takes the steps due today (idempotent per episode);
    # 0 switches it off.
    dunning_check_interval_seconds: float = 3600.0
    # How often overdue move-out steps are looked for; 0 switches it off.
    move_out_check_interval_seconds: float = 600.0


def tenancy_settings(ctx: HasSettings) -> TenancySettings:
    """This service's settings from its context (built as `TenancySettings` by create_app)."""
    return settings_as(ctx, TenancySettings)
