"""What a measuring session costs and how long it takes, from fasdl's own terms.

Prices come from a fasdl profile (profiles/aws-lambda.json): the tiered
$ per GB-second of the function's architecture from ``platform.
gb_second_prices`` (else ``prices.function_mb_second``), ``platform.
invocations.price`` per invocation and ``prices.put_request`` and
``get_request`` per S3 request; the cold start is ``platform.lifetime.
cold_start_seconds``. Durations come from the same profile's transfer times
(looked up as fasdl-plan does: linear in size within a memory column, its
end segments extended; linear between columns, clamped outside) and from a
workload's compute law T_train = a (B + b) / (M + m) and flattening
k1 M^k2 (configs/models/NAME.json). Money in US dollars, time in seconds,
memory in MB, 1 GB = 1,024 MB as Lambda bills it.

Assumed, not measured: each memory change takes ``UPDATE_SECONDS`` to apply;
the first ``concurrency`` invocations after a change start cold (new
sandboxes) and the rest reuse them; S3 DELETEs and the Lambda API calls that
change and read the configuration are free; storage of objects that live for
seconds is negligible. Not counted: building and storing the container image
(ECR), CloudWatch Logs, the deployment itself.
"""
from __future__ import annotations

import bisect
import dataclasses
import json
import math
from typing import Any

from .errors import BadInput
from .session import Invocation, Session

UPDATE_SECONDS = 5.0
MB_PER_GB = 1024


def load_json(path: str, what: str) -> dict[str, Any]:
    """A JSON object from ``path``; BadInput naming the file otherwise."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            document = json.load(f)
    except OSError as e:
        raise BadInput(f"{what} {path}: cannot read: {e.strerror or e}") from None
    except ValueError as e:
        raise BadInput(f"{what} {path}: not JSON: {e}") from None
    if not isinstance(document, dict):
        raise BadInput(f"{what} {path}: expected a JSON object")
    return document


def _get(document: dict[str, Any], path: str, origin: str, default: Any = None) -> Any:
    """The value at a dotted path, or ``default`` (BadInput when there is none)."""
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            if default is not None:
                return default
            raise BadInput(f"{origin}: {path}: missing")
        value = value[key]
    return value


def _number(document: dict[str, Any], path: str, origin: str, default: Any = None) -> float:
    value = _get(document, path, origin, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise BadInput(f"{origin}: {path}: expected a number, got {value!r}")
    return float(value)


class TransferTimes:
    """A profile's transfer table: seconds of one PUT or GET by memory and size."""

    def __init__(self, profile: dict[str, Any], origin: str):
        transfers = _get(profile, "transfers", origin)
        if not isinstance(transfers, dict) or "upload" not in transfers:
            raise BadInput(f"{origin}: transfers: expected the points inline (a profile written "
                           "by fasdl-profile storage)")
        self.columns: dict[str, list[tuple[int, list[float], list[float]]]] = {}
        for direction in ("upload", "download"):
            columns = []
            for c in _get(transfers, direction, origin):
                points = sorted((float(p[0]), float(p[1])) for p in c["points"])
                columns.append((int(c["memory_mb"]), [p[0] for p in points],
                                [p[1] for p in points]))
            columns.sort()
            self.columns[direction] = columns

    @staticmethod
    def _at(sizes: list[float], seconds: list[float], size_mb: float) -> float:
        i = min(max(bisect.bisect_right(sizes, size_mb), 1), len(sizes) - 1)
        x0, x1, y0, y1 = sizes[i - 1], sizes[i], seconds[i - 1], seconds[i]
        return y0 + (y1 - y0) * (size_mb - x0) / (x1 - x0)

    def seconds(self, direction: str, memory_mb: float, size_mb: float) -> float:
        """Seconds of one transfer of ``size_mb`` at ``memory_mb``."""
        columns = self.columns[direction]
        memories = [c[0] for c in columns]
        if memory_mb <= memories[0]:
            return self._at(columns[0][1], columns[0][2], size_mb)
        if memory_mb >= memories[-1]:
            return self._at(columns[-1][1], columns[-1][2], size_mb)
        hi = bisect.bisect_right(memories, memory_mb)
        lo = hi - 1
        low = self._at(columns[lo][1], columns[lo][2], size_mb)
        if memory_mb == memories[lo]:
            return low
        t = (memory_mb - memories[lo]) / (memories[hi] - memories[lo])
        return low + t * (self._at(columns[hi][1], columns[hi][2], size_mb) - low)


