#include "tools/runner/address.h"

#include <charconv>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stepwise::runner {
namespace {

template <typename T>
bool ParseNumber(std::string_view text, T min, T max, T* out) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end) return false;
  if (value < min || value > max) return false;
  *out = static_cast<T>(value);
  return true;
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(std::string_view text,
                                       std::string_view what) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(what), ": expected HOST:PORT, got '",
                     std::string(text), "'"));
  }
  HostPort address;
  address.host = std::string(text.substr(0, colon));
  if (!ParseNumber<uint16_t>(text.substr(colon + 1), 1, 65535, &address.port)) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(what), ": port must be a number in 1..65535, got '",
        std::string(text.substr(colon + 1)), "'"));
  }
  return address;
}

absl::StatusOr<std::map<uint32_t, HostPort>> ParsePeers(std::string_view text) {
  std::map<uint32_t, HostPort> peers;
  const std::string owned(text);
  for (absl::string_view piece : absl::StrSplit(owned, ',')) {
    const std::string_view item(piece.data(), piece.size());
    const size_t equals = item.find('=');
    uint32_t id = 0;
    if (equals == std::string_view::npos ||
        !ParseNumber<uint32_t>(item.substr(0, equals), 1, 31, &id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--peers: expected ID=HOST:PORT with ID in 1..31, got '",
                       std::string(item), "'"));
    }
    absl::StatusOr<HostPort> address = ParseHostPort(
        item.substr(equals + 1), absl::StrCat("--peers: node ", id));
    if (!address.ok()) return address.status();
    if (!peers.emplace(id, *address).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("--peers: node ", id, " is listed twice"));
    }
  }
  for (uint32_t id = 1; id <= peers.size(); ++id) {
    if (!peers.contains(id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--peers: node ", id, " is missing (ids must be 1..",
                       peers.size(), ")"));
    }
  }
  return peers;
}

}  // namespace stepwise::runner
