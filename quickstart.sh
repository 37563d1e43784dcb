#!/usr/bin/env bash
# The two quick-start commands of the README:
#   ./quickstart.sh plan   install what is missing, build, plan resnet50 within $5
#   ./quickstart.sh test   install what is missing, build, run every test
# On a fresh Debian 12 machine, as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: $0 plan|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in plan|test) ;; *) usage ;; esac

# Debian packages the build and the tools need, and those only the tests need
# (README: Dependencies).
packages=(
  cmake ninja-build g++ pkg-config git ca-certificates
  libcli11-dev libeigen3-dev nlohmann-json3-dev libfmt-dev libhiredis-dev
)
if [ "$1" = test ]; then
  packages+=(gnuplot-nox help2man redis-server catch2 libbenchmark-dev
             python3 python3-boto3 python3-yaml nodejs)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$1" = test ]; then
  # The aws tests' S3 server runs under node and comes from the npm registry. Debian's
  # npm is a package of its own; NodeSource's nodejs bundles npm and conflicts with it.
  command -v npm >/dev/null || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

case "$1" in
  plan)
    # The planner and its tools only: no tests, so no reference data (../shared) either.
    cmake --preset release -DFASDL_BUILD_TESTS=OFF >/dev/null
    cmake --build --preset release --target fasdl-plan
    exec ./build/release/bin/fasdl-plan --model resnet50 --budget 5
    ;;
  test)
    # Every test, the conformance tests among them: they need ../shared (README).
    cmake --preset release -DFASDL_BUILD_TESTS=ON >/dev/null
    cmake --build --preset release
    exec ctest --preset release
    ;;
esac
