#!/usr/bin/env bash
# Prints the fetch benchmark's figures (build first: scripts/test.sh or
# cmake --build --preset default). Each line is one measurement process.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/default/bench/fetch_bench
cmake --build --preset default --target fetch_bench >/dev/null
echo "== memory stays flat: users stream at 10,000 and 100,000 records"
"$bench" throughput 10000
"$bench" throughput 100000
echo "== API calls for users + meetings + past participants, next to the minimum"
"$bench" calls 300
echo "== pacing at Pro limits, full share"
"$bench" pacing pro
