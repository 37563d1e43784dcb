"""The test cases: TOML tables read into Case records (tests/runner/README.md).

A case file holds `[[case]]` tables, an optional `[defaults]` table (labels
and a timeout for every case of the file) and, for the bad-input suite,
`[kinds]` and `[[bad_input]]` tables. This module reads them, checks every
key, expands `for_each` and the bad-input kinds into plain cases and
substitutes placeholders; it runs nothing.
"""
from __future__ import annotations

import copy
import os
import re

# What each check runs; `command` is the default.
CHECKS = ("command", "same_output", "run", "fault", "install", "recipe", "docs")
FAULTS = ("kill", "store", "interrupt", "signal")

# Every ctest gets a timeout that fits its kind (seconds); a case may set its own.
DEFAULT_TIMEOUTS = {"command": 120, "same_output": 120, "run": 600, "fault": 600,
                    "install": 300, "recipe": 120, "docs": 900}

# The files the suite reads, relative to the source tree.
CASE_GLOBS = ("tests/cli/cases/*.toml", "tests/data/*/cases.toml")

KEYS = {
    "name": str, "check": str, "command": list, "same_as": list, "exit": int,
    "stderr": str, "stdout_file": str, "stdin_file": str, "stdin": str,
    "stdout_has": list, "stderr_has": list, "stdout_lacks": list, "stderr_lacks": list,
    "workdir": str, "env": dict, "sets_up": list, "requires": list, "labels": list,
    "timeout": int, "for_each": list, "for_each_file": str, "sanitized": dict,
    "relaunched": bool, "prepare": list, "prepare_stdout": str, "fault": str,
    "recipe": str, "page": str, "why": str, "writes": dict, "inputs": list, "signal": str, "when": str,
    "listener": str,
}
# An entry of `inputs`: a file written before the command runs, copied from a
# file of the source tree or, with `heading` and `fence`, taken from a Markdown page.
INPUT_KEYS = {"to": str, "from": str, "heading": str, "fence": str, "nth": int}
LABELS = ("cli", "runtime", "timing", "conformance", "accuracy")

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")


class CaseError(Exception):
    """A case file that does not follow the schema; the message names the file and case."""


class Case:
    """One test: what to run and what its outcome must be (the keys of README.md).

    A plain class rather than a dataclass: every ctest starts the runner, and
    dataclasses (with inspect and typing) would double its import time.
    """
    name: str
    file: str                       # the case file, relative to the source tree
    check: str
    command: list[str]
    same_as: list[str] | None
    exit: int | None
    stderr: str | None
    stdout_file: str | None
    stdin_file: str | None
    stdin: str | None
    stdout_has: list[str]
    stderr_has: list[str]
    stdout_lacks: list[str]
    stderr_lacks: list[str]
    writes: dict[str, list[str]]
    inputs: list[dict[str, object]]
    workdir: str
    env: dict[str, str]
    sets_up: list[str]
    requires: list[str]
    labels: list[str]
    timeout: int
    relaunched: bool
    prepare: list[str] | None
    prepare_stdout: str | None
    fault: str | None
    recipe: str | None
    page: str | None
    signal: str | None
    when: str | None
    listener: str | None

    DEFAULTS: dict[str, object] = {
        "check": "command", "command": [], "same_as": None, "exit": None, "stderr": None,
        "stdout_file": None, "stdin_file": None, "stdin": None, "stdout_has": [],
        "stderr_has": [], "stdout_lacks": [], "stderr_lacks": [], "writes": {}, "inputs": [],
        "workdir": "{source}", "env": {}, "sets_up": [], "requires": [], "labels": [],
        "timeout": 0, "relaunched": False, "prepare": None, "prepare_stdout": None,
        "fault": None, "recipe": None, "page": None, "signal": None, "when": None, "listener": None,
    }

    def __init__(self, name: str, file: str, **values: object):
        self.name = name
        self.file = file
        for key, default in self.DEFAULTS.items():
            setattr(self, key, copy.copy(values.pop(key, default)))
        if values:
            raise TypeError(f"unknown fields {sorted(values)}")

    # What the planner alone (FASDL_RUNTIME=OFF) does not build.
    RUNTIME_PROGRAMS = ("fasdl-run", "fasdl-validate", "fasdl_runtime_tests")
    RUNTIME_SUBCOMMANDS = ("measure", "probe", "worker")

    def uses_runtime(self) -> bool:
        """Whether the case needs the runtime: fasdl-run, fasdl-validate, the runtime's
        tests, fasdl-profile measure, a run or a fault."""
        if self.check in ("run", "fault") or "runtime" in self.labels:
            return True
        words = [w for c in (self.command, self.same_as or [], self.prepare or []) for w in c]
        if any(w.strip("{}") in self.RUNTIME_PROGRAMS for w in words):
            return True
        return any(w.strip("{}") == "fasdl-profile" and len(c) > i + 1
                   and c[i + 1] in self.RUNTIME_SUBCOMMANDS
                   for c in (self.command, self.same_as or []) for i, w in enumerate(c))

    def uses_shared(self) -> bool:
        """Whether the case reads the reference data (`{shared}`, or a profile recipe)."""
        return self.check == "recipe" or "{shared}" in repr(self.__dict__)


