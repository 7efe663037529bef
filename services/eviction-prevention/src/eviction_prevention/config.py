"""Settings of this service: the platform's shared ones plus its own, read once at start-up.

`create_app` builds an `EvictionSettings` (the definition's `settings_type`) and
hands it down as `ctx.settings`; `eviction_settings(ctx)` gives it its type back.
"""

from __future__ import annotations

from bostad_common.settings import HasSettings, Settings, settings_as


class EvictionSettings(Settings):
    # How often the outreach watchdog looks for assignments past their 48 hours.
    outreach_check_interval_seconds: float = 60.0


def eviction_settings(ctx: HasSettings) -> EvictionSettings:
    """This service's settings from its context (built as `EvictionSettings` by create_app)."""
    return settings_as(ctx, EvictionSettings)
