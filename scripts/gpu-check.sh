#!/usr/bin/env bash
# One command for a GPU machine: builds nnaudio-cpp and its Python package against the machine's
# PyTorch 2.x (CUDA), runs the CUDA variants of the C++ tests, then the rest of the C++ suite and
# the whole Python suite (CUDA variants included), the benchmark program on CUDA and a Python
# comparison against torch.stft / torchaudio, and writes one report file.
#
#   scripts/gpu-check.sh [--dry-run] [--python PY] [--build-dir DIR] [--report FILE] [--jobs N]
#                        [--clips N] [--prepare]
#
# PY defaults to the first of python3, /usr/bin/python3, python that imports torch.
#
# Needs: a Python with torch (and numpy; pytest, or the copy --prepare puts in third_party/),
# CMake >= 3.18, ninja (or make), a C++17 compiler, and nvcc for a CUDA torch. No Debian
# packages and no network: the optional dependencies are off (FFTW, libsndfile, libsoxr, libpng,
# CLI11: the nnaudio command and the examples are not built), and GoogleTest is built from the
# sources in third_party/googletest (git-ignored; --prepare, or any run on a machine that has
# /usr/src/googletest, copies them there, with Debian's pure-Python pytest into
# third_party/python for machines without one).
#
# Without a usable CUDA device (or with --dry-run) it does the same on the CPU as a dry run:
# builds everything, runs the same test selection (whose CUDA variants then skip, said loudly),
# the benchmark and the comparison on the CPU with a few clips. The exit status is non-zero when
# any step failed; the report (default BUILD_DIR/gpu-check-report.md) says which.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-}
build=""
report=""
jobs=$(nproc 2>/dev/null || echo 2)
clips=""
dry_run=0
prepare_only=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --dry-run) dry_run=1; shift ;;
    --python) python=$2; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    --jobs|-j) jobs=$2; shift 2 ;;
    --clips) clips=$2; shift 2 ;;
    --prepare) prepare_only=1; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
build=${build:-$root/build-gpu}
report=${report:-$build/gpu-check-report.md}
start=$SECONDS

# --- third_party: GoogleTest sources (and pytest) carried to machines without packages ------------
prepare() {
  mkdir -p "$root/third_party"
  if [[ ! -f $root/third_party/googletest/CMakeLists.txt && -f /usr/src/googletest/CMakeLists.txt ]]; then
    cp -r /usr/src/googletest "$root/third_party/googletest"
    echo "gpu-check: copied /usr/src/googletest to third_party/googletest"
  fi
  local site=/usr/lib/python3/dist-packages package
  if [[ ! -d $root/third_party/python/pytest && -d $site/_pytest ]]; then
    mkdir -p "$root/third_party/python"
    for package in pytest _pytest pluggy iniconfig packaging py.py exceptiongroup tomli; do
      [[ -e $site/$package ]] && cp -r "$site/$package" "$root/third_party/python/"
    done
    echo "gpu-check: copied Debian's pytest to third_party/python"
  fi
}
prepare
if [[ $prepare_only == 1 ]]; then
  ls "$root/third_party"
  exit 0
fi
if [[ ! -f $root/third_party/googletest/CMakeLists.txt ]]; then
  echo "gpu-check: no GoogleTest sources in third_party/googletest (and no /usr/src/googletest" \
       "to copy): put a googletest source tree there" >&2
  exit 1
fi

mkdir -p "$build" "$(dirname "$report")"
: >"$report"
failures=()
log() { printf '%s\n' "$*" | tee -a "$report"; }
step() { log ""; log "## $*"; echo "=== gpu-check [$(date +%T)] $*" >&2; }
loud() {
  log ""
  log "################################################################"
  log "# $*"
  log "################################################################"
}
fail() { failures+=("$1"); loud "FAILED: $1"; }
block() { log '```'; tee -a "$report"; log '```'; }
timed_seconds() { echo $((SECONDS - $1)); }

# --- what this machine has ------------------------------------------------------------------------
probe() {  # prints the line after the marker only: other libraries may print noise
  "$python" -c "$1" 2>/dev/null | sed -n 's/^nnaudio-probe=//p' | tail -1
}
if [[ -z $python ]]; then  # the first interpreter that has torch
  for python in python3 /usr/bin/python3 python; do
    [[ -n $(probe "import torch; print('nnaudio-probe=ok')") ]] && break
  done
