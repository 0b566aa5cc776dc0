// libFuzzer target for core/codec: see codec_fuzzer.h.

#include "fuzz/codec_fuzzer.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/statusor.h"
#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/protocols.h"

namespace stepwise::fuzz {
namespace {

using core::codec::Decode;
using core::codec::Encode;
using core::codec::Limits;

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

// Calls `fn(Type<T>{}, limits)` with the type `selector` names and the
// limits it is decoded with; returns `fn`'s result (`fallback` for none).
template <typename R, typename Fn>
R WithCodecType(uint8_t selector, R fallback, Fn&& fn) {
  const Limits defaults;
  switch (selector) {
    case kGenericSelector:
      return fn(Type<GenericValue>{}, defaults);
    case kScalarsSelector:
      return fn(Type<ScalarsValue>{}, defaults);
    case kDeepSelector:
      return fn(Type<DeepValue>{}, kDeepLimits);
    case kZeroWidthSelector:
      return fn(Type<ZeroWidthValue>{}, kZeroWidthLimits);
    default:
      break;
  }
  std::optional<R> result;
  core::Protocols::ForEach([&]<typename P>() {
    if (result.has_value()) return;
    for (size_t part = 0; part < kCodecPartCount; ++part) {
      if (CodecSelectorOf<P>(static_cast<CodecPart>(part)) != selector) {
        continue;
      }
      switch (static_cast<CodecPart>(part)) {
        case CodecPart::kState:
          result = fn(Type<typename P::State>{}, defaults);
          break;
        case CodecPart::kMessage:
          result = fn(Type<typename P::Message>{}, defaults);
          break;
        case CodecPart::kConfig:
          result = fn(Type<typename P::Config>{}, defaults);
          break;
        case CodecPart::kEvent:
          result = fn(Type<core::Event<P>>{}, defaults);
          break;
        case CodecPart::kEnvelope:
          result = fn(Type<core::Envelope<P>>{}, defaults);
          break;
      }
    }
  });
  return result.has_value() ? *std::move(result) : fallback;
}

uint8_t SelectedType(std::string_view input) {
  return static_cast<uint8_t>(static_cast<uint8_t>(input[0]) % kCodecTypeCount);
}

}  // namespace

std::string CodecTypeName(uint8_t selector) {
  switch (selector) {
    case kGenericSelector:
      return "vector<optional<variant<uint64_t, string>>>";
    case kScalarsSelector:
      return "tuple<int8..int64, uint16, bool, array<uint8, 2>, string>";
    case kDeepSelector:
      return "vector<vector<optional<variant<uint8_t, vector<uint8_t>>>>>";
    case kZeroWidthSelector:
      return "vector<vector<monostate>>";
    default:
      break;
  }
  std::string name = "?";
  core::Protocols::ForEach([&]<typename P>() {
    for (size_t part = 0; part < kCodecPartCount; ++part) {
      const auto codec_part = static_cast<CodecPart>(part);
      if (CodecSelectorOf<P>(codec_part) == selector) {
        name = std::string(P::kName) + " " +
               std::string(EnumName(codec_part)).substr(1);
      }
    }
  });
  return name;
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
