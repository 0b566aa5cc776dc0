// Codec properties: every value round-trips, encodings are prefix-free, and
// any byte string that decodes re-encodes to exactly those bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/reflect.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "proptests/generators.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"

namespace stepwise::proptests {
namespace {

using core::codec::AppendBody;
using core::codec::Decode;
using core::codec::DecodeBody;
using core::codec::Encode;
using core::twopc::TwoPhase;
namespace twopc = core::twopc;

using Generic = std::vector<std::optional<std::variant<uint64_t, std::string>>>;
using Scalars = std::tuple<int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t,
                           uint32_t, uint64_t, bool>;

STEPWISE_ENUM(Kind, kLeaf, kBranch, kRoot);

struct Node {
  Kind kind = Kind::kLeaf;
  std::string label;
  std::array<int16_t, 2> position{};
  std::vector<uint32_t> children;
  std::optional<std::tuple<bool, int64_t>> weight;
  STEPWISE_FIELDS(Node, kind, label, position, children, weight)
};

struct Unit {
  STEPWISE_NO_FIELDS(Unit)
};

// Encodes to zero bytes although it is not an empty type.
struct ZeroWidth {
  std::monostate nothing;
  std::array<Unit, 3> units;
  STEPWISE_FIELDS(ZeroWidth, nothing, units)
};

template <typename T>
void CheckRoundTrip(const T& value) {
  const std::string bytes = Encode(value);
  RC_LOG() << "encoding: " << Hex(bytes) << "\n";
  absl::StatusOr<T> decoded = Decode<T>(bytes);
  RC_ASSERT(decoded.ok());
  RC_ASSERT(*decoded == value);
  RC_ASSERT(Encode(*decoded) == bytes);
  std::string body;
  AppendBody(value, &body);
  RC_ASSERT(bytes.substr(1) == body);
  absl::StatusOr<T> from_body = DecodeBody<T>(body);
  RC_ASSERT(from_body.ok());
  RC_ASSERT(*from_body == value);
}

template <typename T>
void RoundTripProperty() {
  CheckRoundTrip(*GenValue<T>());
}

RC_GTEST_PROP(CodecRoundTrip, TwoPcState, ()) {
  RoundTripProperty<twopc::State>();
}
RC_GTEST_PROP(CodecRoundTrip, TwoPcMessage, ()) {
  RoundTripProperty<twopc::Message>();
}
RC_GTEST_PROP(CodecRoundTrip, TwoPcConfig, ()) {
  RoundTripProperty<twopc::Config>();
}
RC_GTEST_PROP(CodecRoundTrip, TwoPcEvent, ()) {
  RoundTripProperty<core::Event<TwoPhase>>();
}
RC_GTEST_PROP(CodecRoundTrip, TwoPcEnvelope, ()) {
  RoundTripProperty<core::Envelope<TwoPhase>>();
}
RC_GTEST_PROP(CodecRoundTrip, TwoPcEnvelopes, ()) {
  RoundTripProperty<std::vector<core::Envelope<TwoPhase>>>();
}
RC_GTEST_PROP(CodecRoundTrip, Generic, ()) { RoundTripProperty<Generic>(); }
RC_GTEST_PROP(CodecRoundTrip, Scalars, ()) { RoundTripProperty<Scalars>(); }
RC_GTEST_PROP(CodecRoundTrip, ReflectedTree, ()) {
  RoundTripProperty<std::vector<Node>>();
}
RC_GTEST_PROP(CodecRoundTrip, NestedContainers, ()) {
  RoundTripProperty<std::vector<std::vector<std::optional<std::string>>>>();
}
RC_GTEST_PROP(CodecRoundTrip, ZeroWidthElements, ()) {
  RoundTripProperty<std::tuple<std::vector<ZeroWidth>, std::vector<Unit>,
                               std::vector<std::monostate>>>();
}

// Equal encodings mean equal values (the encoding is a canonical form: the
// model checker may hash encodings instead of values).
RC_GTEST_PROP(CodecCanonical, EqualEncodingsMeanEqualValues, ()) {
  const auto a = *GenValue<core::Event<TwoPhase>>();
  const auto b = *GenValue<core::Event<TwoPhase>>();
  RC_ASSERT((Encode(a) == Encode(b)) == (a == b));
  const auto c = *GenValue<Node>();
  const auto d = *GenValue<Node>();
  RC_ASSERT((Encode(c) == Encode(d)) == (c == d));
}

// No strict prefix of an encoding decodes: values are self-delimiting.
template <typename T>
void PrefixProperty() {
  const std::string bytes = Encode(*GenValue<T>());
  RC_LOG() << "encoding: " << Hex(bytes) << "\n";
  const size_t cut = *rc::gen::inRange<size_t>(0, bytes.size());
  RC_ASSERT_FALSE(Decode<T>(bytes.substr(0, cut)).ok());
}

RC_GTEST_PROP(CodecCanonical, NoPrefixDecodesGeneric, ()) {
  PrefixProperty<Generic>();
}
RC_GTEST_PROP(CodecCanonical, NoPrefixDecodesEnvelope, ()) {
  PrefixProperty<core::Envelope<TwoPhase>>();
}
RC_GTEST_PROP(CodecCanonical, NoPrefixDecodesNode, ()) {
  PrefixProperty<Node>();
}

// --- Byte strings that happen to decode -------------------------------------

// Bytes biased toward what the codec reads: small tags and counts, flags,
// continuation bytes and 0xff.
rc::Gen<std::string> GenWireBytes() {
  const rc::Gen<char> byte = rc::gen::weightedOneOf<char>({
      {4, rc::gen::map(rc::gen::inRange<int>(0, 5),
                       [](int v) { return static_cast<char>(v); })},
      {1, rc::gen::element('\x7f', '\x80', '\x81', '\xff')},
      {2, rc::gen::arbitrary<char>()},
  });
  // Mostly short: a long random string almost never decodes.
  return rc::gen::weightedOneOf<std::string>({
      {3, rc::gen::mapcat(rc::gen::inRange<size_t>(0, 16),
                          [byte](size_t length) {
                            return rc::gen::container<std::string>(length,
                                                                   byte);
                          })},
      {1, rc::gen::container<std::string>(byte)},
  });
}

// A valid encoding with a few random edits (overwrite, insert, erase).
template <typename T>
std::string MutatedEncoding() {
  std::string bytes = Encode(*GenValue<T>()).substr(1);
  const int edits = *rc::gen::inRange(1, 4);
  for (int i = 0; i < edits; ++i) {
    const int op = *rc::gen::inRange(0, 3);
    const size_t at = *rc::gen::inRange<size_t>(0, bytes.size() + 1);
    const char byte = *rc::gen::arbitrary<char>();
    if (op == 0 && at < bytes.size()) {
      bytes[at] = byte;
    } else if (op == 1) {
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), byte);
    } else if (at < bytes.size()) {
      bytes.erase(at, 1);
    }
  }
  return bytes;
}

