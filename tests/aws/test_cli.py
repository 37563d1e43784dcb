"""fasdl-measure's command line without servers: help, bad input, the estimate.

The estimate is checked against sums done by hand on a small profile; bad
input must exit with code 2 and one line on stderr naming the option.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import unittest

import harness

sys.path.insert(0, os.path.join(harness.REPO, "aws"))

from fasdl_measure import output  # noqa: E402
from fasdl_measure.errors import BadInput  # noqa: E402

# Two memory columns: seconds of one transfer of 1 and 2 MB.
PROFILE = {
    "name": "hand", "memory_mb": {"min": 128, "max": 1024, "step": 64},
    "prices": {"function_mb_second": 1e-6, "put_request": 1e-3, "get_request": 1e-4},
    "sync": {"seconds_per_mb": 0.001, "offset_mb": 30},
    "transfers": {
        "upload": [{"memory_mb": 128, "points": [[1.0, 0.2], [2.0, 0.3]]},
                   {"memory_mb": 1024, "points": [[1.0, 0.1, 3, 0.01], [2.0, 0.15, 3, 0.01]]}],
        "download": [{"memory_mb": 128, "points": [[1.0, 0.1], [2.0, 0.2]]},
                     {"memory_mb": 1024, "points": [[1.0, 0.05], [2.0, 0.1]]}]}}


def measure(*argv: str) -> tuple[int, str, str]:
    r = harness.run([sys.executable, harness.DRIVER, *argv])
    return r.returncode, r.stdout, r.stderr


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.work = tempfile.mkdtemp(prefix="fasdl-aws-cli-")
        cls.profile = os.path.join(cls.work, "hand.json")
        with open(cls.profile, "w") as f:
            json.dump(PROFILE, f)
        tiered = json.loads(json.dumps(PROFILE))
        tiered["platform"] = {
            "gb_second_prices": {"architecture": "x86_64", "monthly_usage_gb_seconds": 0.5,
                                 "tiers": {"x86_64": [{"up_to_gb_seconds": 1, "price": 1},
                                                      {"price": 0.5}],
                                           "arm64": [{"price": 0.25}]}},
            "invocations": {"price": 0.01}, "lifetime": {"seconds": 900,
                                                         "cold_start_seconds": 2}}
        cls.tiered = os.path.join(cls.work, "tiered.json")
        with open(cls.tiered, "w") as f:
            json.dump(tiered, f)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.work, ignore_errors=True)

    def estimate(self, profile: str, *extra: str) -> dict:
        code, out, err = measure("--estimate", "--format", "json", "--profile", profile,
                                 "--memory", "128,576,1024", "--sizes", "1,2", "--repeats", "2",
                                 "--warmup", "1", "--no-training", "--concurrency", "1", *extra)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_help(self) -> None:
        code, out, _ = measure("--help")
        self.assertEqual(code, 0)
        for option in ("--function", "--bucket", "--memory", "--sizes", "--concurrency",
                       "--max-attempts", "--estimate", "--network", "--batches"):
            self.assertIn(option, out)

    def test_estimate_by_hand(self) -> None:
        e = self.estimate(self.profile)
        # Three PUT-GET rounds per size. At 128 MB: 3 (0.2 + 0.1) + 3 (0.3 + 0.2) = 2.4 s;
        # at 1024 MB: 3 (0.1 + 0.05) + 3 (0.15 + 0.1) = 1.2 s; 576 MB is halfway between
        # the columns: 3 (0.15 + 0.075) + 3 (0.225 + 0.15) = 1.8 s.
        seconds = {r["memory_mb"]: r["billed_seconds"] for r in e["memory"]}
        for memory, expected in {128: 2.4, 576: 1.8, 1024: 1.2}.items():
            self.assertAlmostEqual(seconds[memory], expected, places=12)
        gb_seconds = (2.4 * 128 + 1.8 * 576 + 1.2 * 1024) / 1024  # 2.5125
        self.assertAlmostEqual(e["gb_seconds"], gb_seconds, places=12)
        self.assertEqual((e["invocations"], e["puts"], e["gets"]), (6, 18, 18))
        self.assertAlmostEqual(e["duration_dollars"], gb_seconds * 1e-6 * 1024, places=15)
        self.assertAlmostEqual(e["request_dollars"], 18 * 1e-3 + 18 * 1e-4, places=15)
        self.assertEqual(e["invocation_dollars"], 0)
        self.assertAlmostEqual(e["dollars"], 0.0223728, places=12)
        # One invocation at a time: 5 s per memory change plus every invocation.
        self.assertAlmostEqual(e["minutes"] * 60, 3 * 5 + 2.4 + 1.8 + 1.2, places=9)

    def test_estimate_with_tiers_invocations_and_cold_starts(self) -> None:
        e = self.estimate(self.tiered)
        # A 2 s cold start per memory size (concurrency 1): +2 (128 + 576 + 1024) / 1024.
        gb_seconds = 2.5125 + 3.375
        self.assertAlmostEqual(e["gb_seconds"], gb_seconds, places=12)
        # 0.5 GB-s already used this month: 0.5 more at $1, the rest at $0.5.
        self.assertAlmostEqual(e["duration_dollars"], 0.5 + (gb_seconds - 0.5) * 0.5, places=12)
        self.assertAlmostEqual(e["invocation_dollars"], 6 * 0.01, places=15)
        arm = self.estimate(self.tiered, "--architecture", "arm64")
        self.assertEqual(arm["architecture"], "arm64")
        self.assertAlmostEqual(arm["duration_dollars"], gb_seconds * 0.25, places=12)

    def test_estimate_of_the_shipped_profile(self) -> None:
        code, out, err = measure("--estimate")
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"(?m)^session: \d+ invocations, \d+ PUTs, \d+ GETs, "
                              r"[\d.]+ GB-seconds \(x86_64\)$")
        self.assertRegex(out, r"(?m)^dollars: 0\.\d{4} = duration ")
        self.assertIn("aws-lambda.json: platform.gb_second_prices.tiers.x86_64", out)
        self.assertEqual(len([l for l in out.splitlines() if l.split()[0].isdigit()]), 10)

    def test_bad_input_is_one_line_and_exit_2(self) -> None:
        cases = [
            (["--estimate", "--memory", "100"],
             "--memory: expected numbers from 128 to 10240, got \"100\""),
            (["--estimate", "--memory", "512,x"],
             "--memory: expected a comma-separated list of whole numbers, got \"x\""),
            (["--estimate", "--memory", "512,512"], "--memory: \"512,512\" repeats a value"),
            (["--estimate", "--sizes", "1,200", "--no-training"],
             "--sizes: at 128 MB only 1 object size is at most --max-size-fraction 0.2 x "
             "128 MB; fasdl-profile storage needs two per memory size"),
            (["--estimate", "--batches", "16"],
             "--batches: fasdl-profile compute needs two batch sizes"),
            (["--estimate", "--memory", "512,1024,2048", "--training-memory-min", "1024"],
             "--memory: 2 memory sizes of at least --training-memory-min 1024 MB; "
             "fasdl-profile compute needs three (or pass --no-training)"),
            (["--estimate", "--network", "alexnet"],
             "--network: expected one of resnet18, resnet34, resnet50, resnet101, "
             "mobilenet_v2, vgg16, tiny, got \"alexnet\""),
            (["--estimate", "--network", "tiny"],
             "--network tiny has no catalog workload to time its steps; pass --workload FILE"),
            (["--estimate", "--repeats", "0"],
             "--repeats: expected a number from 1 to 1000, got 0"),
            (["--estimate", "--repeats", "x"], "argument --repeats: invalid int value: 'x'"),
            (["--estimate", "--profile", "/nonexistent.json"],
             "--profile /nonexistent.json: cannot read: No such file or directory"),
            (["--bogus"], "unrecognized arguments: --bogus"),
            ([], "--function is required (or pass --estimate)"),
            (["--function", "f", "--bucket", "b", "--out", "/dev/null/x"],
             "--out /dev/null/x: cannot write: Not a directory"),
        ]
        for argv, message in cases:
            with self.subTest(argv=argv):
                code, _, err = measure(*argv)
                self.assertEqual(code, 2, err)
                self.assertEqual(err, f"fasdl-measure: {message}\n")

    def test_aws_setup_errors(self) -> None:
        # Nothing leaves the machine: no region, no credentials, a closed loopback port.
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                   AWS_EC2_METADATA_DISABLED="true")
        argv = [sys.executable, harness.DRIVER, "--function", "f", "--bucket", "b", "--out",
                os.path.join(self.work, "out"), "--no-training"]
        local = ["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"]
        keys = dict(env, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y")
        for extra, environment, code, message in [
            ([], env, 2, "cannot make a Lambda client: You must specify a region. "
                         "(--region, --endpoint-url)"),
            (local, env, 2, "no AWS credentials: configure the AWS CLI (aws configure) or "
                            "set AWS_PROFILE"),
            (local, keys, 3, "f: get configuration: Could not connect to the endpoint URL: "
                             "\"http://127.0.0.1:9/2015-03-31/functions/f/configuration\""),
        ]:
            with self.subTest(extra=extra):
                r = harness.run(argv + extra, env=environment)
                self.assertEqual((r.returncode, r.stderr), (code, f"fasdl-measure: {message}\n"))

    def test_rows_and_a_failed_write(self) -> None:
        answers = [
            {"task": "transfers", "memory_mb": 1024, "results": [
                {"size_mb": 2.0, "upload_seconds": [0.25, 0.125],
                 "download_seconds": [0.5, 1e-05]}]},
            {"task": "transfers", "memory_mb": 512, "results": [
                {"size_mb": 0.5, "upload_seconds": [0.3], "download_seconds": [0.1]}]},
            {"task": "training", "memory_mb": 512, "results": [
                {"batch": 32, "train_seconds": [1.5, 2.0], "flatten_seconds": [0.01, 0.02]},
                {"batch": 8, "train_seconds": [0.5], "flatten_seconds": [0.03]}]}]
        self.assertEqual(output.csv_text(output.TRANSFERS_HEADER, output.transfer_rows(answers)),
                         "direction,memory_mb,size_mb,seconds\n"
                         "upload,512,0.5,0.3\n"
                         "download,512,0.5,0.1\n"
                         "upload,1024,2,0.25\n"
                         "upload,1024,2,0.125\n"
                         "download,1024,2,0.5\n"
                         "download,1024,2,1e-05\n")
        self.assertEqual(output.csv_text(output.COMPUTE_HEADER, output.compute_rows(answers)),
                         "batch,memory_mb,train_seconds,flatten_seconds\n"
                         "8,512,0.5,0.03\n"
                         "32,512,1.5,0.01\n"
                         "32,512,2.0,0.02\n")
        with self.assertRaises(BadInput) as caught:
            output.write_text(os.path.join(self.work, "missing", "transfers.csv"), "x\n")
        self.assertEqual(str(caught.exception),
                         f"{self.work}/missing/transfers.csv: cannot write: "
                         "No such file or directory")


if __name__ == "__main__":
    unittest.main(verbosity=2)
