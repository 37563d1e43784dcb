"""The command line of fasdl-measure (python3 aws/measure.py --help)."""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import os
import sys
from typing import Any, NoReturn

from . import PROGRAM, estimate as estimating, output
from .errors import EXIT_INTERRUPTED, BadInput, MeasureFailed, one_line
from .session import LAMBDA_MEMORY_MB, Session, parse_list

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(HERE))
DEFAULT_PROFILE = os.path.join(REPOSITORY, "profiles", "aws-lambda.json")
DEFAULT_MEMORY = "128,256,512,1024,1536,1769,2048,3008,5120,10240"
DEFAULT_SIZES = "1,2,4,8,16,32,64,100"


class Parser(argparse.ArgumentParser):
    """argparse with the project's one-line errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(message)


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog=PROGRAM,
        description="Measure AWS Lambda for fasdl: set the profiling function's memory to each "
        "size in turn, time S3 PUTs and GETs and training steps there, and write transfers.csv "
        "(for fasdl-profile storage), compute.csv (for fasdl-profile compute) and session.json. "
        "With --estimate, print what the session would cost and how long it would take, from a "
        "fasdl profile's price terms, without calling AWS. docs/measure-on-aws.md walks through "
        "it. Exit codes: 0 done, 2 bad input or a failed write, 3 the session failed on AWS.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    where = p.add_argument_group("where")
    where.add_argument("--function", help="name of the deployed profiling function "
                       "(the stack's FunctionName output)")
    where.add_argument("--bucket", help="its bucket (the stack's BucketName output)")
    where.add_argument("--region", help="AWS region (default: the AWS CLI's configuration)")
    where.add_argument("--endpoint-url", help="Lambda API endpoint, for a local stand-in")
    where.add_argument("-o", "--out", help="folder for transfers.csv, compute.csv, session.json")
    what = p.add_argument_group("what")
    what.add_argument("--memory", default=DEFAULT_MEMORY, help="memory sizes, MB")
    what.add_argument("--sizes", default=DEFAULT_SIZES,
                      help="object sizes, MB (1 MB = 1,048,576 bytes)")
    what.add_argument("--max-size-fraction", type=float, default=0.2,
                      help="at memory M, only sizes up to this fraction of M MB are timed "
                      "(the function holds each object twice)")
    what.add_argument("--repeats", type=int, default=5, help="timed PUTs and GETs per size")
    what.add_argument("--warmup", type=int, default=1,
                      help="PUT-GET rounds per size done first and discarded")
    what.add_argument("--network", default="resnet18",
                      help="network to train: resnet18, resnet34, resnet50, resnet101, "
                      "mobilenet_v2, vgg16 (the catalog's) or tiny")
    what.add_argument("--no-training", action="store_true", help="time transfers only")
    what.add_argument("--batches", default="16,32,64", help="batch sizes, samples")
    what.add_argument("--steps", type=int, default=5, help="timed training steps per batch")
    what.add_argument("--step-warmup", type=int, default=1,
                      help="training steps per batch done first and discarded")
    what.add_argument("--training-memory-min", type=int, default=1024,
                      help="train only at memory sizes of at least this many MB")
    what.add_argument("--seed", type=int, default=1, help="seed of the random weights and data")
    how = p.add_argument_group("how")
    how.add_argument("--concurrency", type=int, default=4,
                     help="invocations in flight at once (each memory size in turn)")
    how.add_argument("--max-attempts", type=int, default=8,
                     help="attempts per call refused for throttling or a pending update")
    how.add_argument("--invoke-timeout", type=float, default=900,
                     help="seconds to wait for one invocation (the function's timeout)")
    how.add_argument("--update-timeout", type=float, default=300,
                     help="seconds to wait for a memory change to apply")
    how.add_argument("--poll-seconds", type=float, default=1.0,
                     help="seconds between checks of a pending update")
    how.add_argument("--keep-memory", action="store_true",
                     help="leave the function at the last memory size instead of restoring it")
    cost = p.add_argument_group("cost")
    cost.add_argument("--estimate", action="store_true",
                      help="print the session's dollars and minutes and exit (no AWS calls)")
    cost.add_argument("--profile", default=DEFAULT_PROFILE,
                      help="fasdl profile whose price terms and transfer times price the session")
    cost.add_argument("--workload", help="workload whose compute law times the training steps "
                      "(default: configs/models/NETWORK.json)")
    cost.add_argument("--architecture", choices=["x86_64", "arm64"],
                      help="price table for --estimate (default: the profile's)")
    cost.add_argument("--format", choices=["table", "json"], default="table",
                      help="--estimate's output")
    return p


def _positive(value: float, option: str, low: float, high: float) -> None:
    if not low <= value <= high:
        raise BadInput(f"{option}: expected a number from {low:g} to {high:g}, got {value:g}")


def session_from(args: argparse.Namespace) -> Session:
    """The session the options describe, checked (BadInput otherwise)."""
    _positive(args.max_size_fraction, "--max-size-fraction", 1e-6, 1)
    _positive(args.repeats, "--repeats", 1, 1000)
    _positive(args.warmup, "--warmup", 0, 100)
    _positive(args.steps, "--steps", 1, 1000)
    _positive(args.step_warmup, "--step-warmup", 0, 100)
    _positive(args.concurrency, "--concurrency", 1, 1000)
    _positive(args.max_attempts, "--max-attempts", 1, 100)
    _positive(args.invoke_timeout, "--invoke-timeout", 1, 3600)
    _positive(args.update_timeout, "--update-timeout", 1, 3600)
    _positive(args.poll_seconds, "--poll-seconds", 0.01, 60)
    _positive(args.seed, "--seed", 0, 2**31 - 1)
    networks = ("resnet18", "resnet34", "resnet50", "resnet101", "mobilenet_v2", "vgg16", "tiny")
    if not args.no_training and args.network not in networks:
        raise BadInput(f"--network: expected one of {', '.join(networks)}, got \"{args.network}\"")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    session = Session(
        memory_mb=parse_list(args.memory, "--memory", int, *LAMBDA_MEMORY_MB),
        sizes_mb=parse_list(args.sizes, "--sizes", float, 1e-6, 10240),
        max_size_fraction=args.max_size_fraction, repeats=args.repeats, warmup=args.warmup,
        network=None if args.no_training else args.network,
        batches=parse_list(args.batches, "--batches", int, 1, 100000),
        steps=args.steps, step_warmup=args.step_warmup,
        training_memory_min_mb=args.training_memory_min, seed=args.seed,
        bucket=args.bucket or "fasdl-measure", key_prefix=f"fasdl-measure/{stamp}")
    session.check()
    return session


def run_estimate(args: argparse.Namespace, session: Session) -> int:
    """--estimate: print the session's cost and time."""
    import json

    profile = estimating.load_json(args.profile, "--profile")
    prices = estimating.Prices.from_profile(profile, args.profile, args.architecture)
    times = estimating.TransferTimes(profile, args.profile)
    law = None
    if session.network is not None:
        path = args.workload or os.path.join(REPOSITORY, "configs", "models",
                                             f"{session.network}.json")
        if not os.path.exists(path) and args.workload is None:
            raise BadInput(f"--network {session.network} has no catalog workload to time its "
                           "steps; pass --workload FILE")
        law = estimating.ComputeLaw.from_workload(estimating.load_json(path, "--workload"), path)
    est = estimating.estimate(session, args.concurrency, prices, times, law)
    if args.format == "json":
        print(json.dumps(estimating.as_json(est, prices, args.concurrency), indent=2))
    else:
        print(estimating.report(est, prices, args.concurrency))
    return 0


