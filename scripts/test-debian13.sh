#!/usr/bin/env bash
# Builds and tests nnaudio-cpp against Debian 13 (trixie)'s LibTorch / PyTorch 2.6, in chroots
# made with debootstrap and cached between runs (default /var/cache/nnaudio-debian13, outside
# the source tree).
#
#   scripts/test-debian13.sh [--variant cpu|cuda|all] [--jobs N] [--cache DIR] [--refresh]
#                            [--install-only]
#
#   cpu   libtorch-dev + python3-torch 2.6 (CPU): configures with -DNNAUDIO_BUILD_PYTHON=ON,
#         builds everything (library, command, examples, bench, tests, Python package) and runs
#         the whole CTest suite (C++, CLI, install_consumer, pytest). Every test must pass.
#   cuda  libtorch-cuda-dev + python3-torch-cuda 2.6 with nvidia-cuda-toolkit 12.4 (contrib,
#         non-free): compiles and links everything with CUDA; runs nothing. nvidia-cudnn is an
#         installer that downloads cuDNN from NVIDIA while it configures, which cannot work
#         offline, so an empty placeholder package stands in for it: libcudnn.so.9 is absent,
#         the links use -Wl,--allow-shlib-undefined, and GoogleTest discovery is deferred to test
#         time (NNAUDIO_GTEST_DISCOVERY_MODE=PRE_TEST) because the test programs cannot start.
#   all   cpu, then cuda (the default is cpu).
#
# Needs root (re-runs itself with sudo when it can) and Debian's archive; installs debootstrap
# with apt-get when it is missing. The first run of a variant bootstraps a minbase chroot and
# installs its packages (downloads are kept in DIR/archives and shared by the variants); later
# runs reuse it and only reinstall when the package list below changes (--refresh forces
# apt-get update + upgrade). /proc, /sys, /dev are mounted in a private mount namespace (unshare)
# so they disappear with the script, whatever way it ends; without unshare they are mounted
# normally and a trap unmounts them. The source tree (tracked and untracked, not ignored files)
# is copied into the chroot; the build folder there is kept, so reruns build incrementally.
set -euo pipefail

variant=cpu
jobs=2
cache=${NNAUDIO_DEBIAN13_CACHE:-/var/cache/nnaudio-debian13}
mirror=${NNAUDIO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
refresh=0
install_only=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --variant) variant=$2; shift 2 ;;
    --variant=*) variant=${1#*=}; shift ;;
    --jobs|-j) jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --cache) cache=$2; shift 2 ;;
    --cache=*) cache=${1#*=}; shift ;;
    --refresh) refresh=1; shift ;;
    --install-only) install_only=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-debian13: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $variant in
  cpu|cuda) variants=("$variant") ;;
  all) variants=(cpu cuda) ;;
  *) echo "test-debian13: --variant must be cpu, cuda or all, not '$variant'" >&2; exit 2 ;;
esac