fi
torch_version=$(probe "import torch; print('nnaudio-probe=' + torch.__version__)")
if [[ -z $torch_version ]]; then
  echo "gpu-check: $python cannot import torch" >&2
  exit 1
fi
torch_cuda=$(probe "import torch; print('nnaudio-probe=' + str(torch.version.cuda))")
cuda_devices=$(probe "import torch; print('nnaudio-probe=' + str(torch.cuda.device_count() if torch.cuda.is_available() else 0))")
prefix_path=$(probe "import torch; print('nnaudio-probe=' + torch.utils.cmake_prefix_path)")
cxx11_abi=$(probe "import torch; print('nnaudio-probe=' + str(int(torch._C._GLIBCXX_USE_CXX11_ABI)))")
capability=$(probe "import torch; print('nnaudio-probe=' + ('%d.%d' % torch.cuda.get_device_capability() if torch.cuda.is_available() else ''))")
if [[ $dry_run == 0 && ${cuda_devices:-0} == 0 ]]; then
  dry_run=1
  dry_reason="torch.cuda.is_available() is False"
else
  dry_reason="--dry-run"
fi
device=cuda
[[ $dry_run == 1 ]] && device=cpu

log "# nnaudio-cpp GPU check"
log ""
log "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: $(hostname); $(nproc) CPU cores"
log "- source: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
log "- python: $python ($("$python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)); torch $torch_version, CUDA ${torch_cuda}, C++11 ABI ${cxx11_abi}"
if command -v nvidia-smi >/dev/null 2>&1; then
  log "- GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1)"
fi
log "- nvcc: $(command -v nvcc >/dev/null && nvcc --version | sed -n 's/.*release \([0-9.]*\).*/\1/p' || echo none); cmake: $(cmake --version | head -1 | awk '{print $3}'); ninja: $(ninja --version 2>/dev/null || echo none)"
if [[ $dry_run == 1 ]]; then
  loud "DRY RUN on the CPU ($dry_reason): the CUDA test variants SKIP; no GPU numbers"
fi

pythonpath_extra=""
if ! "$python" -c 'import pytest' >/dev/null 2>&1; then
  if [[ -d $root/third_party/python/pytest ]]; then
    pythonpath_extra=$root/third_party/python
    log "- pytest: from third_party/python (the interpreter has none)"
  fi
fi

# --- configure and build --------------------------------------------------------------------------
step "Build"
t=$SECONDS
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f $build/Makefile ]] && generator=(-G Ninja)
configure=(cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_PREFIX_PATH=$prefix_path" "-DNNAUDIO_PYTHON_EXECUTABLE=$(command -v "$python")"
  -DNNAUDIO_BUILD_PYTHON=ON -DNNAUDIO_BUILD_TESTS=ON -DNNAUDIO_BUILD_BENCH=ON
  -DNNAUDIO_BUILD_EXAMPLES=OFF -DNNAUDIO_BUILD_TOOLS=OFF -DNNAUDIO_WITH_FFTW=OFF
  "-DNNAUDIO_GTEST_SOURCE_DIR=$root/third_party/googletest" -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
  "-DCMAKE_CXX_FLAGS=-D_GLIBCXX_USE_CXX11_ABI=${cxx11_abi:-1}")
if [[ $torch_cuda != None && -n $torch_cuda ]]; then
  command -v nvcc >/dev/null 2>&1 && configure+=("-DCMAKE_CUDA_COMPILER=$(command -v nvcc)")
  [[ -n $capability ]] && configure+=("-DTORCH_CUDA_ARCH_LIST=$capability")
fi
if "${configure[@]}" >"$build/configure.log" 2>&1; then
  grep -E '^-- nnaudio|CMake Warning|Found CUDA|Caffe2: CUDA' "$build/configure.log" | block
  if cmake --build "$build" -j"$jobs" >"$build/build.log" 2>&1; then
    log "built in $(timed_seconds $t) s (-j$jobs)"
  else
    tail -40 "$build/build.log" | block
    fail "build (see $build/build.log)"
  fi
else
  tail -40 "$build/configure.log" | block
  fail "configure (see $build/configure.log)"
fi

