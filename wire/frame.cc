#include "wire/frame.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/codec/codec.h"

namespace stepwise::wire {
namespace {

// Compacts only once consumed bytes dominate, so a pipeline of small frames
// is not moved on every frame.
constexpr size_t kCompactThreshold = 4096;

// Starts with a byte no codec frame starts with (its format version is 1).
constexpr std::string_view kRefusalMarker{"\0stepwise-refused:", 18};

// Domain separation: these HMACs are never valid for anything else keyed
// with the same secret.
constexpr std::string_view kProofLabel = "stepwise-peer-proof-v1";

// A Hello is tiny; the limits make a hostile one cheap to reject.
constexpr core::codec::Limits kHelloLimits{.max_length = 256, .max_depth = 2};

bool IsPrintable(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x21 || byte > 0x7e) return false;
  }
  return true;
}

std::string Printable(std::string_view text) {
  std::string out(text.substr(0, kMaxRefusalBytes));
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) c = '?';
  }
  return out;
}

std::string_view RoleName(PeerRole role) {
  return role == PeerRole::kDialer ? "dialer" : "acceptor";
}

}  // namespace

void AppendFrame(std::string* out, std::string_view payload) {
  assert(!payload.empty());
  assert(payload.size() <= UINT32_MAX);
  const auto length = static_cast<uint32_t>(payload.size());
  const char header[kFrameHeaderBytes] = {
      static_cast<char>(length >> 24), static_cast<char>(length >> 16),
      static_cast<char>(length >> 8), static_cast<char>(length)};
  out->append(header, kFrameHeaderBytes);
  out->append(payload);
}

FrameDecoder::FrameDecoder(uint32_t max_frame_bytes)
    : max_frame_bytes_(max_frame_bytes) {}

void FrameDecoder::Feed(std::string_view bytes) {
  if (!error_.empty()) return;  // the connection is being closed
  if (start_ == buffer_.size() ||
      (start_ >= kCompactThreshold && start_ * 2 >= buffer_.size())) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

ParseStatus FrameDecoder::Next(std::string* payload, std::string* error) {
  if (!error_.empty()) {
    *error = error_;
    return ParseStatus::kError;
  }
  const std::string_view rest = std::string_view(buffer_).substr(start_);
  if (rest.size() < kFrameHeaderBytes) return ParseStatus::kNeedMore;
  uint32_t length = 0;
  for (size_t i = 0; i < kFrameHeaderBytes; ++i) {
    length = (length << 8) | static_cast<uint8_t>(rest[i]);
  }
  if (length == 0 || length > max_frame_bytes_) {
    error_ = length == 0
                 ? absl::StrCat("zero-length frame at byte ", consumed_)
                 : absl::StrCat("frame length ", length, " over limit ",
                                max_frame_bytes_, " at byte ", consumed_);
    *error = error_;
    return ParseStatus::kError;
  }
  if (rest.size() - kFrameHeaderBytes < length) return ParseStatus::kNeedMore;
  payload->assign(rest.substr(kFrameHeaderBytes, length));
  start_ += kFrameHeaderBytes + length;
  consumed_ += kFrameHeaderBytes + length;
  return ParseStatus::kDone;
}

std::string EncodeHello(const PeerHello& hello) {
  return core::codec::Encode(hello);
}

absl::Status ValidateHello(const PeerHello& hello) {
  if (hello.magic != kPeerMagic) {
    return absl::InvalidArgumentError(
        "peer hello: wrong magic (not a stepwise peer)");
  }
  if (hello.version != kPeerVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("peer hello: version ", hello.version,
                     " not supported (this node speaks ", kPeerVersion, ")"));
  }
  if (hello.cluster_id.empty() ||
      hello.cluster_id.size() > kMaxClusterIdBytes ||
      !IsPrintable(hello.cluster_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("peer hello: cluster id must be 1..", kMaxClusterIdBytes,
                     " printable bytes without spaces, got ",
                     hello.cluster_id.size(), " bytes"));
  }
  if (hello.node_id == 0) {
    return absl::InvalidArgumentError("peer hello: node id 0 (ids start at 1)");
  }
  if (hello.client_address.empty() ||
      hello.client_address.size() > kMaxClientAddressBytes ||
      !IsPrintable(hello.client_address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "peer hello: client address must be 1..", kMaxClientAddressBytes,
        " printable bytes without spaces, got ", hello.client_address.size(),
        " bytes"));
  }
  if (hello.nonce.size() != kNonceBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("peer hello: nonce of ", hello.nonce.size(),
                     " bytes, expected ", kNonceBytes));
  }
  return absl::OkStatus();
}

absl::StatusOr<PeerHello> DecodeHello(std::string_view payload) {
  absl::StatusOr<PeerHello> hello =
      core::codec::Decode<PeerHello>(payload, kHelloLimits);
  if (!hello.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("peer hello: ", hello.status().message()));
  }
  if (absl::Status status = ValidateHello(*hello); !status.ok()) return status;
  return hello;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  // OpenSSL reads no key bytes when the length is 0, but wants a pointer.
  static const char kEmpty = 0;
  const void* key_bytes = key.empty() ? &kEmpty : key.data();
  const unsigned char* result =
      HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           digest, &digest_size);
  // Only a broken libcrypto fails here: there is no sane way to continue.
  if (result == nullptr || digest_size != kProofBytes) __builtin_trap();
  return std::string(reinterpret_cast<const char*>(digest), digest_size);
}

std::string PeerProof(std::string_view secret, PeerRole prover,
                      const PeerHello& dialer, const PeerHello& acceptor) {
  // The codec's length prefixes make the transcript unambiguous: no two
  // different tuples encode to the same bytes.
  const std::string transcript = core::codec::Encode(
      std::make_tuple(std::string(kProofLabel), std::string(RoleName(prover)),
                      EncodeHello(dialer), EncodeHello(acceptor)));
  return HmacSha256(secret, transcript);
}

bool ProofMatches(std::string_view expected, std::string_view received) {
  if (expected.size() != received.size()) return false;
  return CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

std::string EncodeRefusal(std::string_view reason) {
  return std::string(kRefusalMarker) + Printable(reason);
}

std::optional<std::string> DecodeRefusal(std::string_view payload) {
  if (!payload.starts_with(kRefusalMarker)) return std::nullopt;
  return Printable(payload.substr(kRefusalMarker.size()));
}

}  // namespace stepwise::wire
