"""Error answers name the field or parameter and never quote the request."""

from __future__ import annotations

import json

from litestar.exceptions import ValidationException

from bostad_common.http_errors import ErrorBody, validation_exception_handler


def _answer(exc: ValidationException) -> dict:
    response = validation_exception_handler(None, exc)  # type: ignore[arg-type]
    body = json.loads(response.render(response.content, "application/json"))
    ErrorBody.model_validate(body)  # the documented shape
    return {"status": response.status_code, **body}


def test_a_missing_query_parameter_is_named_without_the_path() -> None:
    answer = _answer(
        ValidationException(
            detail="Missing required query parameter 'year' for path /x/19121212-1212"
        )
    )
    assert answer["status"] == 422
    assert answer["errors"] == [{"field": "year", "message": "required query parameter is missing"}]
    assert "secret" not in json.dumps(answer)


def test_a_malformed_parameter_keeps_its_key() -> None:
    answer = _answer(
        ValidationException(
            detail="Validation failed for GET /x?year=abc",
            extra=[{"key": "year", "message": "Expected `int`, got `str`", "source": "query"}],
        )
    )
    assert answer["errors"] == [{"field": "year", "message": "Expected `int`, got `str`"}]
    assert "abc" not in json.dumps(answer)
