"""A local stand-in for the Lambda API, for testing fasdl-measure without AWS.

Test code. It serves the three REST operations the driver calls, as Lambda's
API shapes them (so the driver's real boto3 client talks to it through
``--endpoint-url``):

    GET  /2015-03-31/functions/NAME/configuration   GetFunctionConfiguration
    PUT  /2015-03-31/functions/NAME/configuration   UpdateFunctionConfiguration
    POST /2015-03-31/functions/NAME/invocations     Invoke (RequestResponse)

and behaves as Lambda does where the driver must cope: a memory change stays
``LastUpdateStatus: InProgress`` for ``update_seconds`` (another change then
is refused with 409 ResourceConflictException, and invocations still run
with the old memory); more than ``max_concurrency`` invocations in flight, or
the first ``throttle_first`` invocations, are refused with 429
TooManyRequestsException, and the first ``conflict_first`` memory changes
with 409. Each invocation runs the real handler in a
sandbox subprocess (sandbox.py), started cold after a change and reused warm
after it; a sandbox gets Lambda's memory-proportional CPU share by being
stopped and continued (SIGSTOP, SIGCONT) for ``1 - memory_mb /
full_speed_mb`` of every 20 ms (a vCPU per 1,769 MB on Lambda; the whole
machine at ``full_speed_mb`` here). Memory itself is not limited. Listens on
127.0.0.1 at a port the system picks.
"""
from __future__ import annotations

import http.server
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
PERIOD_SECONDS = 0.005


