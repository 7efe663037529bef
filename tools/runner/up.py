"""`./bostad up`: the whole platform on one machine, in the foreground.

Start: broker → topics → development issuer and the five services (SQLite
files under var/, demo data) → wait until every service answers /health/ready →
print where everything is. Then watch: a child that dies takes the platform
down with a non-zero exit.

Stop (Ctrl-C, SIGTERM, SIGHUP): the services one at a time, upstream first, each
with SIGTERM so it stops taking requests and its outbox relay publishes what
was committed; before each, the consumers get a moment to catch up. Then the
issuer, then a look into each service's outbox table (what did not reach the
broker stays in the database), then a last look at the consumer groups (the broker keeps messages in
memory only, so anything still unread is lost and the runner says so), then
the broker. Every child runs in its own process group; each group is checked
empty at the end.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from runner import kafka, processes
from runner.config import DEV_ISSUER_MODULE, EVICTION_PREVENTION, ROOT, SERVICES, Embedded
from runner.outbox import unpublished_events
from runner.processes import Child

SERVICE_STOP_TIMEOUT = 30.0  # uvicorn's own graceful timeout is 20 s


def say(message: str = "") -> None:
    print(message, flush=True)


def warn(message: str) -> None:
    print(f"bostad up: {message}", file=sys.stderr, flush=True)


def _indent(text: str, prefix: str = "    | ") -> str:
    return "\n".join(prefix + line for line in text.splitlines()) or f"{prefix}(log is empty)"


@dataclass
class Signals:
    """Ctrl-C once: stop in order. Twice: kill everything now."""

    stop: bool = False
    force: bool = False
    received: list[str] = field(default_factory=list)

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signal.Signals(signum).name)
        if self.stop:
            self.force = True  # the stop loops see it and SIGKILL what is left
        self.stop = True


def _http_status(url: str, timeout: float = 2.0) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http://127.0.0.1
            return response.status, response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(2000).decode("utf-8", "replace")
    except (OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))


class Platform:
    def __init__(self, embedded: Embedded) -> None:
        self.embedded = embedded
        self.signals = Signals()
        self.broker: Child | None = None
        self.issuer: Child | None = None
        self.services: dict[str, Child] = {}
        self.python = sys.executable

    # ------------------------------------------------------------ preparation

    def _prepare(self) -> bool:
        embedded = self.embedded
        for directory in (embedded.var_dir, embedded.log_dir, embedded.run_dir):
            directory.mkdir(parents=True, exist_ok=True)
        # The databases under var/ hold personal numbers: only the owner may enter.
        embedded.var_dir.chmod(0o700)
        if not self._handle_leftovers():
            return False
        problems = [
            f"  port {port} for {label} {problem}"
            for label, port in embedded.ports()
            if (problem := processes.port_problem(port))
        ]
        if problems:
            warn(
                "cannot start:\n"
                + "\n".join(problems)
                + "\nIs another ./bostad up (or something else) running? Stop it, or choose"
                " other ports with the variables named above."
            )
            return False
        processes.write_pid_file(embedded.run_dir / "runner.pid", os.getpid())
        return True

    def _handle_leftovers(self) -> bool:
        run_dir, var_dir = self.embedded.run_dir, self.embedded.var_dir
        found = processes.leftovers(run_dir)
        runner = next((item for item in found if item.name == "runner"), None)
        if runner is not None and processes.is_runner(runner.pid) is not False:
            warn(
                f"./bostad up is already running for {var_dir} (pid {runner.pid}).\n"
                "Stop it with Ctrl-C in its terminal (or `kill -INT "
                f"{runner.pid}`), or use another BOSTAD_VAR_DIR."
            )
            return False
        if runner is not None:
            runner.pid_file.unlink(missing_ok=True)  # pid reused by something else
        orphans = [item for item in found if item.name != "runner"]
        for item in orphans:
            ours = processes.belongs_to(item.pid, var_dir)
            if ours is None:
                warn(
                    f"{item.pid_file} names pid {item.pid}, which is still running and may be "
                    f"left over from a run that did not stop cleanly. Stop it (kill {item.pid}) "
                    "or delete the pid file, then try again."
                )
                return False
            if not ours:
                item.pid_file.unlink(missing_ok=True)
                continue
            warn(f"stopping {item.name} (pid {item.pid}), left over from an unclean stop")
            processes.terminate_leftover(item)
        return True

    # ------------------------------------------------------------ start

    def _start_broker(self) -> bool:
        from bostad_devkit.broker_process import start_broker

        embedded = self.embedded
        log_path = embedded.log_dir / "broker.log"
        offset = processes.begin_log(log_path, "broker")
        say(f"Starting the broker (Tansu, in memory) on {embedded.bootstrap} ...")
        os.environ["BOSTAD_VAR_DIR"] = str(embedded.var_dir)  # marks it as ours in /proc
        try:
            process = start_broker(embedded.broker_port, log_file=log_path)
        except Exception as exc:
            warn(f"the broker did not start: {exc}")
            tail = processes.log_tail(log_path, offset)
            if tail:
                warn(f"last lines of {log_path}:\n{_indent(tail)}")
            return False
        self.broker = processes.adopt(
            "broker", process, log_path, offset, embedded.run_dir / "broker.pid"
        )
        say("Creating topics ...")
        try:
            kafka.create_topics(embedded.bootstrap)
        except Exception as exc:
            warn(f"could not create the topics on {embedded.bootstrap}: {exc!r}")
            return False
        return True

    def _spawn(self, name: str, module: str, env: dict[str, str], *args: str) -> Child:
        embedded = self.embedded
        return processes.spawn(
            name,
            [self.python, "-m", module, *args],
            env=env,
            log_path=embedded.log_dir / f"{name}.log",
            pid_file=embedded.run_dir / f"{name}.pid",
            cwd=ROOT,
        )

    def _start_processes(self) -> None:
        embedded = self.embedded
        say("Starting the development issuer and the five services ...")
        self.issuer = self._spawn("dev-issuer", DEV_ISSUER_MODULE, embedded.environment(), "serve")
        for spec in SERVICES:
            self.services[spec.name] = self._spawn(
                spec.name, spec.package, embedded.service_environment(spec)
            )

    def _children(self) -> list[Child]:
        found = [self.broker, self.issuer, *self.services.values()]
        return [child for child in found if child is not None]

    def _dead_child(self) -> Child | None:
        return next((child for child in self._children() if child.exited() is not None), None)

    def _report_death(self, child: Child, while_doing: str) -> None:
        warn(
            f"{child.name} (pid {child.pid}) exited with code {child.exited()} {while_doing}.\n"
            f"Last lines of {child.log_path}:\n{_indent(child.log_tail())}"
        )

    def _wait_until_ready(self, timeout: float) -> bool:
        embedded = self.embedded
        checks: dict[str, str] = {f"{embedded.issuer_url}/jwks.json": "dev-issuer"}
        for spec in SERVICES:
            checks[f"{embedded.service_url(spec)}/health/ready"] = spec.name
        say(f"Waiting for every service to answer /health/ready (up to {timeout:.0f} s) ...")
        deadline = time.monotonic() + timeout
        last: dict[str, tuple[int | None, str]] = {}
        while checks:
            if self.signals.stop:
                return False
            dead = self._dead_child()
            if dead is not None:
                self._report_death(dead, "while starting")
                return False
            for url, name in list(checks.items()):
                status, body = _http_status(url)
                last[name] = (status, body)
                if status == 200:
                    del checks[url]
            if not checks:
                return True
            if time.monotonic() > deadline:
                break
            time.sleep(0.5)
        by_name = {child.name: child for child in self._children()}
        for url, name in checks.items():
            status, body = last.get(name, (None, "not asked"))
            answer = f"HTTP {status}: {body.strip()[:300]}" if status else body
            child = by_name[name]
            warn(
                f"{name} is not ready after {timeout:.0f} s ({url} -> {answer}).\n"
                f"Last lines of {child.log_path}:\n{_indent(child.log_tail())}"
            )
        return False

    def _print_where(self, seconds: float) -> None:
        embedded = self.embedded
        rel = _display_path
        say()
        say(f"Bostadsplattformen is ready ({seconds:.1f} s). Press Ctrl-C to stop everything.")
        say()
        say(f"  {'service':<21} {'URL':<24} API documents")
        for spec in SERVICES:
            url = embedded.service_url(spec)
            say(f"  {spec.name:<21} {url:<24} {url}/schema  {url}/asyncapi.json")
        say()
        issuer = embedded.issuer_url
        say(f"  development issuer    {issuer}  (keys: {issuer}/jwks.json)")
        say(f"  broker (Tansu)        {embedded.bootstrap}  -- in memory: stopping it drops them")
        say(f"  databases (SQLite)    {rel(embedded.var_dir)}/<service>.db  -- kept between runs")
        say(f"  logs                  {rel(embedded.log_dir)}/<service>.log")
        say(f"  pid files             {rel(embedded.run_dir)}/")
        say()
        say("  A staff token:        ./bostad token anna.caseworker   (./bostad token --list)")
        cases = f"{embedded.service_url(EVICTION_PREVENTION)}/api/v1/cases/worklist"
        say(
            '  Try it:               curl -H "Authorization: Bearer '
            f'$(./bostad token anna.caseworker)" {cases}'
        )
        say("  A landlord system:    ./bostad landlord add 'Exempelvärd AB' --districts bromma")
        say()

    # ------------------------------------------------------------ run

    def run(self, timeout: float) -> int:
        self.signals.install()
        if not self._prepare():
            return 1
        try:
            exit_code = self._start_and_watch(timeout)
        finally:
            clean = self._shutdown()
            (self.embedded.run_dir / "runner.pid").unlink(missing_ok=True)
        return exit_code if clean else exit_code or 1

    def _start_and_watch(self, timeout: float) -> int:
        started = time.monotonic()
        if not self._start_broker():
            return 1
        if self.signals.stop:
            return 0
        self._start_processes()
        if not self._wait_until_ready(timeout):
            if self.signals.stop:
                say("Stopped before everything was ready.")
                return 0
            return 1
        self._print_where(time.monotonic() - started)
        return self._watch()

    def _watch(self) -> int:
        while not self.signals.stop:
            dead = self._dead_child()
            if dead is not None:
                self._report_death(dead, "unexpectedly")
                warn("stopping everything")
                return 1
            time.sleep(0.3)
        say(f"\n{'/'.join(self.signals.received) or 'Stop'} received.")
        return 0

    # ------------------------------------------------------------ stop

    def _stop_one(self, child: Child, label: str, timeout: float) -> bool:
        was_running = child.exited() is None
        begun = time.monotonic()
        outcome = processes.stop(child, timeout, force=lambda: self.signals.force)
        code = child.exited()
        if not was_running:
            say(f"  {label}: had already exited (code {code})")
        else:
            note = "" if code in (0, -signal.SIGTERM) else f", exit code {code}"
            say(f"  {label}: {outcome} ({time.monotonic() - begun:.1f} s{note})")
        return not processes.group_alive(child.pid)

    def _shutdown(self) -> bool:
        """Stop everything that was started; True if no process is left behind."""
        if not self._children():
            return True
        say("Stopping, services first (Ctrl-C again to kill everything at once) ...")
        clean = True
        broker_up = self.broker is not None and self.broker.exited() is None
        for index, spec in enumerate(SERVICES):
            child = self.services.get(spec.name)
            if child is None:
                continue
            if index and broker_up and child.exited() is None and not self.signals.force:
                kafka.wait_for_consumers(
                    self.embedded.bootstrap, give_up=lambda: self.signals.force
                )
            clean &= self._stop_one(child, spec.name, SERVICE_STOP_TIMEOUT)
        if self.issuer is not None:
            clean &= self._stop_one(self.issuer, "development issuer", 10)
        self._report_outboxes()
        if self.broker is not None:
            if self.broker.exited() is None and not self.signals.force:
                self._report_lag()
            clean &= self._stop_one(self.broker, "broker", 10)
        survivors = [child.name for child in self._children() if processes.group_alive(child.pid)]
        if survivors or not clean:
            warn(f"could not stop every process: {', '.join(survivors) or 'see above'}")
            return False
        say("Everything has stopped. The databases are kept; the broker's messages are not.")
        return True

    def _report_outboxes(self) -> None:
        """Ask each stopped service's database what it has not published."""
        for name in self.services:
            pending = unpublished_events(self.embedded.var_dir, name)
            if pending is None:
                say(f"  {name}: could not read its outbox table")
            elif pending:
                say(
                    f"  {name}: {pending} event(s) were still in its outbox; they stay in its "
                    "database and are published at the next start"
                )

    def _report_lag(self) -> None:
        lags = kafka.consumer_lag(self.embedded.bootstrap)
        if lags is None:
            say("  (could not ask the broker whether every message was consumed)")
        elif not lags:
            say("  every consumer had caught up: nothing undelivered is lost with the broker")
        else:
            total = sum(lag.messages for lag in lags)
            say(f"  {total} message(s) were not yet consumed and are lost with the broker:")
            for lag in lags:
                say(f"    {lag.group} on {lag.topic}: {lag.messages}")


