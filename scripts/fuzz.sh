#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, ASan + UBSan) into
# build/fuzz and runs them on copies of the committed seed corpora.
#
#   scripts/fuzz.sh build                  configure (first time) and build only
#   scripts/fuzz.sh short                  ~15 s per target, one after another (~1 min)
#   scripts/fuzz.sh long [SECONDS]         SECONDS per target (default 600), 2 targets at a time
#   scripts/fuzz.sh repro TARGET FILE...   run inputs (e.g. a crash reproducer) through TARGET
#   scripts/fuzz.sh minimize TARGET FILE   shrink a crashing input (writes FILE.min)
#
# Environment: FUZZ_TARGETS (subset, e.g. "fuzz_gguf fuzz_adapter"), FUZZ_JOBS (targets
# run at once; short 1, long 2), FUZZ_KEEP_GOING=1 (fork mode: keep fuzzing after a
# crash, saving every reproducer).
# Output: build/fuzz/logs/<target>.log, build/fuzz/crashes/<target>-{crash,timeout,oom,leak}-*,
# the growing working corpus in build/fuzz/corpus/<target>. Prints executions and
# coverage per target; exits non-zero when any target crashed, hung (> 10 s on one
# input) or ran out of memory (> 2 GiB), naming the reproducer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/fuzz"
SRC="$ROOT/tests/fuzz"
ALL_TARGETS="fuzz_config_json fuzz_safetensors fuzz_gguf fuzz_adapter"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"

# Longest input per target, bytes: JSON files are a few KB; GGUF headers larger.
max_len() {
  case "$1" in
    fuzz_gguf) echo 1048576 ;;
    *) echo 65536 ;;
  esac
}

build() {
  if ! command -v clang++-14 >/dev/null; then
    echo "fuzz: clang++-14 not found: run scripts/setup.sh (clang-14, libclang-rt-14-dev)" >&2
    exit 2
  fi
  if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    CC=clang-14 CXX=clang++-14 cmake -S "$SRC" -B "$BUILD" "${gen[@]}" >/dev/null
  fi
  if ! nice -n 10 cmake --build "$BUILD" -j "$(nproc)" >"$BUILD/build.log" 2>&1; then
    tail -40 "$BUILD/build.log" >&2
    echo "fuzz: build failed (build/fuzz/build.log)" >&2
    exit 2
  fi
  for t in $TARGETS; do
    [[ -x "$BUILD/$t" ]] || { echo "fuzz: $BUILD/$t was not built" >&2; exit 2; }
  done
}

# Copies committed seeds into the working corpus without overwriting what the
# fuzzer added before (the committed folder is never written to).
seed_corpus() {
  local t="$1" dst="$BUILD/corpus/$1"
  mkdir -p "$dst"
  for f in "$SRC/corpus/$t"/*; do
    [[ -e "$dst/$(basename "$f")" ]] || cp "$f" "$dst/"
  done
}

# run_one TARGET SECONDS: fuzzes into logs/TARGET.log; returns libFuzzer's status.
run_one() {
  local t="$1" secs="$2"
  seed_corpus "$t"
  touch "$BUILD/logs/$t.start"  # reproducers newer than this belong to this run
  local args=(
    "$BUILD/corpus/$t"
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")"
    -dict="$SRC/dict/$t.dict" -artifact_prefix="$BUILD/crashes/$t-" -print_final_stats=1
  )
  if [[ "${FUZZ_KEEP_GOING:-0}" == 1 ]]; then
    args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    nice -n 10 "$BUILD/$t" "${args[@]}" >"$BUILD/logs/$t.log" 2>&1
}

# One summary line per target from its log, and the reproducers it wrote.
summarize() {
  local t="$1" rc="$2" log="$BUILD/logs/$1.log"
  local execs rate cov ft units
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  if [[ -z "$execs" ]]; then  # fork mode or a crash: the last status line
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
    rate=$(grep -oE 'exec/s:? [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
  fi
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  units=$(find "$BUILD/corpus/$t" -type f | wc -l)
  local repros
  repros=$(find "$BUILD/crashes" -name "$t-*" -newer "$BUILD/logs/$t.start" -type f | sort)
  local verdict="ok"
  if [[ "$rc" != 0 || -n "$repros" ]]; then verdict="FAILED (exit $rc)"; fi
  printf '%-18s execs %-10s exec/s %-6s cov %-6s ft %-7s corpus %-6s %s\n' \
    "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$verdict"
  if [[ -n "$repros" ]]; then
    { grep -m3 -E 'FUZZ INVARIANT BROKEN|runtime error|what\(\): ' "$log" ||
      grep -m3 -E 'ERROR: ' "$log"; } | cut -c1-300 | sed 's/^/    /' || true
    echo "    $(wc -w <<<"$repros") reproducer(s); run one with: scripts/fuzz.sh repro $t FILE"
    for r in $(head -20 <<<"$repros"); do echo "    reproducer: ${r#"$ROOT/"}"; done
  fi
  [[ "$verdict" == ok ]]
}

# fuzz SECONDS JOBS: every target, JOBS at a time; non-zero if any failed.
fuzz() {
  local secs="$1" jobs="$2"
  mkdir -p "$BUILD/logs" "$BUILD/crashes"
  echo "fuzz: $secs s per target, $jobs at a time: $TARGETS (logs in build/fuzz/logs)"
  declare -A pid_of=()
  local t rc failed=0
  local pending=($TARGETS) running=()
  while ((${#pending[@]} > 0 || ${#running[@]} > 0)); do
    while ((${#pending[@]} > 0 && ${#running[@]} < jobs)); do
      t="${pending[0]}"
      pending=("${pending[@]:1}")
      run_one "$t" "$secs" &
      pid_of[$t]=$!
      running+=("$t")
    done
    # Wait for the first of the running targets to finish (in start order).
    t="${running[0]}"
    running=("${running[@]:1}")
    rc=0
    wait "${pid_of[$t]}" || rc=$?
    summarize "$t" "$rc" || failed=1
  done
  return "$failed"
}

cmd="${1:-short}"
case "$cmd" in
  build)
    build
    ;;
  short)
    build
    fuzz 15 "${FUZZ_JOBS:-1}"
    ;;
  long)
    secs="${2:-600}"
    [[ "$secs" =~ ^[0-9]+$ ]] || { echo "fuzz: long SECONDS must be a number" >&2; exit 2; }
    build
    fuzz "$secs" "${FUZZ_JOBS:-2}"
    ;;
  repro)
    [[ $# -ge 3 ]] || { echo "usage: scripts/fuzz.sh repro TARGET FILE..." >&2; exit 2; }
    t="$2"
    shift 2
    TARGETS="$t" build
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" "$BUILD/$t" -rss_limit_mb=2048 -timeout=10 "$@"
    ;;
  minimize)
    [[ $# -eq 3 ]] || { echo "usage: scripts/fuzz.sh minimize TARGET FILE" >&2; exit 2; }
    TARGETS="$2" build
    "$BUILD/$2" -minimize_crash=1 -runs=20000 -timeout=10 -rss_limit_mb=2048 \
      -exact_artifact_path="$3.min" "$3" 2>&1 | tail -3
    echo "fuzz: minimized input in $3.min"
    ;;
  *)
    echo "usage: scripts/fuzz.sh build|short|long [SECONDS]|repro TARGET FILE...|minimize TARGET FILE" >&2
    exit 2
    ;;
esac
