"""Checks of what the build ships: the installed tools, and the profiles their recipes write.

`install` installs the build into a fresh prefix and runs the installed
tools from an empty folder; `recipe` reruns a profile's recipe
(profiles/NAME.cmd) and requires the committed profile byte for byte.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess

from cases import Case
from checks import Context, Outcome, sanitizer_failures, shell_words

INSTALLED = ("bin/fasdl-plan", "bin/fasdl-profile", "bin/fasdl-run", "bin/fasdl-validate",
             "share/fasdl/profiles/aws-lambda.json", "share/fasdl/configs/models/resnet50.json")
MAN_PAGES = ("fasdl-plan", "fasdl-profile", "fasdl-run", "fasdl-validate")
# What the planner alone (FASDL_RUNTIME=OFF) neither builds nor installs.
RUNTIME_TOOLS = ("fasdl-run", "fasdl-validate")


def install(ctx: Context, case: Case) -> list[str]:
    """The `install` check: the installed tools find their profiles and catalog without the source tree."""
    prefix = os.path.join(ctx.out, "test-install")
    shutil.rmtree(prefix, ignore_errors=True)
    done = subprocess.run([ctx.config["cmake"], "--install", ctx.config["build"], "--prefix", prefix],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return [f"cmake --install failed ({done.returncode}):\n{done.stderr}"]
    runtime = bool(ctx.programs.get("fasdl-run"))
    left_out = () if runtime else RUNTIME_TOOLS
    failed = [f"not installed: {p}" for p in INSTALLED
              if os.path.basename(p) not in left_out and not os.path.exists(os.path.join(prefix, p))]
    if ctx.config["man_pages"]:
        failed += [f"no man page of {tool} installed" for tool in MAN_PAGES
                   if tool not in left_out
                   and not os.path.exists(os.path.join(prefix, "share/man/man1", tool + ".1"))]
    if failed:
        return failed
    # Run from an empty folder, with the installed binaries only.
    run = os.path.join(prefix, "run")
    os.makedirs(run)
    bin_dir = os.path.join(prefix, "bin")
    expectations = [
        (["fasdl-plan", "--model", "resnet50", "--budget", "5", "--format", "json"], 0,
         "stdout", '"status": "ok"'),
        (["fasdl-plan", "models"], 0, "stdout", "resnet50"),
        # fasdl-run finds its prices (the default profile) without the source tree: it gets
        # as far as checking the store's program, here one that is not there.
        (["fasdl-run", "-w", "2", "-m", "256", "-k", "2", "--batch-aggregator", "16", "--epochs", "1",
          "--redis-server", "/nonexistent/redis-server"], 2, "stderr", "not an executable file"),
    ]
    for command, code, stream, text in expectations:
        if command[0] in left_out:
            continue
        argv = [os.path.join(bin_dir, command[0])] + command[1:]
        done = subprocess.run(argv, cwd=run, capture_output=True, text=True, errors="surrogateescape")
        failed += sanitizer_failures(Outcome(argv, done.returncode, done.stdout, done.stderr))
        if done.returncode != code or text not in getattr(done, stream):
            failed.append(f"installed {shell_words(argv)}: exit code {done.returncode} (expected {code}), "
                          f"{stream} {'lacks' if text not in getattr(done, stream) else 'has'} {text!r}\n"
                          f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return failed


def recipe_command(path: str) -> list[str]:
    """The command of a recipe: '#' comment lines dropped, lines joined at a trailing '\\'."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().split("\n") if not line.startswith("#")]
    return shlex.split("\n".join(lines).replace("\\\n", " "))


def recipe(ctx: Context, case: Case) -> list[str]:
    """The `recipe` check: profiles/NAME.cmd run from the source tree writes exactly the committed profile.

    The recipe's ../shared stands for the reference data of this build, and its
    -o PROFILE is redirected to the output folder.
    """
    path = ctx.path(case.recipe)
    words = recipe_command(path)
    if not words or words[0] != "fasdl-profile":
        return [f"{case.recipe}: expected a fasdl-profile command, got {words[:1]}"]
    stem = os.path.splitext(os.path.basename(path))[0]
    regenerated = os.path.join(ctx.out, f"regenerated-{stem}.json")
    args, committed = [], None
    for i, word in enumerate(words[1:], 1):
        if words[i - 1] in ("-o", "--output"):
            committed = word
            args.append(regenerated)
        elif word.startswith("../shared/"):
            args.append(os.path.join(ctx.names["shared"], word.removeprefix("../shared/")))
        else:
            args.append(word)
    if committed is None:
        return [f"{case.recipe}: the command has no -o PROFILE"]
    outcome = ctx.call(case, ["fasdl-profile"] + args)
    failed = sanitizer_failures(outcome)
    if outcome.code != 0:
        return failed + [f"{case.recipe}: fasdl-profile exited {outcome.code}\n{outcome.stderr}"]
    with open(os.path.join(ctx.source, committed), "rb") as f:
        want = f.read()
    with open(regenerated, "rb") as f:
        got = f.read()
    if want != got:
        failed.append(f"{committed} is stale: it differs from what {case.recipe} writes ({regenerated}).\n"
                      f"Regenerate it from the repository's root with fasdl-profile on PATH:\n"
                      f"  sh {case.recipe}\nand record why in docs/profiles.md.")
    return failed
