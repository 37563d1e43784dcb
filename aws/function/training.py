"""Timing training steps and parameter flattening with PyTorch on the CPU.

A step is what a K-REDUCE worker does per iteration before it exchanges its
gradient: forward pass, cross-entropy loss, backward pass and an SGD update
(momentum 0.9) on one batch of random 32 x 32 RGB images with random labels.
Flattening copies every parameter into one contiguous vector, as a worker
does before it uploads it. Times are in seconds; ``model_mb`` is the
parameters' float32 bytes / 1,048,576 (fasdl's ``--model-mb``).
"""
from __future__ import annotations

import math
import statistics
import time
from typing import Any

import torch
from torch import nn

import networks


def _step(model: nn.Module, optimiser: torch.optim.Optimizer, images: torch.Tensor,
          labels: torch.Tensor) -> float:
    """One training step; returns its loss, which must be finite."""
    optimiser.zero_grad()
    loss = nn.functional.cross_entropy(model(images), labels)
    loss.backward()
    optimiser.step()
    value = float(loss.detach())
    if not math.isfinite(value):
        raise RuntimeError(f"training diverged: loss {value}")
    return value


def time_batch(model: nn.Module, optimiser: torch.optim.Optimizer, batch: int, steps: int,
               warmup: int) -> dict[str, Any]:
    """Time ``warmup + steps`` steps at ``batch`` samples and a flattening after each."""
    images = torch.randn(batch, 3, 32, 32)
    labels = torch.randint(0, networks.CLASSES, (batch,))
    train: list[float] = []
    flatten: list[float] = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        _step(model, optimiser, images, labels)
        train_seconds = time.perf_counter() - start
        start = time.perf_counter()
        vector = nn.utils.parameters_to_vector(model.parameters())
        flatten_seconds = time.perf_counter() - start
        del vector
        if i >= warmup:
            train.append(train_seconds)
            flatten.append(flatten_seconds)
    return {
        "batch": batch,
        "warmup": warmup,
        "train_seconds": train,
        "flatten_seconds": flatten,
        "train_median": statistics.median(train),
        "flatten_median": statistics.median(flatten),
    }


def time_steps(network: str, batches: list[int], steps: int, warmup: int,
               seed: int) -> dict[str, Any]:
    """Time the named network at each batch size; one model and optimiser for all."""
    torch.manual_seed(seed)
    model = networks.build(network)
    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    parameters = sum(p.numel() for p in model.parameters())
    return {
        "network": network,
        "parameters": parameters,
        "model_mb": parameters * 4 / (1 << 20),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "results": [time_batch(model, optimiser, b, steps, warmup) for b in batches],
    }
