"""Running a case's programs and checking what they printed.

`Context` knows this build (the programs, the folders behind the
placeholders); `run_command` and `same_output` are the checks of plain
commands; the other checks build on `Context.start` and `Context.call`.
Every check returns a list of failures: empty means the case passed.
"""
from __future__ import annotations

import os
import re
import subprocess

from cases import Case, substitute

# A sanitizer report fails a case whatever its exit code (the asan preset).
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error: ")


class Outcome:
    """What one process did."""

    def __init__(self, argv: list[str], code: int, stdout: str, stderr: str):
        self.argv = argv
        self.code = code
        self.stdout = stdout
        self.stderr = stderr


class Context:
    """The build a case runs against: its config (runner-config.json) and placeholders."""

    def __init__(self, config: dict[str, object]):
        self.config = config
        self.source: str = config["source"]
        self.out: str = config["out"]
        self.programs: dict[str, str] = config["programs"]
        self.names: dict[str, str] = {
            "source": self.source,
            "data": os.path.join(self.source, "tests", "cli", "data"),
            "out": self.out,
            "shared": config.get("shared") or "",
            "redis_server": config["redis_server"],
            **self.programs,
        }
        os.makedirs(self.out, exist_ok=True)

    def expand(self, value: object, extra: dict[str, str] | None = None) -> object:
        """`value` with this build's placeholders (and `extra`) substituted."""
        return substitute(value, {**self.names, **(extra or {})})

    def argv(self, command: list[str]) -> list[str]:
        """A case's command with its first word mapped to the built program."""
        words = self.expand(command)
        return [self.programs.get(words[0], words[0])] + words[1:]

    def path(self, value: str) -> str:
        """A file named by a case: placeholders substituted, relative to the source tree."""
        return os.path.join(self.source, self.expand(value))

    def environment(self, case: Case) -> dict[str, str]:
        """The process environment with the case's `env` on top."""
        return {**os.environ, **self.expand(case.env)}

    def call(self, case: Case, command: list[str], stdin: bytes | None = None,
             timeout: float | None = None) -> Outcome:
        """Runs `command` to its end in the case's folder and environment."""
        argv = self.argv(command)
        try:
            done = subprocess.run(argv, input=stdin if stdin is not None else b"",
                                  capture_output=True, cwd=self.expand(case.workdir),
                                  env=self.environment(case), timeout=timeout)
        except FileNotFoundError as e:
            return Outcome(argv, 127, "", f"runner: cannot start {argv[0]}: {e.strerror}\n")
        return Outcome(argv, done.returncode, decode(done.stdout), decode(done.stderr))

    def start(self, case: Case, command: list[str], **popen: object) -> subprocess.Popen[bytes]:
        """Starts `command` in the background in the case's folder and environment."""
        return subprocess.Popen(self.argv(command), cwd=self.expand(case.workdir),
                                env=self.environment(case), **popen)


def decode(data: bytes) -> str:
    """Bytes as text; bytes that are not UTF-8 are kept (as surrogates), so comparisons stay exact."""
    return data.decode("utf-8", errors="surrogateescape")


def shell_words(argv: list[str]) -> str:
    """A command as one line to paste into a shell."""
    return " ".join(w if re.fullmatch(r"[\w@%+=:,./-]+", w) else "'" + w.replace("'", "'\\''") + "'"
                    for w in argv)


def sanitizer_failures(outcome: Outcome) -> list[str]:
    """A failure when the process's stderr holds a sanitizer report."""
    if SANITIZER.search(outcome.stderr):
        return [f"{shell_words(outcome.argv)}: a sanitizer reported an error"]
    return []


def golden_text(ctx: Context, stdout: str) -> str:
    """Stdout as a golden file holds it: this build's folders written as placeholders."""
    for name in ("out", "data", "source"):
        stdout = stdout.replace(ctx.names[name], "{" + name + "}")
    return stdout


def stdin_of(ctx: Context, case: Case) -> bytes | None:
    """What the case's standard input reads (nothing when it names no input)."""
    if case.stdin_file is not None:
        with open(ctx.path(case.stdin_file), "rb") as f:
            return f.read()
    if case.stdin is not None:
        return ctx.expand(case.stdin).encode()
    return None


