"""Child processes of `./bostad up`: one process group each, a pid file each.

Each child runs in its own session (so a Ctrl-C in the terminal reaches only
the runner, which then stops the children in order) and, on Linux, is told by
the kernel to terminate if the runner dies without cleaning up. Stopping a
child signals its whole process group and then checks that the group is empty.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _death_signal_setter() -> Callable[[], None] | None:
    """A pre-exec hook that makes the kernel SIGTERM the child when the runner dies."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    runner_pid = os.getpid()

    def set_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != runner_pid:  # the runner died before prctl took effect
            os._exit(1)

    return set_death_signal


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log_offset: int  # where this run's output starts in the log file
    pid_file: Path | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def exited(self) -> int | None:
        return self.process.poll()

    def log_tail(self, lines: int = 25) -> str:
        return log_tail(self.log_path, self.log_offset, lines)


def log_tail(path: Path, offset: int = 0, lines: int = 25) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def begin_log(log_path: Path, title: str) -> int:
    """Mark the start of this run in the log; returns the offset where it starts."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    offset = log_path.stat().st_size if log_path.exists() else 0
    with log_path.open("ab") as log:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        log.write(f"===== {stamp} ./bostad up: {title} =====\n".encode())
    return offset


def write_pid_file(path: Path, pid: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{pid}\n")


def spawn(
    name: str,
    argv: Sequence[str],
    *,
    env: dict[str, str],
    log_path: Path,
    pid_file: Path,
    cwd: Path,
) -> Child:
    """Start `argv` in its own process group, output appended to `log_path`."""
    offset = begin_log(log_path, name)
    with log_path.open("ab") as log:
        process = subprocess.Popen(  # noqa: S603 - argv is built by the runner
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_death_signal_setter(),  # the runner is single-threaded here
        )
    write_pid_file(pid_file, process.pid)
    return Child(name, process, log_path, offset, pid_file)


def adopt(
    name: str, process: subprocess.Popen[bytes], log_path: Path, offset: int, pid_file: Path
) -> Child:
    """Track a process started elsewhere in its own session (the broker)."""
    write_pid_file(pid_file, process.pid)
    return Child(name, process, log_path, offset, pid_file)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def stop(child: Child, timeout: float, force: Callable[[], bool] = lambda: False) -> str:
    """SIGTERM the child's group, wait, SIGKILL what is left. Returns what happened."""
    outcome = "stopped"
    if child.exited() is None:
        _signal_group(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while child.exited() is None and time.monotonic() < deadline and not force():
            time.sleep(0.05)
        if child.exited() is None:
            _signal_group(child.pid, signal.SIGKILL)
            child.process.wait()
            outcome = "killed (did not stop in time)" if not force() else "killed"
    # The leader has gone; anything else it started must go too.
    if group_alive(child.pid):
        _signal_group(child.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while group_alive(child.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        outcome += "; leftover processes in its group were killed"
    if child.pid_file is not None:
        child.pid_file.unlink(missing_ok=True)
    return outcome


def kill_now(child: Child) -> None:
    _signal_group(child.pid, signal.SIGKILL)


# ---------------------------------------------------------------- leftovers


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _proc_entries(pid: int, name: str) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return None
    return raw.decode("utf-8", "replace").split("\0")


def belongs_to(pid: int, var_dir: Path) -> bool | None:
    """Whether a live process was started for this var dir (None: cannot tell here)."""
    environ = _proc_entries(pid, "environ")
    if environ is None:
        return None
    return f"BOSTAD_VAR_DIR={var_dir}" in environ


def is_runner(pid: int) -> bool | None:
    cmdline = _proc_entries(pid, "cmdline")
    if cmdline is None:
        return None
    return any(part.endswith(("tools/runner", "tools/runner/__main__.py")) for part in cmdline)


@dataclass
class Leftover:
    name: str
    pid: int
    pid_file: Path


def leftovers(run_dir: Path) -> list[Leftover]:
    """Processes named by pid files that are still alive; stale pid files are removed."""
    found: list[Leftover] = []
    for pid_file in sorted(run_dir.glob("*.pid")):
        pid = _read_pid(pid_file)
        if pid is None or not _alive(pid):
            pid_file.unlink(missing_ok=True)
            continue
        found.append(Leftover(pid_file.stem, pid, pid_file))
    return found


def terminate_leftover(leftover: Leftover, timeout: float = 15.0) -> None:
    _signal_group(leftover.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while group_alive(leftover.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if group_alive(leftover.pid):
        _signal_group(leftover.pid, signal.SIGKILL)
    leftover.pid_file.unlink(missing_ok=True)


# ---------------------------------------------------------------- ports


def port_problem(port: int, host: str = "127.0.0.1") -> str | None:
    """Why `up` cannot listen on host:port, or None (sockets in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "is already in use"
            return f"cannot be used ({exc.strerror})"
    return None
