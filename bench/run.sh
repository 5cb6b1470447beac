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
echo "== writes at Business limits, full share (users.update, Light)"
cmake --build --preset default --target write_bench >/dev/null
build/default/bench/write_bench throughput 600
echo "== group members: calls next to ceil(n/30) per group"
build/default/bench/write_bench members 1000
