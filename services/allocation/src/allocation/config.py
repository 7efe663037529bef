"""Settings of this service: the platform's shared ones plus its own, read once at start-up."""

from __future__ import annotations

from typing import Protocol

from bostad_common.settings import Settings, settings_as


class AllocationSettings(Settings):
    # How often the clock watchdog looks for warnings and IVO periods to announce.
    clock_check_interval_seconds: float = 300.0


class _HasSettings(Protocol):
    settings: Settings


def allocation_settings(ctx: _HasSettings) -> AllocationSettings:
    """This service's settings from its context (built as `AllocationSettings` by create_app)."""
    return settings_as(ctx.settings, AllocationSettings)
