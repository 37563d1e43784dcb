"""The driver end to end without AWS: stand-in Lambda, real S3 server, real tools.

aws/measure.py runs as a user runs it, with its real boto3 client pointed at
the Lambda stand-in (lambda_standin.py), which runs the real handler in
sandbox subprocesses against s3rver on loopback, throttles and refuses
updates as Lambda does. The transfers.csv it writes is checked cell by cell
against the plan of the session, fitted with ``fasdl-profile storage`` as
docs/measure-on-aws.md says, and planned with ``fasdl-plan``. Training steps
are in test_driver_training.py (they need PyTorch).
"""
from __future__ import annotations

import collections
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import unittest

import harness
from lambda_standin import LambdaStandIn

harness.require_boto3()

MEMORY = [128, 512, 1024]
SIZES = [0.5, 1.0, 2.0, 4.0, 16.0]
FRACTION = 0.02  # small sizes keep the test fast; the rule is the same as at 0.2
REPEATS = 3
INITIAL_MEMORY = 2048


def sizes_at(memory: int) -> list[float]:
    """The driver's rule: sizes up to FRACTION x memory (128 MB: 0.5 to 2 MB)."""
    return [s for s in SIZES if s <= FRACTION * memory]


def driver(out: str, endpoint: str, *extra: str) -> list[str]:
    return [sys.executable, harness.DRIVER, "--function", "measure", "--bucket", harness.BUCKET,
            "--region", "us-east-1", "--endpoint-url", endpoint, "--out", out,
            "--poll-seconds", "0.05", *extra]


class DriverTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.work = tempfile.mkdtemp(prefix="fasdl-aws-driver-")
        cls.server = harness.S3Server().start()
        cls.env = harness.function_env(cls.server.endpoint)
        cls.out = os.path.join(cls.work, "session")
        # The first two invocations are throttled, and so is any third one in flight;
        # the first memory change is refused as if another update were in progress.
        with LambdaStandIn("measure", harness.FUNCTION_DIR, cls.env, memory_mb=INITIAL_MEMORY,
                           max_concurrency=2, throttle_first=2, conflict_first=1) as standin:
            cls.result = harness.run(driver(
                cls.out, standin.endpoint, "--memory", ",".join(map(str, MEMORY)),
                "--sizes", ",".join(f"{s:g}" for s in SIZES), "--repeats", str(REPEATS),
                "--warmup", "1", "--max-size-fraction", str(FRACTION), "--no-training",
                "--concurrency", "3"), env=cls.env)
            cls.counts = dict(standin.counts)
            cls.memory_log = list(standin.memory_log)
            cls.final_memory = standin.config["MemorySize"]

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self) -> None:
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_transfers_csv_has_every_timing_of_the_plan(self) -> None:
        header, rows = harness.read_csv(os.path.join(self.out, "transfers.csv"))
        self.assertEqual(header, ["direction", "memory_mb", "size_mb", "seconds"])
        counts: collections.Counter = collections.Counter()
        for direction, memory, size, seconds in rows:
            self.assertIn(direction, ("upload", "download"))
            self.assertEqual(memory, str(int(memory)))
            t = float(seconds)
            self.assertTrue(math.isfinite(t) and 0 < t < 60, seconds)
            counts[(direction, int(memory), float(size))] += 1
        expected = {(d, m, s): REPEATS for m in MEMORY for s in sizes_at(m)
                    for d in ("upload", "download")}
        self.assertEqual(dict(counts), expected)
        self.assertNotIn(("upload", 128, 4.0), counts)  # over FRACTION x 128 MB
        self.assertFalse(os.path.exists(os.path.join(self.out, "compute.csv")))

    def test_session_json_says_what_was_measured_where(self) -> None:
        with open(os.path.join(self.out, "session.json")) as f:
            doc = json.load(f)
        self.assertEqual(doc["function"], "measure")
        self.assertEqual(doc["region"], "us-east-1")
        self.assertEqual(doc["architecture"], [platform.machine()])
        self.assertEqual(doc["function_architectures"], ["x86_64"])
        self.assertEqual(doc["memory_mb"], MEMORY)
        self.assertEqual(doc["transfers"]["sizes_mb"], {str(m): sizes_at(m) for m in MEMORY})
        self.assertEqual(doc["transfers"]["repeats"], REPEATS)
        self.assertEqual(doc["files"], {"transfers": "transfers.csv"})
        self.assertNotIn("training", doc)
        self.assertEqual(len(doc["invocations"]), sum(len(sizes_at(m)) for m in MEMORY))
        self.assertLessEqual(doc["started_at"], doc["finished_at"])
        self.assertGreater(doc["cost"]["dollars"], 0)

    def test_throttles_and_conflicts_were_retried(self) -> None:
        with open(os.path.join(self.out, "session.json")) as f:
            doc = json.load(f)
        self.assertGreaterEqual(doc["retries"].get("TooManyRequestsException", 0), 2)
        self.assertEqual(doc["retries"].get("ResourceConflictException"), 1)
        self.assertGreaterEqual(self.counts["throttled"], 2)
        self.assertIn("TooManyRequestsException; retrying in", self.result.stderr)
        self.assertGreater(max(i["attempts"] for i in doc["invocations"]), 1)

    def test_memory_was_set_before_each_invocation_and_restored(self) -> None:
        self.assertEqual(self.counts["premature_invocations"], 0)
        expected = [m for m in MEMORY for _ in sizes_at(m)]
        self.assertEqual(sorted(self.memory_log), sorted(expected))
        self.assertEqual(self.memory_log[:len(sizes_at(128))], [128] * len(sizes_at(128)))
        self.assertEqual(self.counts["updates"], len(MEMORY) + 1)
        self.assertEqual(self.final_memory, INITIAL_MEMORY)

    def test_fitted_profile_plans(self) -> None:
        profile = os.path.join(self.work, "local-lambda.json")
        fit = harness.run([
            harness.tool("FASDL_PROFILE"), "storage", "-i", os.path.join(self.out, "transfers.csv"),
            "--name", "local-lambda", "--memory-min", "128", "--memory-max", "1024",
            "--memory-step", "1", "--price-mb-second", "1.627607421875e-8",
            "--platform", os.path.join(harness.REPO, "configs", "platforms",
                                       "aws-lambda.json"), "-o", profile])
        self.assertEqual(fit.returncode, 0, fit.stderr)
        with open(profile) as f:
            doc = json.load(f)
        for direction in ("upload", "download"):
            columns = doc["transfers"][direction]
            self.assertEqual([c["memory_mb"] for c in columns], MEMORY)
            for c in columns:
                self.assertEqual([p[0] for p in c["points"]], sizes_at(c["memory_mb"]))
                self.assertTrue(all(p[2] == REPEATS for p in c["points"]), c)
        self.assertIn("gb_second_prices", doc["platform"])
        plan = harness.run([harness.tool("FASDL_PLAN"), "--profile", profile, "--model",
                            "resnet18", "--budget", "5", "--format", "json"])
        self.assertEqual(plan.returncode, 0, plan.stderr)
        result = json.loads(plan.stdout)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(result["profile"], "local-lambda")
        self.assertLessEqual(result["plan"]["dollars"], 5)
        self.assertTrue(128 <= result["plan"]["memory_mb"] <= 1024)
        self.assertGreater(result["plan"]["breakdown"]["upload"], 0)


