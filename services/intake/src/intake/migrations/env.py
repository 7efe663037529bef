import intake.models  # noqa: F401 - registers the service's tables
from bostad_common.db import service_metadata
from bostad_common.migrations_env import run_env

run_env(service_metadata("intake"), "intake")
