#include "tools/runner/peer_link.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/runner/log.h"

namespace stepwise::runner {

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

awaitable<std::string> ReadFrame(tcp::socket& socket,
                                 wire::FrameDecoder& decoder,
                                 uint64_t* bytes_in) {
  std::string payload;
  std::string error;
  std::vector<char> buffer(4096);
  for (;;) {
    switch (decoder.Next(&payload, &error)) {
      case wire::ParseStatus::kDone:
        co_return payload;
      case wire::ParseStatus::kError:
        throw std::runtime_error(error);
      case wire::ParseStatus::kNeedMore:
        break;
    }
    const size_t n =
        co_await socket.async_read_some(asio::buffer(buffer), use_awaitable);
    *bytes_in += n;
    decoder.Feed(std::string_view(buffer.data(), n));
  }
}

std::unique_ptr<asio::steady_timer> HandshakeDeadline(tcp::socket& socket) {
  auto deadline = std::make_unique<asio::steady_timer>(socket.get_executor());
  deadline->expires_after(kHandshakeTimeout);
  deadline->async_wait([&socket](const asio::error_code& e) {
    if (!e) socket.close();
  });
  return deadline;
}

awaitable<void> WriteFrame(tcp::socket& socket, std::string_view payload,
                           uint64_t* bytes_out) {
  std::string frame;
  wire::AppendFrame(&frame, payload);
  co_await asio::async_write(socket, asio::buffer(frame), use_awaitable);
  *bytes_out += frame.size();
}

void PeerLink::Send(std::string frame) {
  NodeMetrics& metrics = node_->metrics();
  if (socket_ == nullptr ||
      queued_.size() + frame.size() > node_->options().peer_queue_bytes) {
    ++metrics.peer_messages_dropped;
    return;
  }
  ++metrics.peer_messages_out;
  queued_ += frame;
  if (wake_) wake_->cancel();
}

awaitable<void> PeerLink::Connect(tcp::socket& socket) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(
      address_.host, std::to_string(address_.port), use_awaitable);
  co_await asio::async_connect(socket, endpoints, use_awaitable);
  socket.set_option(tcp::no_delay(true));

  const auto deadline = HandshakeDeadline(socket);
  NodeMetrics& metrics = node_->metrics();
  wire::FrameDecoder decoder;
  const wire::PeerHello mine = node_->MakeHello();
  co_await WriteFrame(socket, wire::EncodeHello(mine), &metrics.peer_bytes_out);
  const std::string answer =
      co_await ReadFrame(socket, decoder, &metrics.peer_bytes_in);
  if (std::optional<std::string> refusal = wire::DecodeRefusal(answer)) {
    throw std::runtime_error(
        absl::StrCat("node ", peer_id_, " refused us: ", *refusal));
  }
  absl::StatusOr<wire::PeerHello> theirs = wire::DecodeHello(answer);
  if (!theirs.ok()) throw std::runtime_error(theirs.status().ToString());
  if (theirs->cluster_id != mine.cluster_id || theirs->node_id != peer_id_) {
    throw std::runtime_error(absl::StrCat(
        "expected node ", peer_id_, " of cluster '", mine.cluster_id,
        "', reached node ", theirs->node_id, " of '", theirs->cluster_id, "'"));
  }
  const std::string secret = node_->options().secret;
  co_await WriteFrame(
      socket, wire::PeerProof(secret, wire::PeerRole::kDialer, mine, *theirs),
      &metrics.peer_bytes_out);
  const std::string proof =
      co_await ReadFrame(socket, decoder, &metrics.peer_bytes_in);
  if (!wire::ProofMatches(
          wire::PeerProof(secret, wire::PeerRole::kAcceptor, mine, *theirs),
          proof)) {
    throw std::runtime_error(absl::StrCat(
        "node ", peer_id_, " failed authentication (cluster secret differs)"));
  }
  deadline->cancel();
  node_->LearnClientAddress(peer_id_, theirs->client_address);
}

awaitable<void> PeerLink::WriteLoop(tcp::socket& socket) {
  NodeMetrics& metrics = node_->metrics();
  for (;;) {
    if (queued_.empty()) {
      wake_->expires_at(asio::steady_timer::time_point::max());
      asio::error_code ignored;
      co_await wake_->async_wait(asio::redirect_error(use_awaitable, ignored));
      continue;
    }
    std::string batch;
    batch.swap(queued_);
    co_await asio::async_write(socket, asio::buffer(batch), use_awaitable);
    metrics.peer_bytes_out += batch.size();
  }
}

awaitable<void> PeerLink::Run() {
  auto executor = co_await asio::this_coro::executor;
  wake_ = std::make_unique<asio::steady_timer>(executor);
  auto backoff = std::chrono::milliseconds(50);
  for (;;) {
    tcp::socket socket(executor);
    try {
      co_await Connect(socket);
      LogLine(node_->id(), absl::StrCat("connected to node ", peer_id_));
      logged_down_ = false;
      backoff = std::chrono::milliseconds(50);
      socket_ = &socket;
      co_await WriteLoop(socket);
    } catch (const std::exception& e) {
      if (!logged_down_) {
        LogLine(node_->id(),
                absl::StrCat("link to node ", peer_id_, " (",
                             address_.ToString(), ") down: ", e.what()));
        logged_down_ = true;
      }
    }
    socket_ = nullptr;
    queued_.clear();
    asio::steady_timer wait(executor);
    wait.expires_after(backoff);
    asio::error_code ignored;
    co_await wait.async_wait(asio::redirect_error(use_awaitable, ignored));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

}  // namespace stepwise::runner
