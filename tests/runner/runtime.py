"""The checks of fasdl-run: a whole training run, and faults caused from outside.

`run_training` checks what a finished run must show (the loss falls, the
workers agree, the log carries every field); `run_fault` kills a worker,
the store or the run itself while it trains and checks how the run ends.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from cases import Case
from checks import Context, Outcome, sanitizer_failures, shell_words

BREAKDOWN = ("train", "flatten", "upload", "aggregate", "download", "sync", "iteration")
LOG_FIELDS = ("worker", "role", "batch", "train", "flatten", "upload", "aggregate", "download",
              "sync", "iteration_seconds")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def _summary(ctx: Context, case: Case, command: list[str], log: str) -> tuple[dict, list[str]]:
    """Runs `command --format json --log LOG`; its summary, or the failures."""
    outcome = ctx.call(case, command + ["--format", "json", "--log", log])
    failed = sanitizer_failures(outcome)
    if outcome.code != 0:
        failed.append(f"{shell_words(outcome.argv)}\nexit code {outcome.code}, expected 0\n"
                      f"stdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}")
        return {}, failed
    try:
        return json.loads(outcome.stdout), failed
    except json.JSONDecodeError as e:
        return {}, failed + [f"the summary is not JSON ({e}):\n{outcome.stdout}"]


def run_training(ctx: Context, case: Case) -> list[str]:
    """The `run` check: a fasdl-run that finishes with the loss falling and the log complete."""
    log = os.path.join(ctx.out, "runs", _slug(case.name) + ".jsonl")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    if case.prepare:
        prepared = ctx.call(case, case.prepare)
        if prepared.code != 0 or sanitizer_failures(prepared):
            return [f"{shell_words(prepared.argv)}\nexit code {prepared.code}\n{prepared.stderr}"]
        with open(ctx.path(case.prepare_stdout), "w", encoding="utf-8") as f:
            f.write(prepared.stdout)
    summary, failed = _summary(ctx, case, case.command, log)
    if not summary:
        return failed
    if not summary["parameters_consistent"]:
        failed.append("workers do not hold merge I-1 (aggregators) and I-2 (others) bit for bit")
    if not summary["final_loss"] < summary["initial_loss"]:
        failed.append(f"the final loss {summary['final_loss']} is not below the initial "
                      f"{summary['initial_loss']}")
    losses = summary["loss_by_epoch"]
    if len(losses) < 2:
        failed.append("one epoch only: the loss cannot be seen to fall")
    failed += [f"the loss of epoch {e} ({losses[e]}) is not below epoch {e - 1} ({losses[e - 1]})"
               for e in range(1, len(losses)) if not losses[e] < losses[e - 1]]
    breakdown = summary.get("breakdown", {})
    failed += [f"breakdown.{k} is missing or negative" for k in BREAKDOWN
               if not isinstance(breakdown.get(k), (int, float)) or breakdown[k] < 0]
    failed += [f"{k} = {summary.get(k)}, expected a positive number" for k in ("seconds", "dollars")
               if not summary.get(k, 0) > 0]
    if not summary.get("throttle"):
        failed.append("throttle is empty: the run must say how (or that it did not) limit CPU")
    with open(log, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    iterations = [line for line in lines if line.get("event") == "iteration"]
    if iterations:
        failed += [f"log line without {k}: {json.dumps(iterations[0])}" for k in LOG_FIELDS
                   if k not in iterations[0]]
    expected = summary["workers"] * summary["iterations"]
    if len(iterations) < expected:
        failed.append(f"{len(iterations)} iteration lines in the log, expected at least W I = {expected}")
    if not lines or lines[-1].get("event") != "summary":
        failed.append("the log's last line is not the summary")
    if case.relaunched and summary["relaunches"] == 0:
        failed.append("no worker was re-invoked")
    if case.same_as:
        reference, more = _summary(ctx, case, case.same_as, log + ".reference")
        failed += more
        if reference and reference["final_digest"] != summary["final_digest"]:
            failed.append(f"final parameters {summary['final_digest']} differ from the undisturbed "
                          f"run's {reference['final_digest']}")
    if failed:
        failed.append(f"summary:\n{json.dumps(summary, indent=2)}")
    return failed


def _log_lines(path: str) -> list[dict]:
    """The complete JSON lines of a log that is still being written."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    lines = []
    for line in text.split("\n")[:-1]:
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return lines


