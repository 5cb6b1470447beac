# The scan part of the secret-hygiene check, shared by scripts/secret_hygiene.sh
# (everything host_sim wrote) and scripts/container.sh (every file of the
# saved image). Source this file; it defines functions and counters only.
#
#   patterns=(...)          what a leak looks like: values and their encodings
#   scan FILE               counts FILE once in $scanned and each pattern it
#                           holds in $hits, naming it (LEAK: ...)
#   scan_self_test DIR A B  the scanner must see A and B planted in a file of DIR
scanned=0 hits=0
# Every access token the Zoom simulator issues starts with this header
# (tests/zoom_sim), so any of them is found by it.
sim_token_header='eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCJ9'

scan() {
  local f=$1
  scanned=$((scanned + 1))
  for p in "${patterns[@]}"; do
    if grep -aqF -- "$p" "$f"; then
      echo "LEAK: ${f#"${scan_root:-}"/} contains a secret or token (pattern ${p:0:12}...)"
      hits=$((hits + 1))
    fi
  done
}

scan_self_test() {
  local planted=$1/planted before=$hits
  printf 'planted %s and %s\n' "$2" "$3" >"$planted"
  scan "$planted" >/dev/null
  rm -f "$planted"
  [ $((hits - before)) -eq 2 ] || { echo "secret scan: the scanner missed a planted leak"; return 1; }
  hits=$before
  scanned=$((scanned - 1))
}
