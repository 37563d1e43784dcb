#!/usr/bin/env bash
# Profiles this machine by hand for fasdl-run, as the FasDL authors profiled
# Lambda and S3: small single-purpose runs, medians of their JSON lines, and
# straight-line fits. Writes, beside this script (SUFFIX "" or "-w8"):
#   transfers$SUFFIX.csv       up/down seconds of one object through Redis (fasdl-profile's CSV)
#   compute$SUFFIX.csv         train and flatten seconds by memory and batch
#   sync$SUFFIX.csv            the aggregator's wait by chunk size
#   local-redis$SUFFIX.json    the profile (AWS prices, fitted sync)
#   local-mlp-4mb$SUFFIX.json  the workload (fitted compute and flatten laws)
# Usage: docs/runtime-profile/profile.sh [BUILD_DIR] [alone|contended]
#   alone      (default) as the authors measured Lambda: one worker trains
#              alone, two workers exchange objects
#   contended  at the concurrency of the run to predict: eight workers train
#              at once, eight exchange objects at once (SUFFIX -w8)
# Needs: bash, awk, a built fasdl-run and fasdl-profile. Takes about 2 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/release}
mode=${2:-alone}
run="$build/bin/fasdl-run"
profile="$build/bin/fasdl-profile"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$mode" in
  alone) suffix=""; compute_workers=1; transfer_workers=2; memories="512 1024 1769 2560" ;;
  # Eight workers of more than 1769 MB do not fit 1.5 cores at this scale.
  contended) suffix="-w8"; compute_workers=8; transfer_workers=8; memories="512 1024 1769" ;;
  *) echo "usage: $0 [BUILD_DIR] [alone|contended]" >&2; exit 2 ;;
esac

# Every worker gets the CPU share of the run to predict: W = 8 workers of
# 1769 MB on this 2-core machine (auto scale: (2 - 0.5) / 8 = 0.1875).
scale=0.1875
params_mb=4
net=(--params-mb "$params_mb" --cpu-scale "$scale" -q --format json)

# Median of field $2 over the iteration lines of worker role $3 in log $1,
# leaving out each worker's first two iterations (warm-up).
median() {
  grep "\"role\":\"$3\"" "$1" | grep -v '"iteration":[01],' |
    sed -E "s/.*\"$2\":([-0-9.e]+).*/\1/" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# 1. Compute: W workers that all aggregate (K = W, A = B) train B samples a
# step; memory sets the CPU share, scale x M / 1769 cores.
compute="$here/compute$suffix.csv"
echo "batch,memory_mb,train_seconds,flatten_seconds" > "$compute"  # fasdl-profile compute's CSV
for memory in $memories; do
  for batch in 16 64 256; do
    "$run" -w "$compute_workers" -m "$memory" -k "$compute_workers" --batch-aggregator "$batch" \
      --epochs 1 --samples $((batch * 8 * compute_workers)) "${net[@]}" --log "$tmp/c.jsonl" > /dev/null
    echo "$batch,$memory,$(median "$tmp/c.jsonl" train aggregator),$(median "$tmp/c.jsonl" flatten aggregator)" \
      >> "$compute"
  done
done

# 2. Transfers and sync: W workers (K = 1, A = B = 16) exchange the whole
# vector: another worker's upload is up(M, S), its download down(M, S); the
# aggregator's wait is the model's sync, c W (f + f_0) (2 - K / W).
transfers="$here/transfers$suffix.csv"
sync="$here/sync$suffix.csv"
echo "direction,memory_mb,size_mb,seconds" > "$transfers"
echo "memory_mb,size_mb,sync_seconds" > "$sync"
for memory in 1024 1769; do
  for size in 0.5 1 2 4 8; do
    "$run" -w "$transfer_workers" -m "$memory" -k 1 --batch-aggregator 16 --batch-other 16 --epochs 1 \
      --samples $((320 * transfer_workers)) --params-mb "$size" --cpu-scale "$scale" -q --format json \
      --log "$tmp/t.jsonl" > "$tmp/t.json"
    exact=$(grep -o '"megabytes": [0-9.e-]*' "$tmp/t.json" | awk '{ print $2 }')
    echo "upload,$memory,$exact,$(median "$tmp/t.jsonl" upload other)" >> "$transfers"
    echo "download,$memory,$exact,$(median "$tmp/t.jsonl" download other)" >> "$transfers"
    echo "$memory,$exact,$(median "$tmp/t.jsonl" sync aggregator)" >> "$sync"
  done
done

# 3. Fits by least squares.
# T_train(B, M) = a (B + b) / (M + m) with m = 0 (CPU is proportional to M
# here, with nothing else): T M = a B + a b, a line in B, fitted with
# weights 1 / (T M)^2 so that every point counts by its relative error.
# A dense network's work is proportional to its batch, so b comes out near
# zero (or below, from noise); the law needs b > 0 and gets at least 1.
read -r a b b_fit < <(awk -F, 'NR > 1 { x = $1; y = $3 * $2; w = 1 / (y * y);
    sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y }
  END { slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx); icpt = (sy - slope * sx) / sw;
        b = icpt / slope; printf "%.6g %.6g %.6g\n", slope, (b < 1 ? 1 : b), b }' "$compute")
