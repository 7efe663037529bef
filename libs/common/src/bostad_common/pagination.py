"""The paging query parameters of list endpoints, defined once.

An offset is bounded to what the database can take (a larger integer would
reach the driver and answer 500; issue #8), a page to what a portal shows.
"""

from __future__ import annotations

from typing import Annotated, Final

from litestar.params import Parameter

from bostad_common.validation import MAX_INT64

MAX_PAGE_SIZE: Final = 200

PageLimit = Annotated[
    int, Parameter(ge=1, le=MAX_PAGE_SIZE, description="How many items at most (1–200)")
]
PageOffset = Annotated[int, Parameter(ge=0, le=MAX_INT64, description="How many items to skip")]