def substitute(value: object, names: dict[str, str]) -> object:
    """`value` with every `{name}` of `names` replaced, in strings, lists and tables.

    Braces that name nothing known (JSON text, say) are left as they are.
    """
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: names.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [substitute(v, names) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, names) for k, v in value.items()}
    return value


def case_files(source: str) -> list[str]:
    """Every case file of the suite, relative to `source`, in a fixed order."""
    import glob
    found: list[str] = []
    for pattern in CASE_GLOBS:
        found += sorted(os.path.relpath(p, source) for p in glob.glob(os.path.join(source, pattern)))
    return found


def _check_table(table: dict[str, object], where: str) -> None:
    for key, value in table.items():
        if key not in KEYS:
            raise CaseError(f"{where}: unknown key {key!r}; the keys are {', '.join(sorted(KEYS))}")
        if not isinstance(value, KEYS[key]) or (KEYS[key] is int and isinstance(value, bool)):
            raise CaseError(f"{where}: {key}: expected {KEYS[key].__name__}, got {value!r}")
        if KEYS[key] is list and key not in ("for_each", "inputs") and \
                not all(isinstance(v, str) for v in value):
            raise CaseError(f"{where}: {key}: expected a list of strings, got {value!r}")
        if key == "inputs":
            _check_inputs(value, where)
        if key == "writes" and not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                       for v in value.values()):
            raise CaseError(f"{where}: writes: expected a table of files and lists of strings")


def _check_inputs(inputs: list[object], where: str) -> None:
    for entry in inputs:
        if not isinstance(entry, dict) or not {"to", "from"} <= set(entry) or \
                set(entry) - set(INPUT_KEYS) or \
                not all(isinstance(v, INPUT_KEYS[k]) for k, v in entry.items()):
            raise CaseError(f"{where}: inputs: expected tables of to and from (strings), with "
                            f"heading and fence (strings) and nth (a number) for a Markdown "
                            f"example, got {entry!r}")
        if ("heading" in entry) != ("fence" in entry) or ("nth" in entry and "heading" not in entry):
            raise CaseError(f"{where}: inputs: heading and fence go together, nth with them")


def _make_case(table: dict[str, object], file: str, defaults: dict[str, object],
               sanitized: bool) -> Case | None:
    where = f"{file}: {table.get('name', '(a case without a name)')}"
    _check_table(table, where)
    if sanitized and "sanitized" in table:
        overrides = dict(table["sanitized"])
        if overrides.pop("skip", False):
            return None
        _check_table(overrides, where + ": sanitized")
        table = {**table, **overrides}
    table = {k: v for k, v in table.items() if k not in ("sanitized", "why")}
    if "name" not in table:
        raise CaseError(f"{where}: a case needs a name")
    check = table.setdefault("check", "command")
    if check not in CHECKS:
        raise CaseError(f"{where}: check: expected one of {', '.join(CHECKS)}, got {check!r}")
    if check in ("command", "same_output", "run", "fault") and not table.get("command"):
        raise CaseError(f"{where}: a {check} case needs a command")
    if check in ("command", "same_output") and "exit" not in table:
        raise CaseError(f"{where}: a {check} case needs the exit code it expects")
    if table.get("inputs") and check != "command":
        raise CaseError(f"{where}: inputs are written for a command case only")
    if check == "fault" and table.get("fault") not in FAULTS:
        raise CaseError(f"{where}: fault: expected one of {', '.join(FAULTS)}")
    if table.get("fault") == "signal" and "exit" not in table:
        raise CaseError(f"{where}: a signal fault needs the exit code it expects")
    if table.get("listener") not in (None, "silent", "closing", "hostile"):
        raise CaseError(f"{where}: listener: expected silent, closing or hostile")
    if check == "recipe" and "recipe" not in table:
        raise CaseError(f"{where}: a recipe case needs the recipe it reruns")
    if check == "docs" and "page" not in table:
        raise CaseError(f"{where}: a docs case needs the page whose examples it runs")
    if bool(table.get("prepare")) != bool(table.get("prepare_stdout")):
        raise CaseError(f"{where}: prepare and prepare_stdout go together")
    case = Case(file=file, **table)
    case.labels = sorted(set(defaults.get("labels", [])) | set(case.labels) | {"cli"})
    if case.uses_shared():
        case.labels = sorted(set(case.labels) | {"conformance"})
    if check in ("run", "fault"):
        case.labels = sorted(set(case.labels) | {"runtime"})
    unknown = set(case.labels) - set(LABELS)
    if unknown:
        raise CaseError(f"{where}: labels: {sorted(unknown)} are not among {', '.join(LABELS)}")
    case.timeout = case.timeout or defaults.get("timeout") or DEFAULT_TIMEOUTS[check]
    return case


