#include "fuzz/codec_seeds.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/bully/bully.h"
#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/protocols.h"
#include "core/raft/kv.h"
#include "core/raft/raft.h"
#include "core/ring/ring.h"
#include "core/twopc/twopc.h"
#include "fuzz/codec_fuzzer.h"

namespace stepwise::fuzz {
namespace {

using core::bully::Bully;
using core::raft::Raft;
using core::ring::ChangRoberts;
using core::twopc::TwoPhase;
namespace bully = core::bully;
namespace raft = core::raft;
namespace ring = core::ring;
namespace twopc = core::twopc;

template <typename T>
Seed Make(std::string name, uint8_t type, const T& value) {
  std::string bytes(1, static_cast<char>(type));
  bytes += core::codec::Encode(value);
  return {std::move(name), std::move(bytes), ""};
}

// A hand-written malformed input: selector byte + `framed`.
Seed Reject(std::string name, uint8_t type, std::string_view framed,
            std::string reason) {
  std::string bytes(1, static_cast<char>(type));
  bytes += framed;
  return {std::move(name), std::move(bytes), std::move(reason)};
}

// The encoding of `value` with the first `from` replaced by `to` (unchanged
// if there is none: the test then finds the seed decodes).
template <typename T>
std::string Patched(const T& value, std::string_view from,
                    std::string_view to) {
  std::string bytes = core::codec::Encode(value);
  const size_t at = bytes.find(from);
  if (at != std::string::npos) bytes.replace(at, from.size(), to);
  return bytes;
}

void Append(std::vector<Seed>& to, std::vector<Seed> more) {
  for (Seed& seed : more) to.push_back(std::move(seed));
}

std::vector<Seed> TwoPcSeeds() {
  using Event = core::Event<TwoPhase>;
  using Envelope = core::Envelope<TwoPhase>;
  const auto kState = CodecSelectorOf<TwoPhase>(CodecPart::kState);
  const auto kEvent = CodecSelectorOf<TwoPhase>(CodecPart::kEvent);
  const auto kEnvelope = CodecSelectorOf<TwoPhase>(CodecPart::kEnvelope);
  return {
      Make("state-initial", kState, twopc::State{}),
      Make("state-rm-prepared", kState,
           twopc::State{twopc::RmState::kPrepared, twopc::TmState::kInit, 0}),
      Make("state-tm-committed", kState,
           twopc::State{twopc::RmState::kWorking, twopc::TmState::kCommitted,
                        0xe}),
      Make("message-prepared", CodecSelectorOf<TwoPhase>(CodecPart::kMessage),
           twopc::Message(twopc::Prepared{})),
      Make("message-abort", CodecSelectorOf<TwoPhase>(CodecPart::kMessage),
           twopc::Message(twopc::Abort{})),
      Make("config-default", CodecSelectorOf<TwoPhase>(CodecPart::kConfig),
           twopc::Config{}),
      Make("config-bug", CodecSelectorOf<TwoPhase>(CodecPart::kConfig),
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
  };
}

std::vector<Seed> GenericSeeds() {
  return {
      Make("generic-empty", kGenericSelector, GenericValue{}),
      Make("generic-mixed", kGenericSelector,
           GenericValue{std::nullopt, uint64_t{300}, std::string("stepwise"),
                        std::numeric_limits<uint64_t>::max()}),
      Make("scalars-edges", kScalarsSelector,
           ScalarsValue{-128,
                        300,
                        -70000,
                        std::numeric_limits<int64_t>::min(),
                        65535,
                        true,
                        {0, 255},
                        "ab"}),
      Make("scalars-zero", kScalarsSelector, ScalarsValue{}),
      Make("deep", kDeepSelector, DeepValue{{std::nullopt, uint8_t{7}}, {}}),
      Make("zero-width", kZeroWidthSelector,
           ZeroWidthValue{std::vector<std::monostate>(3), {}}),
  };
}

raft::KvCommand KvCommandOf(raft::KvOp op, std::string value) {
  raft::KvCommand command;
  command.op = op;
  command.key = "x";
  command.value = std::move(value);
  return command;
}

raft::Entry ProposalEntry(uint64_t term, raft::KvOp op, std::string value) {
  return {
      .term = term,
      .command = raft::Proposal{.client = 7,
                                .seq = term,
                                .command = KvCommandOf(op, std::move(value))}};
}

// A follower that voted for node 1 and applied a put from client 7.
raft::State RaftFollower() {
  raft::State state;
  state.term = 3;
  state.voted_for = 1;
  state.log = {{.term = 1, .command = raft::Noop{}},
               ProposalEntry(2, raft::KvOp::kPut, "1"),
               {.term = 3, .command = raft::Noop{}}};
  state.leader = 1;
  state.commit = 2;
  state.applied = 2;
  state.kv.pairs = {{.key = "x", .value = "1"}};
  state.kv.sessions = {{.client = 7, .seq = 2, .result = raft::KvOk{}}};
  return state;
}

// A leader of three nodes with one ReadIndex read waiting.
raft::State RaftLeader() {
  raft::State state;
  state.term = 2;
  state.voted_for = 0;
  state.log = {{.term = 2, .command = raft::Noop{}}};
  state.role = raft::Role::kLeader;
  state.leader = 0;
  state.commit = 1;
  state.applied = 1;
  state.votes = 0b011;
  state.active = 0b111;
  state.progress = {{.match = 1, .next = 2, .round = 1, .commit_sent = 1},
                    {.match = 0, .next = 1, .sent_end = 1, .inflight = true},
                    {.match = 1, .next = 2, .commit_sent = 1}};
  state.read_round = 1;
  state.reads = {{.client = 9, .request_id = 4, .key = "x", .round = 1}};
  state.reads_served = 255;
  return state;
}

raft::Config RaftConfigAllSet() {
  return {.nodes = raft::kMaxNodes,
          .max_term = 6,
          .max_log_length = 6,
          .max_append_entries = 1,
          .pre_vote = true,
          .check_quorum = true,
          .retransmit = false,
          .idle_heartbeats = false,
          .auto_propose = true,
          .auto_read = true,
          .bug = raft::Bug::kReadWithoutQuorum};
}

raft::AppendEntries RaftAppend() {
  return {.term = 3,
          .prev_index = 1,
          .prev_term = 1,
          .entries = {ProposalEntry(2, raft::KvOp::kCas, "2"),
                      {.term = 3, .command = raft::Noop{}}},
          .commit = 1,
          .round = 2};
}

std::vector<Seed> RaftSeeds() {
  using Event = core::Event<Raft>;
  using Envelope = core::Envelope<Raft>;
  const auto kState = CodecSelectorOf<Raft>(CodecPart::kState);
  const auto kMessage = CodecSelectorOf<Raft>(CodecPart::kMessage);
  const auto kEvent = CodecSelectorOf<Raft>(CodecPart::kEvent);
  const auto kEnvelope = CodecSelectorOf<Raft>(CodecPart::kEnvelope);
  const raft::KvCommand incr = KvCommandOf(raft::KvOp::kIncr, "");
  return {
      Make("raft-state-initial", kState, raft::State{}),
      Make("raft-state-follower-log", kState, RaftFollower()),
      Make("raft-state-leader", kState, RaftLeader()),
      Make("raft-message-default", kMessage, raft::Message{}),
      Make("raft-message-append-entries", kMessage,
           raft::Message(RaftAppend())),
      Make("raft-message-append-rejected", kMessage,
           raft::Message(raft::AppendResult{.term = 4,
                                            .index = 5,
                                            .conflict_index = 3,
                                            .conflict_term = 2,
                                            .round = 1})),
      Make("raft-message-prevote-granted", kMessage,
           raft::Message(
               raft::Vote{.term = 5, .granted = true, .pre_vote = true})),
      Make("raft-config-default", CodecSelectorOf<Raft>(CodecPart::kConfig),
           raft::Config{}),
      Make("raft-config-all-set", CodecSelectorOf<Raft>(CodecPart::kConfig),
           RaftConfigAllSet()),
      Make("raft-event-start", kEvent, Event(core::Start{})),
      Make("raft-event-receive", kEvent,
           Event(core::Receive<Raft>{2, raft::RequestVote{.term = 2,
                                                          .last_index = 1,
                                                          .last_term = 1,
                                                          .pre_vote = true}})),
      Make("raft-event-timeout", kEvent,
           Event(core::Timeout<Raft>{raft::Timer::kRead})),
      Make("raft-event-request", kEvent,
           Event(core::Request<Raft>{300, 70000, incr})),
      Make("raft-envelope-default", kEnvelope, Envelope{}),
      Make("raft-envelope-append-entries", kEnvelope,
           Envelope{0, 2, RaftAppend()}),
  };
}

std::vector<Seed> BullySeeds() {
  using Event = core::Event<Bully>;
  using Envelope = core::Envelope<Bully>;
  const auto kState = CodecSelectorOf<Bully>(CodecPart::kState);
  const auto kMessage = CodecSelectorOf<Bully>(CodecPart::kMessage);
  const auto kConfig = CodecSelectorOf<Bully>(CodecPart::kConfig);
  const auto kEvent = CodecSelectorOf<Bully>(CodecPart::kEvent);
  const auto kEnvelope = CodecSelectorOf<Bully>(CodecPart::kEnvelope);
  return {
      Make("bully-state-initial", kState, bully::State{}),
      Make("bully-state-leader", kState,
           bully::State{bully::Role::kLeader, 3, 2, true}),
      Make("bully-message-default", kMessage, bully::Message{}),
      Make("bully-message-ack", kMessage, bully::Message(bully::Ack{})),
      Make("bully-config-default", kConfig, bully::Config{}),
      Make("bully-config-priorities", kConfig,
           bully::Config{bully::kMaxNodes,
                         {5, 5, 1, 300, 0, 7, 7, 2},
                         4,
                         bully::Bug::kNoTieBreak}),
      Make("bully-event-start", kEvent, Event(core::Start{})),
      Make("bully-event-receive", kEvent,
           Event(core::Receive<Bully>{2, bully::Coordinator{}})),
      Make("bully-event-timeout", kEvent,
           Event(core::Timeout<Bully>{bully::Timer::kLeaderCheck})),
      Make("bully-envelope-default", kEnvelope, Envelope{}),
      Make("bully-envelope-ping", kEnvelope, Envelope{1, 7, bully::Ping{}}),
  };
}

std::vector<Seed> RingSeeds() {
  using Event = core::Event<ChangRoberts>;
  using Envelope = core::Envelope<ChangRoberts>;
  const auto kState = CodecSelectorOf<ChangRoberts>(CodecPart::kState);
  const auto kMessage = CodecSelectorOf<ChangRoberts>(CodecPart::kMessage);
  const auto kConfig = CodecSelectorOf<ChangRoberts>(CodecPart::kConfig);
  const auto kEvent = CodecSelectorOf<ChangRoberts>(CodecPart::kEvent);
  const auto kEnvelope = CodecSelectorOf<ChangRoberts>(CodecPart::kEnvelope);
  return {
      Make("ring-state-initial", kState, ring::State{}),
      Make("ring-state-won", kState, ring::State{true, ring::Status::kWon, 1}),
      Make("ring-message-default", kMessage, ring::Message{}),
      Make("ring-message-coordinator", kMessage,
           ring::Message(ring::Coordinator{300})),
      Make("ring-config-default", kConfig, ring::Config{}),
      Make("ring-config-ids", kConfig,
           ring::Config{
               4, true, true, ring::Bug::kLostNodeSwallows, {4, 1, 300, 2}}),
      Make("ring-event-start", kEvent, Event(core::Start{})),
      Make("ring-event-receive", kEvent,
           Event(core::Receive<ChangRoberts>{3, ring::Election{5}})),
      Make("ring-event-timeout", kEvent,
           Event(core::Timeout<ChangRoberts>{ring::Timer::kUnused})),
      Make("ring-envelope-default", kEnvelope, Envelope{}),
      Make("ring-envelope-coordinator", kEnvelope,
           Envelope{3, 0, ring::Coordinator{1}}),
  };
}

}  // namespace

// The default value of each of P's five codec types: what every protocol of
// the list gets without hand-written seeds (list-<name>-<part>).
template <typename P>
std::vector<Seed> ListSeeds() {
  const std::string prefix = "list-" + std::string(P::kName) + "-";
  return {
      Make(prefix + "state", CodecSelectorOf<P>(CodecPart::kState),
           typename P::State{}),
      Make(prefix + "message", CodecSelectorOf<P>(CodecPart::kMessage),
           typename P::Message{}),
      Make(prefix + "config", CodecSelectorOf<P>(CodecPart::kConfig),
           typename P::Config{}),
      Make(prefix + "event", CodecSelectorOf<P>(CodecPart::kEvent),
           core::Event<P>{}),
      Make(prefix + "envelope", CodecSelectorOf<P>(CodecPart::kEnvelope),
           core::Envelope<P>{}),
  };
}

std::vector<Seed> CodecSeeds() {
  std::vector<Seed> seeds = TwoPcSeeds();
  Append(seeds, GenericSeeds());
  Append(seeds, RaftSeeds());
  Append(seeds, BullySeeds());
  Append(seeds, RingSeeds());
  core::Protocols::ForEach(
      [&]<typename P>() { Append(seeds, ListSeeds<P>()); });
  return seeds;
}

std::vector<Seed> CodecRejectSeeds() {
  using namespace std::string_literals;
  // Request<Raft>{client 1, request 1, incr "x"} with op 7, one past kIncr.
  const core::Event<Raft> incr(
      core::Request<Raft>{1, 1, KvCommandOf(raft::KvOp::kIncr, "")});
  // voted_for = 2^32 instead of 2^32 - 1: a NodeId is 32 bits.
  raft::State voted;
  voted.term = 1;
  voted.voted_for = 0xffffffff;
  return {
      // DeepValue: vector, vector, optional, variant tag 1, then a fifth
      // level (vector<uint8_t>) under kDeepLimits' depth of four.
      Reject("reject-deep-nesting", kDeepSelector,
             "\x01\x01\x01\x01\x01\x01\x00"s, "nesting too deep"),
      // Receive{from 2, twopc::Message tag 3}: twopc has three messages.
      Reject("reject-event-unknown-tag",
             CodecSelectorOf<TwoPhase>(CodecPart::kEvent), "\x01\x01\x02\x03",
             "unknown variant tag 3"),
      // A vector count of 2^40: over Limits::max_length (2^20).
      Reject("reject-generic-count-2-40", kGenericSelector,
             "\x01\x80\x80\x80\x80\x80\x20", "exceeds limit"),
      // The int8 field is a ten-byte varint above 2^64.
      Reject("reject-scalars-varint-overflow", kScalarsSelector,
             "\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02",
             "varint overflows 64 bits"),
      // twopc::State's third field encodes 0 as "80 00".
      Reject("reject-state-non-minimal",
             CodecSelectorOf<TwoPhase>(CodecPart::kState),
             "\x01\x00\x00\x80\x00"s, "non-minimal varint"),
      // One inner vector of 1025 monostates; kZeroWidthLimits allow 1024.
      Reject("reject-zero-width-over-limit", kZeroWidthSelector,
             "\x01\x01\x81\x08", "exceeds limit"),
      Reject("reject-raft-state-voted-for-2-32",
             CodecSelectorOf<Raft>(CodecPart::kState),
             Patched(voted, "\xff\xff\xff\xff\x0f", "\x80\x80\x80\x80\x10"),
             "integer out of range"),
      // AppendEntries{term 2, prev 0/0} claims 3 entries; the bytes left
      // (one {term 2, Noop} entry, commit 0, round 0) hold at most 2.
      Reject("reject-raft-append-entries-count",
             CodecSelectorOf<Raft>(CodecPart::kMessage),
             "\x01\x02\x02\x00\x00\x03\x02\x00\x00\x00"s,
             "vector length 3 but only 4 bytes left"),
      Reject("reject-raft-event-kv-op",
             CodecSelectorOf<Raft>(CodecPart::kEvent),
             Patched(incr, "\x06\x01x", "\x07\x01x"), "unknown enum value"),
      // bully::State with role 4: there are four roles.
      Reject("reject-bully-state-role",
             CodecSelectorOf<Bully>(CodecPart::kState), "\x01\x04\x00\x00\x00"s,
             "unknown enum value"),
      // ring::Message tag 2: Election and Coordinator only.
      Reject("reject-ring-message-unknown-tag",
             CodecSelectorOf<ChangRoberts>(CodecPart::kMessage), "\x01\x02\x07",
             "unknown variant tag 2"),
  };
}

}  // namespace stepwise::fuzz
