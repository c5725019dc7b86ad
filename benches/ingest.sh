#!/usr/bin/env bash
# RTE ingest side by side: the simulator's firehose at RATE events/s, received one after
# the other by `evtop events` and by the official @microsoft/signalr client (Node, from
# tests/js), both subscribed to QueueStatus of every queue and UserStatus of every user.
# Prints, for each, messages/s, CPU used and messages per CPU-second, then the ratio.
#
#   benches/ingest.sh [RATE] [SECONDS]          (defaults: 20000 10)
#   CONSOLE=1 benches/ingest.sh [RATE] [SECONDS]   the console instead (in tmux, 120x40):
#                                               CPU per event, rendering included
#   MIX=queue:1,user:1   the firehose mix (QueueStatus:UserStatus weights, the default)
#   EVTOP_BIN=…          the evtop measured (default target/release/evtop)
#   SIM_BIN=…            the evtop whose simulator is used (default EVTOP_BIN)
#   ONLY=evtop|official  measure one side only
#
# How: the simulator runs with --speed 0 (no model events, only the firehose) and its
# firehose paused while a client connects and subscribes; then the firehose runs for
# SECONDS, is paused again, and the client is given time to drain. CPU is utime+stime of
# the client's process from /proc/PID/stat (every thread), from the moment the firehose
# resumes to the moment the client has drained. "received" compares what the client
# counted with what the firehose published while it ran. Counting happens in a separate
# Node process reading evtop's stdout (not measured), or in the official client itself.
# The simulator's admin API: POST /_sim/control {"firehose":false|true} pauses and
# resumes, GET /_sim/firehose counts what was published ("Published") and what the hub
# wrote to its connections ("Delivered").
# A simulator without the firehose admin route (an older build) cannot pause: then the
# window is measured while the firehose runs, after a 2 s warm-up, and there is no
# received/sent figure.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-20000}
secs=${2:-10}
mix=${MIX:-queue:1,user:1}
[ -d tests/js/node_modules/@microsoft/signalr ] || (cd tests/js && npm ci --silent)
source benches/lib.sh
sim_bin=$(realpath "${SIM_BIN:-$bin}")

# ---- simulator ---------------------------------------------------------------------
mix_flag=()
if "$sim_bin" sim --help | grep -q -- --firehose-mix; then mix_flag=(--firehose-mix "$mix"); fi
start_sim "$sim_bin" --firehose "$rate" "${mix_flag[@]}"
export EVTOP_USER=supervisor@example.com EVTOP_SECRET=demo-secret EVTOP_CONFIG=/dev/null

pausable=""
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/_sim/firehose")" = 200 ]; then
  pausable=1
fi
published() { counter Published; }
[ -n "$pausable" ] && firehose false

count_of() { cat "$1" 2>/dev/null || echo 0; }
wait_for() { # file pattern what
  for _ in $(seq 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$3 did not get ready: $(tail -n 5 "$1")" >&2
  exit 1
}

# Measures one running client: pid, count file. Prints "rate cpu_pct per_cpu_s received_pct".
measure() {
  local pid=$1 counts=$2
  local p0 c0 t0 k0 t1 c1 k1 p1 last same cend kend tend
  if [ -n "$pausable" ]; then
    sleep 0.5
    p0=$(published); c0=$(count_of "$counts"); k0=$(ticks "$pid"); t0=$(now)
    firehose true
    sleep "$secs"
    firehose false
    sleep 0.05 # a tick in progress when the pause came
    p1=$(published)
    # Drain: until the count reaches what was published, or stops moving for 1 s.
    last=-1; same=0
    for _ in $(seq 200); do
      cend=$(count_of "$counts")
      [ "$((cend - c0))" -ge "$((p1 - p0))" ] && break
      if [ "$cend" = "$last" ]; then same=$((same + 1)); [ "$same" -ge 10 ] && break; else same=0; fi
      last=$cend
      sleep 0.1
    done
    sleep 0.1
    cend=$(count_of "$counts"); kend=$(ticks "$pid"); tend=$(now)
    # The window for the rate: the firehose's run, or longer when draining took longer.
    local got=$((cend - c0)) sent=$((p1 - p0))
    echo "$got $sent $(echo "$tend - $t0" | bc -l) $(echo "($kend - $k0) / $hz" | bc -l) $secs" |
      awk '{ wall = ($3 - 0.1 > $5) ? $3 - 0.1 : $5;
             printf "%.0f %.1f %.0f %.2f %d %d\n", $1 / wall, 100 * $4 / wall, ($4 > 0 ? $1 / $4 : 0),
                    ($2 > 0 ? 100 * $1 / $2 : 0), $1, $2 }'
  else
    sleep 2
    c0=$(count_of "$counts"); k0=$(ticks "$pid"); t0=$(now)
    sleep "$secs"
    c1=$(count_of "$counts"); k1=$(ticks "$pid"); t1=$(now)
    echo "$((c1 - c0)) $(echo "$t1 - $t0" | bc -l) $(echo "($k1 - $k0) / $hz" | bc -l)" |
      awk '{ printf "%.0f %.1f %.0f - %d -\n", $1 / $2, 100 * $3 / $2, ($3 > 0 ? $1 / $3 : 0), $1 }'
  fi
}

