"""The operator interface of the embedded default (CONTRACTS.md), end to end.

Runs the real `./bostad up` on free ports with its own var/ directory, then the
commands scripts depend on while it runs (`token`, `token --list`, `landlord
add`), then Ctrl-C: everything must stop, exit 0, and leave no process behind.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="scans /proc for leftovers"),
]

ROOT = Path(__file__).resolve().parents[1]
BOSTAD = ROOT / "bostad"
READY_LINE = "Bostadsplattformen is ready"
STOPPED_LINE = "Everything has stopped"
START_TIMEOUT = 85.0
STOP_TIMEOUT = 60.0

# The port variables are part of the contract ("each overridable by environment").
SERVICE_PORT_VARIABLES = {
    "intake": "BOSTAD_INTAKE_PORT",
    "allocation": "BOSTAD_ALLOCATION_PORT",
    "tenancy": "BOSTAD_TENANCY_PORT",
    "eviction-prevention": "BOSTAD_EVICTION_PREVENTION_PORT",
    "notifications": "BOSTAD_NOTIFICATIONS_PORT",
}


def _free_ports(count: int) -> list[int]:
    """Distinct ports nothing listens on (held open together so none repeats)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _processes_of(var_dir: Path) -> list[str]:
    """Live processes started for this var dir (every child inherits BOSTAD_VAR_DIR)."""
    marker = f"BOSTAD_VAR_DIR={var_dir}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = next(
                line for line in (proc / "status").read_text().splitlines()
                if line.startswith("State:")
            )  # fmt: skip
        except (OSError, StopIteration):
            continue
        if "zombie" not in state:
            found.append(f"{proc.name}: {cmdline.strip()}")
    return found


@dataclass
class Platform:
    process: subprocess.Popen[str]
    env: dict[str, str]
    var_dir: Path
    broker_port: int
    issuer_port: int
    service_ports: dict[str, int]
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)

    def output(self) -> str:
        return "\n".join(self.lines)

    def read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith(READY_LINE):
                self.ready.set()

    def bostad(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BOSTAD), *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.service_ports[service]}{path}"


