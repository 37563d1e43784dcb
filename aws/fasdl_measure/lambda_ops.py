"""Setting the function's memory and invoking it, with retries and backoff.

Lambda refuses calls it cannot take now: too many concurrent invocations or
API calls (``TooManyRequestsException``, HTTP 429), a function whose update is
still in progress (``ResourceConflictException``, 409) or that is not ready
(``ResourceNotReadyException``). Those are retried after an exponential
backoff with jitter; anything else fails the session. Times in seconds.
"""
from __future__ import annotations

import json
import math
import random
import sys
import threading
import time
from typing import Any, Callable

from . import PROGRAM
from .errors import BadInput, MeasureFailed, one_line
from .session import Invocation

RETRYABLE = {"TooManyRequestsException", "ResourceConflictException",
             "ResourceNotReadyException", "ServiceException", "EC2ThrottledException"}


class Retrier:
    """Calls an AWS operation until it succeeds, backing off on retryable refusals."""

    def __init__(self, max_attempts: int, base_seconds: float = 0.5, cap_seconds: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.max_attempts = max_attempts
        self.base_seconds = base_seconds
        self.cap_seconds = cap_seconds
        self.sleep = sleep
        self.retries: dict[str, int] = {}  # error code -> retries made
        self._lock = threading.Lock()

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): full jitter."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1)

    def call(self, what: str, operation: Callable[[], Any]) -> tuple[Any, int]:
        """``operation()``'s result and the attempts it took."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        for attempt in range(1, self.max_attempts + 1):
            try:
                return operation(), attempt
            except NoCredentialsError:
                raise BadInput("no AWS credentials: configure the AWS CLI "
                               "(aws configure) or set AWS_PROFILE") from None
            except BotoCoreError as e:  # no connection, a timeout: nothing to retry safely
                raise MeasureFailed(f"{what}: {one_line(e)}") from None
            except ClientError as e:
                code = e.response.get("Error", {}).get("Code", "")
                if code not in RETRYABLE:
                    raise MeasureFailed(f"{what}: {code}: {one_line(e)}") from None
                if attempt == self.max_attempts:
                    raise MeasureFailed(f"{what}: still refused ({code}) after {attempt} attempts; "
                                        "raise --max-attempts or lower --concurrency") from None
                with self._lock:
                    self.retries[code] = self.retries.get(code, 0) + 1
                pause = self.delay(attempt)
                print(f"{PROGRAM}: {what}: {code}; retrying in {pause:.1f} s "
                      f"(attempt {attempt} of {self.max_attempts})", file=sys.stderr)
                self.sleep(pause)
        raise AssertionError("unreachable")


class Function:
    """The deployed profiling function, through a boto3 Lambda client."""

    def __init__(self, client: Any, name: str, retrier: Retrier, poll_seconds: float,
                 update_timeout_seconds: float):
        self.client = client
        self.name = name
        self.retrier = retrier
        self.poll_seconds = poll_seconds
        self.update_timeout_seconds = update_timeout_seconds

    def configuration(self) -> dict[str, Any]:
        """GetFunctionConfiguration."""
        config, _ = self.retrier.call(
            f"{self.name}: get configuration",
            lambda: self.client.get_function_configuration(FunctionName=self.name))
        return config

    def wait_ready(self) -> dict[str, Any]:
        """Poll until the function is Active and its last update Successful."""
        deadline = time.monotonic() + self.update_timeout_seconds
        while True:
            config = self.configuration()
            state = config.get("State", "Active")
            update = config.get("LastUpdateStatus", "Successful")
            if state == "Failed" or update == "Failed":
                reason = config.get("LastUpdateStatusReason") or config.get("StateReason") or ""
                raise MeasureFailed(f"{self.name}: state {state}, last update {update}: "
                                    f"{one_line(reason)}")
            if state == "Active" and update == "Successful":
                return config
            if time.monotonic() > deadline:
                raise MeasureFailed(f"{self.name}: still {state} with update {update} after "
                                    f"{self.update_timeout_seconds:g} s (--update-timeout)")
            time.sleep(self.poll_seconds)

    def set_memory(self, memory_mb: int) -> dict[str, Any]:
        """UpdateFunctionConfiguration to ``memory_mb`` and wait until it applies."""
        self.wait_ready()
        self.retrier.call(
            f"{self.name}: set memory to {memory_mb} MB",
            lambda: self.client.update_function_configuration(FunctionName=self.name,
                                                              MemorySize=memory_mb))
        config = self.wait_ready()
        if config.get("MemorySize") != memory_mb:
            raise MeasureFailed(f"{self.name}: memory is {config.get('MemorySize')} MB after "
                                f"setting {memory_mb} MB")
        return config

    def invoke(self, invocation: Invocation) -> dict[str, Any]:
        """Invoke synchronously; the function's answer with the driver's own record added."""
        payload = json.dumps(invocation.event).encode()
        start = time.monotonic()
        response, attempts = self.retrier.call(
            invocation.label,
            lambda: self.client.invoke(FunctionName=self.name, InvocationType="RequestResponse",
                                       Payload=payload))
        wall = time.monotonic() - start
        body = response["Payload"].read()
        try:
            answer = json.loads(body)
        except ValueError:
            raise MeasureFailed(f"{invocation.label}: the function answered no JSON: "
                                f"{one_line(body[:200].decode(errors='replace'))}") from None
        if response.get("FunctionError"):
            kind = answer.get("errorType", "Error") if isinstance(answer, dict) else "Error"
            message = answer.get("errorMessage", "") if isinstance(answer, dict) else answer
            raise MeasureFailed(f"{invocation.label}: the function failed: {kind}: "
                                f"{one_line(message)}")
        check_answer(invocation, answer)
        answer["attempts"] = attempts
        answer["wall_seconds"] = wall
        return answer


def _times(values: Any, count: int, where: str) -> None:
    """Refuse anything but ``count`` positive, finite seconds."""
    if not isinstance(values, list) or len(values) != count:
        raise MeasureFailed(f"{where}: expected {count} timings, got {values!r:.80}")
    for v in values:
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v <= 0:
            raise MeasureFailed(f"{where}: expected positive, finite seconds, got {v!r}")


def check_answer(invocation: Invocation, answer: Any) -> None:
    """Refuse an answer that does not hold exactly what the event asked for."""
    where = invocation.label
    if not isinstance(answer, dict) or answer.get("task") != invocation.task:
        raise MeasureFailed(f"{where}: the function answered {str(answer)[:80]!r}")
    if answer.get("memory_mb") != invocation.memory_mb:
        raise MeasureFailed(f"{where}: the function ran with {answer.get('memory_mb')} MB; "
                            "was its memory changed during the session?")
    results = answer.get("results")
    event = invocation.event
    if invocation.task == "transfers":
        expected = event["sizes_mb"]
        if not isinstance(results, list) or [r.get("size_mb") for r in results] != expected:
            raise MeasureFailed(f"{where}: expected results for sizes {expected}")
        for r in results:
            for key in ("upload_seconds", "download_seconds"):
                _times(r.get(key), event["repeats"], f"{where}: {key}")
    else:
        expected = event["batches"]
        if not isinstance(results, list) or [r.get("batch") for r in results] != expected:
            raise MeasureFailed(f"{where}: expected results for batches {expected}")
        for r in results:
            for key in ("train_seconds", "flatten_seconds"):
                _times(r.get(key), event["steps"], f"{where}: {key}")
        if not isinstance(answer.get("model_mb"), (int, float)) or answer["model_mb"] <= 0:
            raise MeasureFailed(f"{where}: the answer has no model_mb")
