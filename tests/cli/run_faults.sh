#!/usr/bin/env bash
# fasdl-run under faults, from outside, as a user or an operator would cause
# them. Usage: run_faults.sh FASDL_RUN REDIS_SERVER kill|store|interrupt
#   kill       a worker killed with SIGKILL mid-run is re-invoked from its
#              checkpoint; the run completes with the parameters of an
#              undisturbed run
#   store      with --store, a run leaves no keys behind; then the server dies
#              mid-run and the run fails with a clear message, not a hang
#   interrupt  SIGINT stops the workers and the private redis-server and
#              removes the run's cgroups
set -euo pipefail
run=$1
redis=$2
case_name=$3
dir=$(mktemp -d)
children=()
cleanup() {
  for pid in "${children[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; [ -f "$dir/run.jsonl" ] && tail -5 "$dir/run.jsonl" >&2; exit 1; }

common=(-w 8 -m 256 -k 4 --batch-aggregator 16 --batch-other 40 --samples 4096
        --checkpoint-every 4 --redis-server "$redis" --format json -q)

# Waits until the log has an iteration line of worker $1 at iteration $2 or
# later; prints that worker's pid.
wait_for_iteration() {
  for _ in $(seq 1 1200); do
    local pid
    pid=$(grep -s "\"event\":\"iteration\",\"worker\":$1,\"invocation\":0," "$dir/run.jsonl" |
          sed -E 's/.*"pid":([0-9]+),"iteration":([0-9]+).*/\1 \2/' |
          awk -v n="$2" '$2 >= n { print $1; exit }') || true
    if [ -n "$pid" ]; then echo "$pid"; return 0; fi
    sleep 0.05
  done
  return 1
}

digest_of() { grep -o '"final_digest": "[0-9a-f]*"' "$1" | cut -d'"' -f4; }

case "$case_name" in
kill)
  "$run" "${common[@]}" --epochs 10 > "$dir/reference.json"
  "$run" "${common[@]}" --epochs 10 --log "$dir/run.jsonl" > "$dir/faulted.json" &
  trigger=$!
  children+=("$trigger")
  pid=$(wait_for_iteration 5 10) || fail "worker 5 never reached iteration 10"
  kill -9 "$pid"
  status=0
  wait "$trigger" || status=$?
  [ "$status" -eq 0 ] || fail "the run exited with $status after worker 5 (pid $pid) was killed"
  grep -q '"relaunches": [1-9]' "$dir/faulted.json" || fail "worker 5 was not re-invoked"
  grep -q "\"event\":\"exit\",\"worker\":5,\"invocation\":0,\"pid\":$pid,\"status\":\"SIGKILL\"" "$dir/run.jsonl" ||
    fail "the log does not show worker 5 killed"
  [ "$(digest_of "$dir/faulted.json")" = "$(digest_of "$dir/reference.json")" ] ||
    fail "final parameters differ from the undisturbed run"
  ;;
store)
  password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  started=""
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\ndir %s\n' \
      "$port" "$password" "$dir" > "$dir/redis.conf"
    "$redis" "$dir/redis.conf" > "$dir/redis.log" 2>&1 &
    server=$!
    disown "$server"  # its death is the test's doing: no "Killed" notice
    children+=("$server")
    for _ in $(seq 1 100); do
      if REDISCLI_AUTH=$password redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then started=1; break; fi
      kill -0 "$server" 2>/dev/null || break
      sleep 0.05
    done
    [ -n "$started" ] && break
    kill -9 "$server" 2>/dev/null || true
  done
  [ -n "$started" ] || fail "cannot start a redis-server for the test"
  export FASDL_REDIS_PASSWORD=$password
  "$run" "${common[@]}" --epochs 2 --store "redis://127.0.0.1:$port" > "$dir/clean.json" ||
    fail "a run through --store failed"
  left=$(REDISCLI_AUTH=$password redis-cli -p "$port" --scan --pattern 'fasdl:*' | wc -l)
  [ "$left" -eq 0 ] || fail "$left keys of the run are left in the store"

  "$run" "${common[@]}" --epochs 200 --store "redis://127.0.0.1:$port" --store-retry 2s \
    --log "$dir/run.jsonl" > "$dir/lost.json" 2> "$dir/lost.err" &
  trigger=$!
  children+=("$trigger")
  wait_for_iteration 0 5 > /dev/null || fail "the run never reached iteration 5"
  kill -9 "$server"
  killed_at=$SECONDS
  status=0
  wait "$trigger" || status=$?
  cat "$dir/lost.err" >&2
  [ "$status" -eq 3 ] || fail "exit code $status after the store died, expected 3"
  [ $((SECONDS - killed_at)) -lt 60 ] || fail "the run took $((SECONDS - killed_at)) s to give up"
  grep -q "lost the store: redis://127.0.0.1:$port: lost the connection" "$dir/lost.err" ||
    fail "no clear message: $(cat "$dir/lost.err")"
  run_id=$(grep -o '"run_id":"[0-9a-f]*"' "$dir/run.jsonl" | head -1 | cut -d'"' -f4)
  if pgrep -f -- "--run $run_id" > /dev/null; then fail "workers of run $run_id are still running"; fi
  ;;
interrupt)
  "$run" "${common[@]}" --epochs 200 --log "$dir/run.jsonl" > /dev/null 2> "$dir/err" &
  trigger=$!
  children+=("$trigger")
  wait_for_iteration 0 5 > /dev/null || fail "the run never reached iteration 5"
  kill -INT "$trigger"
  status=0
  wait "$trigger" || status=$?
  [ "$status" -eq 130 ] || fail "exit code $status after SIGINT, expected 130"
  grep -q "interrupted by SIGINT" "$dir/err" || fail "no message: $(cat "$dir/err")"
  server=$(grep -o 'own redis-server (pid [0-9]*)' "$dir/run.jsonl" | head -1 | grep -o '[0-9]*')
  if kill -0 "$server" 2>/dev/null; then fail "redis-server $server still runs"; fi
  for pid in $(grep -o '"event":"invocation","worker":[0-9]*,"invocation":[0-9]*,"pid":[0-9]*' "$dir/run.jsonl" |
               sed -E 's/.*"pid":([0-9]+)/\1/'); do
    if kill -0 "$pid" 2>/dev/null; then fail "worker process $pid still runs"; fi
  done
  run_id=$(grep -o '"run_id":"[0-9a-f]*"' "$dir/run.jsonl" | head -1 | cut -d'"' -f4)
  if find /sys/fs/cgroup -maxdepth 5 -name "fasdl-$run_id" 2>/dev/null | grep -q .; then
    fail "cgroups of run $run_id are left"
  fi
  ;;
*)
  echo "usage: $0 FASDL_RUN REDIS_SERVER kill|store|interrupt" >&2
  exit 2
  ;;
esac
echo "ok: $case_name"
