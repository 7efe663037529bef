import notifications.models  # noqa: F401 - registers the service's tables on the metadata
from bostad_common.migrations_env import run_env
from sqlmodel import SQLModel

run_env(SQLModel.metadata, "notifications")
