"""The profiling function's handler against a real S3-compatible server (s3rver).

Calls aws/function/handler.py as Lambda would, in this process, with the
transfers task; checks the timings, that every object is gone afterwards and
that bad events are refused with one-line messages.
"""
from __future__ import annotations

import math
import os
import statistics
import sys
import types
import unittest

import harness

harness.require_boto3()


def context(memory_mb: int = 512) -> types.SimpleNamespace:
    """What Lambda's Python runtime passes (memory as a string, as there)."""
    return types.SimpleNamespace(memory_limit_in_mb=str(memory_mb), function_name="measure",
                                 function_version="$LATEST", aws_request_id="request-1")


class HandlerTest(unittest.TestCase):
    server: harness.S3Server
    handler: types.ModuleType
    first: dict
    second: dict

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = harness.S3Server().start()
        cls.saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(harness.function_env(cls.server.endpoint))
        sys.path.insert(0, harness.FUNCTION_DIR)
        import handler
        import transfers

        cls.handler = handler
        # The client the handler would make itself, with a counter of the requests it sends.
        handler._S3 = transfers.s3_client()
        cls.requests: dict[str, int] = {}

        def count(model: object, **_: object) -> None:
            name = model.name  # type: ignore[attr-defined]
            cls.requests[name] = cls.requests.get(name, 0) + 1

        for operation in ("PutObject", "GetObject", "DeleteObject"):
            handler._S3.meta.events.register(f"before-call.s3.{operation}", count)
        event = {"task": "transfers", "bucket": harness.BUCKET, "key_prefix": "t/512MB",
                 "sizes_mb": [0.5, 1, 3], "repeats": 3, "warmup": 1}
        cls.first = handler.lambda_handler(event, context())
        cls.first_requests = dict(cls.requests)
        cls.second = handler.lambda_handler(dict(event, sizes_mb=[2], repeats=1, warmup=0),
                                            context(1024))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        os.environ.clear()
        os.environ.update(cls.saved)

    def test_answer_says_where_it_ran(self) -> None:
        a = self.first
        self.assertEqual(a["task"], "transfers")
        self.assertEqual(a["memory_mb"], 512)
        self.assertEqual(self.second["memory_mb"], 1024)
        self.assertTrue(a["cold_start"])
        self.assertFalse(self.second["cold_start"])
        self.assertEqual(a["region"], "us-east-1")
        self.assertEqual(a["request_id"], "request-1")
        self.assertTrue(a["architecture"])
        self.assertGreater(a["seconds"], 0)

    def test_timings_per_size_without_warmup(self) -> None:
        results = self.first["results"]
        self.assertEqual([r["size_mb"] for r in results], [0.5, 1.0, 3.0])
        for r in results:
            self.assertEqual(r["bytes"], round(r["size_mb"] * 1048576))
            self.assertEqual(r["warmup"], 1)
            self.assertEqual(r["retried"], 0)
            for direction in ("upload", "download"):
                times = r[f"{direction}_seconds"]
                self.assertEqual(len(times), 3, direction)
                for t in times:
                    self.assertTrue(math.isfinite(t) and 0 < t < 30, t)
                self.assertEqual(r[f"{direction}_median"], statistics.median(times))
        self.assertEqual(len(self.second["results"][0]["upload_seconds"]), 1)

    def test_warmup_rounds_are_made_and_discarded(self) -> None:
        # Three sizes, one warm-up round and three timed rounds each: 12 PUTs, GETs, DELETEs.
        self.assertEqual(self.first_requests, {"PutObject": 12, "GetObject": 12,
                                               "DeleteObject": 12})

    def test_every_object_is_deleted(self) -> None:
        listing = self.server.client().list_objects_v2(Bucket=harness.BUCKET)
        self.assertEqual(listing.get("KeyCount"), 0, listing.get("Contents"))

    def test_bad_events_are_refused_in_one_line(self) -> None:
        good = {"task": "transfers", "bucket": harness.BUCKET, "key_prefix": "bad",
                "sizes_mb": [1], "repeats": 1, "warmup": 0}
        cases = [
            ([], "event: expected a JSON object, got list"),
            ({}, "event: missing \"task\""),
            (dict(good, task="train"), "event: \"task\" must be one of transfers, training, "
                                       "got 'train'"),
            ({k: v for k, v in good.items() if k != "bucket"}, "event: missing \"bucket\""),
            (dict(good, sizes_mb=[]), "event: \"sizes_mb\" must not be empty"),
            (dict(good, sizes_mb=[1, 1]), "event: \"sizes_mb\" repeats a value: [1, 1]"),
            (dict(good, sizes_mb=[0]), "event: \"sizes_mb\" must hold numbers from 1e-06 to "
                                       "10240, got 0.0"),
            (dict(good, repeats=0), "event: \"repeats\" must be from 1 to 1000, got 0"),
            (dict(good, repeats=True), "event: \"repeats\" must be a whole number, got True"),
            (dict(good, warmup="1"), "event: \"warmup\" must be a whole number, got '1'"),
            (dict(good, key_prefix=""), "event: \"bucket\" and \"key_prefix\" must be "
                                        "non-empty, one-line strings"),
        ]
        for event, message in cases:
            with self.subTest(event=event):
                with self.assertRaises(ValueError) as caught:
                    self.handler.lambda_handler(event, context())
                self.assertEqual(str(caught.exception), message)

    def test_a_missing_bucket_fails_the_invocation(self) -> None:
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as caught:
            self.handler.lambda_handler(
                {"task": "transfers", "bucket": "no-such-bucket", "key_prefix": "x",
                 "sizes_mb": [1], "repeats": 1, "warmup": 0}, context())
        self.assertIn("NoSuchBucket", str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