def _display_path(path: Path) -> str:
    """Relative to the current directory when inside it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_up(args: list[str], embedded_factory: Callable[[], Embedded] = Embedded.from_env) -> int:
    if args and args[0] in ("-h", "--help"):
        say(UP_HELP)
        return 0
    if args:
        warn(f"unexpected arguments: {' '.join(args)}\n{UP_HELP}")
        return 2
    embedded = embedded_factory()
    timeout = float(os.environ.get("BOSTAD_UP_TIMEOUT", "90"))
    return Platform(embedded).run(timeout)


UP_HELP = """usage: ./bostad up

Starts the broker (Tansu), the development issuer and the five services with
demo data; stays in the foreground; Ctrl-C stops everything in order.

Ports (environment): BOSTAD_BROKER_PORT (9092), BOSTAD_ISSUER_PORT (8000),
BOSTAD_INTAKE_PORT (8001), BOSTAD_ALLOCATION_PORT (8002), BOSTAD_TENANCY_PORT
(8003), BOSTAD_EVICTION_PREVENTION_PORT (8004), BOSTAD_NOTIFICATIONS_PORT (8005).
BOSTAD_VAR_DIR (default var/) holds the databases, logs and pid files;
BOSTAD_UP_TIMEOUT (90) is how long to wait for /health/ready."""
