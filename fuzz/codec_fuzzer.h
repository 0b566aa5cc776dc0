// The codec fuzz target's logic, shared by the libFuzzer binary (fuzz_codec)
// and the corpus replay test (fuzz_corpus_test).
//
// An input is one selector byte, which picks the decoded type, followed by a
// framed encoding (version byte + body). Every protocol in core/ has its
// State, Message, Config, Event<P> and Envelope<P> here. Whatever decodes must
// re-encode to the very same bytes and decode again to an equal value; anything
// else must be rejected with an error, never a crash.

#ifndef STEPWISE_FUZZ_CODEC_FUZZER_H_
#define STEPWISE_FUZZ_CODEC_FUZZER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "core/codec/codec.h"

namespace stepwise::fuzz {

// The types the selector byte chooses from (selector % kCodecTypeCount).
// New types go at the end: a corpus file's selector byte names its type.
enum class CodecType : uint8_t {
  kTwoPcState,
  kTwoPcMessage,
  kTwoPcConfig,
  kTwoPcEvent,
  kTwoPcEnvelope,
  kGeneric,    // GenericValue
  kScalars,    // ScalarsValue
  kDeep,       // DeepValue, decoded with kDeepLimits
  kZeroWidth,  // ZeroWidthValue, decoded with kZeroWidthLimits
  kRaftState,
  kRaftMessage,
  kRaftConfig,
  kRaftEvent,
  kRaftEnvelope,
  kBullyState,
  kBullyMessage,
  kBullyConfig,
  kBullyEvent,
  kBullyEnvelope,
  kRingState,
  kRingMessage,
  kRingConfig,
  kRingEvent,
  kRingEnvelope,
};
inline constexpr size_t kCodecTypeCount = 24;
static_assert(static_cast<size_t>(CodecType::kRingEnvelope) + 1 ==
              kCodecTypeCount);

using GenericValue =
    std::vector<std::optional<std::variant<uint64_t, std::string>>>;
using ScalarsValue = std::tuple<int8_t, int16_t, int32_t, int64_t, uint16_t,
                                bool, std::array<uint8_t, 2>, std::string>;
// Five levels of nesting decoded with a limit of four: a variant's vector
// alternative is always too deep.
using DeepValue = std::vector<
    std::vector<std::optional<std::variant<uint8_t, std::vector<uint8_t>>>>>;
inline constexpr core::codec::Limits kDeepLimits{.max_length = 256,
                                                 .max_depth = 4};
// Elements that encode to no bytes at all: only max_length bounds them.
using ZeroWidthValue = std::vector<std::vector<std::monostate>>;
inline constexpr core::codec::Limits kZeroWidthLimits{.max_length = 1024,
                                                      .max_depth = 8};

std::string_view CodecTypeName(CodecType type);

enum class CodecOutcome {
  kRejected,      // did not decode (an error status, as it should)
  kRoundTripped,  // decoded, re-encoded identically, re-decoded equal
  kMismatch,      // decoded but did not round-trip: a codec bug
};

// Runs one fuzz input (selector byte + framed encoding).
CodecOutcome CheckCodecInput(std::string_view input);

// Why `input` is rejected: the decoder's error message, "empty input", or ""
// when it decodes. Tests use it to check a reject-* file fails for the reason
// its name gives.
std::string CodecRejection(std::string_view input);

}  // namespace stepwise::fuzz

// The libFuzzer entry point: traps on kMismatch.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // STEPWISE_FUZZ_CODEC_FUZZER_H_
