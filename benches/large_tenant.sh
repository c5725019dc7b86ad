#!/usr/bin/env bash
# The console against a large simulated tenant: QUEUES service queues (default 40) and
# AGENTS agents (default 600) at SPEED× time (default 5), so that the console subscribes
# thousands of entity events and the queues change several times a second.
#
#   benches/large_tenant.sh [SECONDS] [COLSxROWS]        (defaults: 60 200x60)
#
# Writes the scenario to a temporary file and measures with benches/demo_idle.sh
# (CONSOLE_ONLY: the figure excludes the simulator's own CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
queues=${QUEUES:-40}
agents=${AGENTS:-600}
speed=${SPEED:-5}
scenario=$(mktemp --suffix=.toml)
trap 'rm -f "$scenario"' EXIT
{
  echo 'organization = "Large Oy"'
  echo "generated_agents = $agents"
  for i in $(seq 1 "$queues"); do
    printf '\n[[queues]]\nname = "Queue %02d"\nnumber = "+35820100%04d"\n' "$i" "$i"
    echo 'arrivals_per_minute = 6.0'
    echo 'mean_talk_secs = 90'
    echo 'wrap_up_secs = 30'
    echo 'patience_secs = 180'
    echo 'max_queue_length = 10'
    echo 'initial_waiting = 2'
  done
} >"$scenario"
echo "large tenant: $queues queues, $agents agents, speed $speed" >&2
CONSOLE_ONLY=1 SIM_ARGS="--scenario $scenario --speed $speed" \
  bash benches/demo_idle.sh "${1:-60}" "${2:-200x60}"
