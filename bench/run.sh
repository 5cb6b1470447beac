#!/usr/bin/env bash
# The benchmark (bench/README.md). Builds what it needs, then:
#   the plugin next to its peers (bench/peers.py): tables in bench/results/peers.md,
#   the plot in bench/results/peers.png, every run in bench/results/peers.json;
#   then pacing at Pro limits, the write figures, and many accounts in one host
#   (bench/accounts.py: bench/results/accounts.{md,json,png}).
# --quick: every case at tiny sizes, one run each, results under
# build/default/bench-quick/; a smoke check (scripts/test.sh runs it): it
# fails when a case fails, never on a timing.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=()
case "${1:-}" in
  --quick) quick=(--quick) ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac
started=$SECONDS
build=build/default
cmake --build --preset default --target fetch_bench curl_floor write_bench accounts_bench host_sim \
  zoom_sim zoom_connector >/dev/null

# @zoom/rivet, pinned by bench/package-lock.json, into bench/node_modules only.
loud() { printf '\n!!!!!!!!\n!!! %s\n!!!!!!!!\n\n' "$*" >&2; }
rivet=ok
want=$(sed -n 's/.*"@zoom\/rivet": "\(.*\)".*/\1/p' bench/package.json)
have=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' bench/node_modules/@zoom/rivet/package.json 2>/dev/null || true)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  rivet="node/npm not found"
  loud "SKIPPING the @zoom/rivet case: node/npm not found (every other case runs)"
elif [ "$have" != "$want" ]; then
  if ! (cd bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    rivet="npm ci failed"
    loud "SKIPPING the @zoom/rivet case: 'npm ci' in bench/ failed (every other case runs)"
  fi
fi

python3 bench/peers.py "${quick[@]}" --rivet "$rivet"

echo "== pacing at Pro limits, full share"
if [ ${#quick[@]} -gt 0 ]; then
  "$build/bench/fetch_bench" pacing pro 30
else
  "$build/bench/fetch_bench" pacing pro
fi
echo "== active-host pruning: recordings + report meetings of one month, 20% of users hosting"
"$build/bench/fetch_bench" pruning "$([ ${#quick[@]} -gt 0 ] && echo 200 || echo 10000)"
echo "== writes at Business limits, full share (users.update, Light)"
"$build/bench/write_bench" throughput "$([ ${#quick[@]} -gt 0 ] && echo 60 || echo 600)"
echo "== group members: calls next to ceil(n/30) per group"
"$build/bench/write_bench" members "$([ ${#quick[@]} -gt 0 ] && echo 100 || echo 1000)"
echo "== many accounts fetched at once by one host process (bench/accounts.py)"
python3 bench/accounts.py "${quick[@]}"
echo "== bench/run.sh ${quick[*]} took $((SECONDS - started)) s"
