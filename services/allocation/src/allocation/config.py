"""Settings of this service: the platform's shared ones plus its own, read once at start-up."""

from __future__ import annotations

from bostad_common.settings import HasSettings, Settings, settings_as


class AllocationSettings(Settings):
    # How often the clock watchdog looks for warnings and IVO periods to announce.
    clock_check_interval_seconds: float = 300.0


def allocation_settings(ctx: HasSettings) -> AllocationSettings:
    """This service's settings from its context (built as `AllocationSettings` by create_app)."""
    return settings_as(ctx, AllocationSettings)