class Sandbox:
    """A handler subprocess at one memory size, throttled to its CPU share."""

    def __init__(self, function_dir: str, env: dict[str, str], memory_mb: int,
                 generation: int, cpu_share: float):
        self.memory_mb = memory_mb
        self.generation = generation
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "sandbox.py"), function_dir],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True)
        self._alive = True
        self._throttle = None
        if cpu_share < 1:
            self._throttle = threading.Thread(target=self._duty_cycle, args=(cpu_share,),
                                              daemon=True)
            self._throttle.start()

    def _duty_cycle(self, share: float) -> None:
        # Each phase is sized from the running totals, so a late wake-up (a busy
        # machine) is paid back in the next phase and the share holds on average.
        pid = self.process.pid
        running = stopped = 0.0
        while self._alive and self.process.poll() is None:
            try:
                start = time.monotonic()
                os.kill(pid, signal.SIGCONT)
                time.sleep(max(0.0, share * (running + stopped + PERIOD_SECONDS) - running))
                if not self._alive:
                    break
                middle = time.monotonic()
                os.kill(pid, signal.SIGSTOP)
                running += middle - start
                time.sleep(max(0.0, running * (1 - share) / share - stopped))
                stopped += time.monotonic() - middle
            except ProcessLookupError:
                break
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass

    def invoke(self, event: Any, context: dict[str, Any], timeout: float) -> dict[str, Any]:
        """The sandbox's reply to one invocation; raises TimeoutError past ``timeout``."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write((json.dumps({"event": event, "context": context}) + "\n").encode())
        self.process.stdin.flush()
        with selectors.DefaultSelector() as sel:
            sel.register(self.process.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise TimeoutError
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the sandbox exited with {self.process.wait()}")
        return json.loads(line)

    def close(self) -> None:
        """End the subprocess (it exits when its input closes; killed if it hangs)."""
        self._alive = False
        if self._throttle:
            self._throttle.join()
        try:
            os.kill(self.process.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        try:
            if self.process.stdin:
                self.process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class LambdaStandIn:
    """The stand-in's state and its HTTP server (start(), then stop())."""

    def __init__(self, function_name: str, function_dir: str, function_env: dict[str, str],
                 memory_mb: int = 1024, timeout_seconds: int = 120, update_seconds: float = 0.3,
                 max_concurrency: int = 2, throttle_first: int = 0, conflict_first: int = 0,
                 full_speed_mb: float | None = None, architecture: str = "x86_64"):
        self.name = function_name
        self.function_dir = function_dir
        self.function_env = function_env
        self.update_seconds = update_seconds
        self.max_concurrency = max_concurrency
        self.throttle_first = throttle_first
        self.conflict_first = conflict_first
        self.full_speed_mb = full_speed_mb
        self.arn = f"arn:aws:lambda:local:000000000000:function:{function_name}"
        self.config = {
            "FunctionName": function_name, "FunctionArn": self.arn, "MemorySize": memory_mb,
            "Timeout": timeout_seconds, "Architectures": [architecture], "PackageType": "Image",
            "State": "Active", "LastUpdateStatus": "Successful"}
        self.generation = 0
        self.lock = threading.Lock()
        self.idle: list[Sandbox] = []
        self.in_flight = 0
        self.counts = {"invocations": 0, "throttled": 0, "conflicts": 0, "updates": 0,
                       "update_calls": 0,
                       "cold_starts": 0, "premature_invocations": 0}
        self.memory_log: list[int] = []  # the memory of each invocation, in order of arrival
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "LambdaStandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            sandboxes, self.idle = self.idle, []
        for s in sandboxes:
            s.close()

    def __enter__(self) -> "LambdaStandIn":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # The operations: each returns (HTTP status, headers, body as JSON).

    def get_configuration(self) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            return 200, {}, dict(self.config)

    def update_configuration(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.counts["update_calls"] += 1
            if (self.config["LastUpdateStatus"] == "InProgress"
                    or self.counts["update_calls"] <= self.conflict_first):
                self.counts["conflicts"] += 1
                return error(409, "ResourceConflictException",
                             f"The operation cannot be performed at this time. An update is in "
                             f"progress for resource: {self.arn}")
            memory = body.get("MemorySize")
            if not isinstance(memory, int) or not 128 <= memory <= 10240:
                return error(400, "InvalidParameterValueException",
                             f"MemorySize must be from 128 to 10240, got {memory!r}")
            self.counts["updates"] += 1
            self.config.update(LastUpdateStatus="InProgress", LastUpdateStatusReason=
                               "The function is being updated.")
            reply = dict(self.config)
            reply["MemorySize"] = memory
        timer = threading.Timer(self.update_seconds, self._finish_update, args=(memory,))
        timer.daemon = True
        timer.start()
        return 200, {}, reply

    def _finish_update(self, memory: int) -> None:
        with self.lock:
            self.config.update(MemorySize=memory, LastUpdateStatus="Successful")
            self.config.pop("LastUpdateStatusReason", None)
            self.generation += 1
            retired, self.idle = self.idle, []
        for s in retired:
            s.close()

    def invoke(self, event: Any) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.counts["invocations"] += 1
            if (self.counts["invocations"] <= self.throttle_first
                    or self.in_flight >= self.max_concurrency):
                self.counts["throttled"] += 1
                return error(429, "TooManyRequestsException", "Rate Exceeded.",
                             Reason="ConcurrentInvocationLimitExceeded")
            if self.config["LastUpdateStatus"] == "InProgress":
                self.counts["premature_invocations"] += 1
            self.in_flight += 1
            memory, generation = self.config["MemorySize"], self.generation
            self.memory_log.append(memory)
            sandbox = next((s for s in self.idle if s.generation == generation), None)
            if sandbox:
                self.idle.remove(sandbox)
            if sandbox is None:
                self.counts["cold_starts"] += 1
        try:
            if sandbox is None:
                env = dict(self.function_env, AWS_LAMBDA_FUNCTION_NAME=self.name,
                           AWS_LAMBDA_FUNCTION_MEMORY_SIZE=str(memory))
                share = 1.0 if not self.full_speed_mb else min(1.0, memory / self.full_speed_mb)
                sandbox = Sandbox(self.function_dir, env, memory, generation, share)
            context = {"memory_mb": memory, "function_name": self.name, "function_arn": self.arn,
                       "request_id": str(uuid.uuid4()), "timeout_seconds": self.config["Timeout"]}
            try:
                reply = sandbox.invoke(event, context, self.config["Timeout"])
            except TimeoutError:
                sandbox.close()
                sandbox = None
                reply = {"error": {"errorType": "Sandbox.Timedout", "errorMessage":
                                   f"Task timed out after {self.config['Timeout']:.2f} seconds"}}
        finally:
            with self.lock:
                self.in_flight -= 1
                if sandbox is not None:
                    if sandbox.generation == self.generation:
                        self.idle.append(sandbox)
                        sandbox = None
        if sandbox is not None:
            sandbox.close()
        if "error" in reply:
            return 200, {"X-Amz-Function-Error": "Unhandled"}, reply["error"]
        return 200, {"X-Amz-Executed-Version": "$LATEST"}, reply["ok"]

    def _handler_class(self) -> type:
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _route(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = self.path.split("?")[0].strip("/").split("/")
                status, headers, body = error(404, "UnknownOperationException", self.path)
                if len(parts) == 4 and parts[:2] == ["2015-03-31", "functions"]:
                    if parts[2] != standin.name and parts[2] != standin.arn:
                        status, headers, body = error(404, "ResourceNotFoundException",
                                                      f"Function not found: {parts[2]}")
                    elif parts[3] == "configuration" and method == "GET":
                        status, headers, body = standin.get_configuration()
                    elif parts[3] == "configuration" and method == "PUT":
                        status, headers, body = standin.update_configuration(json.loads(raw))
                    elif parts[3] == "invocations" and method == "POST":
                        status, headers, body = standin.invoke(json.loads(raw or b"{}"))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._route("GET")

            def do_PUT(self) -> None:  # noqa: N802
                self._route("PUT")

            def do_POST(self) -> None:  # noqa: N802
                self._route("POST")

        return Handler


def error(status: int, code: str, message: str, **extra: str) -> tuple[int, dict[str, str], Any]:
    """A Lambda API error as the SDK parses it (x-amzn-ErrorType and the body's type)."""
    return status, {"x-amzn-ErrorType": code}, {"Type": "User", "message": message,
                                                 "__type": code, **extra}
