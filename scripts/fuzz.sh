#!/usr/bin/env bash
# Builds the fuzz preset (clang 16, libFuzzer + ASan/UBSan) and runs every
# fuzz target of tests/fuzz/, then prints the executions per target. Fails
# on any crash, leak, sanitizer report or broken invariant.
#
#   scripts/fuzz.sh                       the CI smoke run (below)
#   FUZZ_SECONDS=3600 scripts/fuzz.sh     every target for an hour, random seed
#   scripts/fuzz.sh zoom_page url_policy  only these
#
# The smoke run (no FUZZ_SECONDS) has the same budget on every machine:
# seed 1 (FUZZ_SEED), FUZZ_RUNS inputs per target (default 200000), from the
# seeds and regressions only (a fresh corpus each time), with FUZZ_CAP
# seconds (default 60) as a cap a slow machine may hit first. (libFuzzer's
# path still differs a little from process to process: the comparisons it
# traces include addresses, which ASLR moves.)
#
# A timed run (FUZZ_SECONDS) hunts: a random seed unless FUZZ_SEED is set,
# and the inputs libFuzzer finds kept in build/fuzz/runs/<target>/corpus
# between runs (never in the repository; the seeds in
# tests/fuzz/corpus/<target>/ are only read). A crash leaves
# build/fuzz/runs/<target>/crash-<sha1>: turn it into a regression test by
# fixing the bug and copying the file to tests/fuzz/regressions/<target>/
# (replayed by ctest fuzz.replay.<target>).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${FUZZ_SECONDS:-}" ]; then
  mode=timed
  seed=${FUZZ_SEED:-0}
  limits=(-max_total_time="$FUZZ_SECONDS")
  what="${FUZZ_SECONDS} s"
else
  mode=smoke
  seed=${FUZZ_SEED:-1}
  limits=(-runs="${FUZZ_RUNS:-200000}" -max_total_time="${FUZZ_CAP:-60}")
  what="${FUZZ_RUNS:-200000} runs"
fi
build=build/fuzz
runs=$build/runs

cmake --preset fuzz >/dev/null
cmake --build "$build" -j"${FUZZ_JOBS:-2}"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

artifacts() {
  find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \)
}

failed=()
report=()
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  [ -x "$binary" ] || { echo "fuzz: no target $target" >&2; exit 2; }
  corpus=$runs/$target/corpus
  if [ "$mode" = smoke ]; then
    corpus=$runs/$target/smoke-corpus
    rm -rf "$corpus"
  fi
  mkdir -p "$corpus" "$runs/$target/previous"
  # An earlier run's findings move aside: this run judges itself.
  artifacts "$runs/$target" | xargs -r mv -t "$runs/$target/previous"
  log=$runs/$target/last.log
  seeds=tests/fuzz/corpus/$target
  regressions=()
  [ -d "tests/fuzz/regressions/$target" ] && regressions=("tests/fuzz/regressions/$target")
  echo "== fuzz $target ($what, seed $seed)"
  status=0
  "$binary" -seed="$seed" "${limits[@]}" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$runs/$target/" "$corpus" "$seeds" "${regressions[@]}" \
    >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  crashes=$(artifacts "$runs/$target" | wc -l)
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed+=("$target")
    echo "fuzz: $target FAILED (exit $status); the input is under $runs/$target/, the log in $log" >&2
    grep -m 20 -E 'ERROR|invariant failed|runtime error|SUMMARY|Test unit written' "$log" >&2 || true
    result=FAILED
  else
    result=ok
  fi
  report+=("$(printf '%-18s %12s %8s %6s  %s' "$target" "${executions:-?}" "${per_second:-?}" \
    "${coverage:-?}" "$result")")
done

echo
printf '%-18s %12s %8s %6s  %s\n' target executions exec/s cov result
printf '%s\n' "${report[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
