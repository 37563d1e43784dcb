"""The session's files: transfers.csv, compute.csv and session.json.

The CSVs are exactly the forms of docs/formats.md ("Transfer measurements",
"Compute measurements") that ``fasdl-profile storage`` and ``compute`` read:
one row per timed transfer or training step, memory in whole MB, sizes in MB,
times in seconds written as the shortest text that reads back as the same
double. Files are written whole to a temporary name and then renamed.
"""
from __future__ import annotations

import json
import os
from typing import Any, Iterable

from .errors import BadInput

TRANSFERS_HEADER = ("direction", "memory_mb", "size_mb", "seconds")
COMPUTE_HEADER = ("batch", "memory_mb", "train_seconds", "flatten_seconds")


def _number(value: float) -> str:
    """A float as CSV text: ``repr`` is the shortest round-trip form."""
    return repr(float(value))


def _size(value: float) -> str:
    """An object size: ``4`` rather than ``4.0``."""
    return f"{value:g}" if float(value) == float(f"{value:g}") else repr(float(value))


def transfer_rows(answers: Iterable[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row per timed PUT (upload) and GET (download), by memory, direction and size."""
    rows = []
    for a in answers:
        if a["task"] != "transfers":
            continue
        for r in a["results"]:
            for direction, key in (("upload", "upload_seconds"), ("download", "download_seconds")):
                for s in r[key]:
                    rows.append((direction, a["memory_mb"], r["size_mb"], s))
    rows.sort(key=lambda row: (row[1], row[0] != "upload", row[2]))
    return [(d, str(m), _size(size), _number(s)) for d, m, size, s in rows]


def compute_rows(answers: Iterable[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row per timed training step with the flattening timed after it."""
    rows = []
    for a in answers:
        if a["task"] != "training":
            continue
        for r in a["results"]:
            for train, flatten in zip(r["train_seconds"], r["flatten_seconds"]):
                rows.append((r["batch"], a["memory_mb"], train, flatten))
    rows.sort(key=lambda row: (row[1], row[0]))
    return [(str(b), str(m), _number(t), _number(f)) for b, m, t, f in rows]


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole (temporary file, then rename); BadInput on failure."""
    temporary = f"{path}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except OSError as e:
        raise BadInput(f"{path}: cannot write: {e.strerror or e}") from None


def csv_text(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Header and rows, comma-separated, one per line."""
    return "".join(",".join(cells) + "\n" for cells in [header, *rows])


def write_json(path: str, document: dict[str, Any]) -> None:
    """A JSON document, indented, with a final newline."""
    write_text(path, json.dumps(document, indent=2) + "\n")


def prepare_directory(path: str) -> None:
    """Create the output folder and prove it writable before anything is measured."""
    try:
        os.makedirs(path, exist_ok=True)
        probe = os.path.join(path, ".fasdl-measure-write-test")
        with open(probe, "w", encoding="utf-8") as f:
            f.write("")
        os.remove(probe)
    except OSError as e:
        raise BadInput(f"--out {path}: cannot write: {e.strerror or e}") from None
