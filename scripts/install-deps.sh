#!/usr/bin/env bash
# Installs the Debian 12 packages nnaudio-cpp builds, tests and runs with.
# Idempotent: when everything is present it only asks dpkg and exits within seconds; otherwise it
# runs `apt-get update` once and installs what is missing (with sudo when not root).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libopenblas0-pthread
  libfftw3-dev libsndfile1-dev libsoxr-dev libcli11-dev libpng-dev
  googletest libgtest-dev libbenchmark-dev
  clang-format
  python3-torch python3-pytest python3-numpy python3-pip python3-setuptools python3-wheel python3-venv
  python3-torchaudio
  espeak-ng
  chromium  # the CLI tests open the overview page (index.html) in headless Chromium
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: not root and sudo is not available; install them as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