# T_trans(M) = k1 M^k2: a line in log-log, over the median flatten time of
# each memory (a copy of 4 MB takes about a millisecond: one slow reading
# would swing a mean).
read -r k1 k2 < <(sort -t, -k2,2n -k4,4g "$compute" | awk -F, '$2 ~ /^[0-9]+$/ { v[$2, ++c[$2]] = $4 }
  END { for (m in c) { x = log(m); y = log(v[m, int((c[m] + 1) / 2)]); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
        k2 = (n * sxy - sx * sy) / (n * sxx - sx * sx); printf "%.6g %.6g\n", exp((sy - k2 * sx) / n), k2 }')
# T_sync = c W (f + f_0) (2 - K / W) = c (2 W - 1) (f + f_0) at K = 1: a line in f.
read -r c_sync f0 < <(awk -F, -v w="$transfer_workers" 'NR > 1 { x = $2; y = $3; n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
  END { slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); icpt = (sy - slope * sx) / n;
        if (slope <= 0) { printf "0 0\n" } else { printf "%.6g %.6g\n", slope / (2 * w - 1), icpt / slope } }' \
  "$sync")

"$profile" storage -i "$transfers" --name "local-redis$suffix" \
  --description "This 2-core machine, fasdl-run workers at cpu scale $scale through a private redis-server, $mode; hand-profiled by docs/runtime-profile/profile.sh; AWS prices" \
  --sync-seconds-per-mb "$c_sync" --sync-offset-mb "$f0" -o "$here/local-redis$suffix.json"

# B = round(b / (1 / gamma - 1)): gamma is chosen so that B = 32.
model_mb=$("$run" -w 1 -m 1769 -k 1 --batch-aggregator 16 --epochs 1 --samples 64 "${net[@]}" |
  grep -o '"megabytes": [0-9.e-]*' | awk '{ print $2 }')
gamma=$(awk -v b="$b" 'BEGIN { printf "%.6g", 32 / (32 + b) }')
cat > "$here/local-mlp-4mb$suffix.json" <<EOF
{
  "name": "local-mlp-4mb$suffix",
  "description": "fasdl-run's dense network of 4 MB (2 x 1002 hidden) on 8192 synthetic samples; compute and flatten fitted by docs/runtime-profile/profile.sh ($mode)",
  "model_mb": $model_mb,
  "samples": 8192,
  "epochs": 3,
  "compute": {"a": $a, "b": $b, "m": 0},
  "flatten": {"k1": $k1, "k2": $k2},
  "batch": {"efficiency": $gamma, "max_global": 1024}
}
EOF
echo "a = $a, b = $b (fitted $b_fit), k1 = $k1, k2 = $k2, c_sync = $c_sync, f_0 = $f0, gamma = $gamma"
