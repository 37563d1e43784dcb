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

# Debian packages the build, the tests and the tools need (README: Dependencies).
packages=(
  cmake ninja-build g++ pkg-config git ca-certificates
  libcli11-dev libeigen3-dev nlohmann-json3-dev libfmt-dev catch2 libbenchmark-dev
  gnuplot-nox help2man libhiredis-dev redis-server python3
  python3-boto3 python3-yaml nodejs
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The aws tests' S3 server runs under node and comes from the npm registry. Debian's
# npm is a package of its own; NodeSource's nodejs bundles npm and conflicts with it.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake --preset release >/dev/null
cmake --build --preset release

case "$1" in
  plan) exec ./build/release/bin/fasdl-plan --model resnet50 --budget 5 ;;
  test) exec ctest --preset release ;;
esac
