"""Settings of this service only (the platform's shared ones are bostad_common.settings)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

    # BOSTAD_DEMO_DATA=1: load the demo applications at start-up (idempotent).
    demo_data: bool = False