source_dir=$(cd "$(dirname "$0")/.." && pwd)
case "$(cd "$(dirname "$cache")" 2>/dev/null && pwd)/" in
  "$source_dir"/*) echo "test-debian13: the cache $cache must be outside the source tree" >&2
                   exit 2 ;;
esac

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=NNAUDIO_DEBIAN13_CACHE,NNAUDIO_DEBIAN_MIRROR "$0" \
      --variant "$variant" --jobs "$jobs" --cache "$cache" $([[ $refresh == 1 ]] && echo --refresh) \
      $([[ $install_only == 1 ]] && echo --install-only)
  fi
  echo "test-debian13: SKIPPED: needs root (for debootstrap and chroot) and sudo is missing" >&2
  exit 1
fi

say() { printf '\n=== test-debian13 [%s] %s\n' "$(date +%T)" "$*"; }
declare -A timings=()
timed() {  # timed NAME COMMAND...: runs the command, records its wall time under NAME, and
  # returns the command's status (called as `timed ... || status=$?`, set -e does not stop it)
  local name=$1 start=$SECONDS status=0
  shift
  "$@" || status=$?
  timings[$name]=$((SECONDS - start))
  printf '=== test-debian13: %s took %d s\n' "$name" "${timings[$name]}"
  return "$status"
}
total_start=$SECONDS

# The build dependencies of scripts/install-deps.sh, as trixie names them (clang-format is not
# needed to build or test).
common_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libfftw3-dev libsndfile1-dev libsoxr-dev libcli11-dev libpng-dev
  googletest libgtest-dev libbenchmark-dev
  python3-pytest python3-numpy python3-pip python3-setuptools python3-wheel python3-venv
  espeak-ng
)
cpu_packages=(libtorch-dev libopenblas0-pthread python3-torch)
cuda_packages=(libtorch-cuda-dev python3-torch-cuda nvidia-cuda-toolkit)

mkdir -p "$cache/archives/partial"
# One run at a time per chroot (FD 8: the base, while it is made; FD 9: the variant's chroot).
lock() {
  eval "exec $1>\"\$cache/\$2.lock\""
  if ! flock -n "$1"; then
    echo "test-debian13: waiting for another run that holds $cache/$2.lock"
    flock "$1"
  fi
}

if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap ||
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap; }
fi

# --- mounts -------------------------------------------------------------------------------------
in_namespace=0
if [[ ${NNAUDIO_DEBIAN13_NO_UNSHARE:-0} != 1 ]] &&
   unshare --mount --propagation private true 2>/dev/null; then
  in_namespace=1
fi
mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[i]}" 2>/dev/null || true
  done
  mounted=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

# Runs COMMAND (a bash script) as root inside chroot ROOT with /proc, /sys, /dev (with a private
# /dev/shm for torch.multiprocessing and /dev/pts) and the shared package cache mounted.
in_chroot() {
  local root=$1 command=$2
  local env=(env -i HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive
             PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  local setup="
    set -e
    mount -t proc proc '$root/proc'
    mount -t sysfs sysfs '$root/sys'
    mount --bind /dev '$root/dev'
    mount -t tmpfs -o mode=1777 shm '$root/dev/shm'
    mount -t devpts -o newinstance,ptmxmode=0666 devpts '$root/dev/pts' 2>/dev/null || true
    mount --bind '$cache/archives' '$root/var/cache/apt/archives'
  "
  if [[ $in_namespace == 1 ]]; then
    unshare --mount --propagation private -- bash -c "$setup
      exec chroot '$root' ${env[*]} bash -euo pipefail -c \"\$0\"" "$command"
  else
    local point
    for point in proc sys dev dev/shm dev/pts var/cache/apt/archives; do
      mounted+=("$root/$point")
    done
    bash -c "$setup"
    chroot "$root" "${env[@]}" bash -euo pipefail -c "$command"
    unmount_all
  fi
}

# --- the chroots ---------------------------------------------------------------------------------
bootstrap_base() {
  lock 8 base
  if [[ -f $cache/base/.nnaudio-bootstrapped ]]; then
    flock -u 8
    return
  fi
  if [[ -f $cache/base/.nnaudio-bootstrapped ]]; then
    return
  fi
  say "debootstrap --variant=minbase trixie into $cache/base (the first run only)"
  rm -rf "$cache/base.tmp"
  debootstrap --variant=minbase --cache-dir="$cache/archives" trixie "$cache/base.tmp" "$mirror"
  touch "$cache/base.tmp/.nnaudio-bootstrapped"
  mv "$cache/base.tmp" "$cache/base"
  flock -u 8
}

# An empty package named nvidia-cudnn: the real one downloads cuDNN from NVIDIA while it
# configures. Epoch 99 satisfies any versioned dependency and is never upgraded.
placeholder_cudnn() {
  local root=$1 dir=$1/root/nvidia-cudnn-placeholder
  rm -rf "$dir"
  mkdir -p "$dir/DEBIAN"
  cat >"$dir/DEBIAN/control" <<'EOF'
Package: nvidia-cudnn
Version: 99:0-nnaudio
Architecture: amd64
Maintainer: nnaudio-cpp test-debian13.sh <root@localhost>
Description: placeholder for the cuDNN installer (not runnable offline)
 Lets libtorch-cuda-dev install where NVIDIA's download site cannot be reached.
EOF
  dpkg-deb --root-owner-group --build "$dir" "$root/root/nvidia-cudnn-placeholder.deb" >/dev/null
}

prepare_variant() {
  local name=$1 root=$cache/$1
  shift
  local packages=("$@")
  if [[ ! -f $root/.nnaudio-copied ]]; then
    say "$name: new chroot $root from the base"
    rm -rf "$root.tmp"
    cp -a "$cache/base" "$root.tmp"
    touch "$root.tmp/.nnaudio-copied"
    mv "$root.tmp" "$root"
  fi
  cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror trixie main contrib non-free non-free-firmware
deb $mirror trixie-updates main contrib non-free non-free-firmware
deb http://deb.debian.org/debian-security trixie-security main contrib non-free non-free-firmware
EOF
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\nBinary::apt::APT::Keep-Downloaded-Packages "true";\nAPT::Keep-Downloaded-Packages "true";\n' \
    >"$root/etc/apt/apt.conf.d/90nnaudio"
  rm -f "$root/etc/apt/apt.conf.d/docker-clean"
  echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/nnaudio-unsafe-io"  # a throwaway chroot
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  echo 'nnaudio-debian13' >"$root/etc/debian_chroot"

  local wanted
  wanted=$(printf '%s\n' "${packages[@]}" | sort | sha256sum | cut -c1-16)
  if [[ $refresh == 0 && -f $root/.nnaudio-packages && $(cat "$root/.nnaudio-packages") == "$wanted" ]]; then
    say "$name: chroot ready (packages installed earlier; --refresh updates them)"
    return
  fi
  local install="apt-get update -q
    apt-get -q -y -o Dpkg::Use-Pty=0 dist-upgrade
    apt-get -q -y -o Dpkg::Use-Pty=0 install ${packages[*]}"
  if [[ $name == cuda ]]; then
    placeholder_cudnn "$root"
    install="dpkg -i /root/nvidia-cudnn-placeholder.deb
      echo 'nvidia-cudnn hold' | dpkg --set-selections
      $install"
  fi
  say "$name: installing ${#packages[@]} packages"
  timed "$name: apt-get install" in_chroot "$root" "$install"
  echo "$wanted" >"$root/.nnaudio-packages"
}

# Copies the source tree (tracked and untracked files git does not ignore) to ROOT/src.
copy_sources() {
  local root=$1
  rm -rf "$root/src"
  mkdir -p "$root/src"
  if git -C "$source_dir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$source_dir" && git ls-files -z --cached --others --exclude-standard |
       while IFS= read -r -d '' file; do [[ -e $file || -L $file ]] && printf '%s\0' "$file"; done |
       tar --null -T - -cf -) | tar -xf - -C "$root/src"
  else
    tar -C "$source_dir" --exclude=./build --exclude='./build-*' -cf - . | tar -xf - -C "$root/src"
  fi
}

# --- build and test ---------------------------------------------------------------------------
run_cpu() {
  local root=$cache/cpu
  copy_sources "$root"
  local configure="cmake -S /src -B /build-cpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DNNAUDIO_BUILD_PYTHON=ON -DNNAUDIO_PYTHON_EXECUTABLE=/usr/bin/python3 2>&1 | tee /build-cpu.configure.log
    dpkg-query -W libtorch-dev python3-torch"
  say "cpu: configure"
  timed "cpu: configure" in_chroot "$root" "$configure"
  timed "cpu: build" in_chroot "$root" "cmake --build /build-cpu -j$jobs"
  # Every suite must be registered: a probe that quietly turned one off is a failure here.
  in_chroot "$root" "ctest --test-dir /build-cpu -N | tail -1
    /src/scripts/check-test-suites.sh --registered /build-cpu"
  say "cpu: ctest"
  local status=0
  timed "cpu: ctest" in_chroot "$root" "ctest --test-dir /build-cpu --output-on-failure -j2 \
      2>&1 | tee /build-cpu.ctest.log" || status=$?
  # ... and every suite must have run (this also lists pytest's skips).
  in_chroot "$root" "/src/scripts/check-test-suites.sh /build-cpu" || status=$?
  check_noise_tolerance "$root" || status=$?
  in_chroot "$root" "
    grep -E 'tests passed|Total Test time' /build-cpu.ctest.log || true
    skipped=\$(grep -cE '\\*\\*\\*Skipped|Not Run' /build-cpu.ctest.log || true)
    if [[ \$skipped != 0 ]]; then
      echo '################################################################'
      echo \"# test-debian13: \$skipped CTest tests were SKIPPED:\"
      grep -E '\\*\\*\\*Skipped|Not Run' /build-cpu.ctest.log |
        sed -E 's/.*Test +#[0-9]+: ([^ ]+).*/#   \\1/'
      echo '################################################################'
    fi"
  return $status
}

