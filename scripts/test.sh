#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: once in the default
# build, once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== default build and tests"
cmake --workflow --preset default

echo "== sanitizer build (ASan + UBSan) and tests"
cmake --workflow --preset sanitize
