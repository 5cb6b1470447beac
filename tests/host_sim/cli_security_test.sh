#!/usr/bin/env bash
# The command line's security behaviour, end to end: escape sequences saved
# in a credential never reach the terminal; the running host_sim cannot dump
# core; host_sim serve prints its URL with the launch key.
# usage: cli_security_test.sh HOST_SIM FAKE_PLUGIN
set -uo pipefail
host_sim=$1
plugin=$2
work=$(mktemp -d)
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export HOST_SIM_STORE_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
failures=0
pass() { echo "ok:   $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
run() { "$host_sim" "$@" --plugin "$plugin" --store "$work/store.db"; }

# OSC 52 would write the clipboard; OSC 0 the window title.
osc52=$'\e]52;c;cm0gLXJmIH4K\a'
run authenticate --no-input --field "credential_name=evil${osc52}" --field api_key=k1 \
  >"$work/auth.out" 2>"$work/auth.err"
run list >"$work/list.out" 2>"$work/list.err"
for file in auth.out auth.err list.out list.err; do
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/$file"; then
    fail "$file holds a raw control byte:"; od -c "$work/$file" | head -5
  else
    pass "$file holds no raw control byte"
  fi
done
if grep -qF 'evil\x1b]52;c;cm0gLXJmIH4K\x07' "$work/list.out"; then
  pass "list shows the name with visible escapes"
else
  fail "list does not show the escaped name:"; cat "$work/list.out"
fi

"$host_sim" serve --port 0 --plugin "$plugin" --store "$work/store.db" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
url=""
for _ in $(seq 100); do
  url=$(head -n1 "$work/serve.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  sleep 0.1
done
case "$url" in
  http://127.0.0.1:*/\?key=????????????????????????????????????????????????????????????????)
    pass "serve prints its URL with a 64-hex-digit launch key" ;;
  *) fail "serve printed '$url'" ;;
esac
core_limit=$(awk '/^Max core file size/ {print $5 " " $6}' "/proc/$serve_pid/limits")
[ "$core_limit" = "0 0" ] && pass "the running host_sim has no core file limit left (0 0)" \
  || fail "host_sim's core file limit is '$core_limit'"

echo "$failures failure(s)"
[ "$failures" = 0 ]
