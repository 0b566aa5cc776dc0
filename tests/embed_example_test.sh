#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then configures, builds and
# runs tests/embed_example (the two-phase commit and saga examples) against
# it with find_package(stepwise).
# Usage: embed_example_test.sh BUILD_DIR SOURCE_DIR CXX_COMPILER
set -euo pipefail
build_dir=$1
source_dir=$2
cxx=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
cmake -S "$source_dir/tests/embed_example" -B "$scratch/build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  ${STEPWISE_EXAMPLE_FLAGS:+-DCMAKE_CXX_FLAGS="$STEPWISE_EXAMPLE_FLAGS"} \
  ${STEPWISE_EXAMPLE_FLAGS:+-DCMAKE_EXE_LINKER_FLAGS="$STEPWISE_EXAMPLE_FLAGS"} \
  >/dev/null
cmake --build "$scratch/build" >/dev/null
"$scratch/build/embed_example"
"$scratch/build/saga_example"
