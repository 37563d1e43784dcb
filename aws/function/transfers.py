"""Timing S3 PUTs and GETs from inside the function.

Sizes are in MB of 1,048,576 bytes (as fasdl's ``model_mb``), times in
seconds. A transfer that the SDK had to retry is not a clean timing: it is
dropped, counted under ``retried`` and timed again (at most ``repeats`` extra
times, then the task fails).
"""
from __future__ import annotations

import os
import statistics
import time
from typing import Any

import boto3
import botocore.config

MB = 1 << 20


def s3_client() -> Any:
    """An S3 client for this function's region.

    Honours the SDKs' standard ``AWS_ENDPOINT_URL_S3`` and ``AWS_ENDPOINT_URL``
    variables (an S3-compatible store), which the boto3 of older runtimes
    does not read by itself; on Lambda neither is set.
    """
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    config = botocore.config.Config(retries={"mode": "standard", "max_attempts": 3},
                                    connect_timeout=10, read_timeout=120)
    return boto3.client("s3", endpoint_url=endpoint or None, config=config)


def _retried(response: dict[str, Any]) -> bool:
    """Whether the SDK sent the request more than once."""
    return response.get("ResponseMetadata", {}).get("RetryAttempts", 0) > 0


def time_size(client: Any, bucket: str, prefix: str, size_mb: float, repeats: int,
              warmup: int) -> dict[str, Any]:
    """Time ``warmup + repeats`` PUT-then-GET rounds of one random object of ``size_mb``.

    Each round writes the object under a key of its own, reads it back whole,
    checks its length and deletes it. The first ``warmup`` rounds are not
    reported. Returns the kept upload and download seconds, their medians,
    the object's bytes and how many rounds were dropped for SDK retries.
    """
    size_bytes = max(1, round(size_mb * MB))
    payload = os.urandom(size_bytes)
    uploads: list[float] = []
    downloads: list[float] = []
    retried = 0
    round_index = 0
    while len(uploads) < repeats:
        if retried > repeats:
            raise RuntimeError(f"S3 needed retries in {retried} rounds of {size_mb:g} MB; "
                               "no clean timings")
        key = f"{prefix}/{round_index}"
        round_index += 1
        start = time.perf_counter()
        put = client.put_object(Bucket=bucket, Key=key, Body=payload)
        put_seconds = time.perf_counter() - start
        start = time.perf_counter()
        got = client.get_object(Bucket=bucket, Key=key)
        body = got["Body"].read()
        get_seconds = time.perf_counter() - start
        client.delete_object(Bucket=bucket, Key=key)
        if len(body) != size_bytes:
            raise RuntimeError(f"s3://{bucket}/{key}: read {len(body)} bytes, wrote {size_bytes}")
        del body
        if round_index <= warmup:
            continue
        if _retried(put) or _retried(got):
            retried += 1
            continue
        uploads.append(put_seconds)
        downloads.append(get_seconds)
    return {
        "size_mb": size_mb,
        "bytes": size_bytes,
        "warmup": warmup,
        "retried": retried,
        "upload_seconds": uploads,
        "download_seconds": downloads,
        "upload_median": statistics.median(uploads),
        "download_median": statistics.median(downloads),
    }
