from bostad_common.service import run
from notifications.app import DEFINITION

run(DEFINITION)
