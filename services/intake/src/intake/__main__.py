from bostad_common.service import run
from intake.app import DEFINITION

run(DEFINITION)
