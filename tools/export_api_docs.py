"""Write every service's OpenAPI and AsyncAPI documents to docs/api/.

    uv run python tools/export_api_docs.py          # regenerate
    uv run python tools/export_api_docs.py --check  # exit 1 if docs/api/ is stale

The documents are published artefacts integrators read; tests/test_api_docs.py
fails when code and the committed documents drift apart.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from pathlib import Path

from bostad_common.services import SERVICE_PACKAGES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "api"
SERVICES = SERVICE_PACKAGES  # bostad_common.services: the one list of services


def documents() -> dict[str, str]:
    from bostad_common.service import asyncapi_json, create_app
    from bostad_common.settings import Settings

    result: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(var_dir=Path(scratch), kafka_bootstrap="127.0.0.1:1")
        for package in SERVICES:
            definition = importlib.import_module(f"{package}.app").DEFINITION
            app = create_app(definition, settings=settings)
            openapi = app.openapi_schema.to_schema()
            asyncapi = json.loads(asyncapi_json(app.state.ctx))
            name = definition.name
            result[f"{name}.openapi.json"] = json.dumps(openapi, indent=2, sort_keys=True) + "\n"
            result[f"{name}.asyncapi.json"] = json.dumps(asyncapi, indent=2, sort_keys=True) + "\n"
    return result


def stale(docs: dict[str, str]) -> list[str]:
    return [
        name
        for name, text in docs.items()
        if not (DOCS / name).exists() or (DOCS / name).read_text("utf-8") != text
    ]


def main(argv: list[str]) -> int:
    docs = documents()
    if "--check" in argv:
        names = stale(docs)
        if names:
            print("stale API documents: " + ", ".join(names), file=sys.stderr)
            return 1
        return 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (DOCS / name).write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