# --- tests ----------------------------------------------------------------------------------------
if [[ ${#failures[@]} == 0 ]]; then
  step "C++ tests: the CUDA variants (ctest -R /cuda)"
  t=$SECONDS
  ctest --test-dir "$build" -R '/cuda' --output-on-failure -j2 >"$build/ctest-cuda.log" 2>&1
  status=$?
  grep -E 'tests passed|tests failed|No tests were found|Total Test time|\(Failed\)|\(Timeout\)' \
    "$build/ctest-cuda.log" | block
  skipped=$(grep -c '\*\*\*Skipped' "$build/ctest-cuda.log")
  [[ $skipped != 0 ]] && loud "$skipped C++ CUDA tests SKIPPED ($( [[ $dry_run == 1 ]] && echo 'dry run: no GPU' || echo 'see ctest-cuda.log'))"
  if grep -q 'No tests were found' "$build/ctest-cuda.log"; then
    fail "no C++ CUDA test variants found (ctest -R /cuda)"
  elif [[ $status != 0 ]]; then
    fail "C++ CUDA tests (see $build/ctest-cuda.log)"
  fi
  log "($(timed_seconds $t) s)"

  step "C++ tests: the rest of the suite (ctest -E /cuda)"
  t=$SECONDS
  ctest --test-dir "$build" -E '/cuda|python_tests' --output-on-failure -j"$jobs" \
    >"$build/ctest-rest.log" 2>&1
  status=$?
  grep -E 'tests passed|tests failed|Total Test time|\(Failed\)|\(Timeout\)' \
    "$build/ctest-rest.log" | block
  [[ $status != 0 ]] && fail "C++ tests (see $build/ctest-rest.log)"
  log "($(timed_seconds $t) s)"

  step "Python tests: the whole suite, CUDA variants included (pytest -rs)"
  t=$SECONDS
  (cd "$build/python" &&
   PYTHONPATH="$build/python${pythonpath_extra:+:$pythonpath_extra}" PYTHONDONTWRITEBYTECODE=1 \
   NNAUDIO_LOAD_SCRIPTED="$build/python/nnaudio_load_scripted" \
   "$python" -m pytest -q -rs -p no:cacheprovider "$root/python/tests") \
    >"$build/pytest.log" 2>&1
  status=$?
  grep -E '^SKIPPED|^FAILED|^ERROR|[0-9]+ (passed|failed|skipped|error)|no tests ran' \
    "$build/pytest.log" | tail -20 | block
  skipped=$(grep -c '^SKIPPED' "$build/pytest.log")
  [[ $skipped != 0 ]] && loud "$skipped kinds of Python tests SKIPPED (listed above)"
  [[ $status != 0 ]] && fail "Python tests (see $build/pytest.log)"
  log "($(timed_seconds $t) s)"

  # --- benchmarks ---------------------------------------------------------------------------------
  step "Benchmark program: nnaudio_bench --device $device"
  t=$SECONDS
  if [[ $dry_run == 1 ]]; then
    bench_args=(--device cpu --clips "${clips:-4}" --repeats 1 --batch 4 --only stft,mel)
  else
    bench_args=(--device cuda --clips "${clips:-1770}" --repeats 3)
  fi
  log "nnaudio_bench ${bench_args[*]}"
  if "$build/bench/nnaudio_bench" "${bench_args[@]}" >"$build/bench.log" 2>&1; then
    block <"$build/bench.log"
  else
    tail -20 "$build/bench.log" | block
    fail "nnaudio_bench (see $build/bench.log)"
  fi
  log "($(timed_seconds $t) s)"

  step "Python comparison on $device"
  t=$SECONDS
  compare_args=(--device "$device")
  [[ -n $clips ]] && compare_args+=(--clips "$clips")
  [[ $dry_run == 1 ]] && compare_args+=(--repeats 1 --batch 4)
  if ! PYTHONPATH="$build/python" "$python" "$root/scripts/gpu_compare.py" "${compare_args[@]}" \
       >"$build/compare.log" 2>&1; then
    tail -20 "$build/compare.log" | block
    fail "gpu_compare.py (see $build/compare.log)"
  else
    grep -v '^## Python comparison' "$build/compare.log" >>"$report"
    cat "$build/compare.log"
  fi
  log "($(timed_seconds $t) s)"
fi

step "Summary"
log "total: $(timed_seconds $start) s"
if [[ ${#failures[@]} != 0 ]]; then
  log "FAILED: ${failures[*]}"
  echo "gpu-check: report in $report" >&2
  exit 1
fi
if [[ $dry_run == 1 ]]; then
  log "dry run passed (CPU only: $dry_reason); the CUDA checks need a GPU"
else
  log "all CUDA checks passed"
fi
echo "gpu-check: report in $report" >&2
