#!/usr/bin/env bash
# Install into a staging prefix, build a consumer against it with
# find_package and with pkg-config, run it, and build the .deb.
set -euo pipefail
stage="$BUILD_DIR/package-test/stage"
work="$BUILD_DIR/package-test"
rm -rf "$work"
mkdir -p "$work"

"$CMAKE_COMMAND" --install "$BUILD_DIR" --prefix "$stage" > "$work/install.log"
for f in "$stage/$PLUGIN_DIR/libzoom_connector.so" "$stage/bin/host_sim" \
         "$stage/include/pipeline_plugin/pipeline_plugin.h" \
         "$stage/include/pipeline_plugin/pipeline_plugin.hpp" \
         "$stage/$LIB_DIR/cmake/PipelinePlugin/PipelinePluginConfig.cmake" \
         "$stage/$LIB_DIR/pkgconfig/pipeline-plugin.pc" \
         "$stage/share/zoom_connector/schemas/catalog.json"; do
  [ -e "$f" ] || { echo "not installed: $f"; exit 1; }
done

"$CMAKE_COMMAND" -S "$SOURCE_DIR/consumer" -B "$work/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$stage" -DCMAKE_BUILD_TYPE=Release > "$work/consumer-configure.log"
"$CMAKE_COMMAND" --build "$work/consumer" > "$work/consumer-build.log"
out=$("$work/consumer/consumer")
echo "$out"
grep -q '"name":"zoom"' <<<"$out" || { echo "consumer did not print the plugin's info"; exit 1; }

# pkg-config: the C header compiles with the module's flags alone.
cflags=$(PKG_CONFIG_PATH="$stage/$LIB_DIR/pkgconfig" pkg-config --cflags pipeline-plugin)
cc -std=c99 -pedantic -Wall -Werror $cflags -c "$SOURCE_DIR/consumer/c_probe.c" -o "$work/c_probe.o"
echo "pkg-config cflags: $cflags"

# An installed host_sim finds the installed plugin with no path given.
HOST_SIM_PLUGIN_DIR= "$stage/bin/host_sim" info > "$work/host_sim_info.txt"
grep -q "zoom" "$work/host_sim_info.txt" || { echo "installed host_sim did not find the plugin"; exit 1; }

# What the README says of the install is what it did: the plugin folder, and
# every page the README names installed beside it, in the same folders.
grep -qF "installs the plugin into \`$PLUGIN_DIR/\`" "$README" ||
  { echo "README.md does not name the plugin folder the install used: $PLUGIN_DIR"; exit 1; }
pages=$(grep -oE "(docs|bench)/[A-Za-z0-9_./-]+\.md" "$README" | sort -u)
[ -n "$pages" ] || { echo "found no page named in README.md"; exit 1; }
for page in README.md $pages; do
  [ -f "$stage/$DOC_DIR/$page" ] || { echo "README.md names $page, not installed in $DOC_DIR"; exit 1; }
done

# The .deb, built by the README's command into a folder of our choosing,
# and its file list.
grep -qF "cpack --config build/default/CPackConfig.cmake -B " "$README" ||
  { echo "README.md no longer shows the cpack command this test runs"; exit 1; }
(cd "$work" && "$CPACK_COMMAND" --config "$BUILD_DIR/CPackConfig.cmake" -B "$work/deb" > "$work/cpack.log")
deb=$(ls "$work"/deb/*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' | tee "$work/deb-files.txt"
grep -q "usr/$PLUGIN_DIR/libzoom_connector.so" "$work/deb-files.txt"
grep -q "usr/bin/host_sim" "$work/deb-files.txt"
for page in README.md $pages; do
  grep -q "usr/$DOC_DIR/$page\$" "$work/deb-files.txt" || { echo "the .deb lacks $page"; exit 1; }
done
