"""Settings of this service only (the platform's shared ones are bostad_common.settings)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class AllocationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

    # BOSTAD_DEMO_DATA=1: load the demo pool, apartments and rounds at start-up (idempotent).
    demo_data: bool = False
    # How often the clock watchdog looks for warnings and IVO periods to announce.
    clock_check_interval_seconds: float = 300.0
