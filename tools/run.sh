#!/usr/bin/env bash
# Stepwise's one entry point.
#   tools/run.sh            install what is missing, build, run the main job
#                           (the model checker on two-phase commit)
#   tools/run.sh test       the same set-up, then every test
#   tools/run.sh ARGS...    the same set-up, then `stepwise ARGS...`
# Environment: STEPWISE_BUILD_DIR (default build), CXX (default g++),
# STEPWISE_CMAKE_ARGS (extra configure arguments), STEPWISE_JOBS.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEPWISE_BUILD_DIR:-$root/build}
jobs=${STEPWISE_JOBS:-$(nproc)}

packages=(
  g++ clang-16 libclang-rt-16-dev cmake ninja-build pkg-config
  libz3-dev librapidcheck-dev libabsl-dev libasio-dev libcli11-dev
  nlohmann-json3-dev libfmt-dev libbenchmark-dev libgtest-dev libgmock-dev
  libssl-dev clang-format-16
)

install_missing() {
  local missing=()
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
        grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then return; fi
  echo "run.sh: installing ${missing[*]}" >&2
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    # shellcheck disable=SC2086
    cmake -S "$root" -B "$build_dir" -G Ninja \
      -DCMAKE_CXX_COMPILER="${CXX:-g++}" ${STEPWISE_CMAKE_ARGS:-} >/dev/null
  fi
  cmake --build "$build_dir" -j "$jobs"
}

install_missing
build
stepwise="$build_dir/tools/stepwise/stepwise"

case "${1:-}" in
  "")
    exec "$stepwise" check twopc --rms 3 --network monotone
    ;;
  test)
    cd "$build_dir"
    exec ctest --output-on-failure -j "$jobs"
    ;;
  *)
    exec "$stepwise" "$@"
    ;;
esac
