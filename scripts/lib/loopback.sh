# Shell helpers shared by the demo, the secret-hygiene check and the CLI
# tests: wait for a server to print its URL, and speak plain HTTP to it.
# Source this file; it defines functions only.

# first_line FILE: waits up to 10 s for FILE's first line and prints it
# (empty when none came).
first_line() {
  local line=""
  for _ in $(seq 100); do
    line=$(head -n1 "$1" 2>/dev/null || true)
    [ -n "$line" ] && break
    sleep 0.1
  done
  printf '%s' "$line"
}

# http_get PORT TARGET [COOKIE]: the raw response of GET TARGET on 127.0.0.1:PORT.
http_get() {
  local port=$1 target=$2 cookie_line=""
  [ -n "${3:-}" ] && cookie_line="Cookie: $3"$'\r\n'
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n%sConnection: close\r\n\r\n' \
    "$target" "$port" "$cookie_line" >&3
  cat <&3
  exec 3<&-
}
