#!/usr/bin/env bash
# The main job: builds the Zoom plugin, host_sim and the Zoom simulator, then
# serves the web Authenticate screen (host_sim serve) with a ready sample.
#
# With ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET in the
# environment it talks to the real Zoom; without them it starts the built-in
# Zoom simulator on 127.0.0.1 and says so.
#
#   scripts/demo.sh                 serve the screen until Ctrl-C (port $DEMO_PORT, default 8787)
#   scripts/demo.sh --check         non-interactive end to end run (save, validate, list,
#                                   serve + API check, fetch), exits non-zero on failure
#   scripts/demo.sh --info          the plugin's info and credential form only
#
# --check uses prebuilt binaries when HOST_SIM_BIN, ZOOM_SIM_BIN and
# HOST_SIM_PLUGIN are set (ctest does that) and builds nothing.
set -euo pipefail
for var in HOST_SIM_BIN ZOOM_SIM_BIN HOST_SIM_PLUGIN; do  # absolute before the cd below
  [ -n "${!var:-}" ] && export "$var=$(realpath "${!var}")"
done
cd "$(dirname "$0")/.."
source scripts/lib/loopback.sh

mode=serve
case "${1:-}" in
  --check) mode=check ;;
  --info) mode=info ;;
  "") ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "demo: unknown option $1 (try --help)" >&2; exit 2 ;;
esac

if [ -n "${HOST_SIM_BIN:-}" ] && [ -n "${ZOOM_SIM_BIN:-}" ] && [ -n "${HOST_SIM_PLUGIN:-}" ]; then
  host_sim=$HOST_SIM_BIN zoom_sim=$ZOOM_SIM_BIN plugin=$HOST_SIM_PLUGIN
else
  scripts/install-deps.sh
  cmake --preset default >/dev/null
  cmake --build --preset default --target host_sim zoom_connector zoom_sim >/dev/null
  host_sim=build/default/host_sim/host_sim
  zoom_sim=build/default/tests/zoom_sim/zoom_sim
  plugin=build/default/zoom_connector/libzoom_connector.so
fi

# Absolute, so the commands printed below work from any directory.
host_sim=$(realpath "$host_sim") zoom_sim=$(realpath "$zoom_sim") plugin=$(realpath "$plugin")
if [ "$mode" = info ]; then exec "$host_sim" info --plugin "$plugin"; fi

work=${DEMO_DIR:-build/demo}
[ "$mode" = check ] && work=$(mktemp -d)
mkdir -p "$work"
work=$(realpath "$work")
sim_pid=""
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  [ "$mode" = check ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

store=$work/credentials.db
name="Zoom demo"
if [ -n "${ZOOM_ACCOUNT_ID:-}" ] && [ -n "${ZOOM_CLIENT_ID:-}" ] && [ -n "${ZOOM_CLIENT_SECRET:-}" ]; then
  echo "demo: using the real Zoom with the credentials in ZOOM_ACCOUNT_ID / ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET"
  options='{}'
  account_id=$ZOOM_ACCOUNT_ID client_id=$ZOOM_CLIENT_ID client_secret=$ZOOM_CLIENT_SECRET
  validation_url=https://api.zoom.us/v2/users/me
else
  # A Zoom-like 32-character client secret (the simulator's default is shorter).
  client_secret=sim-client-secret-0123456789abcd
  "$zoom_sim" --port 0 --client-secret "$client_secret" >"$work/zoom_sim.out" 2>"$work/zoom_sim.log" &
  sim_pid=$!
  base=$(first_line "$work/zoom_sim.out")
  [ -n "$base" ] || { echo "demo: the Zoom simulator did not start; see $work/zoom_sim.log" >&2; exit 1; }
  echo "demo: no ZOOM_ACCOUNT_ID / ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET in the environment:"
  echo "demo: using the BUILT-IN ZOOM SIMULATOR at $base (not the real Zoom)"
  name="Zoom (built-in simulator)"
  options="{\"oauth_url\":\"$base/oauth/token\",\"api_base_url\":\"$base/v2\",\"allow_insecure_loopback\":true}"
  account_id=sim-account-id client_id=sim-client-id
  validation_url=$base/v2/users/me
fi
common=(--plugin "$plugin" --store "$store" --options "$options")
fetch_cmd=("$host_sim" fetch "${common[@]}" --credential "$name" --streams users --output "$work/users.jsonl")

if [ "$mode" = serve ]; then
  cat <<EOT

  host_sim prints the screen's URL below: open it as printed (it carries a
  per-launch key; without it the page answers 401). A sample is ready in the form:
  click "Add Credential"; Name, Account ID, Client ID and the validation URL
  are filled in (for the first credential only; the next one starts clean).
  Type the Client Secret (secrets are never sent to the page):

      Client Secret: $( [ -n "$sim_pid" ] && echo "$client_secret" || echo "(your ZOOM_CLIENT_SECRET)")

  Then Save: the tile shows the verdict. Select the validated tile to see
  its streams, fetch a preview with live progress and read the summary.
  To fetch every record into a file, with checkpoints, in another terminal:

      $(printf '%q ' "${fetch_cmd[@]}")