# Without /proc, Debian 13's UCX prints "UCX ERROR failed to get boot id" on the standard output
# of every program that loads LibTorch. What reads such output must still work: CMake's probe of
# the Python torch and a reader of `nnaudio bench --json` (the CLI test).
check_noise_tolerance() {
  local root=$1
  say "cpu: probes with UCX noise (no /proc mounted)"
  chroot "$root" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin bash -euo pipefail -c '
    if mountpoint -q /proc 2>/dev/null || [[ -e /proc/self ]]; then
      echo "test-debian13: /proc is mounted; the noise check needs it absent" >&2; exit 1
    fi
    noise=$(/usr/bin/python3 -c "import torch" 2>/dev/null | head -1)
    echo "python3 -c \"import torch\" prints: ${noise:-nothing}"
    rm -rf /tmp/noise-build
    cmake -S /src -B /tmp/noise-build -G Ninja -DNNAUDIO_BUILD_TESTS=OFF -DNNAUDIO_BUILD_BENCH=OFF \
      -DNNAUDIO_BUILD_EXAMPLES=OFF -DNNAUDIO_BUILD_TOOLS=OFF >/tmp/noise-build.log 2>&1
    grep "nnaudio: Python" /tmp/noise-build.log
    grep -q "NNAUDIO_BUILD_PYTHON:BOOL=ON" /tmp/noise-build/CMakeCache.txt ||
      { echo "test-debian13: FAILED: the Python probe did not survive the noise" >&2; exit 1; }
    rm -rf /tmp/noise-build /tmp/noise-build.log
    /build-cpu/tests/cli/nnaudio_cli_tests --gtest_filter="Bench.*" | tail -1'
}

