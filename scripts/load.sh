#!/usr/bin/env bash
# Load on host_sim's web screen: wrk on loopback, 64 connections for 30 s,
# against the screen's read routes and validate (scripts/load/screen.lua),
# while a trickle of slow connections (a byte every 200 ms, from 127.0.0.2)
# holds slots and a probe checks the page keeps answering. Passes when no
# answer is non-2xx, no socket error, every probe answered 200 within 2 s,
# and host_sim's RSS after the run is within LOAD_RSS_BOUND_MIB (default 16)
# of the RSS after a warm-up. Figures: docs/reliability/load.md.
#   scripts/load.sh [--seconds N] [--connections N] [--slow N] [--default-limits]
# --default-limits keeps host_sim's connection limits (32, 16 per address):
# 64 connections from one address are then cut by design (figures only).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/loopback.sh

seconds=30 connections=64 slow=40 limits=raised
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --slow) slow=$2; shift 2 ;;
    --default-limits) limits=default; shift ;;
    *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
rss_bound_mib=${LOAD_RSS_BOUND_MIB:-16}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "load: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

build=${LOAD_BUILD_DIR:-build/default}
[ -d "$build" ] || cmake --preset default >/dev/null
cmake --build "$build" --target host_sim zoom_connector zoom_sim >/dev/null
host_sim=$(realpath "$build/host_sim/host_sim")
zoom_sim=$(realpath "$build/tests/zoom_sim/zoom_sim")
plugin=$(realpath "$build/zoom_connector/libzoom_connector.so")
for var in http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY; do unset "$var"; done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$zoom_sim" --port 0 --no-rate-limit >"$work/zoom_sim.out" 2>"$work/zoom_sim.log" &
pids+=("$!")
base=$(first_line "$work/zoom_sim.out")
[ -n "$base" ] || { echo "load: the Zoom simulator did not start" >&2; cat "$work/zoom_sim.log" >&2; exit 1; }
options="{\"oauth_url\":\"$base/oauth/token\",\"api_base_url\":\"$base/v2\",\"allow_insecure_loopback\":true}"
common=(--plugin "$plugin" --store "$work/store.db" --options "$options")
export HOST_SIM_STORE_KEY
HOST_SIM_STORE_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
HOST_SIM_FIELD_CLIENT_SECRET=sim-client-secret "$host_sim" authenticate "${common[@]}" --no-input \
  --field "credential_name=load" --field "account_id=sim-account-id" --field "client_id=sim-client-id" \
  --field "validation_url=$base/v2/users/me" >"$work/auth.log" 2>&1 \
  || { echo "load: authenticate failed" >&2; cat "$work/auth.log" >&2; exit 1; }

