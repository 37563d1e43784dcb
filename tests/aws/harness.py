"""Shared pieces of the aws tests: paths, the S3 server fixture, checks.

Test code. The tests run under Debian's /usr/bin/python3 (tests/aws/
CMakeLists.txt passes it); CMake gives them, in the environment,
FASDL_AWS_NODE_MODULES (s3rver's node_modules in the build tree),
FASDL_NODE, FASDL_PROFILE and FASDL_PLAN (the built tools).
"""
from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FUNCTION_DIR = os.path.join(REPO, "aws", "function")
DRIVER = os.path.join(REPO, "aws", "measure.py")
BUCKET = "fasdl-measure-test"
SKIP = 77  # ctest's SKIP_RETURN_CODE for these tests


def fail(message: str) -> None:
    """Stop the test program with a one-line reason (a failure, never a skip)."""
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def require_boto3() -> None:
    try:
        import boto3  # noqa: F401
    except ImportError:
        fail(f"{sys.executable} has no boto3: install Debian's python3-boto3 (quickstart.sh does)")


def require_torch_or_skip() -> None:
    """Exit with the skip code and a visible message when PyTorch is missing."""
    try:
        import torch  # noqa: F401
    except ImportError:
        print(f"SKIPPED: {sys.executable} has no PyTorch, so the training steps are not tested; "
              "apt-get install python3-torch to test them (README, Dependencies)", file=sys.stderr)
        sys.exit(SKIP)


def tool(name: str) -> str:
    """A built fasdl tool from the environment CMake sets."""
    path = os.environ.get(name, "")
    if not os.access(path, os.X_OK):
        fail(f"{name} is not set to a built program (run the test through ctest)")
    return path


def function_env(s3_endpoint: str) -> dict[str, str]:
    """The environment of the function and the driver in the tests: loopback only.

    Dummy credentials (s3rver checks signatures made with S3RVER), a fixed
    region and no AWS configuration files, so nothing can reach AWS.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="S3RVER", AWS_SECRET_ACCESS_KEY="S3RVER",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               AWS_EC2_METADATA_DISABLED="true", AWS_ENDPOINT_URL_S3=s3_endpoint)
    return env


class S3Server:
    """s3rver on 127.0.0.1 at a free port, for one test program (a context manager)."""

    def __init__(self, bucket: str = BUCKET):
        self.bucket = bucket
        self.directory = tempfile.mkdtemp(prefix="fasdl-s3rver-")
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "S3Server":
        modules = os.environ.get("FASDL_AWS_NODE_MODULES", "")
        node = os.environ.get("FASDL_NODE", "") or shutil.which("node") or ""
        if not os.path.isdir(os.path.join(modules, "s3rver")):
            fail(f"s3rver is not installed in {modules!r}: the fixture test "
                 "'aws: install s3rver' installs it (run through ctest)")
        if not node:
            fail("node not found: install Debian's nodejs (quickstart.sh does)")
        self.process = subprocess.Popen(
            [node, os.path.join(HERE, "s3_server.js"), modules, self.directory, self.bucket],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
        assert self.process.stdout
        with selectors.DefaultSelector() as sel:
            sel.register(self.process.stdout, selectors.EVENT_READ)
            ready = sel.select(30)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            self.stop()
            fail("the S3 server (s3_server.js) did not start within 30 s")
        self.port = int(json.loads(line)["port"])
        return self

    def stop(self) -> None:
        if self.process is not None:
            try:
                if self.process.stdin:
                    self.process.stdin.close()  # it stops when its input closes
                self.process.wait(timeout=10)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            if self.process.stdout:
                self.process.stdout.close()
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER")

    def __enter__(self) -> "S3Server":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def read_csv(path: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file written by the driver."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


def run(argv: list[str], env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a program, capturing its output as text."""
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
