"""The committed OpenAPI and AsyncAPI documents (docs/api/) match the code.

They are what landlord integrators and the portal teams read; a change to an
endpoint or an event that is not regenerated (tools/export_api_docs.py) fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# ------------------------------------------- what an integrator needs to build against

SERVICES = ["intake", "allocation", "tenancy", "eviction-prevention", "notifications"]
# Fields that hold a code from a closed list wherever they appear in a schema.
CLOSED_LIST_FIELDS = {
    "notice_kind",
    "kind",
    "track",
    "outcome",
    "closing_reason",
    "intake_type",
    "channel",
    "unit",
    "letter",
    "method",
    "result",
    "status",
}
OPEN_KINDS = {
    # A checklist item's code comes from the catalogue a case was opened with.
    ("ChecklistItemRead", "code"),
}


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    ]


def _error_schema_ok(response: dict[str, Any], components: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").rsplit("/", 1)[-1]
    body = components.get(name, {})
    errors = body.get("properties", {}).get("errors", {})
    items = next(
        (part["items"] for part in errors.get("oneOf", [errors]) if part.get("type") == "array"),
        {},
    )
    field_error = components.get(items.get("$ref", "").rsplit("/", 1)[-1], {})
    return {"status_code", "detail"} <= set(body.get("required", [])) and {
        "field",
        "message",
    } <= set(field_error.get("properties", {}))


def test_every_operation_documents_its_security_and_error_answers() -> None:
    problems: list[str] = []
    for name, document in _documents("openapi").items():
        components = document.get("components", {}).get("schemas", {})
        schemes = document.get("components", {}).get("securitySchemes", {})
        if "staffToken" not in schemes or document.get("security") != [{"staffToken": []}]:
            problems.append(f"{name}: no staff bearer token as the default security")
        if name.startswith("eviction-prevention") and "landlordCredential" not in schemes:
            problems.append(f"{name}: no landlord credential scheme")
        for where, operation in _operations(document):
            responses = operation.get("responses", {})
            for code in ("401", "403"):
                if code not in responses:
                    problems.append(f"{name} {where}: no {code}")
            takes_input = "requestBody" in operation or any(
                p.get("in") == "query" for p in operation.get("parameters", [])
            )
            if takes_input and not (
                "422" in responses and _error_schema_ok(responses["422"], components)
            ):
                problems.append(f"{name} {where}: no 422 with errors [{{field, message}}]")
            if "{" in where and "404" not in responses:
                problems.append(f"{name} {where}: names a resource but has no 404")
            for code, response in responses.items():
                if code.startswith("4") and "Validation Exception" in json.dumps(response):
                    problems.append(f"{name} {where}: Litestar's default {code}, not ours")
    assert problems == []


def test_closed_lists_are_enums() -> None:
    problems: list[str] = []
    for name, document in _documents("openapi").items():
        for model, schema in document.get("components", {}).get("schemas", {}).items():
            for field, part in (schema.get("properties") or {}).items():
                if field not in CLOSED_LIST_FIELDS or (model, field) in OPEN_KINDS:
                    continue
                text = json.dumps(part)
                if '"string"' in text and '"enum"' not in text and '"const"' not in text:
                    problems.append(f"{name} {model}.{field}")
    assert problems == []


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_asyncapi_documents_name_every_event_with_its_payload() -> None:
    documents = _documents("asyncapi")
    for service in SERVICES:
        document = documents[f"{service}.asyncapi.json"]
        assert "EmptyPayload" not in json.dumps(document), service
        assert document["operations"], service
        for message_id, message in document["components"]["messages"].items():
            payload_refs = _refs(message["payload"])
            assert payload_refs, f"{service} {message_id}: no payload schema"
        for reference in _refs(document):
            parts = reference.removeprefix("#/").split("/")
            node: Any = document
            for part in parts:
                assert isinstance(node, dict) and part in node, f"{service}: dangling {reference}"
                node = node[part]


def test_eviction_prevention_publishes_its_events_and_documents_the_landlord_topic() -> None:
    document = _documents("asyncapi")["eviction-prevention.asyncapi.json"]
    published = document["channels"]["eviction-prevention.events.v1"]["messages"]
    assert set(published) == {
        "NoticeReceived.v1",
        "CaseOpened.v1",
        "OutreachAssigned.v1",
        "OutreachOverdue.v1",
        "LetterRequested.v1",
        "CaseAssigned.v1",
        "DeadlineSet.v1",
        "CaseClosed.v1",
    }
    landlord = document["components"]["messages"]["landlord.notices.v1.message"]
    assert landlord["payload"] == {"$ref": "#/components/schemas/LandlordNoticeMessage"}
    schema = document["components"]["schemas"]["LandlordNoticeMessage"]
    assert {"landlord_id", "external_id", "district", "kind", "tenant", "address"} <= set(
        schema["required"]
    )
    consumed = {
        op["channel"]["$ref"] for op in document["operations"].values() if op["action"] == "receive"
    }
    assert consumed == {
        "#/channels/landlord.notices.v1",
        "#/channels/tenancy.events.v1",
        "#/channels/notifications.events.v1",  # the staff directory's copy (issue #13)
    }
    notifications = _documents("asyncapi")["notifications.asyncapi.json"]
    received = notifications["channels"]["eviction-prevention.events.v1"]["messages"]
    assert "CaseOpened.v1" in received
    directory = notifications["channels"]["notifications.events.v1"]["messages"]
    assert set(directory) == {"StaffMemberChanged.v1"}


def test_the_documentation_page_loads_nothing_from_the_internet(tmp_path: Path) -> None:
    from litestar.testing import TestClient

    from bostad_common.service import create_app
    from bostad_common.settings import Settings
    from eviction_prevention.app import DEFINITION

    app = create_app(DEFINITION, settings=Settings(var_dir=tmp_path, kafka_bootstrap="127.0.0.1:1"))
    client = TestClient(app)  # no lifespan: nothing connects anywhere
    page = client.get("/schema")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text)
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for asset in assets:
        assert asset.startswith("/schema/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "cdn." not in page.text and "unpkg.com" not in page.text


def test_every_request_body_is_a_typed_model() -> None:
    problems: list[str] = []
    for name, document in _documents("openapi").items():
        components = document.get("components", {}).get("schemas", {})
        for where, operation in _operations(document):
            for content in operation.get("requestBody", {}).get("content", {}).values():
                problems += untyped_parts(content.get("schema"), components, f"{name} {where}")
    assert problems == []