run_cuda() {
  local root=$cache/cuda
  copy_sources "$root"
  local configure="
    nvcc --version | tail -2
    cmake -S /src -B /build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DNNAUDIO_BUILD_PYTHON=ON -DNNAUDIO_PYTHON_EXECUTABLE=/usr/bin/python3 \
      -DNNAUDIO_GTEST_DISCOVERY_MODE=PRE_TEST \
      -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined \
      -DCMAKE_SHARED_LINKER_FLAGS=-Wl,--allow-shlib-undefined \
      -DCMAKE_MODULE_LINKER_FLAGS=-Wl,--allow-shlib-undefined \
      -DTORCH_CUDA_ARCH_LIST='8.0;9.0' >/build-cuda.configure.log 2>&1 ||
      { cat /build-cuda.configure.log; exit 1; }
    grep -E 'nnaudio|CUDA|cuDNN|Torch' /build-cuda.configure.log | grep -v '^--   Looking' | head -40
    grep -q 'USE_CUDA' /build-cuda/CMakeCache.txt 2>/dev/null || true"
  timed "cuda: configure" in_chroot "$root" "$configure"
  timed "cuda: build (compile and link only)" in_chroot "$root" "cmake --build /build-cuda -j$jobs"
  in_chroot "$root" "
    echo 'test-debian13: cuda: what links the CUDA LibTorch:'
    for f in /build-cuda/libnnaudio.a /build-cuda/tests/nnaudio_tests /build-cuda/tools/nnaudio \
             /build-cuda/python/nnaudio_cpp/_nnaudio_ops.so; do
      [[ -e \$f ]] || { echo \"  MISSING \$f\"; exit 1; }
      if [[ \$f == *.a ]]; then echo \"  \$f\"; continue; fi
      printf '  %s: %s\n' \"\$f\" \"\$(readelf -d \$f | grep -oE 'lib(torch_cuda|c10_cuda)\\.so[^]]*' | sort -u | tr '\n' ' ')\"
    done
    echo '################################################################'
    echo '# test-debian13: cuda: compiled and linked only; NO test ran (no libcudnn.so.9, no GPU)'
    echo '################################################################'"
}

main() {
  local name status=0
  for name in "${variants[@]}"; do
    timed "debootstrap (0 s when the base is cached)" bootstrap_base
    lock 9 "$name"
    if [[ $name == cpu ]]; then
      prepare_variant cpu "${common_packages[@]}" "${cpu_packages[@]}"
      [[ $install_only == 1 ]] || run_cpu || status=$?
    else
      prepare_variant cuda "${common_packages[@]}" "${cuda_packages[@]}"
      [[ $install_only == 1 ]] || run_cuda || status=$?
    fi
    flock -u 9
  done

  say "timings"
  for name in "${!timings[@]}"; do
    printf '  %-45s %5d s\n' "$name" "${timings[$name]}"
  done | sort
  printf '  %-45s %5d s\n' total $((SECONDS - total_start))
  if [[ $status != 0 ]]; then
    echo "test-debian13: FAILED (status $status)" >&2
  else
    echo "test-debian13: ${variants[*]}: OK"
  fi
  return "$status"
}

# Everything above is definitions, so the whole file is read before anything runs: editing it
# during a run cannot change that run.
main
exit $?
