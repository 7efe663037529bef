"""Settings of this service only (the platform's shared ones are bostad_common.settings)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class TenancySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

    # BOSTAD_DEMO_DATA=1: load the demo leases and a year of rent at start-up (idempotent).
    demo_data: bool = False
    # How often the dunning watchdog takes the steps due today (idempotent per episode);
    # 0 switches it off.
    dunning_check_interval_seconds: float = 3600.0
    # How often overdue move-out steps are looked for; 0 switches it off.
    move_out_check_interval_seconds: float = 600.0