def lambda_client(args: argparse.Namespace) -> Any:
    """A boto3 Lambda client without the SDK's own retries (the driver retries)."""
    try:
        import boto3
        import botocore.config
    except ImportError:
        raise BadInput("boto3 is not installed: apt-get install python3-boto3") from None
    from botocore.exceptions import BotoCoreError

    config = botocore.config.Config(
        retries={"total_max_attempts": 1}, connect_timeout=10,
        read_timeout=args.invoke_timeout + 10, max_pool_connections=args.concurrency + 2)
    try:
        return boto3.client("lambda", region_name=args.region, endpoint_url=args.endpoint_url,
                            config=config)
    except BotoCoreError as e:  # no region, a bad endpoint
        raise BadInput(f"cannot make a Lambda client: {one_line(e)} (--region, "
                       "--endpoint-url)") from None


def measure_memory(function: Any, session: Session, memory: int,
                   concurrency: int) -> list[dict[str, Any]]:
    """Set one memory size and run its invocations, ``concurrency`` at a time."""
    from .lambda_ops import Function

    assert isinstance(function, Function)
    function.set_memory(memory)
    plan = session.invocations(memory)
    print(f"{PROGRAM}: {memory} MB: {len(plan)} invocations", file=sys.stderr)
    answers = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(function.invoke, inv) for inv in plan]
        try:
            for future in futures:
                answers.append(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return answers


def run_session(args: argparse.Namespace, session: Session) -> int:
    """Measure on AWS and write the session's files."""
    from .lambda_ops import Function, Retrier

    for option in ("function", "bucket", "out"):
        if not getattr(args, option):
            raise BadInput(f"--{option} is required (or pass --estimate)")
    output.prepare_directory(args.out)
    started = datetime.datetime.now(datetime.timezone.utc)
    retrier = Retrier(args.max_attempts)
    function = Function(lambda_client(args), args.function, retrier, args.poll_seconds,
                        args.update_timeout)
    original = function.wait_ready()
    answers: list[dict[str, Any]] = []
    try:
        for memory in session.memory_mb:
            answers += measure_memory(function, session, memory, args.concurrency)
    finally:
        if not args.keep_memory and original.get("MemorySize"):
            try:
                function.set_memory(int(original["MemorySize"]))
            except MeasureFailed as e:
                print(f"{PROGRAM}: could not restore the memory: {e}", file=sys.stderr)
    finished = datetime.datetime.now(datetime.timezone.utc)
    files = {"transfers": "transfers.csv"}
    output.write_text(os.path.join(args.out, "transfers.csv"),
                      output.csv_text(output.TRANSFERS_HEADER, output.transfer_rows(answers)))
    if session.network is not None:
        files["compute"] = "compute.csv"
        output.write_text(os.path.join(args.out, "compute.csv"),
                          output.csv_text(output.COMPUTE_HEADER, output.compute_rows(answers)))
    document = describe(args, session, original, answers, started, finished, files,
                        retrier.retries)
    document["cost"] = session_cost(args, document, answers)
    output.write_json(os.path.join(args.out, "session.json"), document)
    summary(args, document)
    return 0


def describe(args: argparse.Namespace, session: Session, config: dict[str, Any],
             answers: list[dict[str, Any]], started: datetime.datetime,
             finished: datetime.datetime, files: dict[str, str],
             retries: dict[str, int]) -> dict[str, Any]:
    """session.json: what was measured where and when."""
    training = [a for a in answers if a["task"] == "training"]
    seconds = sum(a["seconds"] for a in answers)
    doc: dict[str, Any] = {
        "function": args.function,
        "function_arn": config.get("FunctionArn", ""),
        "bucket": args.bucket,
        "region": sorted({a["region"] for a in answers})[0] if answers else "",
        "architecture": sorted({a["architecture"] for a in answers}),
        "function_architectures": config.get("Architectures", []),
        "package_type": config.get("PackageType", ""),
        "python": sorted({a["python"] for a in answers}),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "memory_mb": session.memory_mb,
        "transfers": {
            "sizes_mb": {str(m): session.sizes_at(m) for m in session.memory_mb},
            "repeats": session.repeats, "warmup": session.warmup,
            "size_unit_bytes": 1 << 20, "key_prefix": session.key_prefix},
        "files": files,
        "invocations": [
            {"memory_mb": a["memory_mb"], "task": a["task"],
             **({"size_mb": a["results"][0]["size_mb"]} if a["task"] == "transfers"
                else {"batch": a["results"][0]["batch"]}),
             "request_id": a["request_id"], "cold_start": a["cold_start"],
             "cpus": a["cpus"], "started_at": a["started_at"], "seconds": a["seconds"],
             "attempts": a["attempts"]} for a in answers],
        "function_seconds": seconds,
        "gb_seconds": sum(a["seconds"] * a["memory_mb"] for a in answers) / 1024,
        "retries": retries,
    }
    if session.network is not None:
        first = training[0] if training else {}
        doc["training"] = {
            "network": session.network, "memory_mb": session.training_memory_mb,
            "batches": session.batches, "steps": session.steps, "warmup": session.step_warmup,
            "seed": session.seed, "parameters": first.get("parameters"),
            "model_mb": first.get("model_mb"), "torch": first.get("torch"),
            "threads": {str(a["memory_mb"]): a["threads"] for a in training}}
    return doc


def arm_or_x86(machine: str) -> str:
    """Lambda's name of a processor architecture (platform.machine() on the function)."""
    return "arm64" if machine in ("aarch64", "arm64") else "x86_64"


def session_cost(args: argparse.Namespace, doc: dict[str, Any],
                 answers: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What the session cost at --profile's prices: billed seconds as the function timed them."""
    try:
        profile = estimating.load_json(args.profile, "--profile")
        arch = arm_or_x86(doc["architecture"][0]) if doc["architecture"] else None
        prices = estimating.Prices.from_profile(profile, args.profile, arch)
    except BadInput as e:
        print(f"{PROGRAM}: no cost: {e}", file=sys.stderr)
        return None
    puts = sum(len(r["upload_seconds"]) + r["warmup"] for a in answers
               if a["task"] == "transfers" for r in a["results"])
    duration = prices.duration_dollars(doc["gb_seconds"])
    invocations = len(doc["invocations"]) * prices.invocation
    requests = puts * (prices.put + prices.get)
    return {"dollars": duration + invocations + requests, "duration_dollars": duration,
            "invocation_dollars": invocations, "request_dollars": requests,
            "price_mb_second_first_tier": prices.tiers[0][1] / estimating.MB_PER_GB,
            "architecture": prices.architecture, "prices": prices.source,
            "note": "handler time only: cold starts, retried S3 rounds and billing "
                    "rounding are not included"}


def summary(args: argparse.Namespace, doc: dict[str, Any]) -> None:
    """What was written and the commands that fit it (docs/measure-on-aws.md)."""
    out = args.out
    files = ", ".join(os.path.join(out, f) for f in [*doc["files"].values(), "session.json"])
    cost = doc.get("cost")
    dollars = f", about ${cost['dollars']:.4f}" if cost else ""
    print(f"{PROGRAM}: {len(doc['invocations'])} invocations, {doc['gb_seconds']:.1f} GB-seconds"
          f" of function time{dollars}; wrote {files}", file=sys.stderr)
    memory = doc["memory_mb"]
    price = (f" --price-mb-second {cost['price_mb_second_first_tier']!r}" if cost else "")
    print(f"next: fasdl-profile storage -i {os.path.join(out, 'transfers.csv')} "
          f"--memory-min {memory[0]} --memory-max {memory[-1]} --memory-step 1{price} "
          "--platform configs/platforms/aws-lambda.json -o my-lambda.json", file=sys.stderr)
    if "training" in doc and doc["training"]["model_mb"]:
        network = doc["training"]["network"]
        print(f"next: fasdl-profile compute -i {os.path.join(out, 'compute.csv')} --model-mb "
              f"{doc['training']['model_mb']:.4f} --samples 50000 --epochs 10 "
              f"--name my-{network} -o my-{network}.json", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = parser().parse_args(argv)
        session = session_from(args)
        if args.estimate:
            return run_estimate(args, session)
        return run_session(args, session)
    except (BadInput, MeasureFailed) as e:
        print(f"{PROGRAM}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"{PROGRAM}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
