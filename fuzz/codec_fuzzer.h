// The codec fuzz target's logic, shared by the libFuzzer binary (fuzz_codec)
// and the corpus replay test (fuzz_corpus_test).
//
// An input is one selector byte, which picks the decoded type, followed by a
// framed encoding (version byte + body). Every protocol in core/ has its
// State, Message, Config, Event<P> and Envelope<P> here, numbered from the
// protocol list. Whatever decodes must
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
#include "core/protocols.h"
#include "core/reflect.h"

namespace stepwise::fuzz {

// The selector byte picks the decoded type (selector % kCodecTypeCount).
// Each protocol of the list (core/protocols.h) has five consecutive
// selectors, one per CodecPart; selectors 5..8 are the codec's own generic
// types. The numbering follows the list's order, which only ever grows at
// the end, so a checked-in corpus file's selector keeps naming its type:
//   0..4   the first protocol (twopc)     5..8   generic, scalars, deep,
//   9..13  the second (raft)                     zero-width
//   14..18 the third (bully), 19..23 the fourth (ring), and so on.
STEPWISE_ENUM(CodecPart, kState, kMessage, kConfig, kEvent, kEnvelope);
inline constexpr size_t kCodecPartCount = 5;
inline constexpr uint8_t kGenericSelector = 5;
inline constexpr uint8_t kScalarsSelector = 6;
inline constexpr uint8_t kDeepSelector = 7;
inline constexpr uint8_t kZeroWidthSelector = 8;
inline constexpr size_t kCodecTypeCount =
    4 + kCodecPartCount * core::Protocols::kSize;
static_assert(kCodecTypeCount <= 256, "one selector byte");

// The selector of `part` of the protocol at `index` in the list.
constexpr uint8_t CodecSelector(size_t index, CodecPart part) {
  const size_t base = index == 0 ? 0 : 9 + kCodecPartCount * (index - 1);
  return static_cast<uint8_t>(base + static_cast<size_t>(part));
}
template <typename P>
constexpr uint8_t CodecSelectorOf(CodecPart part) {
  return CodecSelector(*core::Protocols::IndexOfName(P::kName), part);
}

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

// What selector `selector` (< kCodecTypeCount) decodes, e.g. "raft State".
std::string CodecTypeName(uint8_t selector);

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
