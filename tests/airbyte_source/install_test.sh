#!/usr/bin/env bash
# The installed airbyte_source (and its tap-zoom name) finds the installed
# plugin with no path given, as the Docker image's bare entrypoint does.
# usage: install_test.sh CMAKE_COMMAND BUILD_DIR
set -euo pipefail
cmake_command=$1
build_dir=$2
stage="$build_dir/airbyte-install-test"
rm -rf "$stage"
"$cmake_command" --install "$build_dir" --prefix "$stage" --component runtime >/dev/null
spec=$(env -u AIRBYTE_SOURCE_PLUGIN_DIR "$stage/bin/airbyte_source" spec)
grep -q '"type":"SPEC"' <<<"$spec" || { echo "installed airbyte_source: no SPEC: $spec"; exit 1; }
echo "ok:   installed airbyte_source spec finds the installed plugin"
echo '{}' >"$stage/config.json"
catalog=$(env -u AIRBYTE_SOURCE_PLUGIN_DIR "$stage/bin/tap-zoom" --config "$stage/config.json" --discover)
grep -q '"tap_stream_id":"users"' <<<"$catalog" || { echo "installed tap-zoom: no catalog: $catalog"; exit 1; }
echo "ok:   installed tap-zoom --discover is the Singer mode"
[ -f "$stage/share/zoom_connector/airbyte_protocol/airbyte_message.schema.json" ] ||
  { echo "the message schemas are not installed"; exit 1; }
echo "ok:   the message schemas are installed"
rm -rf "$stage"
