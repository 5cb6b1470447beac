#!/usr/bin/env bash
# Throughput of the same fetch through airbyte_source (Airbyte messages on
# stdout) and through host_sim fetch (JSON Lines), against one simulator run
# without rate limits. A figure, not a test; the machine is shared and noisy,
# so each host runs ROUNDS times alternately and the best time counts.
# usage: airbyte_source/bench/compare.sh [USERS] [ROUNDS]   (build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-100000}
rounds=${2:-3}
build=build/default
sim=$build/tests/zoom_sim/zoom_sim
plugin=$build/zoom_connector/libzoom_connector.so
work=$(mktemp -d)
secret=bench-secret-0123456789abcdef0123
"$sim" --port 0 --no-rate-limit --client-secret "$secret" --users "$users" --meetings-per-user 0 \
  --participants 0 >"$work/sim.out" 2>/dev/null &
sim_pid=$!
trap 'kill $sim_pid; wait $sim_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do base=$(head -n1 "$work/sim.out"); [ -n "$base" ] && break; sleep 0.1; done
options="{\"oauth_url\":\"$base/oauth/token\",\"api_base_url\":\"$base/v2\",\"allow_insecure_loopback\":true}"
request='{"plan":"business","rate_share":1,"max_concurrency":8}'
streams=users

cat >"$work/config.json" <<EOT
{"account_id":"sim-account-id","client_id":"sim-client-id","client_secret":"$secret",
 "validation_url":"$base/v2/users/me","plan":"business","rate_share":1,"max_concurrency":8,
 "deployment":$options}
EOT
"$build/airbyte_source/airbyte_source" discover --config "$work/config.json" --plugin "$plugin" |
  python3 -c "
import json, sys
catalog = json.loads(sys.stdin.readline())['catalog']
wanted = '$streams'.split(',')
print(json.dumps({'streams': [{'stream': s, 'sync_mode': 'full_refresh', 'destination_sync_mode': 'append'}
                              for s in catalog['streams'] if s['name'] in wanted]}))" >"$work/catalog.json"

export HOST_SIM_STORE_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
HOST_SIM_FIELD_CLIENT_SECRET=$secret "$build/host_sim/host_sim" authenticate --plugin "$plugin" \
  --store "$work/store.db" --options "$options" --no-input --field credential_name=bench \
  --field account_id=sim-account-id --field client_id=sim-client-id \
  --field "validation_url=$base/v2/users/me" >/dev/null 2>&1

# Prints "wall cpu" seconds of one run (cpu: user + system of the host
# process, which includes the plugin's threads).
measure() {
  local TIMEFORMAT='%R %U %S' line
  line=$({ time "$@" >"$work/out" 2>/dev/null; } 2>&1)
  read -r wall user sys <<<"$line"
  echo "$wall $(echo "$user + $sys" | bc)"
}
min() { echo "if ($1 < $2) $1 else $2" | bc; }
aw=999999 ac=999999 hw=999999 hc=999999
for round in $(seq "$rounds"); do
  read -r wall cpu < <(measure "$build/airbyte_source/airbyte_source" read --config "$work/config.json" \
        --catalog "$work/catalog.json" --plugin "$plugin")
  airbyte_records=$(grep -c '"type":"RECORD"' "$work/out")
  aw=$(min "$wall" "$aw") ac=$(min "$cpu" "$ac")
  read -r wall cpu < <(measure "$build/host_sim/host_sim" fetch --plugin "$plugin" --store "$work/store.db" \
        --options "$options" --credential bench --streams "$streams" --full-refresh --request "$request")
  host_sim_records=$(wc -l <"$work/out")
  hw=$(min "$wall" "$hw") hc=$(min "$cpu" "$hc")
  echo "round $round: airbyte_source $airbyte_records records, host_sim $host_sim_records records"
done
printf 'airbyte_source read: %6.2f s wall (%.0f records/s), %5.2f s cpu\n' "$aw" "$(echo "$airbyte_records / $aw" | bc -l)" "$ac"
printf 'host_sim fetch:      %6.2f s wall (%.0f records/s), %5.2f s cpu\n' "$hw" "$(echo "$host_sim_records / $hw" | bc -l)" "$hc"
printf 'airbyte_source / host_sim: wall %.3f, cpu %.3f\n' "$(echo "$aw / $hw" | bc -l)" "$(echo "$ac / $hc" | bc -l)"
