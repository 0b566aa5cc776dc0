// The dialing side of a peer connection, and the frame helpers both sides
// of a peer connection use (see frame.h for the formats).
//
// Each node dials every other node and only sends on that connection: a
// PeerLink connects (backing off from 50 ms to 1 s between attempts),
// authenticates (the dialer's half of the handshake in frame.h), then writes
// whatever frames Send queued. Its queue is bounded: a frame that does not
// fit, or arrives while the link is down, is dropped and counted (Raft
// retransmits), so a slow or dead peer never blocks the node.

#ifndef STEPWISE_TOOLS_RUNNER_PEER_LINK_H_
#define STEPWISE_TOOLS_RUNNER_PEER_LINK_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "asio.hpp"
#include "tools/runner/address.h"
#include "tools/runner/metrics.h"
#include "tools/runner/node.h"
#include "wire/frame.h"

namespace stepwise::runner {

inline constexpr auto kHandshakeTimeout = std::chrono::seconds(5);

// What a peer link needs from its node.
class PeerHost {
 public:
  virtual ~PeerHost() = default;
  virtual uint32_t id() const = 0;
  virtual const NodeOptions& options() const = 0;
  virtual NodeMetrics& metrics() = 0;
  // A fresh hello (new nonce) describing this node.
  virtual wire::PeerHello MakeHello() = 0;
  virtual void LearnClientAddress(uint32_t peer_id,
                                  const std::string& address) = 0;
};

// Reads one frame from `socket` through `decoder`; throws on a bad frame.
asio::awaitable<std::string> ReadFrame(asio::ip::tcp::socket& socket,
                                       wire::FrameDecoder& decoder,
                                       uint64_t* bytes_in);
asio::awaitable<void> WriteFrame(asio::ip::tcp::socket& socket,
                                 std::string_view payload, uint64_t* bytes_out);
// Closes `socket` unless cancelled within kHandshakeTimeout, so a peer that
// connects and says nothing cannot hold a handshake open.
std::unique_ptr<asio::steady_timer> HandshakeDeadline(
    asio::ip::tcp::socket& socket);

class PeerLink {
 public:
  PeerLink(PeerHost* node, uint32_t peer_id, HostPort address)
      : node_(node), peer_id_(peer_id), address_(std::move(address)) {}

  // Connects and reconnects forever; spawn it on the node's io_context.
  asio::awaitable<void> Run();
  void Send(std::string frame);
  bool connected() const { return socket_ != nullptr; }

 private:
  asio::awaitable<void> Connect(asio::ip::tcp::socket& socket);
  asio::awaitable<void> WriteLoop(asio::ip::tcp::socket& socket);

  PeerHost* node_;
  uint32_t peer_id_;
  HostPort address_;
  asio::ip::tcp::socket* socket_ = nullptr;  // set while connected
  std::string queued_;
  std::unique_ptr<asio::steady_timer> wake_;
  bool logged_down_ = false;
};

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_PEER_LINK_H_
