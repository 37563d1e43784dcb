#!/usr/bin/env python3
"""Checks that the layers of docs/architecture.md depend one way.

Every header under include/fasdl/<layer>/ and every source under src/<layer>/
may include only headers of its own layer or of the layers below it; the
model layer includes no JSON, Eigen or file-system header, and no public
header includes Eigen or nlohmann (they stay in the sources). Prints one line
per violation and exits 1 when there is any.
"""
import pathlib
import re
import sys

LAYERS = ["base", "model", "search", "fit", "formats", "runtime", "accuracy", "tools"]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
# What no file of the layer may include, beyond the layer order.
FORBIDDEN = {
    "model": ("nlohmann/", "Eigen/", "unsupported/Eigen", "filesystem", "fstream", "hiredis"),
    "search": ("nlohmann/", "Eigen/", "filesystem", "fstream", "hiredis"),
    "fit": ("nlohmann/", "filesystem", "fstream", "hiredis"),
}
PUBLIC_FORBIDDEN = ("nlohmann/", "Eigen/", "unsupported/Eigen", "hiredis")


def layer_of_include(name: str) -> str | None:
    """The layer an include names: "fasdl/<layer>/x.h" or "<layer>/x.h"."""
    parts = name.split("/")
    if parts[0] == "fasdl" and len(parts) > 2:
        return parts[1]
    if len(parts) > 1 and parts[0] in RANK:
        return parts[0]
    return None


def check(root: pathlib.Path) -> list[str]:
    problems = []
    files = [(p, p.relative_to(root / "include/fasdl").parts[0], True)
             for p in (root / "include/fasdl").rglob("*.h")]
    files += [(p, p.relative_to(root / "src").parts[0], False)
              for p in (root / "src").rglob("*") if p.suffix in (".h", ".cc")]
    for path, layer, public in files:
        rel = path.relative_to(root)
        if layer not in RANK:
            problems.append(f"{rel}: not in a layer folder ({', '.join(LAYERS)})")
            continue
        for name in INCLUDE.findall(path.read_text()):
            target = layer_of_include(name)
            if target is not None and target not in RANK:
                problems.append(f"{rel}: includes {name}, which is in no layer")
            elif target is not None and RANK[target] > RANK[layer]:
                problems.append(f"{rel}: {layer} includes {name} of the higher layer {target}")
            if any(name.startswith(f) for f in FORBIDDEN.get(layer, ())):
                problems.append(f"{rel}: the {layer} layer must not include {name}")
            if public and any(name.startswith(f) for f in PUBLIC_FORBIDDEN):
                problems.append(f"{rel}: a public header must not include {name}")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = check(root)
    for p in problems:
        print(p)
    if not problems:
        print(f"layers: every include of {root} points down {' <- '.join(LAYERS)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
