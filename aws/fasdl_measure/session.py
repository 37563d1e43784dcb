"""What a measuring session measures: memory sizes, object sizes, batches, repeats.

Memory in MB, object sizes in MB of 1,048,576 bytes, batches in samples.
The plan is a list of invocations, each one event of the profiling function
(aws/function/handler.py) at one memory size.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from .errors import BadInput

LAMBDA_MEMORY_MB = (128, 10240)  # what Lambda allows (1 MB steps)


@dataclasses.dataclass(frozen=True)
class Invocation:
    """One invocation of the profiling function."""

    memory_mb: int
    task: str  # "transfers" or "training"
    event: dict[str, Any]

    @property
    def label(self) -> str:
        """A short name for messages: memory and what is measured."""
        if self.task == "transfers":
            return f"{self.memory_mb} MB, transfers of {self.event['sizes_mb'][0]:g} MB"
        return f"{self.memory_mb} MB, {self.event['network']} at batch {self.event['batches'][0]}"


@dataclasses.dataclass(frozen=True)
class Session:
    """A measuring session's plan (the driver's options, checked)."""

    memory_mb: list[int]
    sizes_mb: list[float]
    max_size_fraction: float
    repeats: int
    warmup: int
    network: str | None  # None: no training steps
    batches: list[int]
    steps: int
    step_warmup: int
    training_memory_min_mb: int
    seed: int
    bucket: str = "fasdl-measure"
    key_prefix: str = "fasdl-measure"

    def sizes_at(self, memory_mb: int) -> list[float]:
        """The object sizes measured at ``memory_mb``: those up to the size fraction."""
        return [s for s in self.sizes_mb if s <= self.max_size_fraction * memory_mb]

    @property
    def training_memory_mb(self) -> list[int]:
        """The memory sizes at which training steps are timed."""
        if self.network is None:
            return []
        return [m for m in self.memory_mb if m >= self.training_memory_min_mb]

    def invocations(self, memory_mb: int) -> list[Invocation]:
        """The invocations at one memory size: one per batch size, then one per object size."""
        out = []
        if memory_mb in self.training_memory_mb:
            for batch in self.batches:
                out.append(Invocation(memory_mb, "training", {
                    "task": "training", "network": self.network, "batches": [batch],
                    "steps": self.steps, "warmup": self.step_warmup, "seed": self.seed}))
        for size in self.sizes_at(memory_mb):
            out.append(Invocation(memory_mb, "transfers", {
                "task": "transfers", "bucket": self.bucket,
                "key_prefix": f"{self.key_prefix}/{memory_mb}MB", "sizes_mb": [size],
                "repeats": self.repeats, "warmup": self.warmup}))
        return out

    def check(self) -> None:
        """Refuse a plan whose measurements fasdl-profile could not fit (BadInput)."""
        for m in self.memory_mb:
            if not LAMBDA_MEMORY_MB[0] <= m <= LAMBDA_MEMORY_MB[1]:
                raise BadInput(f"--memory: {m} MB is outside Lambda's "
                               f"{LAMBDA_MEMORY_MB[0]} to {LAMBDA_MEMORY_MB[1]} MB")
            if len(self.sizes_at(m)) < 2:
                raise BadInput(
                    f"--sizes: at {m} MB only {len(self.sizes_at(m))} object size is at most "
                    f"--max-size-fraction {self.max_size_fraction:g} x {m} MB; fasdl-profile "
                    "storage needs two per memory size")
        if self.network is not None:
            trained = self.training_memory_mb
            if len(trained) < 3:
                raise BadInput(
                    f"--memory: {len(trained)} memory sizes of at least --training-memory-min "
                    f"{self.training_memory_min_mb} MB; fasdl-profile compute needs three "
                    "(or pass --no-training)")
            if len(self.batches) < 2:
                raise BadInput("--batches: fasdl-profile compute needs two batch sizes")


def parse_list(text: str, option: str, kind: type, low: float, high: float) -> list[Any]:
    """A comma-separated list of distinct numbers in [low, high], in increasing order."""
    out = []
    for cell in text.split(","):
        cell = cell.strip()
        try:
            value = kind(cell)
        except ValueError:
            raise BadInput(f"{option}: expected a comma-separated list of "
                           f"{'whole ' if kind is int else ''}numbers, got \"{cell}\"") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise BadInput(f"{option}: expected numbers from {low:g} to {high:g}, got \"{cell}\"")
        out.append(value)
    if len(set(out)) != len(out):
        raise BadInput(f"{option}: \"{text}\" repeats a value")
    return sorted(out)
