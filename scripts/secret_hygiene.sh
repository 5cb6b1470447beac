#!/usr/bin/env bash
# Secret hygiene: runs every host_sim path that touches a secret against the
# Zoom simulator with sentinel secrets (and faults that provoke error
# messages), captures everything a person or a file could see (stdout,
# stderr, logs, verdicts, JSONL output, web responses, the store's raw bytes
# with its WAL and SHM), then scans it all for the secrets and for any access
# token the simulator issued. Zero hits or it fails.
#
# usage: secret_hygiene.sh HOST_SIM ZOOM_SIM PLUGIN [EXTRA_FILE_TO_SCAN...]
#   EXTRA files (e.g. ctest's LastTest.log) are scanned for tokens too.
set -uo pipefail
source "$(dirname "$0")/lib/loopback.sh"
source "$(dirname "$0")/lib/secret_scan.sh"
host_sim=$(realpath "$1") zoom_sim=$(realpath "$2") plugin=$(realpath "$3")
shift 3
extra=("$@")
work=$(mktemp -d)
sim_pid="" serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Sentinels: distinctive, Zoom-length, with characters that encode differently
# in a form body, JSON and URLs.
secret='SENTINELsecret+/=:%Zq0123456789abcdefgh'
wrong_secret='SENTINELwrong+/=:%Zq9876543210zyxwvuts'
account=sentinel-account client=sentinel-client
token_header=$sim_token_header

"$zoom_sim" --port 0 --account-id "$account" --client-id "$client" --client-secret "$secret" \
  --users 40 --fault http_500:0.03 --fault html_200:0.02 --fault truncated_json:0.02 \
  --fault connection_reset:0.02 --fault revoke_token:0.01 --fault-seed 7 \
  >"$work/zoom_sim.out" 2>"$work/zoom_sim.log" &
sim_pid=$!
base=$(first_line "$work/zoom_sim.out")
[ -n "$base" ] || { echo "secret_hygiene: the simulator did not start"; exit 1; }

export HOST_SIM_STORE_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
options="{\"oauth_url\":\"$base/oauth/token\",\"api_base_url\":\"$base/v2\",\"allow_insecure_loopback\":true}"
store=$work/store.db
common=(--plugin "$plugin" --store "$store" --options "$options")
out=$work/out
mkdir -p "$out"
n=0
capture() {  # capture NAME command...: stdout and stderr into $out
  n=$((n + 1))
  local name=$1
  shift
  "$@" >"$out/$n.$name.stdout" 2>"$out/$n.$name.stderr"
  echo "secret_hygiene: $name exit $?"
}
fields=(--field "account_id=$account" --field "client_id=$client" --field "validation_url=$base/v2/users/me")
HOST_SIM_FIELD_CLIENT_SECRET=$secret capture authenticate "$host_sim" authenticate "${common[@]}" \
  --no-input --json --field "credential_name=good" "${fields[@]}"
HOST_SIM_FIELD_CLIENT_SECRET=$wrong_secret capture authenticate_wrong "$host_sim" authenticate \
  "${common[@]}" --no-input --json --field "credential_name=wrong" "${fields[@]}"
HOST_SIM_FIELD_CLIENT_SECRET=$secret capture authenticate_bad_url "$host_sim" authenticate \
  "${common[@]}" --no-input --json --field "credential_name=bad-url" --field "account_id=$account" \
  --field "client_id=$client" --field "validation_url=https://example.com/x"
capture list "$host_sim" list "${common[@]}"
capture validate "$host_sim" validate "${common[@]}" --credential good --json
capture validate_wrong "$host_sim" validate "${common[@]}" --credential wrong --json
capture fetch_file "$host_sim" fetch "${common[@]}" --credential good --streams users,meetings,groups \
  --output "$out/records.jsonl"
capture fetch_stdout "$host_sim" fetch "${common[@]}" --credential good --streams users --full-refresh
# Recordings and their transcripts: every download_url carries the
# simulator's token-like access_token query (as Zoom's do); no record,
# message or log may repeat it.
capture fetch_transcripts "$host_sim" fetch "${common[@]}" --credential good \
  --streams recordings,recording_transcripts --request "{\"from\":\"$(date -u -d '-150 days' +%F)\"}" \
  --output "$out/transcripts.jsonl"
capture fetch_wrong "$host_sim" fetch "${common[@]}" --credential wrong --streams users