def markdown_example(page: str, heading: str, fence: str, nth: int) -> str | None:
    """The text of the nth ```fence block after the line `heading` of a Markdown page, with a
    final newline; None when the page has no such heading or block."""
    at = page.find("\n" + heading + "\n")
    if at < 0:
        return None
    opening = "\n```" + fence + "\n"
    for _ in range(nth):
        at = page.find(opening, at)
        if at < 0:
            return None
        at += len(opening)
    end = page.find("\n```", at)
    return None if end < 0 else page[at:end] + "\n"


def write_inputs(ctx: Context, case: Case) -> list[str]:
    """Writes the case's `inputs` (copies, or examples taken from a Markdown page); the failures."""
    failed = []
    for entry in ctx.expand(case.inputs):
        with open(ctx.path(entry["from"]), "rb") as f:
            data = f.read()
        if "heading" in entry:
            text = markdown_example(decode(data), entry["heading"], entry["fence"],
                                    entry.get("nth", 1))
            if text is None:
                failed.append(f"{entry['from']}: no ```{entry['fence']} block "
                              f"{entry.get('nth', 1)} after the line {entry['heading']!r}")
                continue
            data = text.encode("utf-8", errors="surrogateescape")
        os.makedirs(os.path.dirname(ctx.path(entry["to"])), exist_ok=True)
        with open(ctx.path(entry["to"]), "wb") as f:
            f.write(data)
    return failed


def run_command(ctx: Context, case: Case, update_golden: bool = False) -> tuple[Outcome, list[str]]:
    """The `command` check: exit code, exact stderr, golden stdout, strings present and absent,
    and the files it writes."""
    written = {ctx.path(path): ctx.expand(has) for path, has in case.writes.items()}
    for path in written:
        if os.path.exists(path):
            os.remove(path)  # a file of an earlier run proves nothing
    missing = write_inputs(ctx, case)
    if missing:
        return Outcome(ctx.argv(case.command), -1, "", "runner: not run: its inputs failed\n"), missing
    outcome = ctx.call(case, case.command, stdin_of(ctx, case))
    failed = sanitizer_failures(outcome)
    if outcome.code != case.exit:
        failed.append(f"exit code {outcome.code}, expected {case.exit}")
    if case.stderr is not None:
        got = outcome.stderr.removesuffix("\n")
        want = ctx.expand(case.stderr)
        if got != want:
            failed.append(f"stderr differs:\n  got:      {got}\n  expected: {want}")
    if case.stdout_file is not None:
        golden = ctx.path(case.stdout_file)
        got = golden_text(ctx, outcome.stdout)
        if update_golden:
            with open(golden, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
                f.write(got)
        with open(golden, encoding="utf-8", errors="surrogateescape", newline="") as f:
            want = f.read()
        if got != want:
            actual = os.path.join(ctx.out, "golden", os.path.basename(golden) + ".actual")
            os.makedirs(os.path.dirname(actual), exist_ok=True)
            with open(actual, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
                f.write(got)
            failed.append(f"stdout differs from {case.stdout_file}:\n  diff {golden} {actual}")
    for stream, has, lacks in (("stdout", case.stdout_has, case.stdout_lacks),
                               ("stderr", case.stderr_has, case.stderr_lacks)):
        text = getattr(outcome, stream)
        failed += [f"{stream} lacks {s!r}" for s in ctx.expand(has) if s not in text]
        failed += [f"{stream} holds {s!r}, which it must not" for s in ctx.expand(lacks) if s in text]
    for path, has in written.items():
        if not os.path.isfile(path):
            failed.append(f"{path} was not written")
            continue
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        failed += [f"{path} lacks {s!r}" for s in has if s not in text]
    return outcome, failed


def same_output(ctx: Context, case: Case) -> tuple[list[Outcome], list[str]]:
    """The `same_output` check: `command` and `same_as` (or `command` again) print the same bytes."""
    runs = [ctx.call(case, case.command), ctx.call(case, case.same_as or case.command)]
    failed: list[str] = []
    for run in runs:
        failed += sanitizer_failures(run)
        if run.code != case.exit:
            failed.append(f"{shell_words(run.argv)}: exit code {run.code}, expected {case.exit}")
    if runs[0].stdout == "":
        failed.append("no output")
    if runs[0].stdout != runs[1].stdout:
        import difflib
        diff = difflib.unified_diff(runs[0].stdout.splitlines(), runs[1].stdout.splitlines(),
                                    shell_words(runs[0].argv), shell_words(runs[1].argv), lineterm="")
        failed.append("outputs differ:\n" + "\n".join(list(diff)[:60]))
    return runs, failed
