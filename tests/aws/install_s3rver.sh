#!/usr/bin/env bash
# Installs the aws tests' S3 server (s3rver, pinned in package.json and
# package-lock.json beside this script) from the npm registry into DIR, a
# folder of the build tree, on first use; later runs find it there. A lock
# file that changed since the install is installed again.
#   install_s3rver.sh DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
command -v node >/dev/null || { echo "install_s3rver.sh: node not found: install Debian's nodejs (quickstart.sh does)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install_s3rver.sh: npm not found: install Debian's npm (quickstart.sh does)" >&2; exit 1; }
mkdir -p "$dir"
if [ -f "$dir/node_modules/s3rver/package.json" ] && cmp -s "$here/package-lock.json" "$dir/installed-lock.json"; then
  echo "install_s3rver.sh: s3rver already installed in $dir"
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dir/"
rm -f "$dir/installed-lock.json"
start=$SECONDS
(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
node -e "require('$dir/node_modules/s3rver')" || { echo "install_s3rver.sh: s3rver does not load under $(node --version)" >&2; exit 1; }
cp "$here/package-lock.json" "$dir/installed-lock.json"
echo "install_s3rver.sh: installed s3rver $(node -p "require('$dir/node_modules/s3rver/package.json').version") into $dir in $(( SECONDS - start )) s"