@dataclasses.dataclass(frozen=True)
class Prices:
    """A profile's price terms for one architecture."""

    tiers: list[tuple[float, float]]  # (up to GB-seconds, $ per GB-second); last is infinite
    monthly_usage_gb_seconds: float
    invocation: float
    put: float
    get: float
    cold_start_seconds: float
    architecture: str
    source: str

    @staticmethod
    def from_profile(profile: dict[str, Any], origin: str, architecture: str | None) -> "Prices":
        platform = profile.get("platform", {})
        put = _number(profile, "prices.put_request", origin)
        get = _number(profile, "prices.get_request", origin)
        invocation = _number(platform, "invocations.price", origin, 0.0) if platform else 0.0
        cold = _number(platform, "lifetime.cold_start_seconds", origin, 0.0) if platform else 0.0
        table = platform.get("gb_second_prices") if isinstance(platform, dict) else None
        if table:
            arch = architecture or table.get("architecture", "x86_64")
            if arch not in table.get("tiers", {}):
                raise BadInput(f"{origin}: platform.gb_second_prices.tiers has no {arch!r}")
            tiers = [(float(t.get("up_to_gb_seconds", math.inf)), float(t["price"]))
                     for t in table["tiers"][arch]]
            usage = float(table.get("monthly_usage_gb_seconds", 0))
            source = f"{origin}: platform.gb_second_prices.tiers.{arch}"
        else:
            arch = architecture or "x86_64"
            per_mb = _number(profile, "prices.function_mb_second", origin)
            tiers, usage = [(math.inf, per_mb * MB_PER_GB)], 0.0
            source = f"{origin}: prices.function_mb_second"
        return Prices(tiers, usage, invocation, put, get, cold, arch, source)

    def duration_dollars(self, gb_seconds: float) -> float:
        """$ for ``gb_seconds`` more of function time, walking the monthly tiers."""
        dollars, used, left = 0.0, self.monthly_usage_gb_seconds, gb_seconds
        for up_to, price in self.tiers:
            if left <= 0:
                break
            take = min(left, max(0.0, up_to - used))
            dollars += take * price
            used += take
            left -= take
        return dollars


@dataclasses.dataclass(frozen=True)
class ComputeLaw:
    """A workload's T_train(B, M) = a (B + b) / (M + m) and T_flatten(M) = k1 M^k2, seconds."""

    a: float
    b: float
    m: float
    k1: float
    k2: float

    @staticmethod
    def from_workload(workload: dict[str, Any], origin: str) -> "ComputeLaw":
        if _get(workload, "compute", origin).get("law", "plain") != "plain":
            raise BadInput(f"{origin}: compute.law: only the plain law is estimated")
        return ComputeLaw(*(_number(workload, k, origin) for k in
                            ("compute.a", "compute.b", "compute.m", "flatten.k1", "flatten.k2")))

    def step_seconds(self, batch: int, memory_mb: int) -> float:
        """One training step and one flattening."""
        return (self.a * (batch + self.b) / (memory_mb + self.m)
                + self.k1 * memory_mb ** self.k2)


@dataclasses.dataclass
class Estimate:
    """Totals of a session: counts, billed seconds, dollars and wall-clock seconds."""

    rows: list[dict[str, Any]]
    invocations: int
    puts: int
    gets: int
    gb_seconds: float
    duration_dollars: float
    invocation_dollars: float
    request_dollars: float
    wall_seconds: float

    @property
    def dollars(self) -> float:
        return self.duration_dollars + self.invocation_dollars + self.request_dollars


def invocation_seconds(inv: Invocation, times: TransferTimes, law: ComputeLaw | None) -> float:
    """Billed seconds of one warm invocation: every timed operation, warm-ups included."""
    e = inv.event
    if inv.task == "transfers":
        rounds = e["warmup"] + e["repeats"]
        return sum(rounds * (times.seconds("upload", inv.memory_mb, s)
                             + times.seconds("download", inv.memory_mb, s)) for s in e["sizes_mb"])
    assert law is not None
    return sum((e["warmup"] + e["steps"]) * law.step_seconds(b, inv.memory_mb)
               for b in e["batches"])


