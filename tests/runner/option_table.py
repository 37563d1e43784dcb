#!/usr/bin/env python3
"""Checks docs/cli.md's table of shared options (issue 16: one vocabulary).

usage: option_table.py PAGE TOOL...

Every option name of the "## Shared options" table (each `-x` or `--name`
of its first column) is listed once, so no name has two rows, and hence two
meanings; and every name is an option of at least one of the TOOLs (their
`--help-all`), so the table names nothing that does not exist. Prints the
names; exit 1 with the reason otherwise.
"""
from __future__ import annotations

import re
import subprocess
import sys


def table_names(page: str) -> list[str]:
    """The option names of the first column of the Shared options table, in order."""
    at = page.find("\n## Shared options\n")
    if at < 0:
        raise SystemExit("no '## Shared options' section")
    names: list[str] = []
    in_table = False
    for line in page[at + 1:].splitlines()[1:]:
        if not line.startswith("|"):
            if in_table:
                break  # the table ends: the old spellings' table below is not the vocabulary
            continue
        in_table = True
        if not line.startswith("| `"):
            continue
        first = line.split(" | ")[0]
        names += re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", first)
    return names


def main(argv: list[str]) -> int:
    page_path, tools = argv[1], argv[2:]
    with open(page_path, encoding="utf-8") as f:
        names = table_names(f.read())
    if not names:
        print("the Shared options table names no option")
        return 1
    failed = [f"{name} has {names.count(name)} rows" for name in sorted(set(names))
              if names.count(name) > 1]
    helps = "\n".join(subprocess.run([tool, "--help-all"], capture_output=True, text=True).stdout
                      for tool in tools)
    failed += [f"{name} is an option of none of the tools" for name in sorted(set(names))
               if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", helps)]
    print(f"{len(set(names))} shared options, each in one row: {' '.join(names)}")
    for failure in failed:
        print(failure)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
