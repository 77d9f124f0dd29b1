#!/bin/bash
# Installs what a fresh Debian 12 machine lacks (as root, non-interactive, idempotent) and builds
# nayose with a CMake preset. Used by both README commands; safe to run again.
#   bash jobs/setup.sh [preset]      preset: release (default), debug, asan
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${1:-release}

packages=(
  build-essential cmake pkg-config git
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools python3-h5py
  libtbb-dev libssl-dev libboost-program-options-dev libgtest-dev libbenchmark-dev libicu-dev
  libxml2-dev libxxhash-dev nlohmann-json3-dev
  clang libclang-rt-14-dev
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run this script as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be empty or stale on a fresh machine: update once, then install.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/nayose-apt.log 2>&1 || {
    tail -30 /tmp/nayose-apt.log >&2
    echo "setup: apt-get install failed (full log: /tmp/nayose-apt.log)" >&2
    exit 1
  }
fi

cd "$here"
cmake --preset "$preset" >/tmp/nayose-configure-"$preset".log 2>&1 || {
  cat /tmp/nayose-configure-"$preset".log >&2
  exit 1
}
cmake --build --preset "$preset" -j "$(nproc)"
