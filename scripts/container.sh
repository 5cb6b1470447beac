#!/usr/bin/env bash
# The Airbyte image (airbyte_source/Dockerfile), built and run by a container
# engine the way Airbyte runs it. scripts/test.sh runs it after the default
# build; it needs root (rootful podman), as CI has.
#
#   1. podman, runc, mmdebstrap (scripts/install-deps.sh --container), and
#      `default_ulimits = []` under [containers] in containers.conf: runc
#      cannot set podman's default rlimits in this sandbox (crun cannot set
#      them at all), so every podman call here says --runtime runc
#   2. the base image the Dockerfile starts FROM, kept in podman's storage
#      and made only when missing (or ZC_REBUILD_BASE=1): no image registry is
#      reachable, so mmdebstrap makes a minbase Debian from the machine's own
#      Debian mirror and podman imports it under that name
#   3. podman build; the build stage's layers stay cached under a tag of
#      their own, older images are pruned
#   4. the image as users get it: labels and tag as airbyte_source/metadata.yaml
#      and the project's version, AIRBYTE_ENTRYPOINT, non-root, no compiler
#      and no -dev package, its size; `podman save` scanned for secrets
#   5. tests/airbyte_source/conformance_test.py with every airbyte_source and
#      tap-zoom run in the image (a read-only root, /config mounted read-only,
#      --network host) against the Zoom simulator on loopback
# Each step's seconds and the image size are printed.
#
# usage: scripts/container.sh [BUILD_DIR]
#   BUILD_DIR (default build/default) holds zoom_sim, host_sim and the plugin:
#   the test's simulator and its oracle, which run on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=ZC_REBUILD_BASE "$0" "$@"
fi
bin=$(realpath "${1:-build/default}")
source scripts/lib/secret_scan.sh
started=$SECONDS step_started=$SECONDS
timings=()
step_done() {  # step_done NAME: record and print the step's seconds
  timings+=("$1 $((SECONDS - step_started)) s")
  echo "container: $1 took $((SECONDS - step_started)) s"
  step_started=$SECONDS
}
fail() { echo "container: FAILED: $*" >&2; exit 1; }
work=$(mktemp -d /var/tmp/zc-container.XXXXXX)
trap 'rm -rf "$work"' EXIT
podman=(podman --runtime runc)
# The image's users are mapped to host ids no account has (uid 1000 in the
# image is not the host's uid 1000), and its root file system is read-only.
run=("${podman[@]}" run --rm --read-only --uidmap 0:1000000000:65536 --gidmap 0:1000000000:65536
  --network host)

# ---- 1. the engine
scripts/install-deps.sh --container
python3 - /etc/containers/containers.conf <<'EOF'
"""Sets default_ulimits = [] under [containers], keeping the rest of the file."""
import os, re, sys
path = sys.argv[1]
lines = open(path).read().splitlines() if os.path.exists(path) else []
section, header, key = None, None, None
for i, line in enumerate(lines):
    m = re.match(r"\s*\[\s*([^\]\s]+)\s*\]\s*(#.*)?$", line)
    if m:
        section = m.group(1)
        header = i if section == "containers" else header
    elif section == "containers" and re.match(r"\s*default_ulimits\s*=", line):
        key = i
wanted = "default_ulimits = []"
if key is not None:
    end = key  # the value may be an array over several lines
    while "]" not in lines[end].split("#")[0] and end + 1 < len(lines):
        end += 1
    if lines[key:end + 1] == [wanted]:
        sys.exit(0)
    lines[key:end + 1] = [wanted]
elif header is not None:
    lines.insert(header + 1, wanted)
else:
    lines += ["[containers]", wanted]
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"container: {path}: {wanted} under [containers]")
EOF
step_done "packages and containers.conf"

# ---- 2. the base image
base=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' airbyte_source/Dockerfile | sort -u)
[ "$(wc -l <<<"$base")" -eq 1 ] || fail "the Dockerfile's stages start FROM more than one image: $base"
case $base in
  */*) base_ref=$base ;;
  *) base_ref=docker.io/library/$base ;;  # how Docker and podman read a short name
esac
tag=${base#*:}
suite=${tag%%-*}  # debian:bookworm-slim -> bookworm
if [ "${ZC_REBUILD_BASE:-}" = 1 ] || ! "${podman[@]}" image exists "$base_ref"; then
  echo "container: making the base image $base_ref: mmdebstrap --variant=minbase $suite"
  mirror=()
  for sources in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -s "$sources" ] && { mirror=("$sources"); break; }
  done
  # What Debian's own slim images leave out (docs, man pages, locales); dpkg
  # without fsync, as in Debian's own container images; merged /usr made by
  # the hook, not by the usrmerge package (which would pull in perl).
  mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='force-unsafe-io' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$suite" "$work/base.tar" "${mirror[@]}" 2>&1 | sed -n '/^E:\|^W:\|success/p'
  "${podman[@]}" import --change 'CMD ["bash"]' "$work/base.tar" "$base_ref" >/dev/null
  rm -f "$work/base.tar"
  step_done "base image (made)"
else
  step_done "base image (cached)"
fi

# ---- 3. the image
meta() { sed -n "s/^  $1: *//p" airbyte_source/metadata.yaml; }
repository=$(meta dockerRepository) version=$(meta dockerImageTag)
image=$repository:$version
mkdir -p "$bin/container"
log=$bin/container/build.log
build=("${podman[@]}" build --pull=never --network host --layers -f airbyte_source/Dockerfile
  --ignorefile airbyte_source/Dockerfile.dockerignore)
