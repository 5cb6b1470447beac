#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: once in the default
# build (plus the benchmark's smoke run and the secret-hygiene scan), once
# under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== default build and tests"
cmake --workflow --preset default

echo "== benchmark smoke run: every case once at tiny sizes, no timing checks (bench/README.md)"
bench/run.sh --quick

echo "== secret hygiene: sentinel secrets through every host_sim path, then a scan of all output"
bin=build/default
scripts/secret_hygiene.sh "$bin/host_sim/host_sim" "$bin/tests/zoom_sim/zoom_sim" \
  "$bin/zoom_connector/libzoom_connector.so" "$bin/Testing/Temporary/LastTest.log"

echo "== sanitizer build (ASan + UBSan) and tests"
cmake --workflow --preset sanitize
