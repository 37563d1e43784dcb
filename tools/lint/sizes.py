#!/usr/bin/env python3
"""Checks the sizes the project keeps its code to (docs/architecture.md).

No source or header under src/, include/ or tests/ is longer than 400
lines, and no function longer than 80, unless a comment directly above it
says why: a line starting `// Long:`. A function is a definition that starts
at column 0 and ends at the next `}` at column 0 (clang-format's layout).
Prints one line per file or function over its size and exits 1 when there
is any; `--report` lists the ten longest functions too.
"""
import pathlib
import re
import sys

MAX_FILE = 400
MAX_FUNCTION = 80
ROOTS = ("src", "include", "tests", "bench")
SUFFIXES = (".h", ".cc")
NOT_A_FUNCTION = re.compile(
    r"^(namespace|struct|class|enum|union|using|typedef|template\s*<[^>]*>\s*(struct|class)|"
    r"extern|static_assert|#|//|/\*|\}|TEST_CASE|SECTION)")


def functions(lines: list[str]):
    """(name, first line index, length, reason) of each top-level definition."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line and not line[0].isspace() and not NOT_A_FUNCTION.match(line) and "(" in line:
            # The signature may wrap; it ends at the first line ending with "{".
            j = i
            while j < len(lines) and not lines[j].rstrip().endswith("{") and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j].rstrip().endswith("{") and not lines[j].rstrip().endswith("= {"):
                k = j + 1
                while k < len(lines) and lines[k].rstrip() != "}":
                    k += 1
                reason = ""
                h = i - 1
                while h >= 0 and lines[h].startswith("//"):
                    if lines[h].startswith("// Long:"):
                        reason = lines[h]
                    h -= 1
                name = line.split("(")[0].split()[-1] if line.split("(")[0].split() else line
                yield name, i, k - i + 1, reason
                i = k + 1
                continue
        i += 1


def check(root: pathlib.Path, report: bool) -> int:
    problems, lengths = [], []
    for top in ROOTS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in SUFFIXES or "corpus" in path.parts:
                continue
            rel = path.relative_to(root)
            lines = path.read_text(errors="replace").split("\n")
            if len(lines) - 1 > MAX_FILE:
                problems.append(f"{rel}: {len(lines) - 1} lines; keep files under {MAX_FILE}")
            for name, first, length, reason in functions(lines):
                lengths.append((length, f"{rel}:{first + 1}: {name}"))
                if length > MAX_FUNCTION and not reason:
                    problems.append(f"{rel}:{first + 1}: {name} is {length} lines; keep functions "
                                    f"under {MAX_FUNCTION} or say why in a '// Long:' comment")
    for p in problems:
        print(p)
    if report:
        for length, where in sorted(lengths, reverse=True)[:10]:
            print(f"  {length:4d} {where}")
    return 1 if problems else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--report"]
    sys.exit(check(pathlib.Path(args[0] if args else ".").resolve(), "--report" in sys.argv))
