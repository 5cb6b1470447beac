#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: once in the default
# build (plus the benchmark's smoke run, the secret-hygiene scan and the
# Airbyte image built and run by podman under the conformance test), once
# under AddressSanitizer + UndefinedBehaviorSanitizer; then every fuzz target
# on a fixed budget of inputs, the concurrent tests under ThreadSanitizer, the fault
# soak and the web screen's load check.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== default build and tests (every Zoom simulator logs its traffic)"
traffic=$(mktemp -d)
trap 'rm -rf "$traffic"' EXIT
ZOOM_SIM_TRAFFIC_LOG=$traffic cmake --workflow --preset default

echo "== the whole suite's Zoom traffic against Zoom's published API (tests/zoom_sim/spec)"
python3 tests/zoom_sim/spec/check_traffic.py --rules tests/zoom_sim/spec/zoom_api_rules.json \
  --departures tests/zoom_sim/spec/departures.json "$traffic"

echo "== benchmark smoke run: every case once at tiny sizes, no timing checks (bench/README.md)"
bench/run.sh --quick

echo "== secret hygiene: sentinel secrets through every host_sim path, then a scan of all output"
bin=build/default
scripts/secret_hygiene.sh "$bin/host_sim/host_sim" "$bin/tests/zoom_sim/zoom_sim" \
  "$bin/zoom_connector/libzoom_connector.so" "$bin/Testing/Temporary/LastTest.log" \
  "$traffic"/*.jsonl

echo "== the Airbyte image: podman build, checks, secret scan, the conformance test in the container (scripts/container.sh)"
container_started=$SECONDS
scripts/container.sh "$bin"
echo "== the Airbyte image step took $((SECONDS - container_started)) s"

echo "== sanitizer build (ASan + UBSan) and tests"
cmake --workflow --preset sanitize

echo "== fuzz smoke: every libFuzzer target, seed 1, ${FUZZ_RUNS:-200000} inputs each (clang 16, scripts/fuzz.sh)"
scripts/fuzz.sh

echo "== ThreadSanitizer: the tests labelled concurrent (tests/tsan.supp)"
cmake --workflow --preset tsan

echo "== fault soak (CI size): every record exactly once under injected faults"
scripts/soak.sh --size ci

echo "== load on host_sim's web screen: wrk, slow connections, RSS"
scripts/load.sh
