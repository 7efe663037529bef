from bostad_common.service import run
from eviction_prevention.app import DEFINITION

run(DEFINITION)
