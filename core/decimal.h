// Decimal integers stored as strings, as Redis's INCR treats them. Shared by
// the Raft key-value store and the linearizability model that checks it, so
// the two cannot disagree on what counts as an integer.

#ifndef STEPWISE_CORE_DECIMAL_H_
#define STEPWISE_CORE_DECIMAL_H_

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace stepwise::core {

// `value` + 1 as a string, if `value` is a canonical 64-bit decimal integer
// (no spaces, no plus sign, no leading zeros, no "-0") and the sum fits.
inline std::optional<std::string> IncrementDecimal(std::string_view value) {
  int64_t parsed = 0;
  const char* end = value.data() + value.size();
  auto [ptr, error] = std::from_chars(value.data(), end, parsed);
  if (value.empty() || error != std::errc() || ptr != end) return std::nullopt;
  if (std::to_string(parsed) != value) return std::nullopt;
  if (parsed == std::numeric_limits<int64_t>::max()) return std::nullopt;
  return std::to_string(parsed + 1);
}

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_DECIMAL_H_
