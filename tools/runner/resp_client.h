// A small blocking RESP client over a POSIX socket, with timeouts: what the
// `stepwise cluster` commands and the runner's end-to-end tests use to talk
// to nodes. (The load generator has its own asynchronous one.)

#ifndef STEPWISE_TOOLS_RUNNER_RESP_CLIENT_H_
#define STEPWISE_TOOLS_RUNNER_RESP_CLIENT_H_

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/runner/address.h"
#include "wire/resp.h"

namespace stepwise::runner {

class RespClient {
 public:
  // Connects within `timeout`; every later call also gives up after it.
  static absl::StatusOr<RespClient> Connect(const HostPort& address,
                                            std::chrono::milliseconds timeout);
  RespClient(RespClient&& other) noexcept;
  RespClient& operator=(RespClient&& other) noexcept;
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;
  ~RespClient();

  // Sends one command and waits for its reply. A RESP error reply is a
  // value (Kind::kError), not a failed status; a failed status means the
  // connection is unusable (timeout, reset, garbage) and should be dropped.
  absl::StatusOr<wire::RespValue> Call(const std::vector<std::string>& args);

  // Sends raw bytes (tests of malformed input).
  absl::Status SendRaw(std::string_view bytes);
  // Waits for the next reply.
  absl::StatusOr<wire::RespValue> ReadReply();

 private:
  explicit RespClient(int fd) : fd_(fd) {}
  int fd_ = -1;
  wire::RespReplyParser parser_;
};

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_RESP_CLIENT_H_
