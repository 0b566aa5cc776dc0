#include "fuzz/codec_seeds.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/twopc/twopc.h"
#include "fuzz/codec_fuzzer.h"

namespace stepwise::fuzz {
namespace {

using core::twopc::TwoPhase;
namespace twopc = core::twopc;

template <typename T>
Seed Make(std::string name, CodecType type, const T& value) {
  std::string bytes(1, static_cast<char>(type));
  bytes += core::codec::Encode(value);
  return {std::move(name), std::move(bytes)};
}

}  // namespace

std::vector<Seed> CodecSeeds() {
  using Event = core::Event<TwoPhase>;
  using Envelope = core::Envelope<TwoPhase>;
  const auto kState = CodecType::kTwoPcState;
  const auto kEvent = CodecType::kTwoPcEvent;
  const auto kEnvelope = CodecType::kTwoPcEnvelope;
  return {
      Make("state-initial", kState, twopc::State{}),
      Make("state-rm-prepared", kState,
           twopc::State{twopc::RmState::kPrepared, twopc::TmState::kInit, 0}),
      Make("state-tm-committed", kState,
           twopc::State{twopc::RmState::kWorking, twopc::TmState::kCommitted,
                        0xe}),
      Make("message-prepared", CodecType::kTwoPcMessage,
           twopc::Message(twopc::Prepared{})),
      Make("message-abort", CodecType::kTwoPcMessage,
           twopc::Message(twopc::Abort{})),
      Make("config-default", CodecType::kTwoPcConfig, twopc::Config{}),
      Make("config-bug", CodecType::kTwoPcConfig,
           twopc::Config{twopc::kMaxRms, twopc::Bug::kVolatileDecision}),
      Make("event-start", kEvent, Event(core::Start{})),
      Make("event-receive", kEvent,
           Event(core::Receive<TwoPhase>{2, twopc::Commit{}})),
      Make("event-timeout", kEvent,
           Event(core::Timeout<TwoPhase>{twopc::Timer::kGiveUp})),
      Make("event-request", kEvent,
           Event(core::Request<TwoPhase>{300, 70000, std::monostate{}})),
      Make("envelope-prepared", kEnvelope, Envelope{3, 0, twopc::Prepared{}}),
      Make("envelope-commit", kEnvelope, Envelope{0, 200, twopc::Commit{}}),
      Make("generic-empty", CodecType::kGeneric, GenericValue{}),
      Make("generic-mixed", CodecType::kGeneric,
           GenericValue{std::nullopt, uint64_t{300}, std::string("stepwise"),
                        std::numeric_limits<uint64_t>::max()}),
      Make("scalars-edges", CodecType::kScalars,
           ScalarsValue{-128,
                        300,
                        -70000,
                        std::numeric_limits<int64_t>::min(),
                        65535,
                        true,
                        {0, 255},
                        "ab"}),
      Make("scalars-zero", CodecType::kScalars, ScalarsValue{}),
      Make("deep", CodecType::kDeep, DeepValue{{std::nullopt, uint8_t{7}}, {}}),
      Make("zero-width", CodecType::kZeroWidth,
           ZeroWidthValue{std::vector<std::monostate>(3), {}}),
  };
}

}  // namespace stepwise::fuzz
