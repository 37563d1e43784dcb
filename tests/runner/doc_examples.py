"""The `docs` check: every command line of a page's ```sh blocks runs against the build.

A page is a Markdown file of the source tree (`page`, usually `{file}` of
`for_each_file`). Every line of its ```sh blocks whose first word (after
`VAR=value` assignments) is fasdl-plan, fasdl-profile, fasdl-run or
fasdl-validate is an example, with the lines it continues with a trailing
backslash. Each example runs through `sh -c` (so pipes and redirections work
as written) in a fresh folder of its own, with the build's programs first on
PATH and standard input empty; before it runs:

- every fixture of `tests/cli/data/docs/` is copied into the folder (the files
  a user would have: `my-workload.json`, `requests.jsonl`, `plan.json`, ...);
- every word of the example that names a file or folder of the source tree
  (`docs/accuracy/profile.json`, `tests/cli/data/...`) is copied there at the
  same relative path, and a word naming a new file in a folder of the
  source tree (`-o profiles/my-lambda.json`) gets that folder, empty, so
  outputs never land in the source tree.

The example must exit 0, unless its trailing comment says otherwise:

- `[exit N]`: it must exit N (an infeasible plan is exit 1);
- `[parse only]`: it needs what a test cannot have (AWS, a run of minutes,
  a user's Redis server): it runs with FASDL_PARSE_ONLY=1, which makes the
  tool parse and check its options (names, values, a --config file) and exit
  0 without running, so a renamed or misspelt option still fails the check.

An example of a program this build lacks (fasdl-run, fasdl-validate and
measure with FASDL_RUNTIME=OFF) is listed as left out. A page without
examples passes (`0 of 0 examples`).
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

from cases import Case
from checks import Context, Outcome, sanitizer_failures

TOOLS = ("fasdl-plan", "fasdl-profile", "fasdl-run", "fasdl-validate")
FIXTURES = os.path.join("tests", "cli", "data", "docs")
EXAMPLE_TIMEOUT = 120
FENCE = re.compile(r"^```(\w*)\s*$")
EXIT_MARK = re.compile(r"\[exit (\d+)\]")
PARSE_ONLY_MARK = "[parse only]"


class Example:
    """One command line of a page: its text, where it is, and what it must do."""

    def __init__(self, line: int, text: str, comment: str):
        self.line = line
        self.text = text
        self.comment = comment
        exit_mark = EXIT_MARK.search(comment)
        self.exit = int(exit_mark.group(1)) if exit_mark else 0
        self.parse_only = PARSE_ONLY_MARK in comment


def _split_comment(line: str) -> tuple[str, str]:
    """The command and its trailing `# comment` (a # that starts a shell word, outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ""


def _program(words: list[str]) -> str | None:
    """The program an example runs: its first word after VAR=value assignments."""
    for word in words:
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", word):
            continue
        return word if word in TOOLS else None
    return None


def examples(page_text: str) -> list[Example]:
    """Every example of the page's ```sh blocks, in order."""
    found: list[Example] = []
    in_block = in_sh = False
    pending: tuple[int, str, str] | None = None  # a line continued with a backslash
    for number, raw in enumerate(page_text.splitlines(), start=1):
        fence = FENCE.match(raw.strip())
        if fence:
            in_block = not in_block
            in_sh = in_block and fence.group(1) == "sh"
            pending = None
            continue
        if not in_sh:
            continue
        command, comment = _split_comment(raw.strip())
        if pending:
            first, text, first_comment = pending
            command = text + " " + command
            comment = comment or first_comment
            number = first
        if command.endswith("\\"):
            pending = (number, command[:-1].rstrip(), comment)
            continue
        pending = None
        try:
            words = shlex.split(command)
        except ValueError:
            continue
        if _program(words):
            found.append(Example(number, command, comment))
    return found


def _copy_inputs(ctx: Context, command: str, folder: str) -> None:
    """The fixtures, and the source tree's files the command names, into `folder`."""
    fixtures = os.path.join(ctx.source, FIXTURES)
    if os.path.isdir(fixtures):
        shutil.copytree(fixtures, folder, dirs_exist_ok=True)
    for word in shlex.split(command):
        candidates = [word] + ([word.split("=", 1)[1]] if word.startswith("--") and "=" in word else [])
        for path in candidates:
            if not path or os.path.isabs(path) or ".." in path.split("/"):
                continue
            source = os.path.join(ctx.source, path)
            target = os.path.join(folder, path)
            if os.path.isfile(source):
                os.makedirs(os.path.dirname(target) or folder, exist_ok=True)
                shutil.copyfile(source, target)
            elif os.path.isdir(source) and path.strip("/") not in ("", "."):
                shutil.copytree(source, target, dirs_exist_ok=True)
            elif "/" in path and os.path.isdir(os.path.dirname(source)):
                os.makedirs(os.path.dirname(target), exist_ok=True)  # an output's folder


def run_page(ctx: Context, case: Case) -> list[str]:
    """The `docs` check of one page: every example runs as its comment says."""
    page = ctx.expand(case.page)
    path = os.path.join(ctx.source, page)
    with open(path, encoding="utf-8") as f:
        found = examples(f.read())
    bin_dir = os.path.dirname(ctx.programs["fasdl-plan"])
    failed: list[str] = []
    ran = 0
    for i, example in enumerate(found, start=1):
        words = shlex.split(example.text)
        program = _program(words)
        if not ctx.programs.get(program) or (
                program == "fasdl-profile" and "measure" in words and not ctx.programs.get("fasdl-run")):
            print(f"left out ({program} is not built): {page}:{example.line}: {example.text}")
            continue
        folder = os.path.join(ctx.out, "doc-examples", re.sub(r"\W", "-", page), str(i))
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        _copy_inputs(ctx, example.text, folder)
        env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        env.pop("FASDL_PARSE_ONLY", None)
        if example.parse_only:
            env["FASDL_PARSE_ONLY"] = "1"
        how = "parse only" if example.parse_only else f"exit {example.exit}"
        try:
            done = subprocess.run(["sh", "-c", example.text], cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, errors="surrogateescape",
                                  timeout=EXAMPLE_TIMEOUT)
        except subprocess.TimeoutExpired:
            failed.append(f"{page}:{example.line}: {example.text}\n  did not end within {EXAMPLE_TIMEOUT} s")
            continue
        ran += 1
        outcome = Outcome(["sh", "-c", example.text], done.returncode, done.stdout, done.stderr)
        failed += sanitizer_failures(outcome)
        print(f"{page}:{example.line} ({how}): {example.text}   # exit {done.returncode}")
        if done.returncode != example.exit:
            failed.append(f"{page}:{example.line}: {example.text}\n  exit {done.returncode}, expected "
                          f"{example.exit}; stderr:\n  {done.stderr.strip()[-2000:]}")
    print(f"{ran} of {len(found)} examples of {page} run")
    return failed
