"""The `signal` fault: a command, a store that misbehaves, and a signal at a chosen moment.

A case may have a `listener`, a TCP server of the runner's own on 127.0.0.1
({port} in the case's words): `silent` accepts and never answers, `closing`
accepts and closes at once (a store being retried), `hostile` answers every
command with a Redis error of 100 kB full of escape sequences. `when` says
when to send `signal` (default SIGINT): `connections:N` once the listener
has accepted N connections, `file` once {marker} exists (a fake program
touched it), `iteration:W:I` once worker W logged iteration I in {log}; no
`when` runs the command to its end. The command runs in a session of its
own; the check is its exit code, its stderr (`stderr` exact, `stderr_has`),
its stdout (`stdout_lacks`), and that no process of the session is left.
Nothing is timed: the waits have generous limits that only stop a hung test.
"""
from __future__ import annotations

import os
import signal as sig
import socket
import subprocess
import threading
import time

from cases import Case
from checks import Context, Outcome, sanitizer_failures

HOSTILE = b"\x1b[31mred\x07 \x1b]0;title\x07\nsecond line\r" + b"A" * 100_000
WAIT_LIMIT = 120  # seconds: only a hung command reaches it


class Listener:
    """A TCP server on a free port of 127.0.0.1 that misbehaves as `kind` says."""

    def __init__(self, kind: str):
        self.kind = kind
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.open: list[socket.socket] = []
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            if self.kind == "closing":
                conn.close()
            elif self.kind == "silent":
                self.open.append(conn)
            else:
                threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            while conn.recv(65536):
                conn.sendall(b"-ERR " + HOSTILE + b"\r\n")

    def close(self) -> None:
        self.stopped = True
        for conn in self.open:
            conn.close()
        self.sock.close()


def _session_processes(session: int) -> list[int]:
    """Processes whose session is `session` (what the command started and left)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if len(fields) > 4 and fields[0] != "Z" and int(fields[4]) == session:
            pids.append(int(entry))
    return pids


def _wait(condition, limit: float = WAIT_LIMIT) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _moment(case: Case, listener: Listener | None, marker: str, log: str, child) -> str | None:
    """Waits for the case's `when`; None, or why the moment never came."""
    kind, _, arg = (case.when or "").partition(":")
    alive = lambda: child.poll() is None  # noqa: E731
    if kind == "connections":
        if listener is None:
            return "when = connections needs a listener"
        if not _wait(lambda: listener.accepted >= int(arg) or not alive()):
            return f"the listener never saw {arg} connections"
    elif kind == "file":
        if not _wait(lambda: os.path.exists(marker) or not alive()):
            return f"{marker} never appeared"
    elif kind == "iteration":
        from runtime import _wait_for_iteration
        worker, iteration = (int(x) for x in arg.split(":"))
        if _wait_for_iteration(log, worker, iteration, WAIT_LIMIT) is None and alive():
            return f"worker {worker} never logged iteration {iteration}"
    elif kind:
        return f"when: expected connections:N, file or iteration:W:I, got {case.when!r}"
    if not alive():
        return f"the command ended (exit code {child.returncode}) before the signal"
    return None


def run_signal(ctx: Context, case: Case, folder: str, log: str, children: list) -> list[str]:
    """The `signal` fault (tests/cli/cases/hardening.toml)."""
    listener = Listener(case.listener) if case.listener else None
    marker = os.path.join(folder, "marker")
    extra = {"marker": marker, "log": log, "port": str(listener.port if listener else 0)}
    try:
        out, err = os.path.join(folder, "out"), os.path.join(folder, "err")
        env = {**os.environ, **ctx.expand(case.env, extra)}
        with open(out, "wb") as o, open(err, "wb") as e:
            child = subprocess.Popen(ctx.argv(ctx.expand(case.command, extra)), stdout=o, stderr=e,
                                     stdin=subprocess.DEVNULL, cwd=ctx.expand(case.workdir),
                                     env=env, start_new_session=True)
        children.append(child)
        failed: list[str] = []
        if case.when:
            problem = _moment(case, listener, marker, log, child)
            if problem:
                failed.append(problem)
            else:
                child.send_signal(getattr(sig, case.signal or "SIGINT"))
        try:
            code = child.wait(timeout=WAIT_LIMIT)
        except subprocess.TimeoutExpired:
            return failed + [f"the command did not end within {WAIT_LIMIT} s"]
        left = _session_processes(child.pid)
        with open(out, encoding="utf-8", errors="surrogateescape") as f:
            stdout = f.read()
        with open(err, encoding="utf-8", errors="surrogateescape") as f:
            stderr = f.read()
        outcome = Outcome(child.args, code, stdout, stderr)
        failed += sanitizer_failures(outcome)
        if code != case.exit:
            failed.append(f"exit code {code}, expected {case.exit}")
        if case.stderr is not None and stderr.removesuffix("\n") != ctx.expand(case.stderr, extra):
            failed.append(f"stderr differs:\n  got:      {stderr}\n  expected: "
                          f"{ctx.expand(case.stderr, extra)}")
        failed += [f"stderr lacks {s!r}" for s in ctx.expand(case.stderr_has, extra)
                   if s not in stderr]
        failed += [f"stdout holds {s!r}" for s in ctx.expand(case.stdout_lacks, extra)
                   if s in stdout]
        if left:
            failed.append(f"processes {left} of the command's session are still running")
            for pid in left:
                try:
                    os.kill(pid, sig.SIGKILL)
                except ProcessLookupError:
                    pass
        if failed:
            failed.append(f"stderr:\n{stderr[:2000]}")
        return failed
    finally:
        if listener:
            listener.close()
