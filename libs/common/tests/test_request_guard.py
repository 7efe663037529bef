"""The request guard on a tiny app: JSON routes, a route that opts out, size and NUL checks."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar, Request, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from bostad_common.request_guard import BODY_MEDIA_TYPES, create_request_guard, json_nesting_depth

PAYMENT_FILE = ("text/plain", "application/octet-stream")


@post("/json", status_code=200)
async def take_json(data: JSONBody[dict[str, Any]]) -> dict[str, int]:
    return {"keys": len(data)}


@post("/optional", status_code=200)
async def optional_json(data: JSONBody[dict[str, Any] | None] = None) -> dict[str, bool]:
    return {"given": data is not None}


@post("/payment-files", status_code=200, opt={BODY_MEDIA_TYPES: PAYMENT_FILE})
async def take_file(request: Request) -> dict[str, int]:
    return {"bytes": len(await request.body())}


@post(
    "/documents",
    status_code=200,
    opt={BODY_MEDIA_TYPES: PAYMENT_FILE},
    request_max_body_size=4096,
)
async def take_document(request: Request) -> dict[str, int]:
    return {"bytes": len(await request.body())}


@pytest.fixture
async def client():  # type: ignore[no-untyped-def]
    app = Litestar(
        [take_json, optional_json, take_file, take_document],
        middleware=[create_request_guard(1024)],
    )
    async with AsyncTestClient(app) as client:
        yield client


async def test_json_routes_take_json_only(client) -> None:  # type: ignore[no-untyped-def]
    assert (await client.post("/json", json={"a": 1})).json() == {"keys": 1}
    plain = await client.post("/json", content=b'{"a": 1}', headers={"content-type": "text/plain"})
    assert plain.status_code == 415
    empty = await client.post("/json", content=b"", headers={"content-type": "application/json"})
    assert (empty.status_code, empty.json()["errors"]) == (
        422,
        [{"field": "body", "message": "request body is missing"}],
    )
    optional = await client.post("/optional", content=b"")
    assert optional.json() == {"given": False}


async def test_a_route_that_opts_out_takes_its_own_media_types(client) -> None:  # type: ignore[no-untyped-def]
    for media_type in PAYMENT_FILE:
        answer = await client.post(
            "/payment-files", content=b"0123\n\xff", headers={"content-type": media_type}
        )
        assert answer.json() == {"bytes": 6}, media_type
    refused = await client.post("/payment-files", json={"a": 1})
    assert refused.status_code == 415


async def test_too_large_and_nul_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    big = await client.post("/json", json={"a": "x" * 2000})
    assert big.status_code == 413
    # A route with its own, larger limit (a document upload) gets that limit.
    document = await client.post(
        "/documents", content=b"0" * 3000, headers={"content-type": "text/plain"}
    )
    assert document.json() == {"bytes": 3000}
    too_big = await client.post(
        "/documents", content=b"0" * 5000, headers={"content-type": "text/plain"}
    )
    assert too_big.status_code == 413
    nul = await client.post("/json?x=%00", json={"a": 1})
    assert nul.status_code == 400


def test_nesting_depth_ignores_brackets_in_strings() -> None:
    assert json_nesting_depth(b'{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_nesting_depth(b'"\\"[["') == 0
    assert json_nesting_depth(b"[" * 40 + b"]" * 40) == 40
