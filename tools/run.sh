#!/usr/bin/env bash
# Stepwise's one entry point.
#   tools/run.sh            install what is missing, build, run the main job
#                           (the model checker on two-phase commit)
#   tools/run.sh test       the same set-up, then every test
#   tools/run.sh fuzz P ... the same set-up, plus a clang-16 libFuzzer build
#                           of P's schedule fuzzer (build-fuzz/, made on first
#                           use), then `stepwise fuzz P ...`
#   tools/run.sh ARGS...    the same set-up, then `stepwise ARGS...`
# Environment: STEPWISE_BUILD_DIR (default build), STEPWISE_FUZZ_BUILD_DIR
# (default build-fuzz), CXX (default g++), STEPWISE_CMAKE_ARGS (extra
# configure arguments), STEPWISE_JOBS, STEPWISE_CTEST_ARGS (extra ctest
# arguments, e.g. -LE slow). Builds go through ccache.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEPWISE_BUILD_DIR:-$root/build}
jobs=${STEPWISE_JOBS:-$(nproc)}

packages=(
  g++ clang-16 libclang-rt-16-dev cmake ninja-build pkg-config
  libz3-dev librapidcheck-dev libabsl-dev libasio-dev libcli11-dev
  nlohmann-json3-dev libfmt-dev libbenchmark-dev libgtest-dev libgmock-dev
  libssl-dev clang-format-16 ccache python3 python3-jsonschema nodejs
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
      -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache ${STEPWISE_CMAKE_ARGS:-} >/dev/null
  fi
  cmake --build "$build_dir" -j "$jobs"
}

# The libFuzzer build of one protocol's schedule fuzzer (clang-16 only, so a
# build of its own); configured on first use.
build_fuzzer() {
  local protocol=$1
  local fuzz_dir=${STEPWISE_FUZZ_BUILD_DIR:-$root/build-fuzz}
  if [[ ! -f "$fuzz_dir/build.ninja" ]]; then
    echo "run.sh: configuring the libFuzzer build in $fuzz_dir" >&2
    cmake -S "$root" -B "$fuzz_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DSTEPWISE_FUZZ=ON \
      -DSTEPWISE_TESTS=OFF -DSTEPWISE_TOOLS=OFF >/dev/null
  fi
  if ! ninja -C "$fuzz_dir" -t targets all 2>/dev/null |
      grep -q "^fuzz_${protocol}_schedule:"; then
    return  # no schedule fuzzer: `stepwise fuzz` says so
  fi
  cmake --build "$fuzz_dir" -j "$jobs" --target "fuzz_${protocol}_schedule"
  export STEPWISE_FUZZ_DIR="$fuzz_dir/fuzz"
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
    # shellcheck disable=SC2086
    exec ctest --output-on-failure -j "$jobs" ${STEPWISE_CTEST_ARGS:-}
    ;;
  fuzz)
    if [[ -n "${2:-}" && "${2:-}" != -* ]]; then build_fuzzer "$2"; fi
    exec "$stepwise" "$@"
    ;;
  *)
    exec "$stepwise" "$@"
    ;;
esac
