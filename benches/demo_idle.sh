#!/usr/bin/env bash
# Measures `evtop demo` as a wall display would run it: CPU used over a window and the
# bytes it writes to the terminal per second.
#
#   benches/demo_idle.sh [SECONDS] [COLSxROWS]      (defaults: 60 120x40)
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

tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
  "script -q -f -c '$bin demo --log-file /dev/null' $typescript"
pid=""
for _ in $(seq 50); do
  pid=$(pgrep -f "^$bin demo" | head -n1 || true)
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
tmux send-keys -t "$session" q
elapsed=$(echo "$s1 - $s0" | bc -l)
cpu=$(echo "($t1 - $t0) / $hz / $elapsed * 100" | bc -l)
bps=$(echo "($b1 - $b0) / $elapsed" | bc -l)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
printf 'evtop demo at %sx%s over %.1f s: CPU %.2f %% of one core, %.0f bytes/s to the terminal, RSS %s KiB\n' \
  "$cols" "$rows" "$elapsed" "$cpu" "$bps" "$rss"
