// ElectionNode: the facade a service embeds to run one node of a leader
// election (Bully, Chang-Roberts ring, or Raft used only to elect), with the
// same interface whichever protocol is underneath.
//
// The node wraps a protocol core's pure `step`. It owns no clock, thread or
// socket: the service calls `Start`, `Receive` (a message arrived) and `Fire`
// (a timer it armed went off), then carries out `effects()` — sends to make
// (`from` is left 0: it is this node) and timers to arm or cancel — before the
// next call. `Tick` advances a logical clock used for nothing but the
// election-duration metrics, so durations are in the service's own ticks.
//
// A protocol is adapted by specializing `ElectionTraits<P>` (see
// bully_election.h, ring_election.h, raft_election.h): its initial state, who
// the node believes leads, whether it is campaigning, and which steps begin a
// campaign.
//
// Metrics count this node's own campaigns. A campaign is open from the step
// that begins it until the node learns a leader (any leader: the election
// succeeded, whether or not this node won); the ticks in between are its
// duration. It fails when a new campaign begins before a leader was learned
// (a timeout superseded it) or when `Stop` cuts it short, so always
//   elections_started == elections_completed + failed_elections + (open ? 1:0).
// `leader_changes` counts the times the node learned a leader other than the
// last one it knew: a leader lost and then found again is no change.
//
// Durability: for protocols with durable state (Raft's term and vote), when
// `effects().persisted()` the service must store `state()` before sending any
// of `effects().sends()`; `Start` after `Stop` resumes from `P::restart` of
// the state held, as after a crash.
//
// Thread-safety: none; one node is used from one thread (or under one lock).
// The leader-change callback runs inside Start/Stop/Receive/Fire, after the
// step is fully accounted for; it may read the node but must not call its
// mutating methods.

#ifndef STEPWISE_CORE_ELECTION_ELECTION_H_
#define STEPWISE_CORE_ELECTION_ELECTION_H_