def _wait_for_iteration(log: str, worker: int, iteration: int, limit: float = 60) -> int | None:
    """The pid of `worker`'s first invocation once it logs `iteration` or later; None after `limit` s.

    Reads the log as it grows, from where it left off, parsing only the lines it needs, so
    that the polling takes no CPU from the run it watches.
    """
    deadline = time.monotonic() + limit
    offset, partial = 0, b""
    wanted = f'"event":"iteration","worker":{worker},"invocation":0,'.encode()
    while time.monotonic() < deadline:
        try:
            with open(log, "rb") as f:
                f.seek(offset)
                chunk = f.read()
        except FileNotFoundError:
            chunk = b""
        offset += len(chunk)
        lines = (partial + chunk).split(b"\n")
        partial = lines.pop()
        for line in lines:
            if wanted in line:
                entry = json.loads(line)
                if entry.get("iteration", -1) >= iteration:
                    return entry["pid"]
        time.sleep(0.05)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run_id(log: str) -> str:
    """The run's id, from the first line of its log that names it ("" when none does)."""
    found = re.search(r'"run_id":"([0-9a-f]+)"', _read(log)) if os.path.exists(log) else None
    return found.group(1) if found else ""


def _processes_of_run(run_id: str) -> list[int]:
    """Processes whose command line holds `--run RUN_ID` (the run's workers)."""
    pids = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                words = f.read().split(b"\0")
        except OSError:
            continue
        if any(a == b"--run" and b == run_id.encode() for a, b in zip(words, words[1:])):
            pids.append(int(entry))
    return pids


def _redis(port: int, password: str, *words: str) -> str:
    """One command to a redis-server on localhost, through redis-cli."""
    done = subprocess.run(["redis-cli", "-p", str(port), *words], capture_output=True, text=True,
                          env={**os.environ, "REDISCLI_AUTH": password}, timeout=10)
    return done.stdout


