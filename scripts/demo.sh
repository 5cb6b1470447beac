#!/usr/bin/env bash
# The main job: builds the plugin and the host simulator, loads the plugin
# and shows its info and its "Add New Credential" form.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target host_sim zoom_connector >/dev/null

exec build/default/host_sim/host_sim info "$@"
