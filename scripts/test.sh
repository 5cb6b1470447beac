#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: once in the default
# build (plus the secret-hygiene scan), once under AddressSanitizer +
# UndefinedBehaviorSanitizer; then the concurrent tests under ThreadSanitizer,
# the fault soak and the web screen's load check.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== default build and tests"
cmake --workflow --preset default

echo "== secret hygiene: sentinel secrets through every host_sim path, then a scan of all output"
bin=build/default
scripts/secret_hygiene.sh "$bin/host_sim/host_sim" "$bin/tests/zoom_sim/zoom_sim" \
  "$bin/zoom_connector/libzoom_connector.so" "$bin/Testing/Temporary/LastTest.log"

echo "== sanitizer build (ASan + UBSan) and tests"
cmake --workflow --preset sanitize

echo "== ThreadSanitizer: the tests labelled concurrent (tests/tsan.supp)"
cmake --workflow --preset tsan

echo "== fault soak (CI size): every record exactly once under injected faults"
scripts/soak.sh --size ci

echo "== load on host_sim's web screen: wrk, slow connections, RSS"
scripts/load.sh