class DriverFailureTest(unittest.TestCase):
    """Failures on AWS's side end the session with exit code 3 and one line."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.work = tempfile.mkdtemp(prefix="fasdl-aws-driver-")
        cls.server = harness.S3Server().start()
        cls.env = harness.function_env(cls.server.endpoint)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def run_driver(self, standin: LambdaStandIn, *extra: str) -> tuple[int, str]:
        out = os.path.join(self.work, "out")
        r = harness.run(driver(out, standin.endpoint, "--memory", "512,1024", "--sizes", "1,2",
                               "--repeats", "1", "--no-training", *extra), env=self.env)
        self.assertFalse(os.path.exists(os.path.join(out, "transfers.csv")))
        return r.returncode, r.stderr.strip().splitlines()[-1]

    def test_function_error(self) -> None:
        with LambdaStandIn("measure", harness.FUNCTION_DIR, self.env) as standin:
            code, last = self.run_driver(standin, "--bucket", "no-such-bucket")
        self.assertEqual(code, 3)
        self.assertRegex(last, r"^fasdl-measure: 512 MB, transfers of [12] MB: the function "
                               r"failed: (ClientError|NoSuchBucket): .*NoSuchBucket")

    def test_throttled_beyond_max_attempts(self) -> None:
        with LambdaStandIn("measure", harness.FUNCTION_DIR, self.env,
                           throttle_first=100) as standin:
            code, last = self.run_driver(standin, "--max-attempts", "2", "--concurrency", "1")
        self.assertEqual(code, 3)
        self.assertEqual(last, "fasdl-measure: 512 MB, transfers of 1 MB: still refused "
                               "(TooManyRequestsException) after 2 attempts; raise "
                               "--max-attempts or lower --concurrency")

    def test_unknown_function(self) -> None:
        with LambdaStandIn("measure", harness.FUNCTION_DIR, self.env) as standin:
            code, last = self.run_driver(standin, "--function", "nothing")
        self.assertEqual(code, 3)
        self.assertRegex(last, r"^fasdl-measure: nothing: get configuration: "
                               r"ResourceNotFoundException: .*Function not found: nothing$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
