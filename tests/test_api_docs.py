"""The committed OpenAPI and AsyncAPI documents (docs/api/) match the code.

They are what landlord integrators and the portal teams read; a change to an
endpoint or an event that is not regenerated (tools/export_api_docs.py) fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bostad_common.services import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[1]


def test_published_api_documents_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "export_api_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, [
        *result.stderr.strip().splitlines()[-1:],
        "regenerate: uv run python tools/export_api_docs.py",
    ]


def test_every_service_publishes_both_documents() -> None:
    names = {path.name for path in (ROOT / "docs" / "api").glob("*.json")}
    for service in SERVICE_NAMES:
        assert {f"{service}.openapi.json", f"{service}.asyncapi.json"} <= names