# One slot per wrk connection and per slow connection (plus the probe's), so
# the load itself is never cut; the trickle is cut by the request deadline.
# (With fewer slots, newcomers cut the oldest unfinished request; under this
# load that is now and then a wrk request accepted but not yet read:
# docs/reliability/load.md.)
max=$((connections + slow + 16))
limit_args=(--max-connections "$max" --max-connections-per-peer "$max")
[ "$limits" = default ] && limit_args=()
"$host_sim" serve "${common[@]}" --port 0 "${limit_args[@]}" >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
pids+=("$serve_pid")
url=$(first_line "$work/serve.out")
[ -n "$url" ] || { echo "load: host_sim serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
port=${url#http://127.0.0.1:}
port=${port%%/*}
key=${url##*key=}
cookie=$(http_get "$port" "/?key=$key" | tr -d '\r' | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "load: no session cookie" >&2; exit 1; }
csrf=$(http_get "$port" / "$cookie" | grep -o 'name="csrf-token" content="[0-9a-f]*"' | sed 's/.*content="\(.*\)"/\1/')
[ -n "$csrf" ] || { echo "load: no CSRF token in the page" >&2; exit 1; }
credential=$(http_get "$port" /api/screen "$cookie" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n1)
[ -n "$credential" ] || { echo "load: no credential on the screen" >&2; exit 1; }
export LOAD_COOKIE=$cookie LOAD_CSRF=$csrf LOAD_CREDENTIAL=$credential

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$serve_pid/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$serve_pid/status"; }

echo "== warm-up: 5 s, $connections connections"
wrk -t2 -c"$connections" -d5s -s scripts/load/screen.lua "http://127.0.0.1:$port" >"$work/warmup.txt" 2>&1
grep '^LOAD' "$work/warmup.txt"
sleep 1
rss_before=$(rss_kib)

# The trickle: connections from 127.0.0.2 sending a request a byte every
# 200 ms; cut ones are opened again. Prints how many were cut.
python3 - "$port" "$slow" "$((seconds + 2))" >"$work/trickle.txt" 2>&1 <<'PY' &
import socket, sys, time
port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
request = b"GET /api/screen HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Padding: " % port + b"x" * 4000
def open_one():
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.connect(("127.0.0.1", port))
    return [s, 0]
conns, cut, opened = [], 0, 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    while len(conns) < count:
        try:
            conns.append(open_one()); opened += 1
        except OSError:
            time.sleep(0.05); break
    for c in list(conns):
        try:
            c[0].send(request[c[1]:c[1] + 1]); c[1] += 1
        except OSError:
            c[0].close(); conns.remove(c); cut += 1
    time.sleep(0.2)
print("TRICKLE connections=%d opened=%d cut=%d" % (count, opened, cut))
PY
trickle_pid=$!
pids+=("$trickle_pid")  # taken off the list once waited for, below

# The probe: every 0.5 s one GET /api/screen must come back 200 within 2 s.
(
  probes=0 failed=0 slowest=0
  end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 2 \
      -H "Cookie: $cookie" "http://127.0.0.1:$port/api/screen" || true)
    probes=$((probes + 1))
    [ "${out%% *}" = 200 ] || failed=$((failed + 1))
    slowest=$(awk -v a="$slowest" -v b="${out#* }" 'BEGIN {print (b + 0 > a + 0) ? b : a}')
    sleep 0.5
  done
  echo "PROBE probes=$probes failed=$failed slowest_s=$slowest"
) >"$work/probe.txt" 2>&1 &
probe_pid=$!
pids+=("$probe_pid")

echo "== load: ${seconds} s, $connections connections, $slow slow connections trickling"
sleep 1  # the trickle holds its slots first
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/load/screen.lua \
  "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
wait "$probe_pid" "$trickle_pid" || true
pids=("${pids[@]:0:2}")  # zoom_sim and host_sim still run
threads_after=$(threads)
sleep 1
rss_after=$(rss_kib)
sed -n '/Latency Distribution/,/^ *99%/p' "$work/wrk.txt"
grep -h '^LOAD\|^TRICKLE\|^PROBE' "$work/wrk.txt" "$work/trickle.txt" "$work/probe.txt"
grep -h '^load: status' "$work/wrk.txt" || true
echo "RSS host_sim before $((rss_before / 1024)) MiB (after warm-up), after $((rss_after / 1024)) MiB," \
  "growth $(((rss_after - rss_before) / 1024)) MiB (bound $rss_bound_mib MiB); threads after: $threads_after"

line=$(grep '^LOAD' "$work/wrk.txt")
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line"; }
fail=0
for f in non2xx connect_errors read_errors write_errors timeouts; do
  [ "$(field "$f")" = 0 ] || { echo "FAIL: $f=$(field "$f")"; fail=1; }
done
[ "$(field requests)" -gt 0 ] || { echo "FAIL: no requests"; fail=1; }
grep -q 'failed=0 ' "$work/probe.txt" || { echo "FAIL: the page did not answer a probe within 2 s"; fail=1; }
# The request deadline is 10 s: a shorter run cuts none.
if [ "$seconds" -ge 10 ] && ! grep -q 'cut=[1-9]' "$work/trickle.txt"; then
  echo "FAIL: no slow connection was cut"; fail=1
fi
[ $((rss_after - rss_before)) -le $((rss_bound_mib * 1024)) ] || { echo "FAIL: RSS grew past the bound"; fail=1; }
[ $fail = 0 ] && echo "OK: load held"
exit $fail