def _stop(platform: Platform) -> None:
    """Last resort for the fixture: stop the runner, then anything it left behind."""
    if platform.process.poll() is None:
        platform.process.send_signal(signal.SIGINT)
        try:
            platform.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(platform.process.pid, signal.SIGKILL)
            platform.process.wait()
    for entry in _processes_of(platform.var_dir):
        pid = int(entry.split(":", 1)[0])
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    var_dir = (tmp_path_factory.mktemp("bostad-up") / "var").resolve()
    broker_port, issuer_port, *ports = _free_ports(2 + len(SERVICE_PORT_VARIABLES))
    service_ports = dict(zip(SERVICE_PORT_VARIABLES, ports, strict=True))
    env = {
        **os.environ,
        "BOSTAD_VAR_DIR": str(var_dir),
        "BOSTAD_BROKER_PORT": str(broker_port),
        "BOSTAD_ISSUER_PORT": str(issuer_port),
        "BOSTAD_UP_TIMEOUT": str(int(START_TIMEOUT) - 10),
        **{SERVICE_PORT_VARIABLES[name]: str(port) for name, port in service_ports.items()},
    }
    process = subprocess.Popen(
        [str(BOSTAD), "up"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    running = Platform(process, env, var_dir, broker_port, issuer_port, service_ports)
    threading.Thread(target=running.read_output, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while not running.ready.is_set() and process.poll() is None and time.monotonic() < deadline:
        running.ready.wait(0.2)
    try:
        if not running.ready.is_set():
            pytest.fail(
                f"./bostad up was not ready within {START_TIMEOUT:.0f} s "
                f"(exit code {process.poll()}):\n{running.output()}"
            )
        yield running
    finally:
        _stop(running)


def test_up_reports_ready_only_when_every_service_is_ready(platform: Platform) -> None:
    for service in SERVICE_PORT_VARIABLES:
        response = httpx.get(platform.url(service, "/health/ready"), timeout=5)
        assert response.status_code == 200, (service, response.text)
        assert httpx.get(platform.url(service, "/health/live"), timeout=5).status_code == 200


def test_up_publishes_api_documents(platform: Platform) -> None:
    for service in SERVICE_PORT_VARIABLES:
        openapi = httpx.get(platform.url(service, "/schema/openapi.json"), timeout=10)
        assert openapi.status_code == 200, service
        assert "openapi" in openapi.json()
        asyncapi = httpx.get(platform.url(service, "/asyncapi.json"), timeout=10)
        assert asyncapi.status_code == 200, service
        assert "asyncapi" in asyncapi.json()


def test_up_tells_where_everything_is(platform: Platform) -> None:
    text = platform.output()
    for port in platform.service_ports.values():
        assert f"http://127.0.0.1:{port}/schema" in text
        assert f"http://127.0.0.1:{port}/asyncapi.json" in text
    assert f"http://127.0.0.1:{platform.issuer_port}/dev-issuer" in text
    assert f"127.0.0.1:{platform.broker_port}" in text
    assert "./bostad token" in text


def test_token_list_shows_demo_users_with_roles_and_districts(platform: Platform) -> None:
    result = platform.bostad("token", "--list")
    assert result.returncode == 0, result.stderr
    assert "anna.caseworker" in result.stdout
    assert "caseworker" in result.stdout
    assert "bromma" in result.stdout and "skarholmen" in result.stdout


def _b64json(part: str) -> dict[str, object]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_token_prints_only_a_bearer_token_from_the_running_issuer(platform: Platform) -> None:
    result = platform.bostad("token", "anna.caseworker")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and result.stdout.endswith("\n"), result.stdout
    header, payload, signature = lines[0].split(".")
    assert signature
    claims = _b64json(payload)
    issuer = f"http://127.0.0.1:{platform.issuer_port}/dev-issuer"
    assert claims["iss"] == issuer
    assert claims["sub"] == "anna.caseworker"
    # Signed with the key the running issuer publishes, so the services accept it.
    keys = httpx.get(f"{issuer}/jwks.json", timeout=5).json()["keys"]
    assert _b64json(header)["kid"] in {key["kid"] for key in keys}


def test_token_for_an_unknown_user_fails_with_nothing_on_stdout(platform: Platform) -> None:
    result = platform.bostad("token", "nobody.at.all")
    assert result.returncode != 0
    assert result.stdout == ""


def _notice(district: str) -> dict[str, object]:
    return {
        "external_id": f"TEST-{uuid.uuid4().hex[:12]}",
        "district": district,
        "kind": "unpaid_rent",
        "tenant": {
            "personal_number": "19121212-1212",
            "name": "Tolvan Tolvansson",
            "phone": "+46701234567",
        },
        "address": {
            "street": "Exempelgatan 1",
            "postal_code": "16731",
            "city": "Bromma",
            "apartment_number": "1102",
        },
        "household": {"children": 2},
        "debt": {"amount": "12450.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": time.strftime("%Y-%m-%d"),
        "eviction_date": None,
        "message": "Två obetalda hyror.",
    }


def test_landlord_add_prints_one_json_object_usable_while_running(platform: Platform) -> None:
    if not (ROOT / "services/eviction-prevention/src/eviction_prevention/cli.py").exists():
        pytest.skip("eviction_prevention.cli (landlord registration) is not written yet")
    result = platform.bostad("landlord", "add", "Testvärd", "--districts", "bromma")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    answer = json.loads(lines[0])
    assert isinstance(answer, dict)
    assert isinstance(answer["landlord_id"], str) and answer["landlord_id"]
    assert isinstance(answer["credential"], str) and answer["credential"]
    # Written into the database the running service reads: the credential works now.
    headers = {"Authorization": f"Bearer {answer['credential']}"}
    submitted = httpx.post(
        platform.url("eviction-prevention", "/api/v1/notices"),
        json=_notice("bromma"),
        headers=headers,
        timeout=10,
    )
    assert submitted.status_code == 202, submitted.text
    notice_id = submitted.json()["notice_id"]
    status = httpx.get(
        platform.url("eviction-prevention", f"/api/v1/notices/{notice_id}"),
        headers=headers,
        timeout=10,
    )
    assert status.status_code == 200, status.text


def test_district_add_and_list_take_effect_while_running(platform: Platform) -> None:
    """Issue #9: a municipality sets up its own districts with `./bostad district`."""
    result = platform.bostad(
        "district", "add", "vallentuna", "Vallentuna kommun", "--bankgiro", "5050-1055",
        "--legal-reference", "12 kap. 44 § jordabalken",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    added = json.loads(result.stdout.strip())
    assert added["code"] == "vallentuna" and added["bankgiro"] == "5050-1055"
    listed = platform.bostad("district", "list")
    assert listed.returncode == 0, listed.stderr
    assert "vallentuna" in [d["code"] for d in json.loads(listed.stdout)]
    landlord = platform.bostad("landlord", "add", "Vallentunavärd", "--districts", "vallentuna")
    assert landlord.returncode == 0, landlord.stderr
    headers = {"Authorization": f"Bearer {json.loads(landlord.stdout)['credential']}"}
    submitted = httpx.post(
        platform.url("eviction-prevention", "/api/v1/notices"),
        json={**_notice("vallentuna"), "external_id": "VAL-1"},
        headers=headers,
        timeout=10,
    )
    assert submitted.status_code == 202, submitted.text


def test_up_refuses_when_its_ports_are_taken(platform: Platform) -> None:
    second = subprocess.run(
        [str(BOSTAD), "up"],
        cwd=ROOT,
        env={**platform.env, "BOSTAD_VAR_DIR": str(platform.var_dir.parent / "second")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode != 0
    assert f"port {platform.service_ports['intake']}" in second.stderr
    assert "already in use" in second.stderr
    assert platform.process.poll() is None  # the running one is untouched


# The demo story (issue #14 point 2): a demo user opening each service sees its main
# lists filled. (service, path, demo user); notifications fill from the other
# services' demo events, so they may take a moment after "ready".
DEMO_LISTS = (
    ("intake", "/api/v1/applications", "anna.caseworker"),
    ("intake", "/api/v1/applications", "sven.skarholmen"),
    ("allocation", "/api/v1/pool", "hugo.housing"),
    ("allocation", "/api/v1/rounds", "hugo.housing"),
    ("allocation", "/api/v1/vacancies", "hugo.housing"),
    ("tenancy", "/api/v1/leases", "frida.fees"),
    ("tenancy", "/api/v1/arrears?district=bromma", "frida.fees"),
    ("tenancy", "/api/v1/invoices", "frida.fees"),
    ("eviction-prevention", "/api/v1/cases/worklist", "anna.caseworker"),
    ("eviction-prevention", "/api/v1/cases/worklist", "sven.skarholmen"),
    (
        "eviction-prevention",
        f"/api/v1/statistics?district=bromma&year={time.gmtime().tm_year}",
        "ulla.manager",
    ),
    ("notifications", "/api/v1/inbox", "anna.caseworker"),
)


def _entries(body: object) -> list[object]:
    """A list answer, a page's items, or (statistics) the non-empty figures."""
    if isinstance(body, list):
        return body
    assert isinstance(body, dict), body
    for key in ("items", "rows", "entries", "by_kind", "districts"):
        if isinstance(body.get(key), list):
            return body[key]
    return [value for value in body.values() if value not in (None, 0, [], {}, "")]


def test_demo_data_fills_every_services_main_lists(platform: Platform) -> None:
    tokens: dict[str, str] = {}
    empty: list[tuple[str, str, str, object]] = []
    deadline = time.monotonic() + 30
    for service, path, user in DEMO_LISTS:
        if user not in tokens:
            result = platform.bostad("token", user)
            assert result.returncode == 0, result.stderr
            tokens[user] = result.stdout.strip()
        while True:
            response = httpx.get(
                platform.url(service, path),
                headers={"Authorization": f"Bearer {tokens[user]}"},
                timeout=10,
            )
            entries = _entries(response.json()) if response.status_code == 200 else []
            if entries or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if not entries:
            empty.append((service, path, user, response.status_code))
    assert not empty, f"empty for a demo user: {empty}"


def test_ctrl_c_stops_everything_and_leaves_no_process(platform: Platform) -> None:
    assert _processes_of(platform.var_dir), "expected the platform's processes to be running"
    platform.process.send_signal(signal.SIGINT)
    try:
        code = platform.process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"./bostad up did not stop within {STOP_TIMEOUT:.0f} s:\n{platform.output()}")
    time.sleep(0.2)  # let the output thread read the last lines
    assert code == 0, platform.output()
    assert STOPPED_LINE in platform.output()
    assert _processes_of(platform.var_dir) == []
    assert list((platform.var_dir / "run").glob("*.pid")) == []
