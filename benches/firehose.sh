#!/usr/bin/env bash
# The simulator's firehose alone: how many events a second it publishes and frames onto
# one hub connection, and its CPU per event, with a reader that only counts records (a
# bare WebSocket in Node, tests/js/ingest.mjs sink), so the simulator is what is measured.
#
#   benches/firehose.sh [RATE] [SECONDS]        (defaults: 200000 5)
#   MIX=queue:1,user:1   the firehose mix (the default)
#   EVTOP_BIN=…          the evtop whose simulator runs (default target/release/evtop)
#
# Prints events/s published and received, the simulator's CPU (utime+stime of its
# process, every thread, from /proc/PID/stat) and events per CPU-second. The target of
# issue 13: >= 200,000 events/s from one core (events per CPU-second >= 200,000).
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-200000}
secs=${2:-5}
mix=${MIX:-queue:1,user:1}
[ -d tests/js/node_modules/ws ] || (cd tests/js && npm ci --silent)
source benches/lib.sh
start_sim "$bin" --firehose "$rate" --firehose-mix "$mix"
firehose false

COUNT_FILE="$work/sink.count" SIM_URL="$url" node tests/js/ingest.mjs sink >"$work/sink.out" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do
  grep -q "^READY" "$work/sink.out" && break
  sleep 0.1
done
grep -q "^READY" "$work/sink.out" || { echo "the sink did not get ready: $(cat "$work/sink.out")" >&2; exit 1; }

p0=$(counter Published); c0=$(cat "$work/sink.count"); k0=$(ticks "$sim_pid"); t0=$(date +%s.%N)
firehose true
sleep "$secs"
firehose false
sleep 0.5
p1=$(counter Published); c1=$(cat "$work/sink.count"); k1=$(ticks "$sim_pid"); t1=$(date +%s.%N)
echo "$((p1 - p0)) $((c1 - c0)) $(echo "($k1 - $k0) / $hz" | bc -l) $secs $(echo "$t1 - $t0" | bc -l)" |
  awk -v rate="$rate" -v mix="$mix" '{
    printf "firehose at %d events/s (mix %s): published %.0f/s, received %.0f/s (%.2f %%), simulator CPU %.1f %% of a core, %.0f events per CPU-second\n",
      rate, mix, $1 / $4, $2 / $4, ($1 > 0 ? 100 * $2 / $1 : 0), 100 * $3 / $4, ($3 > 0 ? $1 / $3 : 0) }'
