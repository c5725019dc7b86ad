# Shared by the shell benches, sourced after `cd` to the repository:
# - $bin: the evtop measured (EVTOP_BIN, or target/release/evtop built first), $hz;
# - $work: a scratch directory, removed on exit with the processes in pids=() and the
#   tmux server on socket $tmux_socket;
# - ticks PID (utime+stime of every thread, in clock ticks), now (seconds), size_of FILE;
# - start_sim EVTOP [ARGS…]: `EVTOP sim --listen 127.0.0.1:0 --speed 0 ARGS…` in the
#   background, setting $sim_pid and $url;
# - firehose true|false (resume or pause the simulator's firehose), counter NAME (its
#   Published or Delivered count): the simulator's admin API.
bin=${EVTOP_BIN:-target/release/evtop}
if [ -z "${EVTOP_BIN:-}" ]; then cargo build --release --quiet; fi
bin=$(realpath "$bin")
hz=$(getconf CLK_TCK)
work=$(mktemp -d)
pids=()
tmux_socket="evtop-bench-$$"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  tmux -L "$tmux_socket" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }
size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

start_sim() {
  local sim=$1
  shift
  "$sim" sim --listen 127.0.0.1:0 --speed 0 "$@" >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  pids+=("$sim_pid")
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^evtop sim listening on \(http:[^ ]*\).*/\1/p' "$work/sim.out" | head -n1)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "the simulator did not start: $(cat "$work/sim.err")" >&2
  exit 1
}

firehose() {
  curl -s -X POST -H 'Content-Type: application/json' -d "{\"firehose\":$1}" \
    "$url/_sim/control" >/dev/null
}
counter() { curl -s "$url/_sim/firehose" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