EOT
  "$host_sim" serve "${common[@]}" --port "${DEMO_PORT:-8787}" \
    --prefill "credential_name=$name" --prefill "account_id=$account_id" \
    --prefill "client_id=$client_id" --prefill "validation_url=$validation_url" \
    --prefill "credential_description=Created by scripts/demo.sh"
  exit $?
fi

# ---- --check: the same flow without a person ---------------------------
export HOST_SIM_STORE_KEY=${HOST_SIM_STORE_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
step() { echo; echo "demo --check: $*"; }
step "save and validate \"$name\" (non-interactive authenticate)"
HOST_SIM_FIELD_CLIENT_SECRET=$client_secret "$host_sim" authenticate "${common[@]}" --no-input \
  --field "credential_name=$name" --field "account_id=$account_id" --field "client_id=$client_id" \
  --field "validation_url=$validation_url"
step "list and validate again"
"$host_sim" list "${common[@]}"
"$host_sim" validate "${common[@]}" --credential "$name"

step "serve the web screen and read it back over HTTP"
"$host_sim" serve "${common[@]}" --port 0 >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
url=$(first_line "$work/serve.out")
[ -n "$url" ] || { echo "demo: host_sim serve did not start; see $work/serve.log" >&2; exit 1; }
case "$url" in
  http://127.0.0.1:*/\?key=*) ;;
  *) echo "demo: host_sim serve printed '$url', not a URL with its launch key" >&2; exit 1 ;;
esac
port=${url#http://127.0.0.1:}
port=${port%%/*}
key=${url##*key=}
denied=$(http_get "$port" /api/screen)
grep -q '^HTTP/1.1 401' <<<"$denied" || { echo "demo: the screen answered without the launch key:"; echo "$denied"; exit 1; }
cookie=$(http_get "$port" "/?key=$key" | tr -d '\r' | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "demo: the launch key did not give a session cookie" >&2; exit 1; }
screen=$(http_get "$port" /api/screen "$cookie")
grep -q '"last_status":"valid"' <<<"$screen" || { echo "demo: the screen does not show the validated tile:"; echo "$screen"; exit 1; }
echo "served $url: the tile of \"$name\" is there, validated"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""

step "fetch users (full refresh) and recordings (incremental, dated)"
check_fetch=("$host_sim" fetch "${common[@]}" --credential "$name" --streams users,recordings
             --output "$work/records.jsonl")
"${check_fetch[@]}"
records=$(wc -l <"$work/records.jsonl")
[ "$records" -gt 0 ] || { echo "demo: the fetch wrote no records" >&2; exit 1; }
echo "fetched $records records to records.jsonl"
# How often each record (stream + primary key, from the catalog) is in the file.
count_keys() {
  python3 - schemas/catalog.json "$1" <<'PY'
import collections, json, sys
keys = {s["name"]: s["primary_key"] for s in json.load(open(sys.argv[1]))["streams"]}
counts = collections.Counter()
for line in open(sys.argv[2]):
    item = json.loads(line)
    record = item["record"]
    counts[json.dumps([item["stream"]] + [record.get(k) for k in keys.get(item["stream"], [])])] += 1
for key, count in sorted(counts.items()):
    print(count, key)
PY
}
count_keys "$work/records.jsonl" >"$work/keys.before"
step "fetch again after the complete fetch: users replaced, recordings appended from their cursor"
"${check_fetch[@]}" 2>&1 | tee "$work/rerun.log"
count_keys "$work/records.jsonl" >"$work/keys.after"
if ! diff "$work/keys.before" "$work/keys.after" >"$work/keys.diff"; then
  echo "demo: the rerun changed how often records are in records.jsonl (count, stream + key):" >&2
  head -20 "$work/keys.diff" >&2
  exit 1
fi
if awk '$1 > 1 {twice = 1} END {exit !twice}' "$work/keys.after"; then
  echo "demo: records.jsonl holds records twice:" >&2
  awk '$1 > 1' "$work/keys.after" | head -5 >&2
  exit 1
fi
grep -q "Rerun after a complete fetch: users replaced; recordings from" "$work/rerun.log" ||
  { echo "demo: the rerun did not say what it replaces and appends" >&2; exit 1; }
echo "after the rerun, records.jsonl holds each of its $(wc -l <"$work/keys.after") records once, as before"
echo
echo "demo --check: OK"
