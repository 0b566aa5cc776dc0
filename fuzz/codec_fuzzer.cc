// libFuzzer target for core/codec: see codec_fuzzer.h.

#include "fuzz/codec_fuzzer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/statusor.h"
#include "core/bully/bully.h"
#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/raft/raft.h"
#include "core/ring/ring.h"
#include "core/twopc/twopc.h"

namespace stepwise::fuzz {
namespace {

using core::bully::Bully;
using core::codec::Decode;
using core::codec::Encode;
using core::codec::Limits;
using core::raft::Raft;
using core::ring::ChangRoberts;
using core::twopc::TwoPhase;

template <typename T>
CodecOutcome RoundTrip(std::string_view framed, Limits limits) {
  absl::StatusOr<T> decoded = Decode<T>(framed, limits);
  if (!decoded.ok()) return CodecOutcome::kRejected;
  const std::string encoded = Encode(*decoded);
  if (encoded != framed) return CodecOutcome::kMismatch;
  absl::StatusOr<T> again = Decode<T>(encoded, limits);
  if (!again.ok() || !(*again == *decoded)) return CodecOutcome::kMismatch;
  return CodecOutcome::kRoundTripped;
}

template <typename T>
using Type = std::type_identity<T>;

// Calls `fn(Type<T>{}, limits)` with the type `type` names and the limits it
// is decoded with; returns `fn`'s result.
template <typename R, typename Fn>
R WithCodecType(CodecType type, R fallback, Fn&& fn) {
  const Limits defaults;
  switch (type) {
    case CodecType::kTwoPcState:
      return fn(Type<core::twopc::State>{}, defaults);
    case CodecType::kTwoPcMessage:
      return fn(Type<core::twopc::Message>{}, defaults);
    case CodecType::kTwoPcConfig:
      return fn(Type<core::twopc::Config>{}, defaults);
    case CodecType::kTwoPcEvent:
      return fn(Type<core::Event<TwoPhase>>{}, defaults);
    case CodecType::kTwoPcEnvelope:
      return fn(Type<core::Envelope<TwoPhase>>{}, defaults);
    case CodecType::kGeneric:
      return fn(Type<GenericValue>{}, defaults);
    case CodecType::kScalars:
      return fn(Type<ScalarsValue>{}, defaults);
    case CodecType::kDeep:
      return fn(Type<DeepValue>{}, kDeepLimits);
    case CodecType::kZeroWidth:
      return fn(Type<ZeroWidthValue>{}, kZeroWidthLimits);
    case CodecType::kRaftState:
      return fn(Type<core::raft::State>{}, defaults);
    case CodecType::kRaftMessage:
      return fn(Type<core::raft::Message>{}, defaults);
    case CodecType::kRaftConfig:
      return fn(Type<core::raft::Config>{}, defaults);
    case CodecType::kRaftEvent:
      return fn(Type<core::Event<Raft>>{}, defaults);
    case CodecType::kRaftEnvelope:
      return fn(Type<core::Envelope<Raft>>{}, defaults);
    case CodecType::kBullyState:
      return fn(Type<core::bully::State>{}, defaults);
    case CodecType::kBullyMessage:
      return fn(Type<core::bully::Message>{}, defaults);
    case CodecType::kBullyConfig:
      return fn(Type<core::bully::Config>{}, defaults);
    case CodecType::kBullyEvent:
      return fn(Type<core::Event<Bully>>{}, defaults);
    case CodecType::kBullyEnvelope:
      return fn(Type<core::Envelope<Bully>>{}, defaults);
    case CodecType::kRingState:
      return fn(Type<core::ring::State>{}, defaults);
    case CodecType::kRingMessage:
      return fn(Type<core::ring::Message>{}, defaults);
    case CodecType::kRingConfig:
      return fn(Type<core::ring::Config>{}, defaults);
    case CodecType::kRingEvent:
      return fn(Type<core::Event<ChangRoberts>>{}, defaults);
    case CodecType::kRingEnvelope:
      return fn(Type<core::Envelope<ChangRoberts>>{}, defaults);
  }
  return fallback;
}

CodecType SelectedType(std::string_view input) {
  return static_cast<CodecType>(static_cast<uint8_t>(input[0]) %
                                kCodecTypeCount);
}

}  // namespace

std::string_view CodecTypeName(CodecType type) {
  switch (type) {
    case CodecType::kTwoPcState:
      return "twopc::State";
    case CodecType::kTwoPcMessage:
      return "twopc::Message";
    case CodecType::kTwoPcConfig:
      return "twopc::Config";
    case CodecType::kTwoPcEvent:
      return "Event<TwoPhase>";
    case CodecType::kTwoPcEnvelope:
      return "Envelope<TwoPhase>";
    case CodecType::kGeneric:
      return "vector<optional<variant<uint64_t, string>>>";
    case CodecType::kScalars:
      return "tuple<int8..int64, uint16, bool, array<uint8, 2>, string>";
    case CodecType::kDeep:
      return "vector<vector<optional<variant<uint8_t, vector<uint8_t>>>>>";
    case CodecType::kZeroWidth:
      return "vector<vector<monostate>>";
    case CodecType::kRaftState:
      return "raft::State";
    case CodecType::kRaftMessage:
      return "raft::Message";
    case CodecType::kRaftConfig:
      return "raft::Config";
    case CodecType::kRaftEvent:
      return "Event<Raft>";
    case CodecType::kRaftEnvelope:
      return "Envelope<Raft>";
    case CodecType::kBullyState:
      return "bully::State";
    case CodecType::kBullyMessage:
      return "bully::Message";
    case CodecType::kBullyConfig:
      return "bully::Config";
    case CodecType::kBullyEvent:
      return "Event<Bully>";
    case CodecType::kBullyEnvelope:
      return "Envelope<Bully>";
    case CodecType::kRingState:
      return "ring::State";
    case CodecType::kRingMessage:
      return "ring::Message";
    case CodecType::kRingConfig:
      return "ring::Config";
    case CodecType::kRingEvent:
      return "Event<ChangRoberts>";
    case CodecType::kRingEnvelope:
      return "Envelope<ChangRoberts>";
  }
  return "?";
}

CodecOutcome CheckCodecInput(std::string_view input) {
  if (input.empty()) return CodecOutcome::kRejected;
  const std::string_view framed = input.substr(1);
  return WithCodecType(SelectedType(input), CodecOutcome::kRejected,
                       [framed](auto type, Limits limits) {
                         using T = typename decltype(type)::type;
                         return RoundTrip<T>(framed, limits);
                       });
}

std::string CodecRejection(std::string_view input) {
  if (input.empty()) return "empty input";
  const std::string_view framed = input.substr(1);
  return WithCodecType(SelectedType(input), std::string("unknown type"),
                       [framed](auto type, Limits limits) {
                         using T = typename decltype(type)::type;
                         absl::StatusOr<T> decoded = Decode<T>(framed, limits);
                         return decoded.ok()
                                    ? std::string()
                                    : std::string(decoded.status().message());
                       });
}

}  // namespace stepwise::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (stepwise::fuzz::CheckCodecInput(input) ==
      stepwise::fuzz::CodecOutcome::kMismatch) {
    __builtin_trap();
  }
  return 0;
}
