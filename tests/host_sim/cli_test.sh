#!/usr/bin/env bash
# The non-interactive command line: exit codes, fields from flags, env and a
# file, the store, and fetch + resume + cancel, against the C test plugin.
# usage: cli_test.sh HOST_SIM FAKE_PLUGIN
set -uo pipefail
host_sim=$1
plugin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOST_SIM_STORE_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
failures=0

run() { "$host_sim" "$@" --plugin "$plugin" --store "$work/store.db"; }
expect() {  # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, wanted $want"; sed 's/^/  | /' "$work/err"; failures=$((failures + 1))
  else
    echo "ok:   $what (exit $got)"
  fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then echo "ok:   $3"; else
    echo "FAIL: $3: '$2' not in $1:"; sed 's/^/  | /' "$1"; failures=$((failures + 1)); fi
}

expect 2 "unknown option" -- run authenticate --bogus
expect 2 "bad direction" -- run list --direction sideways
expect 4 "missing required fields" -- run authenticate --field credential_name=a
contains "$work/err" "api_key: Acme API Key is required" "one message per missing field"
expect 4 "enum and unknown field" -- run authenticate --field credential_name=a --field api_key=k --field region=mars --field evil=1
contains "$work/err" 'evil: unknown field "evil"' "unknown field named"
expect 0 "save from flags" -- run authenticate --field credential_name=first --field api_key=k1 --field region=us
expect 4 "duplicate name is refused" -- run authenticate --field credential_name=first --field api_key=k2
contains "$work/err" "already exists" "duplicate explained"
printf '{"credential_name":"from-file","region":"eu"}' >"$work/fields.json"
HOST_SIM_FIELD_API_KEY=secret-from-env expect 0 "fields from file + env" -- run authenticate --fields-file "$work/fields.json" --json
contains "$work/out" '"ok":true' "--json prints the verdict"
expect 0 "no-save only checks" -- run authenticate --field credential_name=dry --field api_key=k --no-save
run list >"$work/list" 2>&1
contains "$work/list" "credentials in" "list works"
if grep -q "dry" "$work/list"; then echo "FAIL: --no-save saved"; failures=$((failures + 1)); fi
if grep -q "secret-from-env" "$work/store.db"* 2>/dev/null; then
  echo "FAIL: secret in the raw store"; failures=$((failures + 1)); else echo "ok:   secret not in the raw store"; fi
expect 0 "validate again" -- run validate --credential first
expect 9 "validate unknown credential" -- run validate --credential nobody
expect 8 "wrong key" -- env HOST_SIM_STORE_KEY=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 "$host_sim" list --plugin "$plugin" --store "$work/store.db"
head -c 5000 /dev/urandom >"$work/corrupt.db"
cp "$work/corrupt.db" "$work/corrupt.orig"
expect 8 "corrupt store" -- "$host_sim" list --plugin "$plugin" --store "$work/corrupt.db"
contains "$work/err" "left untouched" "corrupt store explained"
cmp -s "$work/corrupt.db" "$work/corrupt.orig" && echo "ok:   corrupt store not modified" || { echo "FAIL: corrupt store modified"; failures=$((failures + 1)); }
expect 3 "bad plugin" -- "$host_sim" list --plugin /dev/null --store "$work/store.db"

# fetch: JSON Lines, a checkpoint, a summary; the next run resumes from it.
expect 0 "fetch" -- run fetch --credential first --output "$work/records.jsonl"
contains "$work/records.jsonl" '{"stream":"widgets","record":{"id":2}}' "records as JSON Lines"
contains "$work/err" "checkpoint saved after 3 records" "checkpoint logged"
contains "$work/err" "widgets: 3" "summary per stream"
run list >"$work/list" 2>&1
contains "$work/list" "fetch checkpoint saved" "state kept in the store"
# Run again after the complete fetch: widgets (full refresh) are replaced, not appended again.
expect 0 "fetch reruns" -- run fetch --credential first --output "$work/records.jsonl"
contains "$work/err" 'Rerun after a complete fetch: widgets replaced; nothing appended.' "a rerun says what it replaces"
if grep -qF '{"cursor"' "$work/err"; then echo "FAIL: the raw checkpoint JSON is printed"; failures=$((failures + 1)); fi
[ "$(wc -l <"$work/records.jsonl")" = 3 ] && echo "ok:   rerun replaces, no record twice" || { echo "FAIL: records file has $(wc -l <"$work/records.jsonl") lines, not 3"; failures=$((failures + 1)); }
expect 0 "fetch to stdout, full refresh" -- run fetch --credential first --full-refresh
contains "$work/out" '"record":{"id":0}' "records on stdout"

# Ctrl-C: cancels cleanly with exit 130 and keeps the checkpoint.
# The test plugin gives 3 records, its checkpoint, a summary and the end;
# host_sim waits --pace-ms after each item, so Ctrl-C has 2 x 2 s after the
# checkpoint to land before the fetch ends by itself (0.6 s was missed once
# on a loaded machine under TSan, and the fetch exited 0).
"$host_sim" fetch --plugin "$plugin" --store "$work/store.db" --credential from-file --pace-ms 2000 --output "$work/slow.jsonl" 2>"$work/err" &
pid=$!
# Ctrl-C once the checkpoint is saved (not at a fixed time: a loaded machine is slow).
for _ in $(seq 600); do grep -q "checkpoint saved" "$work/err" 2>/dev/null && break; sleep 0.1; done
kill -INT $pid
wait $pid
code=$?
[ "$code" = 130 ] && echo "ok:   Ctrl-C exits 130" || { echo "FAIL: Ctrl-C exit $code"; sed 's/^/  | /' "$work/err"; failures=$((failures + 1)); }
contains "$work/err" "last checkpoint is kept" "cancel keeps the checkpoint"
run list >"$work/list" 2>&1
grep "from-file" "$work/list" | grep -q "checkpoint" && echo "ok:   checkpoint before Ctrl-C saved" || { echo "FAIL: no checkpoint"; failures=$((failures + 1)); }

# A mistyped command: one line, not the whole help.
expect 2 "mistyped command" -- "$host_sim" fecth --plugin "$plugin"
[ "$(wc -l <"$work/err")" = 1 ] && echo "ok:   one line for a mistyped command" || { echo "FAIL: $(wc -l <"$work/err") lines for a mistyped command"; failures=$((failures + 1)); }
contains "$work/err" "see host_sim --help" "mistyped command points at --help"
# list on a missing store creates nothing.
expect 0 "list without a store" -- "$host_sim" list --plugin "$plugin" --store "$work/none/store.db"
contains "$work/out" "does not exist yet" "list says there is no store"
[ ! -e "$work/none" ] && echo "ok:   list created no store" || { echo "FAIL: list created $work/none"; failures=$((failures + 1)); }
# --output says whether it replaces or appends.
expect 0 "fetch says it replaces" -- run fetch --credential from-file --full-refresh --output "$work/records.jsonl"
contains "$work/err" "Output: replacing the" "fetch from the beginning replaces the file"

expect 0 "delete" -- run delete --credential first
expect 9 "deleted is gone" -- run validate --credential first
echo "$failures failure(s)"
[ "$failures" = 0 ]
