// Peer connections' wire format, with no sockets: length-prefixed frames, the
// authenticated handshake that opens a connection, and refusals.
//
// A frame is a u32 big-endian payload length (1 .. max) and the payload.
// The handshake, in frames:
//   dialer -> acceptor   Hello
//   acceptor -> dialer   Hello, or a refusal (then it closes), e.g. on a wrong
//                        cluster id
//   each way             Proof = HMAC-SHA256(secret, transcript)
// The transcript binds a label, the prover's role and both whole Hellos
// (cluster id, node ids, client addresses and both fresh 32-byte nonces), so
// a proof is good for one connection, one direction, one pair of nodes: it
// can't be replayed later or reflected back at its sender. After the proofs
// each frame is a codec-encoded core::raft::Message (core/codec/codec.h).
//
// Refusal payloads start with a zero byte, which no codec frame (format
// version 1) or Proof (fixed size, sent only in its slot) is confused with
// when the receiver checks for a refusal first.
//
// Thread-safety: FrameDecoder is a single-threaded value; the functions are
// pure.

#ifndef STEPWISE_WIRE_FRAME_H_
#define STEPWISE_WIRE_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/reflect.h"
#include "wire/resp.h"  // ParseStatus

namespace stepwise::wire {

inline constexpr uint32_t kDefaultMaxFrameBytes = 16u << 20;
inline constexpr size_t kFrameHeaderBytes = 4;

// REQUIRES: 0 < payload.size() <= UINT32_MAX.
void AppendFrame(std::string* out, std::string_view payload);

class FrameDecoder {
 public:
  explicit FrameDecoder(uint32_t max_frame_bytes = kDefaultMaxFrameBytes);

  void Feed(std::string_view bytes);
  // kDone: *payload is the next frame's payload. kError (sticky): a length of
  // zero or over the limit, seen as soon as its 4 bytes arrive, before
  // anything is allocated for it; *error names length, limit and the stream
  // offset of the length.
  ParseStatus Next(std::string* payload, std::string* error);
  // Stream bytes consumed as whole frames.
  uint64_t bytes_consumed() const { return consumed_; }
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  uint32_t max_frame_bytes_;
  std::string buffer_;
  size_t start_ = 0;  // buffer_[0, start_) is consumed
  uint64_t consumed_ = 0;
  std::string error_;
};

inline constexpr std::string_view kPeerMagic = "stepwise-peer";
inline constexpr uint32_t kPeerVersion = 1;
inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kProofBytes = 32;
inline constexpr size_t kMaxClusterIdBytes = 128;
inline constexpr size_t kMaxClientAddressBytes = 255;

struct PeerHello {
  std::string magic;  // kPeerMagic
  uint32_t version = kPeerVersion;
  std::string cluster_id;
  uint32_t node_id = 0;        // the CLI's 1-based node id
  std::string client_address;  // "host:port" clients use (MOVED redirects)
  std::string nonce;           // kNonceBytes random bytes (the caller's)
  STEPWISE_FIELDS(PeerHello, magic, version, cluster_id, node_id,
                  client_address, nonce)
};

// Encodes as is; DecodeHello on the result fails unless ValidateHello passes.
std::string EncodeHello(const PeerHello& hello);
// Checks magic, version, nonce size, node id > 0, and that cluster id and
// client address are non-empty, short and printable (they end up in logs and
// in -MOVED replies, where CR/LF would forge a reply).
absl::StatusOr<PeerHello> DecodeHello(std::string_view payload);
absl::Status ValidateHello(const PeerHello& hello);

enum class PeerRole { kDialer, kAcceptor };
// kProofBytes bytes. The verifier computes the other side's expected proof
// with its own secret and compares with ProofMatches.
std::string PeerProof(std::string_view secret, PeerRole prover,
                      const PeerHello& dialer, const PeerHello& acceptor);
// Constant time in the contents (CRYPTO_memcmp); false on a size mismatch.
bool ProofMatches(std::string_view expected, std::string_view received);
// HMAC-SHA256 (32 bytes); exposed for its known-answer test.
std::string HmacSha256(std::string_view key, std::string_view data);

// A frame payload saying why the sender refuses the connection, so the other
// side can log it. The reason is cut to kMaxRefusalBytes and non-printable
// bytes become '?', on both ends.
inline constexpr size_t kMaxRefusalBytes = 512;
std::string EncodeRefusal(std::string_view reason);
// The reason, or nullopt if `payload` is not a refusal.
std::optional<std::string> DecodeRefusal(std::string_view payload);

}  // namespace stepwise::wire

#endif  // STEPWISE_WIRE_FRAME_H_
