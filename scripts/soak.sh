#!/usr/bin/env bash
# The fault soak: users -> meetings -> past participants, plus groups, fetched
# through the plugin from the Zoom simulator while it injects every fault kind
# (about 12% of requests: 5xx, resets, delays past the timeout, truncated and
# HTML bodies, token revocation, page-token expiry, 429 bursts, clock jumps),
# then checked record by record against the simulator's dataset.
#   scripts/soak.sh [--size ci|100k|1m] [fetch_soak options...]
# ci (scripts/test.sh, about a minute), 100k (the hand-measured size, several
# minutes), 1m (a million records, for memory). Figures: docs/reliability/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."

size=ci
if [ "${1:-}" = "--size" ]; then
  size=${2:?"--size needs ci, 100k or 1m"}
  shift 2
fi
case "$size" in
  ci) args=(--users 150 --page-size 5) ;;
  100k) args=(--users 2300) ;;
  1m) args=(--users 1100 --participants 150) ;;
  *) echo "soak.sh: --size is ci, 100k or 1m" >&2; exit 2 ;;
esac

build=${SOAK_BUILD_DIR:-build/default}
[ -d "$build" ] || cmake --preset default >/dev/null
cmake --build "$build" --target fetch_soak >/dev/null
# Only 127.0.0.1 is spoken to; a proxy from the environment must not take it.
env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
  "$build/tests/soak/fetch_soak" "${args[@]}" "$@"