// Returns whether `body` (framed) decoded.
template <typename T>
bool CheckReencode(const std::string& body) {
  const std::string framed = std::string(1, '\x01') + body;
  absl::StatusOr<T> decoded = Decode<T>(framed);
  if (decoded.ok()) {
    RC_ASSERT(Encode(*decoded) == framed);
    RC_ASSERT(*Decode<T>(framed) == *decoded);
  } else {
    RC_ASSERT(decoded.status().message().find("byte offset") !=
              std::string::npos);
  }
  return decoded.ok();
}

template <typename T>
void ReencodeProperty(const std::string& body) {
  RC_LOG() << "body: " << Hex(body) << "\n";
  RC_CLASSIFY(CheckReencode<T>(body), "decoded");
}

// Random strings rarely decode, so each case checks a batch of them.
template <typename T>
void RandomBytesProperty() {
  const auto batch =
      *rc::gen::container<std::vector<std::string>>(50, GenWireBytes());
  size_t decoded = 0;
  for (const std::string& body : batch) {
    RC_LOG() << "body: " << Hex(body) << "\n";
    decoded += CheckReencode<T>(body) ? 1 : 0;
  }
  RC_CLASSIFY(decoded > 0, "some decoded");
}

RC_GTEST_PROP(CodecReencode, RandomBytesTwoPcState, ()) {
  RandomBytesProperty<twopc::State>();
}
RC_GTEST_PROP(CodecReencode, RandomBytesTwoPcEvent, ()) {
  RandomBytesProperty<core::Event<TwoPhase>>();
}
RC_GTEST_PROP(CodecReencode, RandomBytesTwoPcEnvelope, ()) {
  RandomBytesProperty<core::Envelope<TwoPhase>>();
}
RC_GTEST_PROP(CodecReencode, RandomBytesGeneric, ()) {
  RandomBytesProperty<Generic>();
}
RC_GTEST_PROP(CodecReencode, RandomBytesScalars, ()) {
  RandomBytesProperty<Scalars>();
}
RC_GTEST_PROP(CodecReencode, MutatedTwoPcEvent, ()) {
  ReencodeProperty<core::Event<TwoPhase>>(
      MutatedEncoding<core::Event<TwoPhase>>());
}
RC_GTEST_PROP(CodecReencode, MutatedGeneric, ()) {
  ReencodeProperty<Generic>(MutatedEncoding<Generic>());
}
RC_GTEST_PROP(CodecReencode, MutatedNodes, ()) {
  ReencodeProperty<std::vector<Node>>(MutatedEncoding<std::vector<Node>>());
}

}  // namespace
}  // namespace stepwise::proptests
