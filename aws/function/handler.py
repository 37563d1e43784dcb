"""The profiling function that fasdl's measuring session deploys on AWS Lambda.

One invocation does one task and returns its raw timings as JSON:

``{"task": "transfers", "bucket": B, "key_prefix": P, "sizes_mb": [1, 2, ...],
"repeats": 5, "warmup": 1}``
    times ``warmup + repeats`` PUTs and GETs of a random object of each size
    (MB = 1,048,576 bytes) in bucket B under prefix P, discards the first
    ``warmup`` of each, and deletes every object it wrote.

``{"task": "training", "network": "resnet18", "batches": [16, 32], "steps": 5,
"warmup": 1, "seed": 1}``
    times ``warmup + steps`` training steps (forward, backward, SGD update) of
    the named CIFAR-10 network at each batch size on the CPU with PyTorch, and
    the flattening of its parameters into one vector after each step.

Every time is in seconds (``time.perf_counter``). The answer also says where
it ran: the memory Lambda gave the function (MB), the processor architecture,
the region and whether this was the sandbox's first invocation (a cold start).
A bad event raises ``ValueError`` with a one-line message, which Lambda
returns as the invocation's error.
"""
from __future__ import annotations

import datetime
import os
import platform
import sys
import time
from typing import Any

import transfers

KINDS = {int: "a whole number", float: "a number", str: "a string", list: "a list"}
_COLD = True  # the first invocation of this sandbox
_S3 = None  # the S3 client, made once per sandbox and reused while it is warm


def _require(event: dict[str, Any], key: str, kind: type) -> Any:
    """The value of ``event[key]``, checked to be of ``kind`` (bool is no int)."""
    if key not in event:
        raise ValueError(f"event: missing \"{key}\"")
    value = event[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"event: \"{key}\" must be {KINDS[kind]}, got {value!r}")
    return value


def _count(event: dict[str, Any], key: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` at ``event[key]``."""
    value = _require(event, key, int)
    if not low <= value <= high:
        raise ValueError(f"event: \"{key}\" must be from {low} to {high}, got {value}")
    return value


def _numbers(event: dict[str, Any], key: str, kind: type, low: float,
             high: float) -> list[Any]:
    """A non-empty list of distinct numbers in [low, high] at ``event[key]``."""
    values = _require(event, key, list)
    if not values:
        raise ValueError(f"event: \"{key}\" must not be empty")
    out = []
    for v in values:
        if kind is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if not isinstance(v, kind) or isinstance(v, bool) or not low <= v <= high:
            raise ValueError(f"event: \"{key}\" must hold numbers from {low:g} to {high:g}"
                             f"{' (whole)' if kind is int else ''}, got {v!r}")
        out.append(v)
    if len(set(out)) != len(out):
        raise ValueError(f"event: \"{key}\" repeats a value: {values}")
    return out


def _where(context: Any) -> dict[str, Any]:
    """Where and when this invocation runs."""
    return {
        "memory_mb": int(context.memory_limit_in_mb),
        "function_name": context.function_name,
        "function_version": context.function_version,
        "request_id": context.aws_request_id,
        "region": os.environ.get("AWS_REGION", ""),
        "architecture": platform.machine(),
        "python": platform.python_version(),
        "cpus": os.cpu_count() or 0,
        "started_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def run_transfers(event: dict[str, Any]) -> dict[str, Any]:
    """The ``transfers`` task: PUT and GET timings per object size."""
    bucket = _require(event, "bucket", str)
    prefix = _require(event, "key_prefix", str)
    if not bucket or not prefix or "\n" in prefix:
        raise ValueError("event: \"bucket\" and \"key_prefix\" must be non-empty, one-line strings")
    sizes = _numbers(event, "sizes_mb", float, 1e-6, 10240.0)
    repeats = _count(event, "repeats", 1, 1000)
    warmup = _count(event, "warmup", 0, 100)
    global _S3
    if _S3 is None:
        _S3 = transfers.s3_client()
    results = [transfers.time_size(_S3, bucket, f"{prefix}/{size:g}MB", size, repeats, warmup)
               for size in sizes]
    return {"results": results}


def run_training(event: dict[str, Any]) -> dict[str, Any]:
    """The ``training`` task: training-step and flattening timings per batch size."""
    import training  # PyTorch loads only for this task

    network = _require(event, "network", str)
    batches = _numbers(event, "batches", int, 1, 100000)
    steps = _count(event, "steps", 1, 1000)
    warmup = _count(event, "warmup", 0, 100)
    seed = _count(event, "seed", 0, 2**31 - 1)
    return training.time_steps(network, batches, steps, warmup, seed)


TASKS = {"transfers": run_transfers, "training": run_training}


def lambda_handler(event: Any, context: Any) -> dict[str, Any]:
    """Lambda's entry point: run the event's task and return its timings."""
    global _COLD
    cold, _COLD = _COLD, False
    if not isinstance(event, dict):
        raise ValueError(f"event: expected a JSON object, got {type(event).__name__}")
    task = _require(event, "task", str)
    if task not in TASKS:
        raise ValueError(f"event: \"task\" must be one of {', '.join(TASKS)}, got {task!r}")
    start = time.perf_counter()
    answer = {"task": task, "cold_start": cold, **_where(context)}
    answer.update(TASKS[task](event))
    answer["seconds"] = time.perf_counter() - start
    print(f"fasdl-measure: {task} at {answer['memory_mb']} MB took {answer['seconds']:.3f} s",
          file=sys.stderr)
    return answer
