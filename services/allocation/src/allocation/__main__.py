from bostad_common.service import run

from allocation.app import DEFINITION

run(DEFINITION, "allocation.app:create")
