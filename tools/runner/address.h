// Network addresses as the runner's command line spells them.

#ifndef STEPWISE_TOOLS_RUNNER_ADDRESS_H_
#define STEPWISE_TOOLS_RUNNER_ADDRESS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stepwise::runner {

struct HostPort {
  std::string host;
  uint16_t port = 0;

  std::string ToString() const { return host + ":" + std::to_string(port); }
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

// "HOST:PORT" with a non-empty host and a port in 1..65535. `what` names the
// option in the error ("--client: ...").
absl::StatusOr<HostPort> ParseHostPort(std::string_view text,
                                       std::string_view what);

// "1=HOST:PORT,2=HOST:PORT,...": node ids 1..N, each once, with none missing
// (the Raft core numbers nodes densely).
absl::StatusOr<std::map<uint32_t, HostPort>> ParsePeers(std::string_view text);

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_ADDRESS_H_
