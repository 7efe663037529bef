"""Settings of this service only (the platform's shared ones are bostad_common.settings)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class EvictionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

    # BOSTAD_DEMO_DATA=1: load the demo cases at start-up (idempotent).
    demo_data: bool = False
    # How often the outreach watchdog looks for assignments past their 48 hours.
    outreach_check_interval_seconds: float = 60.0