def _expand(table: dict[str, object], source: str, where: str) -> list[dict[str, object]]:
    """One table per entry of `for_each` (tables of names) or file of `for_each_file`."""
    if "for_each" in table and "for_each_file" in table:
        raise CaseError(f"{where}: give for_each or for_each_file, not both")
    rows: list[dict[str, str]]
    if "for_each" in table:
        rows = table["for_each"]
        if not rows or not all(isinstance(r, dict) and all(isinstance(v, str) for v in r.values())
                               for r in rows):
            raise CaseError(f"{where}: for_each: expected tables of names and strings")
    elif "for_each_file" in table:
        import glob
        paths = sorted(glob.glob(os.path.join(source, table["for_each_file"])))
        rows = [{"file": os.path.relpath(p, source),
                 "stem": os.path.splitext(os.path.basename(p))[0]} for p in paths]
    else:
        return [table]
    plain = {k: v for k, v in table.items() if k not in ("for_each", "for_each_file")}
    return [substitute(copy.deepcopy(plain), row) for row in rows]


def _bad_inputs(doc: dict[str, object], file: str, source: str) -> list[dict[str, object]]:
    """The `[[bad_input]]` entries as case tables, after checking the folder against them."""
    kinds: dict[str, list[str]] = doc.get("kinds", {})
    folder = os.path.dirname(file)
    tables: list[dict[str, object]] = []
    for entry in doc.get("bad_input", []):
        where = f"{file}: bad_input {entry.get('file', '?')}"
        if set(entry) - {"file", "kind", "message"} or not {"file", "kind", "message"} <= set(entry):
            raise CaseError(f"{where}: expected exactly the keys file, kind and message")
        if entry["kind"] not in kinds:
            raise CaseError(f"{where}: unknown kind {entry['kind']!r}; declare it in [kinds]")
        path = f"{folder}/{entry['file']}"
        command = substitute(kinds[entry["kind"]], {"file": path})
        tables.append({"name": f"cli: bad input: {entry['file']}", "command": command, "exit": 2,
                       "stderr": f"{command[0]}: {entry['message']}"})
    if "bad_input" in doc:
        present = set(os.listdir(os.path.join(source, folder))) - {os.path.basename(file)}
        named = {e["file"] for e in doc["bad_input"]}
        if present != named:
            raise CaseError(f"{folder}: files without an entry in {file}: {sorted(present - named)}; "
                            f"entries without a file: {sorted(named - present)}")
        minimum = doc.get("minimum_cases", 0)
        if len(named) < minimum:
            raise CaseError(f"{folder}: {len(named)} cases; the suite promises at least {minimum}")
    return tables


def load_file(file: str, source: str, sanitized: bool = False) -> list[Case]:
    """The cases of one file (relative to `source`), expanded and checked."""
    import tomllib  # only here: a ctest reads its case from the build's cases.json
    try:
        with open(os.path.join(source, file), "rb") as f:
            doc = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise CaseError(f"{file}: {e}") from e
    unknown = set(doc) - {"defaults", "case", "kinds", "bad_input", "minimum_cases"}
    if unknown:
        raise CaseError(f"{file}: unknown top-level keys {sorted(unknown)}")
    defaults = doc.get("defaults", {})
    if set(defaults) - {"labels", "timeout"}:
        raise CaseError(f"{file}: [defaults] takes labels and timeout only")
    tables = _bad_inputs(doc, file, source)
    for table in doc.get("case", []):
        tables += _expand(table, source, f"{file}: {table.get('name', '?')}")
    cases = [c for c in (_make_case(t, file, defaults, sanitized) for t in tables) if c]
    return cases


def load_all(source: str, sanitized: bool = False) -> list[Case]:
    """Every case of the suite; names must be unique and fixtures set up somewhere."""
    cases: list[Case] = []
    for file in case_files(source):
        cases += load_file(file, source, sanitized)
    seen: dict[str, str] = {}
    for case in cases:
        if case.name in seen:
            raise CaseError(f"{case.file}: {case.name!r} is also a case of {seen[case.name]}")
        seen[case.name] = case.file
    set_up = {f for c in cases for f in c.sets_up}
    for case in cases:
        missing = set(case.requires) - set_up
        if missing:
            raise CaseError(f"{case.file}: {case.name}: requires {sorted(missing)}, which no case sets up")
    return cases
