// Every protocol of the list (core/protocols.h) is reachable from the
// fuzzing harnesses: the codec fuzzer decodes each of its five types under
// its own selectors, and a protocol with a ScheduleShape runs through the
// schedule fuzzer's code (the CLI is checked by tools/stepwise/cli_test.sh,
// the property tests are typed over the same list).

#include <set>
#include <string>
#include <vector>

#include "core/codec/codec.h"
#include "core/protocols.h"
#include "fuzz/codec_fuzzer.h"
#include "fuzz/schedule_shapes.h"
#include "gtest/gtest.h"

namespace stepwise::fuzz {
namespace {

template <typename T>
std::string Input(uint8_t selector, const T& value) {
  return std::string(1, static_cast<char>(selector)) +
         core::codec::Encode(value);
}

TEST(ListReach, CodecFuzzerDecodesEveryTypeOfEveryProtocol) {
  std::set<uint8_t> selectors;
  core::Protocols::ForEach([&]<typename P>() {
    SCOPED_TRACE(std::string(P::kName));
    const uint8_t state = CodecSelectorOf<P>(CodecPart::kState);
    const uint8_t message = CodecSelectorOf<P>(CodecPart::kMessage);
    const uint8_t config = CodecSelectorOf<P>(CodecPart::kConfig);
    const uint8_t event = CodecSelectorOf<P>(CodecPart::kEvent);
    const uint8_t envelope = CodecSelectorOf<P>(CodecPart::kEnvelope);
    EXPECT_EQ(CheckCodecInput(Input(state, typename P::State{})),
              CodecOutcome::kRoundTripped);
    EXPECT_EQ(CheckCodecInput(Input(message, typename P::Message{})),
              CodecOutcome::kRoundTripped);
    EXPECT_EQ(CheckCodecInput(Input(config, typename P::Config{})),
              CodecOutcome::kRoundTripped);
    EXPECT_EQ(CheckCodecInput(Input(event, core::Event<P>{})),
              CodecOutcome::kRoundTripped);
    EXPECT_EQ(CheckCodecInput(Input(envelope, core::Envelope<P>{})),
              CodecOutcome::kRoundTripped);
    for (uint8_t s : {state, message, config, event, envelope}) {
      EXPECT_LT(s, kCodecTypeCount);
      EXPECT_TRUE(selectors.insert(s).second) << "selector " << int{s};
      EXPECT_NE(CodecTypeName(s).find(std::string(P::kName)),
                std::string::npos);
    }
  });
  EXPECT_EQ(selectors.size() + 4, kCodecTypeCount);
}

TEST(ListReach, EveryScheduleShapeRunsCleanOnTheCorrectProtocol) {
  int shaped = 0;
  core::Protocols::ForEach([&]<typename P>() {
    if constexpr (HasScheduleShape<P>) {
      SCOPED_TRACE(std::string(P::kName));
      ++shaped;
      const std::vector<uint8_t> input = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
      const ScheduleRun<P> run =
          ScheduleShape<P>::Run(input, typename P::Bug{});
      EXPECT_FALSE(run.outcome.violation.has_value());
      EXPECT_GT(run.outcome.trace.states.size(), 0u);
    }
  });
  // A protocol may have no schedule fuzzer; the four first ones all do (a
  // generated fuzz/schedule_shapes.h that lost them would fail here).
  EXPECT_GE(shaped, 4);
  using Shaped = core::Protocols::Filter<HasScheduleShapeTrait>;
  EXPECT_EQ(Shaped::kSize, static_cast<size_t>(shaped));
}

}  // namespace
}  // namespace stepwise::fuzz
