#!/usr/bin/env python3
"""fasdl's command-line test runner: tests/cli/cases/*.toml and tests/data/*/cases.toml as ctests.

At configure time CMake asks for the cases (--cmake) and registers one ctest
per case; each ctest runs one case (--run) against the build's programs,
named in the runner-config.json that CMake writes. By hand:

  tests/runner/runner.py --build build/release --list
  tests/runner/runner.py --build build/release --run "cli: plan: --pareto lists the front"
  tests/runner/runner.py --build build/release --update-golden      # rewrite tests/cli/golden/
"""
from __future__ import annotations

import json
import os
import sys

from cases import Case, CaseError, case_files, load_all, load_file
from checks import Context, run_command, same_output, shell_words


def bracket(text: str) -> str:
    """`text` as a CMake bracket argument, whatever it holds."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def cmake_tests(source: str, sanitized: bool, without_shared: bool,
                without_runtime: bool) -> tuple[str, str]:
    """CMake code that registers every case (fasdl_case, tests/cli/CMakeLists.txt), and the
    cases as JSON, which each ctest reads (faster than the TOML files; both change together)."""
    lines = [f"# Written by {os.path.relpath(__file__, source)} --cmake; do not edit."]
    files = case_files(source)
    for file in files + sorted(os.path.relpath(os.path.join(os.path.dirname(__file__), p), source)
                               for p in os.listdir(os.path.dirname(__file__)) if p.endswith(".py")):
        lines.append(f"set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "
                     f"{bracket(os.path.join(source, file))})")
    left_out = 0
    left_out_runtime = 0
    registered: dict[str, dict] = {}
    for case in load_all(source, sanitized):
        if any(c in case.name for c in ";\n"):
            raise CaseError(f"{case.file}: {case.name!r}: a test name holds no ';' and no line break")
        if without_shared and "conformance" in case.labels:
            left_out += 1
            continue
        if without_runtime and case.uses_runtime():
            left_out_runtime += 1
            continue
        words = [bracket(case.name), "LABELS", bracket(";".join(case.labels)),
                 "TIMEOUT", str(case.timeout)]
        if case.sets_up:
            words += ["SETUP", bracket(";".join(case.sets_up))]
        if case.requires:
            words += ["REQUIRED", bracket(";".join(case.requires))]
        lines.append(f"fasdl_case({' '.join(words)})")
        registered[case.name] = vars(case)
    lines.append(f"# FASDL_WITHOUT_SHARED: {left_out} conformance cases left out.")
    lines.append(f"# FASDL_RUNTIME=OFF: {left_out_runtime} cases of the runtime left out.")
    return "\n".join(lines) + "\n", json.dumps(registered, indent=1, ensure_ascii=False)


def run_case(ctx: Context, case: Case, update_golden: bool = False) -> bool:
    """Runs one case and prints what it ran and, when it fails, why; True when it passed."""
    outcomes = []
    if case.check == "command":
        outcome, failed = run_command(ctx, case, update_golden)
        outcomes = [outcome]
    elif case.check == "same_output":
        outcomes, failed = same_output(ctx, case)
    # The other checks' modules are loaded only by their cases: most cases are plain commands.
    elif case.check in ("run", "fault"):
        import runtime
        failed = (runtime.run_training if case.check == "run" else runtime.run_fault)(ctx, case)
    elif case.check == "docs":
        import doc_examples
        failed = doc_examples.run_page(ctx, case)
    else:
        import build_checks
        failed = (build_checks.install if case.check == "install" else build_checks.recipe)(ctx, case)
    for outcome in outcomes:
        print(f"$ {shell_words(outcome.argv)}   # exit {outcome.code}")
    if not failed:
        print(f"passed: {case.name}")
        return True
    print(f"FAILED: {case.name} ({case.file})")
    for failure in failed:
        print("  " + failure.replace("\n", "\n  "))
    for outcome in outcomes:
        print(f"--- {shell_words(outcome.argv)}\nstdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}")
    return False


USAGE = """usage: runner.py --source DIR --cmake FILE [--sanitized] [--without-shared] [--without-runtime]
       runner.py (--config FILE | --build DIR) --list
       runner.py (--config FILE | --build DIR) --run NAME [--file CASES.toml | --cases cases.cmake.json]
       runner.py (--config FILE | --build DIR) --update-golden [NAME...]"""
OPTIONS = {"--config", "--build", "--source", "--cmake", "--run", "--file", "--cases"}
FLAGS = {"--sanitized", "--without-shared", "--without-runtime", "--list", "--update-golden"}


def parse_args(argv: list[str]) -> tuple[dict[str, str | bool], list[str]]:
    """The options and the names after --update-golden (no argparse: each ctest starts the runner)."""
    options: dict[str, str | bool] = {}
    names: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in OPTIONS and i + 1 < len(argv):
            options[word] = argv[i + 1]
            i += 2
            continue
        if word in FLAGS:
            options[word] = True
        elif "--update-golden" in options and not word.startswith("--"):
            names.append(word)
        else:
            raise SystemExit(f"runner: unexpected {word!r}\n{USAGE}")
        i += 1
    return options, names


def main() -> int:
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__ + "\n" + USAGE)
        return 0
    options, golden_names = parse_args(sys.argv[1:])
    sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if "--cmake" in options:
            if "--source" not in options:
                raise SystemExit(f"runner: --cmake needs --source\n{USAGE}")
            text, cases_json = cmake_tests(os.path.abspath(str(options["--source"])),
                                           "--sanitized" in options, "--without-shared" in options,
                                           "--without-runtime" in options)
            with open(str(options["--cmake"]), "w", encoding="utf-8") as f:
                f.write(text)
            with open(str(options["--cmake"]) + ".json", "w", encoding="utf-8") as f:
                f.write(cases_json)
            return 0
        if "--config" in options:
            config_path = str(options["--config"])
        elif "--build" in options:
            config_path = os.path.join(str(options["--build"]), "tests", "runner-config.json")
        else:
            raise SystemExit(f"runner: say which build: --config or --build\n{USAGE}")
        with open(config_path, encoding="utf-8") as f:
            ctx = Context(json.load(f))
        sanitized = ctx.config["sanitized"]
        if "--cases" in options:
            with open(str(options["--cases"]), encoding="utf-8") as f:
                cases = [Case(**values) for values in json.load(f).values()]
        elif "--file" in options:
            cases = load_file(str(options["--file"]), ctx.source, sanitized)
        else:
            cases = load_all(ctx.source, sanitized)
        if "--list" in options:
            print("\n".join(c.name for c in cases))
            return 0
        if "--run" in options:
            chosen = [c for c in cases if c.name == options["--run"]]
            if not chosen:
                print(f"runner: no case named {options['--run']!r}", file=sys.stderr)
                return 2
            return 0 if run_case(ctx, chosen[0]) else 1
        if "--update-golden" in options:
            golden = [c for c in cases if c.stdout_file and (not golden_names or c.name in golden_names)]
            results = [run_case(ctx, c, update_golden=True) for c in golden]
            print(f"rewrote {len(golden)} golden files; review the diff before committing")
            return 0 if all(results) else 1
        raise SystemExit(f"runner: say what to do: --cmake, --list, --run or --update-golden\n{USAGE}")
    except CaseError as e:
        print(f"runner: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
