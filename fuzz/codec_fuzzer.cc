// libFuzzer target for core/codec: see codec_fuzzer.h.

#include "fuzz/codec_fuzzer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/twopc/twopc.h"

namespace stepwise::fuzz {
namespace {

using core::codec::Decode;
using core::codec::Encode;
using core::codec::Limits;
using core::twopc::TwoPhase;

template <typename T>
CodecOutcome RoundTrip(std::string_view framed, Limits limits = {}) {
  absl::StatusOr<T> decoded = Decode<T>(framed, limits);
  if (!decoded.ok()) return CodecOutcome::kRejected;
  const std::string encoded = Encode(*decoded);
  if (encoded != framed) return CodecOutcome::kMismatch;
  absl::StatusOr<T> again = Decode<T>(encoded, limits);
  if (!again.ok() || !(*again == *decoded)) return CodecOutcome::kMismatch;
  return CodecOutcome::kRoundTripped;
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
  }
  return "?";
}

CodecOutcome CheckCodecInput(std::string_view input) {
  if (input.empty()) return CodecOutcome::kRejected;
  const auto type =
      static_cast<CodecType>(static_cast<uint8_t>(input[0]) % kCodecTypeCount);
  const std::string_view framed = input.substr(1);
  switch (type) {
    case CodecType::kTwoPcState:
      return RoundTrip<core::twopc::State>(framed);
    case CodecType::kTwoPcMessage:
      return RoundTrip<core::twopc::Message>(framed);
    case CodecType::kTwoPcConfig:
      return RoundTrip<core::twopc::Config>(framed);
    case CodecType::kTwoPcEvent:
      return RoundTrip<core::Event<TwoPhase>>(framed);
    case CodecType::kTwoPcEnvelope:
      return RoundTrip<core::Envelope<TwoPhase>>(framed);
    case CodecType::kGeneric:
      return RoundTrip<GenericValue>(framed);
    case CodecType::kScalars:
      return RoundTrip<ScalarsValue>(framed);
    case CodecType::kDeep:
      return RoundTrip<DeepValue>(framed, kDeepLimits);
    case CodecType::kZeroWidth:
      return RoundTrip<ZeroWidthValue>(framed, kZeroWidthLimits);
  }
  return CodecOutcome::kRejected;
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
