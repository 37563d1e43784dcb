"""The handler's training task with PyTorch: the networks and the step timings.

Skipped (exit 77, shown as skipped by ctest) when Debian's python3-torch is
not installed. Checks that every catalog network built by aws/function/
networks.py has the parameter count tools/cifar_models.py derives for
configs/models/, and times a few steps of the tiny network through the
handler as Lambda would call it.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import sys
import types
import unittest

import harness

harness.require_torch_or_skip()
sys.path.insert(0, harness.FUNCTION_DIR)

import handler  # noqa: E402
import networks  # noqa: E402


def catalog_counts() -> dict[str, int]:
    """Parameter counts from tools/cifar_models.py, the catalog's derivation."""
    path = os.path.join(harness.REPO, "tools", "cifar_models.py")
    spec = importlib.util.spec_from_file_location("cifar_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: n.params for name, n in module.NETWORKS.items()}


class TrainingTest(unittest.TestCase):
    def test_networks_have_the_catalogs_parameter_counts(self) -> None:
        counts = catalog_counts()
        self.assertEqual(set(counts) | {"tiny"}, set(networks.NETWORKS))
        for name, expected in counts.items():
            with self.subTest(network=name):
                model = networks.build(name)
                self.assertEqual(sum(p.numel() for p in model.parameters()), expected)
                with open(os.path.join(harness.REPO, "configs", "models", f"{name}.json")) as f:
                    model_mb = json.load(f)["model_mb"]
                self.assertAlmostEqual(expected * 4 / 2**20, model_mb, delta=0.006)

    def test_steps_are_timed_per_batch(self) -> None:
        context = types.SimpleNamespace(memory_limit_in_mb="2048", function_name="measure",
                                        function_version="$LATEST", aws_request_id="r")
        answer = handler.lambda_handler(
            {"task": "training", "network": "tiny", "batches": [1, 16], "steps": 3,
             "warmup": 2, "seed": 7}, context)
        self.assertEqual(answer["task"], "training")
        self.assertEqual(answer["memory_mb"], 2048)
        self.assertEqual(answer["network"], "tiny")
        self.assertEqual(answer["parameters"],
                         sum(p.numel() for p in networks.build("tiny").parameters()))
        self.assertAlmostEqual(answer["model_mb"], answer["parameters"] * 4 / 2**20)
        self.assertGreaterEqual(answer["threads"], 1)
        self.assertEqual([r["batch"] for r in answer["results"]], [1, 16])
        for r in answer["results"]:
            for key in ("train_seconds", "flatten_seconds"):
                self.assertEqual(len(r[key]), 3)
                for t in r[key]:
                    self.assertTrue(math.isfinite(t) and 0 < t < 60, t)
        # More samples take longer (medians of three steps; 16 times the batch).
        self.assertGreater(answer["results"][1]["train_median"],
                           answer["results"][0]["train_median"])

    def test_bad_training_events(self) -> None:
        context = types.SimpleNamespace(memory_limit_in_mb="2048", function_name="m",
                                        function_version="$LATEST", aws_request_id="r")
        good = {"task": "training", "network": "tiny", "batches": [4], "steps": 1, "warmup": 0,
                "seed": 1}
        for event, message in [
            (dict(good, network="alexnet"), "event: \"network\" must be one of resnet18, "
             "resnet34, resnet50, resnet101, mobilenet_v2, vgg16, tiny, got 'alexnet'"),
            (dict(good, batches=[0]), "event: \"batches\" must hold numbers from 1 to 100000 "
                                        "(whole), got 0"),
            (dict(good, steps=0), "event: \"steps\" must be from 1 to 1000, got 0"),
        ]:
            with self.subTest(event=event), self.assertRaises(ValueError) as caught:
                handler.lambda_handler(event, context)
            self.assertEqual(str(caught.exception), message)


if __name__ == "__main__":
    unittest.main(verbosity=2)
