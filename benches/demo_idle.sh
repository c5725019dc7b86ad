#!/usr/bin/env bash
# Measures `evtop demo` as a wall display would run it: CPU used over a window and the
# bytes it writes to the terminal per second.
#
#   benches/demo_idle.sh [SECONDS] [COLSxROWS]      (defaults: 60 120x40)
#   CONSOLE_ONLY=1 benches/demo_idle.sh …           console against a separate `evtop sim`
#                                                   process, so the figure excludes the simulator
#   CONSOLE_ONLY=1 FIREHOSE=2000 benches/demo_idle.sh …   the same under N extra events/s
#   CONSOLE_ONLY=1 SIM_ARGS="--scenario F" benches/demo_idle.sh …   other simulator flags
#
# How: tmux runs `script`, which runs evtop demo on its own pty and records every byte
# evtop writes to it; CPU is utime+stime of the evtop process from /proc/PID/stat, read at
# the start and end of the window (after a 5 s warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
size=${2:-120x40}
cols=${size%x*}
rows=${size#*x}
bin=${EVTOP_BIN:-target/release/evtop}
[ -x "$bin" ] || cargo build --release --quiet
bin=$(realpath "$bin")
typescript=$(mktemp)
session=evtop-bench-$$
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -f "$typescript"; }
trap cleanup EXIT

face="demo"
if [ -n "${CONSOLE_ONLY:-}" ]; then
  port=$((20000 + $$ % 20000))
  # shellcheck disable=SC2086 # SIM_ARGS is a list of flags
  "$bin" sim --listen "127.0.0.1:$port" ${FIREHOSE:+--firehose "$FIREHOSE"} ${SIM_ARGS:-} >/dev/null &
  sim_pid=$!
  trap 'cleanup; kill $sim_pid 2>/dev/null || true' EXIT
  sleep 1
  face="console --api-url http://127.0.0.1:$port"
  export EVTOP_USER=supervisor@example.com EVTOP_SECRET=demo-secret
fi
tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
  "script -q -f -c '$bin $face --log-file /dev/null' $typescript"
pid=""
for _ in $(seq 50); do
  pid=$(pgrep -f "^$bin ${face%% *}" | head -n1 || true)
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "evtop demo did not start" >&2; exit 1; }
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); b0=$(stat -c %s "$typescript"); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); b1=$(stat -c %s "$typescript"); s1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
tmux send-keys -t "$session" q
elapsed=$(echo "$s1 - $s0" | bc -l)
cpu=$(echo "($t1 - $t0) / $hz / $elapsed * 100" | bc -l)
bps=$(echo "($b1 - $b0) / $elapsed" | bc -l)
printf "evtop ${face%% *}"' at %sx%s over %.1f s: CPU %.2f %% of one core, %.0f bytes/s to the terminal, RSS %s KiB\n' \
  "$cols" "$rows" "$elapsed" "$cpu" "$bps" "$rss"
