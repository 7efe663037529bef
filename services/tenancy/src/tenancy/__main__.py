from bostad_common.service import run
from tenancy.app import DEFINITION

run(DEFINITION)
