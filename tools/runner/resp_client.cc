#include "tools/runner/resp_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stepwise::runner {
namespace {

absl::Status Errno(std::string_view what) {
  return absl::UnavailableError(
      absl::StrCat(std::string(what), ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<RespClient> RespClient::Connect(
    const HostPort& address, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (int error =
          getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found);
      error != 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot resolve ", address.ToString(), ": ", gai_strerror(error)));
  }
  const int fd = socket(found->ai_family, SOCK_STREAM, 0);
  if (fd < 0) {
    freeaddrinfo(found);
    return Errno("socket");
  }
  timeval tv{};
  tv.tv_sec = timeout.count() / 1000;
  tv.tv_usec = (timeout.count() % 1000) * 1000;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // With SO_SNDTIMEO set, connect() gives up after the timeout too.
  const int connected = connect(fd, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (connected != 0) {
    absl::Status status =
        Errno(absl::StrCat("cannot connect to ", address.ToString()));
    close(fd);
    return status;
  }
  return RespClient(fd);
}

RespClient::RespClient(RespClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), parser_(std::move(other.parser_)) {}

RespClient& RespClient::operator=(RespClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    parser_ = std::move(other.parser_);
  }
  return *this;
}

RespClient::~RespClient() {
  if (fd_ >= 0) close(fd_);
}

absl::Status RespClient::SendRaw(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("send");
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::StatusOr<wire::RespValue> RespClient::ReadReply() {
  wire::RespValue value;
  std::string error;
  char buffer[16 << 10];
  for (;;) {
    switch (parser_.Next(&value, &error)) {
      case wire::ParseStatus::kDone:
        return value;
      case wire::ParseStatus::kError:
        return absl::DataLossError(absl::StrCat("bad reply: ", error));
      case wire::ParseStatus::kNeedMore:
        break;
    }
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n == 0) return absl::UnavailableError("connection closed");
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return absl::DeadlineExceededError("no reply in time");
      }
      return Errno("recv");
    }
    parser_.Feed(std::string_view(buffer, static_cast<size_t>(n)));
  }
}

absl::StatusOr<wire::RespValue> RespClient::Call(
    const std::vector<std::string>& args) {
  std::string request;
  wire::AppendCommand(&request, std::span<const std::string>(args));
  if (absl::Status status = SendRaw(request); !status.ok()) return status;
  return ReadReply();
}

}  // namespace stepwise::runner
