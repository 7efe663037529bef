from sqlmodel import SQLModel

import eviction_prevention.models  # noqa: F401 - registers the service's tables on the metadata
from bostad_common.migrations_env import run_env

run_env(SQLModel.metadata, "eviction-prevention")
