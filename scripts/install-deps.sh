#!/usr/bin/env bash
# Installs the Debian packages the build, tests and demo need. Idempotent:
# does nothing when everything is already there.
# --container: only what scripts/container.sh needs to build and run the
# Airbyte image (podman with runc, mmdebstrap for the base image).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcurl4-openssl-dev libspdlog-dev libgtest-dev libgmock-dev
  libsqlite3-dev libsodium-dev libsimdjson-dev zlib1g-dev
  libcli11-dev libre2-dev
  # Tests only: the JSON Schema validator (header-only, but its package
  # depends on every JSON library it has an adapter for, Qt's among them).
  libvalijson-dev
  openssl libssl-dev
  python3 python3-jsonschema
  # The fuzz build (scripts/fuzz.sh): clang 16 and its libFuzzer runtime.
  clang-16 libclang-rt-16-dev
  # bench/run.sh (its --quick smoke run is part of scripts/test.sh): the plot.
  gnuplot-nox
  chromium
  # scripts/load.sh: HTTP load on host_sim's web screen.
  wrk curl
)
case "${1:-}" in
  --container) packages=(podman runc mmdebstrap) ;;
  "") ;;
  *) echo "usage: scripts/install-deps.sh [--container]" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