def makespan(durations: list[float], slots: int) -> float:
    """Wall seconds of running ``durations`` on ``slots`` in longest-first order."""
    ends = [0.0] * max(1, slots)
    for d in sorted(durations, reverse=True):
        i = ends.index(min(ends))
        ends[i] += d
    return max(ends)


def estimate(session: Session, concurrency: int, prices: Prices, times: TransferTimes,
             law: ComputeLaw | None) -> Estimate:
    """Price and time ``session`` run ``concurrency`` invocations at a time."""
    rows = []
    total_gb_seconds = 0.0
    invocations = puts = gets = 0
    wall = 0.0
    for memory in session.memory_mb:
        plan = session.invocations(memory)
        warm = [invocation_seconds(inv, times, law) for inv in plan]
        cold_count = min(concurrency, len(plan))
        billed = sum(warm) + cold_count * prices.cold_start_seconds
        # The cold starts fall on the first wave, longest first.
        durations = sorted(warm, reverse=True)
        for i in range(cold_count):
            durations[i] += prices.cold_start_seconds
        seconds = UPDATE_SECONDS + makespan(durations, concurrency)
        n_put = sum((inv.event["warmup"] + inv.event["repeats"]) * len(inv.event["sizes_mb"])
                    for inv in plan if inv.task == "transfers")
        gb_seconds = billed * memory / MB_PER_GB
        rows.append({"memory_mb": memory, "invocations": len(plan), "puts": n_put, "gets": n_put,
                     "billed_seconds": billed, "gb_seconds": gb_seconds, "wall_seconds": seconds})
        total_gb_seconds += gb_seconds
        invocations += len(plan)
        puts += n_put
        gets += n_put
        wall += seconds
    return Estimate(rows, invocations, puts, gets, total_gb_seconds,
                    prices.duration_dollars(total_gb_seconds), invocations * prices.invocation,
                    puts * prices.put + gets * prices.get, wall)


def report(est: Estimate, prices: Prices, concurrency: int) -> str:
    """The estimate as a table and a summary, for people."""
    lines = [f"{'memory_mb':>9} {'invocations':>11} {'PUTs':>5} {'GETs':>5} "
             f"{'billed_s':>9} {'GB-s':>8} {'wall_s':>7}"]
    for r in est.rows:
        lines.append(f"{r['memory_mb']:>9} {r['invocations']:>11} {r['puts']:>5} {r['gets']:>5} "
                     f"{r['billed_seconds']:>9.1f} {r['gb_seconds']:>8.1f} "
                     f"{r['wall_seconds']:>7.1f}")
    lines += [
        f"session: {est.invocations} invocations, {est.puts} PUTs, {est.gets} GETs, "
        f"{est.gb_seconds:.1f} GB-seconds ({prices.architecture})",
        f"dollars: {est.dollars:.4f} = duration {est.duration_dollars:.4f} + invocations "
        f"{est.invocation_dollars:.6f} + S3 requests {est.request_dollars:.6f}",
        f"minutes: {est.wall_seconds / 60:.1f} at --concurrency {concurrency} "
        f"({UPDATE_SECONDS:g} s per memory change, {prices.cold_start_seconds:g} s per cold start)",
        f"prices: {prices.source}",
    ]
    return "\n".join(lines)


def as_json(est: Estimate, prices: Prices, concurrency: int) -> dict[str, Any]:
    """The estimate as a JSON document."""
    return {"architecture": prices.architecture, "concurrency": concurrency,
            "invocations": est.invocations, "puts": est.puts, "gets": est.gets,
            "gb_seconds": est.gb_seconds, "dollars": est.dollars,
            "duration_dollars": est.duration_dollars,
            "invocation_dollars": est.invocation_dollars,
            "request_dollars": est.request_dollars, "minutes": est.wall_seconds / 60,
            "memory": est.rows, "prices": prices.source,
            "assumptions": {"update_seconds": UPDATE_SECONDS,
                            "cold_start_seconds": prices.cold_start_seconds}}
