"""The committed OpenAPI and AsyncAPI documents (docs/api/) match the code.

They are what landlord integrators and the portal teams read; a change to an
endpoint or an event that is not regenerated (tools/export_api_docs.py) fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    for service in ["intake", "allocation", "tenancy", "eviction-prevention", "notifications"]:
        assert {f"{service}.openapi.json", f"{service}.asyncapi.json"} <= names


def _documents(kind: str) -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text("utf-8"))
        for path in sorted((ROOT / "docs" / "api").glob(f"*.{kind}.json"))
    }


def untyped_parts(schema: Any, components: dict[str, Any], where: str) -> list[str]:
    """Places in `schema` (refs followed) an integrator cannot build against: an empty
    schema, or an object with neither properties nor a typed additionalProperties."""
    found: list[str] = []
    seen: set[str] = set()

    def walk(node: Any, at: str) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(components.get(name), f"{at}→{name}")
            return
        if not node or not ({"type", "oneOf", "anyOf", "allOf", "enum", "const"} & node.keys()):
            found.append(f"{at}: empty schema")
            return
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        extra = node.get("additionalProperties")
        if is_object and not node.get("properties") and not (isinstance(extra, dict) and extra):
            found.append(f"{at}: bare object")
        for key in ("oneOf", "anyOf", "allOf"):
            for index, part in enumerate(node.get(key, [])):
                walk(part, f"{at}.{key}[{index}]")
        for name, part in (node.get("properties") or {}).items():
            walk(part, f"{at}.{name}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{at}[]")
        if isinstance(extra, dict) and extra:
            walk(extra, f"{at}{{}}")

    walk(schema, where)
    return found


def test_untyped_parts_finds_a_bare_object() -> None:
    """The check itself can fail: a bare object, an untyped map and `{}` are found."""
    components = {"Row": {"type": "object", "properties": {"extra": {}}}}
    assert untyped_parts({"type": "object"}, {}, "r") == ["r: bare object"]
    assert untyped_parts({"type": "object", "additionalProperties": {}}, {}, "r") == [
        "r: bare object"
    ]
    assert untyped_parts({"$ref": "#/components/schemas/Row"}, components, "r") == [
        "r→Row.extra: empty schema"
    ]
    assert untyped_parts({"type": "array", "items": {"type": "string"}}, {}, "r") == []


def test_every_success_response_is_a_typed_read_model() -> None:
    problems: list[str] = []
    for name, document in _documents("openapi").items():
        components = document.get("components", {}).get("schemas", {})
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                for status, response in operation.get("responses", {}).items():
                    if not status.startswith("2"):
                        continue
                    for media, content in response.get("content", {}).items():
                        if "json" not in media:
                            continue
                        problems += untyped_parts(
                            content.get("schema"),
                            components,
                            f"{name} {method.upper()} {path} {status}",
                        )
    assert problems == []
