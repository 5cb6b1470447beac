#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: once in the default
# build (plus the benchmark's smoke run, the secret-hygiene scan and the
# Airbyte image built and run by podman under the conformance test), once
# under AddressSanitizer + UndefinedBehaviorSanitizer; then every fuzz target
# on a fixed budget of inputs, the concurrent tests under ThreadSanitizer, the fault
# soak and the web screen's load check.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's time is printed when it ends, and all of them at the end: CI
# has 90 minutes on 2 cores, and this says where they go.
timings=""
step_started=$SECONDS
step() {
  if [ -n "${step_name:-}" ]; then
    timings+=$(printf '  %5d s  %s' $((SECONDS - step_started)) "$step_name")$'\n'
  fi
  step_name=$1
  step_started=$SECONDS
  [ -n "$step_name" ] && echo "== $step_name"
  return 0
}

# The times so far are printed however the script ends.
report() {
  local rc=$?
  step ""
  if [ "$rc" = 0 ]; then
    echo "== every step passed in $SECONDS s:"
  else
    echo "== stopped (exit $rc) after $SECONDS s; the steps that ran:"
  fi
  printf '%s' "$timings"
  rm -rf "$traffic"
}
traffic=$(mktemp -d)
trap report EXIT

step "install what is missing (scripts/install-deps.sh)"
scripts/install-deps.sh

step "default build and tests (every Zoom simulator logs its traffic)"
ZOOM_SIM_TRAFFIC_LOG=$traffic cmake --workflow --preset default

step "the whole suite's Zoom traffic against Zoom's published API (tests/zoom_sim/spec)"
python3 tests/zoom_sim/spec/check_traffic.py --rules tests/zoom_sim/spec/zoom_api_rules.json \
  --departures tests/zoom_sim/spec/departures.json "$traffic"

step "benchmark smoke run: every case once at tiny sizes, no timing checks (bench/README.md)"
bench/run.sh --quick

step "secret hygiene: sentinel secrets through every host_sim path, then a scan of all output"
bin=build/default
scripts/secret_hygiene.sh "$bin/host_sim/host_sim" "$bin/tests/zoom_sim/zoom_sim" \
  "$bin/zoom_connector/libzoom_connector.so" "$bin/Testing/Temporary/LastTest.log" \
  "$traffic"/*.jsonl

step "the Airbyte image: podman build, checks, secret scan, the conformance test in the container (scripts/container.sh)"
scripts/container.sh "$bin"

step "sanitizer build (ASan + UBSan) and tests"
cmake --workflow --preset sanitize

step "fuzz smoke: every libFuzzer target, seed 1, ${FUZZ_RUNS:-200000} inputs each (clang 16, scripts/fuzz.sh)"
scripts/fuzz.sh

step "ThreadSanitizer: the tests labelled concurrent (tests/tsan.supp)"
cmake --workflow --preset tsan

step "fault soak (CI size): every record exactly once under injected faults"
scripts/soak.sh --size ci

step "load on host_sim's web screen: wrk, slow connections, RSS"
scripts/load.sh

