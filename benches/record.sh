#!/usr/bin/env bash
# Recording costs, measured on the real binary:
# 1. size per hour at the demo's rate: `evtop record --demo` (the built-in simulator at
#    real speed) for SECONDS, to FILE.jsonl and to FILE.jsonl.zst, bytes scaled to an
#    hour (the one-off snapshot included);
# 2. the console in tmux (120x40) against `evtop sim --speed 0 --firehose RATE`, ROUNDS
#    times without and with `--record FILE`, alternately: CPU of the console process
#    (every thread's, from /proc/PID/task/*/schedstat) while the firehose runs, per event
#    delivered, and the recording's growth, scaled to an hour.
#
#   benches/record.sh [RATE] [SECONDS] [ROUNDS]     (defaults: 2000 20 3)
#   EVTOP_BIN=…   the evtop measured (default target/release/evtop)
#   RECORD_EXT=jsonl.zst   the console records compressed (default jsonl)
#
# Seek time and the recorder's own cost per event: `cargo bench --bench replay`.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-2000}
secs=${2:-20}
rounds=${3:-3}
ext=${RECORD_EXT:-jsonl}
source benches/lib.sh

# ---- 1. the demo's rate, plain and compressed ----------------------------------------
for e in jsonl jsonl.zst; do
  XDG_STATE_HOME="$work/state" "$bin" record "$work/demo.$e" --demo --seconds "$secs" \
    --log-file /dev/null 2>"$work/demo.err"
done
demo_bytes=$(size_of "$work/demo.jsonl")
demo_zst=$(size_of "$work/demo.jsonl.zst")
demo_events=$(grep -o '"data":' "$work/demo.jsonl" | wc -l)
awk -v b="$demo_bytes" -v z="$demo_zst" -v e="$demo_events" -v s="$secs" 'BEGIN {
  printf "demo rate: %d bytes in %d s (%.1f events/s): %.1f MB per hour; .zst: %d bytes, %.2f MB per hour (%.1f times smaller)\n",
    b, s, e / s, b * 3600 / s / 1e6, z, z * 3600 / s / 1e6, (z > 0 ? b / z : 0) }'

# ---- 2. the firehose ---------------------------------------------------------------
start_sim "$bin" --firehose "$rate"
export EVTOP_USER=supervisor@example.com EVTOP_SECRET=demo-secret EVTOP_CONFIG=/dev/null
delivered() { counter Delivered; }
firehose false

# CPU time of every thread of PID in ns (schedstat: not the 10 ms steps of /proc/PID/stat,
# which are 1 % of a 20 s round at this load).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'; }

# One run: "cpu_s events bytes".
run_console() { # tag record-file-or-empty
  local file=$2 cmd="$bin console --api-url $url --log-file /dev/null"
  [ -n "$file" ] && cmd="$cmd --record $file"
  tmux -L "$tmux_socket" new-session -d -s "$1" -x 120 -y 40 "$cmd"
  local pid=""
  for _ in $(seq 100); do
    pid=$(pgrep -fx "$cmd" | head -n1 || true)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "the console did not start" >&2; exit 1; }
  sleep 4 # snapshot and subscriptions
  local d0 k0 b0 d1 k1 b1
  d0=$(delivered); k0=$(cpu_ns "$pid"); b0=$(size_of "$file")
  firehose true
  sleep "$secs"
  firehose false
  sleep 1
  d1=$(delivered); k1=$(cpu_ns "$pid"); b1=$(size_of "$file")
  tmux -L "$tmux_socket" send-keys -t "$1" q
  sleep 1
  tmux -L "$tmux_socket" kill-session -t "$1" 2>/dev/null || true
  echo "$(echo "($k1 - $k0) / 1000000000" | bc -l) $((d1 - d0)) $((b1 - b0))"
}

echo "console at $rate events/s for $secs s, $rounds rounds each (120x40):"
plain=()
recorded=()
for r in $(seq "$rounds"); do
  plain+=("$(run_console "plain$r" "")")
  recorded+=("$(run_console "rec$r" "$work/fire$r.$ext")")
done
printf '%s\n' "${plain[@]}" | awk '{ c += $1; e += $2 } END {
  printf "  without --record: %.2f µs CPU per event (%.1f %% of a core)\n", 1e6 * c / e, 100 * c / (NR * '"$secs"') }'
printf '%s\n' "${recorded[@]}" | awk -v secs="$secs" -v rate="$rate" '{ c += $1; e += $2; b += $3 } END {
  printf "  with --record:    %.2f µs CPU per event (%.1f %% of a core); %.0f bytes per event, %.0f MB per hour at %d events/s\n",
    1e6 * c / e, 100 * c / (NR * secs), b / e, b / (NR * secs) * 3600 / 1e6, rate }'
# Each round's pair (run one after the other, so under about the same load from others),
# and the median of the pairs' ratios next to the ratio of the means.
paste -d' ' <(printf '%s\n' "${plain[@]}") <(printf '%s\n' "${recorded[@]}") | awk '{
  a = 1e6 * $1 / $2; b = 1e6 * $4 / $5; p += a; r += b; d[NR] = 100 * (b - a) / a
  printf "  round %d: %.2f -> %.2f µs per event (%+.1f %%)\n", NR, a, b, d[NR] }
  END {
    for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { t = d[i]; d[i] = d[j]; d[j] = t }
    m = (NR % 2) ? d[(NR + 1) / 2] : (d[NR / 2] + d[NR / 2 + 1]) / 2
    printf "  recording overhead: %+.1f %% CPU per event (mean of rounds; median of the rounds %+.1f %%; target <= 5 %%)\n", 100 * (r - p) / p, m }'