#include <cassert>
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::election {

// Specialized once per protocol; the primary template is left undefined so
// a protocol without an adapter fails to compile rather than guess.
template <typename P>
struct ElectionTraits;

template <typename T, typename P>
concept ElectionAdapter =
    requires(const typename P::Config& config, NodeId self,
             const typename P::State& state, const Event<P>& event) {
      // The state a node starts from (a protocol may need more than P::init,
      // e.g. the ring's choice of initiators).
      { T::Init(config, self) } -> std::same_as<typename P::State>;
      { T::Leader(config, self, state) } -> std::same_as<std::optional<NodeId>>;
      { T::Campaigning(state) } -> std::same_as<bool>;
      // Whether the step from `before` on `event` to `after` began a campaign
      // (a new one even when the node was already campaigning).
      { T::BeginsCampaign(state, event, state) } -> std::same_as<bool>;
    };

struct ElectionMetrics {
  uint64_t elections_started = 0;
  uint64_t elections_completed = 0;  // ended with a leader learned
  uint64_t failed_elections = 0;     // superseded, or cut short by Stop
  uint64_t leader_changes = 0;
  uint64_t last_election_duration_ticks = 0;  // of the last completed one
  uint64_t total_election_ticks = 0;          // over all completed ones
  bool operator==(const ElectionMetrics&) const = default;
};

template <Protocol P, typename Traits = ElectionTraits<P>>
  requires ElectionAdapter<Traits, P>
class ElectionNode {
 public:
  using Config = typename P::Config;
  using State = typename P::State;
  using Message = typename P::Message;
  using Timer = typename P::Timer;
  using LeaderCallback = std::function<void(std::optional<NodeId> old_leader,
                                            std::optional<NodeId> new_leader)>;

  ElectionNode(Config config, NodeId self)
      : config_(std::move(config)),
        self_(self),
        state_(Traits::Init(config_, self_)) {
    assert(self_ < P::node_count(config_));
  }

  // REQUIRES: !running(). A second Start (after Stop) restarts the node from
  // what P::restart keeps of its state, as a recovery after a crash.
  void Start() {
    assert(!running_);
    if (stopped_once_) state_ = P::restart(config_, self_, state_);
    running_ = true;
    Step(core::Start{});
  }

  // Stops reacting: input is ignored and leader() is empty until Start. The
  // effects cancel every timer so the service can simply carry them out.
  void Stop() {
    if (!running_) return;
    const std::optional<NodeId> old = leader();
    running_ = false;
    stopped_once_ = true;
    if (campaign_open_) CloseCampaign(/*learned_leader=*/false);
    effects_.Clear();
    for (uint32_t t = 0; t < EnumSize(Timer{}); ++t) {
      effects_.cancel_timer(static_cast<Timer>(t));
    }
    Announce(old);
  }

  void Receive(NodeId from, const Message& message) {
    if (!Ignore()) Step(core::Receive<P>{from, message});
  }
  void Fire(Timer timer) {
    if (!Ignore()) Step(Timeout<P>{timer});
  }
  void Tick(uint64_t ticks = 1) { now_ += ticks; }

  void OnLeaderChange(LeaderCallback callback) {
    on_leader_change_ = std::move(callback);
  }

  std::optional<NodeId> leader() const {
    return running_ ? Traits::Leader(config_, self_, state_) : std::nullopt;
  }
  bool is_leader() const { return leader() == self_; }
  bool campaigning() const { return running_ && Traits::Campaigning(state_); }
  bool running() const { return running_; }
  NodeId self() const { return self_; }
  ElectionMetrics metrics() const { return metrics_; }
  // What the last call asks the service to do.
  const Effects<P>& effects() const { return effects_; }
  // The protocol state, for persisting (see the top) and for diagnostics.
  const State& state() const { return state_; }

 private:
  bool Ignore() {
    effects_.Clear();  // a stopped node's call must not replay old effects
    return !running_;
  }

  void Step(const Event<P>& event) {
    const std::optional<NodeId> old = leader();
    // A copy, so the adapter can compare before and after; election states
    // are small (Raft used for election only keeps one entry per term).
    const State before = state_;
    effects_.Clear();
    P::step(config_, self_, state_, event, effects_);
    if (Traits::BeginsCampaign(before, event, state_)) {
      if (campaign_open_) CloseCampaign(/*learned_leader=*/false);
      ++metrics_.elections_started;
      campaign_open_ = true;
      campaign_start_ = now_;
    }
    if (campaign_open_ && leader().has_value()) {
      CloseCampaign(/*learned_leader=*/true);
    }
    Announce(old);
  }

  void CloseCampaign(bool learned_leader) {
    assert(campaign_open_);
    campaign_open_ = false;
    if (!learned_leader) {
      ++metrics_.failed_elections;
      return;
    }
    ++metrics_.elections_completed;
    metrics_.last_election_duration_ticks = now_ - campaign_start_;
    metrics_.total_election_ticks += now_ - campaign_start_;
  }

  // Counts and reports a change of leader() since `old`.
  void Announce(std::optional<NodeId> old) {
    assert(metrics_.elections_started == metrics_.elections_completed +
                                             metrics_.failed_elections +
                                             (campaign_open_ ? 1 : 0));
    const std::optional<NodeId> now = leader();
    if (now == old) return;
    if (now.has_value() && now != last_known_leader_) {
      ++metrics_.leader_changes;
      last_known_leader_ = now;
    }
    if (on_leader_change_) on_leader_change_(old, now);
  }

  const Config config_;
  const NodeId self_;
  State state_;
  Effects<P> effects_;
  bool running_ = false;
  bool stopped_once_ = false;
  uint64_t now_ = 0;  // ticks, for durations only
  bool campaign_open_ = false;
  uint64_t campaign_start_ = 0;
  std::optional<NodeId> last_known_leader_;
  ElectionMetrics metrics_;
  LeaderCallback on_leader_change_;
};

}  // namespace stepwise::core::election

#endif  // STEPWISE_CORE_ELECTION_ELECTION_H_