report() { # label "rate cpu per_cpu received got sent"
  read -r r c p rec got sent <<<"$2"
  printf '%-10s %10s msg/s  %6s %% of a core  %9s msg per CPU-s  received %s %% (%s of %s)\n' \
    "$1" "$r" "$c" "$p" "$rec" "$got" "$sent"
}

# ---- the console variant -------------------------------------------------------------
if [ -n "${CONSOLE:-}" ]; then
  tmux -L "$tmux_socket" new-session -d -s bench -x 120 -y 40 \
    "$bin console --api-url $url --log-file /dev/null"
  pid=""
  for _ in $(seq 100); do
    pid=$(pgrep -f "^$bin console --api-url $url" | head -n1 || true)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "the console did not start" >&2; exit 1; }
  sleep 4 # snapshot and subscriptions
  # Events are counted by the simulator (the console prints none): what it delivered.
  delivered() { counter Delivered; }
  [ -n "$pausable" ] || { echo "CONSOLE=1 needs a simulator with /_sim/firehose" >&2; exit 1; }
  d0=$(delivered); k0=$(ticks "$pid"); t0=$(now)
  firehose true
  sleep "$secs"
  firehose false
  sleep 1
  d1=$(delivered); k1=$(ticks "$pid"); t1=$(now)
  echo "$((d1 - d0)) $(echo "$t1 - $t0" | bc -l) $(echo "($k1 - $k0) / $hz" | bc -l)" |
    awk -v rate="$rate" '{ printf "console at %d events/s (120x40): %.0f events/s delivered, %.1f %% of a core over the run, %.2f µs per event (rendering included)\n",
                           rate, $1 / ($2 - 1), 100 * $3 / ($2 - 1), ($1 > 0 ? 1e6 * $3 / $1 : 0) }'
  tmux -L "$tmux_socket" send-keys -t bench q
  exit 0
fi

# ---- evtop events ------------------------------------------------------------------
echo "firehose $rate events/s${mix_flag:+ (mix $mix)}, $secs s, simulator $(basename "$sim_bin") at $url${pausable:+ (pausable)}"
if [ "${ONLY:-evtop}" = evtop ]; then
  COUNT_FILE="$work/evtop.count" node tests/js/ingest.mjs lines < <(
    exec "$bin" events --api-url "$url" --filter QueueStatus --filter UserStatus \
      2>"$work/evtop.err"
  ) &
  pids+=("$!")
  evtop_pid=""
  for _ in $(seq 100); do
    evtop_pid=$(pgrep -f "^$bin events --api-url $url" | head -n1 || true)
    [ -n "$evtop_pid" ] && break
    sleep 0.1
  done
  [ -n "$evtop_pid" ] || { echo "evtop events did not start" >&2; exit 1; }
  pids+=("$evtop_pid")
  wait_for "$work/evtop.err" "live (" "evtop events"
  evtop=$(measure "$evtop_pid" "$work/evtop.count")
  report evtop "$evtop"
  kill -TERM "$evtop_pid" 2>/dev/null || true
  sleep 0.5
fi

# ---- the official client -----------------------------------------------------------
if [ "${ONLY:-official}" = official ]; then
  COUNT_FILE="$work/official.count" SIM_URL="$url" node tests/js/ingest.mjs client \
    >"$work/official.out" 2>&1 &
  official_pid=$!
  pids+=("$official_pid")
  wait_for "$work/official.out" "^READY" "the official client"
  official=$(measure "$official_pid" "$work/official.count")
  report official "$official"
  kill -TERM "$official_pid" 2>/dev/null || true
fi

if [ -z "${ONLY:-}" ]; then
  read -r _ _ pe _ <<<"$evtop"
  read -r _ _ po _ <<<"$official"
  echo "ratio (evtop / official, messages per CPU-second): $(echo "scale=2; $pe / $po" | bc -l)"
fi
