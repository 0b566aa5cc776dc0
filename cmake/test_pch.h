// The headers nearly every test file includes, precompiled once for all
// tests (stepwise_test in CMakeLists.txt): the standard library, GoogleTest
// and Abseil's string and status headers took 2-4 s of each test file's
// compile time, more than many tests' own code. Only headers that change
// with the toolchain belong here; the project's own headers change with
// every commit and would rebuild it.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
