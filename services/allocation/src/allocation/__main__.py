from allocation.app import DEFINITION
from bostad_common.service import run

run(DEFINITION)
