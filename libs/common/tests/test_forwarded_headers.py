"""X-Forwarded-For is believed only from proxies named in BOSTAD_TRUSTED_PROXIES.

Issue #8 finding 3: uvicorn's default trusts forwarded headers from 127.0.0.1,
so a local client could send a different address with each request and dodge
the landlord throttle, which counts per client address.
"""

from __future__ import annotations

import httpx
import pytest
from litestar import Litestar, Request, get

from bostad_common.service import uvicorn_options
from bostad_common.settings import Settings
from bostad_devkit.broker_process import free_port


@get("/whoami", sync_to_thread=False)
def whoami(request: Request) -> dict[str, str | None]:
    return {"client": request.client.host if request.client else None}


def _serve(settings: Settings):  # type: ignore[no-untyped-def]
    import threading
    import time

    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            Litestar([whoami]),
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
            **uvicorn_options(settings),
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    return server, thread, port


@pytest.mark.parametrize(
    ("trusted", "seen"),
    [("", "127.0.0.1"), ("10.9.9.9", "127.0.0.1"), ("127.0.0.1", "203.0.113.9")],
)
def test_forwarded_for_only_from_named_proxies(trusted: str, seen: str) -> None:
    server, thread, port = _serve(Settings(trusted_proxies=trusted))
    try:
        answer = httpx.get(
            f"http://127.0.0.1:{port}/whoami", headers={"X-Forwarded-For": "203.0.113.9"}
        )
        assert answer.json() == {"client": seen}
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().trusted_proxies == ""
    assert uvicorn_options(Settings()) == {"proxy_headers": False}