# The destination direction: a record carries a secret of its own (a meeting
# passcode), which no result, dry-run call or message may repeat.
record_secret='SNTLp+/=%7'  # a passcode: at most 10 characters
host_id=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    r=json.loads(line)
    if r["stream"]=="users" and r["record"].get("status")=="active": print(r["record"]["id"]); break' "$out/records.jsonl")
python3 -c 'import json,sys
for i in range(3):
    print(json.dumps({"user_id":sys.argv[1],"topic":"hygiene %d"%i,"type":2,
                      "start_time":"2030-01-15T10:00:00Z","duration":30,"password":sys.argv[2]}))' \
  "$host_id" "$record_secret" >"$work/meetings.jsonl"
HOST_SIM_FIELD_CLIENT_SECRET=$secret capture authenticate_destination "$host_sim" authenticate \
  "${common[@]}" --direction destination --no-input --json --field "credential_name=dest" "${fields[@]}"
capture validate_destination "$host_sim" validate "${common[@]}" --direction destination --credential dest
capture write_dry_run "$host_sim" write "${common[@]}" --credential dest --operation meetings.create \
  --input "$work/meetings.jsonl" --dry-run --results "$out/dry_run.jsonl"
capture write "$host_sim" write "${common[@]}" --credential dest --operation meetings.create \
  --input "$work/meetings.jsonl" --results "$out/results.jsonl"

"$host_sim" serve "${common[@]}" --port 0 >"$out/serve.stdout" 2>"$out/serve.stderr" &
serve_pid=$!
url=$(first_line "$out/serve.stdout")
if [ -n "$url" ]; then
  port=${url#http://127.0.0.1:}
  port=${port%%/*}
  key=${url##*key=}
  http_get "$port" "/?key=$key" >"$out/web.login"
  cookie=$(tr -d '\r' <"$out/web.login" | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
  for target in / /app.js /api/screen /api/credentials; do
    http_get "$port" "$target" "$cookie" >"$out/web.$(tr '/' '_' <<<"$target")"
  done
  grep -q '^HTTP/1.1 200' "$out/web._api_screen" ||
    { echo "secret_hygiene: the screen's API did not answer 200, so the scan would prove little"; exit 1; }
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=""
else
  echo "secret_hygiene: host_sim serve did not start"; exit 1
fi

# What a leak could look like: the value, its form/URL encoding, its JSON
# escaping, the Basic auth value, and any token.
urlenc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1"; }
patterns=("$token_header" "$record_secret" "$(urlenc "$record_secret")")
patterns+=("SIMDOWNLOADTOKEN")  # zoom_sim::k_download_token_marker
for s in "$secret" "$wrong_secret"; do
  patterns+=("$s" "$(urlenc "$s")" "$(printf '%s:%s' "$client" "$s" | base64 -w0)")
done
scan_root=$work
for f in "$out"/* "$store" "$store-wal" "$store-shm" "$store.key"; do
  [ -f "$f" ] && scan "$f"
done
# Other captured logs (ctest's): only tokens, since tests choose their own secrets.
for f in "${extra[@]}"; do
  [ -f "$f" ] || continue
  scanned=$((scanned + 1))
  if grep -aqF -- "$token_header" "$f"; then echo "LEAK: $f contains an access token"; hits=$((hits + 1)); fi
done
# The scanner itself must see a planted leak.
scan_self_test "$work" "$token_header" "$(urlenc "$secret")" || exit 1
records=$(wc -l <"$out/records.jsonl" 2>/dev/null || echo 0)
cues=$(grep -c '"stream":"recording_transcripts"' "$out/transcripts.jsonl" 2>/dev/null || echo 0)
[ "$cues" -gt 0 ] || { echo "secret_hygiene: no transcript cue was fetched, so the scan proves little"; exit 1; }
echo "secret_hygiene: scanned $scanned files ($records records, $(ls "$out" | wc -l) captures); $hits hits"
[ "$records" -gt 0 ] || { echo "secret_hygiene: the fetch produced no records, so the scan proves little"; exit 1; }
for f in dry_run.jsonl results.jsonl; do
  [ "$(wc -l <"$out/$f" 2>/dev/null || echo 0)" -eq 3 ] ||
    { echo "secret_hygiene: the write left no 3 results in $f, so the scan proves little"; exit 1; }
done
grep -q '"call"' "$out/dry_run.jsonl" ||
  { echo "secret_hygiene: the dry run shows no calls, so the scan proves little"; exit 1; }
[ "$hits" -eq 0 ]