stamp() { while IFS= read -r line; do printf '%(%T)T %s\n' -1 "$line"; done; }
echo "container: podman build $image (log: $log)"
if ! { "${build[@]}" --target build -t "$repository-build:cache" . &&
       "${build[@]}" -t "$image" .; } 2>&1 | stamp >"$log"; then
  tail -40 "$log"
  fail "podman build"
fi
grep -E '^[0-9:]+ (\[[0-9]/[0-9]\] )?STEP [0-9]+/[0-9]+: (FROM|RUN|COPY)' "$log" | cut -c1-110
"${podman[@]}" image prune -f >/dev/null  # earlier builds' images, now untagged
step_done "podman build"

# ---- 4. what the image is
inspect() { "${podman[@]}" image inspect --format "$1" "$image"; }
project_version=$(sed -n 's/^project(zoom_connector VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ "$(inspect '{{index .Config.Labels "io.airbyte.name"}}')" = "$repository" ] ||
  fail "label io.airbyte.name is not metadata.yaml's dockerRepository $repository"
[ "$(inspect '{{index .Config.Labels "io.airbyte.version"}}')" = "$version" ] ||
  fail "label io.airbyte.version is not metadata.yaml's dockerImageTag $version"
[ "$version" = "$project_version" ] || fail "dockerImageTag $version is not the project's version $project_version"
entrypoint=$(inspect '{{join .Config.Entrypoint " "}}')
airbyte_entrypoint=$(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed -n 's/^AIRBYTE_ENTRYPOINT=//p')
[ -n "$entrypoint" ] && [ "$airbyte_entrypoint" = "$entrypoint" ] ||
  fail "AIRBYTE_ENTRYPOINT ($airbyte_entrypoint) is not the entrypoint ($entrypoint)"
uid=$("${run[@]}" --entrypoint id "$image" -u)
[ "$uid" != 0 ] || fail "the image runs as root"
found=$("${run[@]}" --entrypoint sh "$image" -c '
  for tool in cc gcc g++ c++ clang cpp ld as make cmake ninja; do command -v "$tool" || true; done
  dpkg-query -W -f "\${Package}\n" | grep -e "-dev$" -e "^build-essential$" || true')
[ -z "$found" ] || fail "the runtime image holds build tools or -dev packages: $(tr '\n' ' ' <<<"$found")"
size=$(inspect '{{.Size}}')
size_mib=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "container: $image: labels, entrypoint, user $uid, no compiler: ok; $size_mib MiB"

# Every layer and the image's config (history, labels, environment) of the
# saved image, scanned for what a leak could be: any token the simulator
# issues, the project's sentinel secrets and the simulator's default one, and
# the demo's real secret and the store key when they are set here.
# docker-archive layers are plain tars, so a file's text is found as it is
# (the control: airbyte_source's own text must be found). PEM private keys
# are not looked for: Debian's libgnutls30 carries its self-test keys.
"${podman[@]}" save --format docker-archive -o "$work/image.tar" "$image" 2>/dev/null
mkdir "$work/image"
tar -xf "$work/image.tar" -C "$work/image"
patterns=("$sim_token_header" "SENTINELsecret" "sim-client-secret")
for name in ZOOM_CLIENT_SECRET HOST_SIM_STORE_KEY; do
  [ -n "${!name:-}" ] && patterns+=("${!name}")
done
scan_root=$work/image
scan_self_test "$work" "$sim_token_header" "sim-client-secret" || exit 1
while IFS= read -r -d '' file; do scan "$file"; done < <(find "$work/image" -type f -print0)
grep -rqaF AIRBYTE_SOURCE_PLUGIN_DIR "$work/image" || fail "the scan did not see airbyte_source's text"
layers=$(inspect '{{len .RootFS.Layers}}')
echo "container: secret scan of the saved image: $scanned files ($layers layers), $hits hits"
[ "$hits" -eq 0 ] || fail "a secret in the image"
step_done "image checks and secret scan"

# ---- 5. the protocol, in the container
python3 tests/airbyte_source/conformance_test.py \
  --container "${run[*]}" --image "$image" \
  --sim "$bin/tests/zoom_sim/zoom_sim" --host-sim "$bin/host_sim/host_sim" \
  --plugin "$bin/zoom_connector/libzoom_connector.so" --schemas airbyte_source/protocol
step_done "conformance test in the container"

echo "container: $image $size_mib MiB; ${timings[*]/%/;} total $((SECONDS - started)) s"
