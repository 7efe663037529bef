"""CSV answers of the report endpoints (UTF-8, a header row, empty cells for nulls)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from litestar import Response


def csv_response(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...], filename: str
) -> Response[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