def _start_redis(ctx: Context, folder: str) -> tuple[subprocess.Popen, int, str] | None:
    """A private, password-protected redis-server on a free port, or None."""
    password = secrets.token_hex(16)
    for _ in range(5):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        conf = os.path.join(folder, "redis.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f'port {port}\nbind 127.0.0.1\nrequirepass {password}\nsave ""\n'
                    f"appendonly no\ndir {folder}\n")
        server = subprocess.Popen([ctx.names["redis_server"], conf], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(100):
            if "PONG" in _redis(port, password, "ping"):
                return server, port, password
            if server.poll() is not None:
                break
            time.sleep(0.05)
        server.kill()
        server.wait()
    return None


def run_fault(ctx: Context, case: Case) -> list[str]:
    """The `fault` check: `kill`, `store` or `interrupt` (see tests/cli/cases/run.toml)."""
    folder = tempfile.mkdtemp(prefix="fasdl-fault-")
    children: list[subprocess.Popen] = []
    log = os.path.join(folder, "run.jsonl")
    try:
        failed = _FAULTS[case.fault](ctx, case, folder, log, children)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return failed


def _background(ctx: Context, case: Case, command: list[str], children: list, stdout: str,
                stderr: str) -> subprocess.Popen:
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        child = ctx.start(case, command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    children.append(child)
    return child


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def _fault_kill(ctx: Context, case: Case, folder: str, log: str, children: list) -> list[str]:
    """A worker killed with SIGKILL mid-run is re-invoked and ends with the undisturbed parameters."""
    reference = ctx.call(case, case.command + ["--epochs", "10"])
    if reference.code != 0:
        return [f"the undisturbed run exited {reference.code}:\n{reference.stderr}"]
    out, err = os.path.join(folder, "faulted.json"), os.path.join(folder, "faulted.err")
    trigger = _background(ctx, case, case.command + ["--epochs", "10", "--log", log], children, out, err)
    pid = _wait_for_iteration(log, 5, 10)
    if pid is None:
        return ["worker 5 never reached iteration 10"]
    os.kill(pid, signal.SIGKILL)
    status = trigger.wait()
    faulted = Outcome(trigger.args, status, _read(out), _read(err))
    failed = sanitizer_failures(faulted) + sanitizer_failures(reference)
    if status != 0:
        return failed + [f"the run exited with {status} after worker 5 (pid {pid}) was killed:\n"
                         f"{faulted.stderr}"]
    summary, undisturbed = json.loads(faulted.stdout), json.loads(reference.stdout)
    if summary["relaunches"] < 1:
        failed.append("worker 5 was not re-invoked")
    killed = {"event": "exit", "worker": 5, "invocation": 0, "pid": pid, "status": "SIGKILL"}
    if not any(all(line.get(k) == v for k, v in killed.items()) for line in _log_lines(log)):
        failed.append("the log does not show worker 5 killed")
    if summary["final_digest"] != undisturbed["final_digest"]:
        failed.append("final parameters differ from the undisturbed run")
    return failed


def _fault_store(ctx: Context, case: Case, folder: str, log: str, children: list) -> list[str]:
    """Through --redis a run leaves no keys; a store that dies mid-run fails it clearly (exit 3)."""
    started = _start_redis(ctx, folder)
    if started is None:
        return ["cannot start a redis-server for the test"]
    server, port, password = started
    children.append(server)
    case.env = {**case.env, "FASDL_REDIS_PASSWORD": password}
    store = ["--redis", f"redis://127.0.0.1:{port}"]
    clean = ctx.call(case, case.command + ["--epochs", "2"] + store)
    failed = sanitizer_failures(clean)
    if clean.code != 0:
        return failed + [f"a run through --redis failed ({clean.code}):\n{clean.stderr}"]
    left = [k for k in _redis(port, password, "--scan", "--pattern", "fasdl:*").split("\n") if k]
    if left:
        failed.append(f"{len(left)} keys of the run are left in the store")
    out, err = os.path.join(folder, "lost.json"), os.path.join(folder, "lost.err")
    trigger = _background(ctx, case, case.command + ["--epochs", "200", "--store-retry", "2s", "--log", log]
                          + store, children, out, err)
    if _wait_for_iteration(log, 0, 5) is None:
        return failed + ["the run never reached iteration 5"]
    server.kill()
    killed_at = time.monotonic()
    status = trigger.wait()
    took = time.monotonic() - killed_at
    lost = Outcome(trigger.args, status, _read(out), _read(err))
    failed += sanitizer_failures(lost)
    if status != 3:
        failed.append(f"exit code {status} after the store died, expected 3:\n{lost.stderr}")
    if took >= 60:
        failed.append(f"the run took {took:.0f} s to give up")
    if f"lost the store: redis://127.0.0.1:{port}: lost the connection" not in lost.stderr:
        failed.append(f"no clear message: {lost.stderr}")
    run_id = _run_id(log)
    workers = _processes_of_run(run_id) if run_id else []
    if not run_id:
        failed.append("the log names no run_id")
    elif workers:
        failed.append(f"workers {workers} of the run are still running")
    return failed


def _fault_interrupt(ctx: Context, case: Case, folder: str, log: str, children: list) -> list[str]:
    """SIGINT stops the workers and the private redis-server and removes the run's cgroups."""
    out, err = os.path.join(folder, "out"), os.path.join(folder, "err")
    trigger = _background(ctx, case, case.command + ["--epochs", "200", "--log", log], children, out, err)
    if _wait_for_iteration(log, 0, 5) is None:
        return ["the run never reached iteration 5"]
    trigger.send_signal(signal.SIGINT)
    status = trigger.wait()
    outcome = Outcome(trigger.args, status, "", _read(err))
    failed = sanitizer_failures(outcome)
    if status != 130:
        failed.append(f"exit code {status} after SIGINT, expected 130")
    if "interrupted by SIGINT" not in outcome.stderr:
        failed.append(f"no message: {outcome.stderr}")
    text = _read(log)
    server = re.search(r"own redis-server \(pid (\d+)\)", text)
    if server is None:
        failed.append("the log does not name the run's own redis-server")
    elif _alive(int(server.group(1))):
        failed.append(f"redis-server {server.group(1)} still runs")
    for line in _log_lines(log):
        if line.get("event") == "invocation" and _alive(line["pid"]):
            failed.append(f"worker process {line['pid']} still runs")
    run_id = _run_id(log)
    if not run_id:
        return failed + ["the log names no run_id"]
    for root, dirs, _ in os.walk("/sys/fs/cgroup"):
        if f"fasdl-{run_id}" in dirs:
            failed.append(f"cgroups of run {run_id} are left: {root}/fasdl-{run_id}")
        if root.count(os.sep) - "/sys/fs/cgroup".count(os.sep) >= 4:
            dirs.clear()  # as deep as find -maxdepth 5
    return failed


def _fault_signal(ctx: Context, case: Case, folder: str, log: str, children: list) -> list[str]:
    """A signal at a chosen moment, or a misbehaving store (tests/runner/signals.py)."""
    import signals
    return signals.run_signal(ctx, case, folder, log, children)


_FAULTS = {"kill": _fault_kill, "store": _fault_store, "interrupt": _fault_interrupt,
           "signal": _fault_signal}
