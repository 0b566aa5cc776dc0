#include "spec/raft_conformance.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "spec/raft_election_spec.h"

namespace stepwise::spec {
namespace {

using core::NodeId;
using core::raft::Raft;
using core::raft::Role;

}  // namespace

RaftAbstractState::RaftAbstractState(std::vector<core::raft::State> nodes)
    : nodes_(std::move(nodes)) {}

void RaftAbstractState::RecordStep(NodeId self, const core::Event<Raft>& event,
                                   const core::raft::State& after) {
  assert(self < nodes_.size());
  const core::raft::State& before = nodes_[self];
  if (after.voted_for.has_value()) {
    held_.insert({self, after.term, *after.voted_for});
  }
  if (after.role == Role::kCandidate) {
    for (NodeId voter = 0; voter < nodes_.size() && voter < 32; ++voter) {
      if ((after.votes >> voter) & 1) {
        counted_.insert({voter, after.term, self});
      }
    }
  }
  if (after.role == Role::kLeader) leaders_.insert({self, after.term});
  const bool became_leader =
      after.role == Role::kLeader &&
      (before.role != Role::kLeader || before.term != after.term);
  // The deciding vote never shows in the vote mask: becoming leader clears
  // it in the same step.
  const auto* receive = std::get_if<core::Receive<Raft>>(&event);
  const auto* vote = receive == nullptr
                         ? nullptr
                         : std::get_if<core::raft::Vote>(&receive->message);
  if (became_leader && vote != nullptr && !vote->pre_vote &&
      vote->term == after.term) {
    counted_.insert({receive->from, after.term, self});
  }
  nodes_[self] = after;
}

void RaftAbstractState::RecordMessage(NodeId from, NodeId to,
                                      const core::raft::Message& message) {
  const auto* vote = std::get_if<core::raft::Vote>(&message);
  if (vote != nullptr && vote->granted && !vote->pre_vote) {
    sent_.insert({from, vote->term, to});
  }
}

void RaftAbstractState::RecordCrash(NodeId self,
                                    const core::raft::State& durable) {
  assert(self < nodes_.size());
  nodes_[self] = durable;
  std::erase_if(counted_,
                [self](const RaftVote& v) { return v.candidate == self; });
}

bool RaftAbstractState::Voted(NodeId voter, uint64_t term,
                              NodeId candidate) const {
  const core::raft::State& node = nodes_[voter];
  if (term == node.term) {
    if (node.voted_for == candidate) return true;
  } else if (term < node.term && held_.contains({voter, term, candidate})) {
    return true;
  }
  return sent_.contains({voter, term, candidate});
}

bool RaftAbstractState::Received(NodeId candidate, uint64_t term,
                                 NodeId voter) const {
  return counted_.contains({voter, term, candidate});
}

bool RaftAbstractState::Leader(NodeId node, uint64_t term) const {
  return leaders_.contains({node, term});
}

uint64_t RaftAbstractState::MaxTerm() const {
  uint64_t max = 0;
  for (const core::raft::State& node : nodes_) max = std::max(max, node.term);
  for (const auto* records : {&sent_, &held_, &counted_}) {
    for (const RaftVote& v : *records) max = std::max(max, v.term);
  }
  for (const auto& [node, term] : leaders_) max = std::max(max, term);
  return max;
}

RaftConformance::RaftConformance(uint32_t nodes, uint32_t terms)
    : nodes_(nodes), terms_(terms), ctx_(std::make_unique<z3::context>()) {
  assert(nodes >= 1 && nodes <= kRaftMaxFiniteNodes);
  assert(terms >= 1 && terms <= kRaftConformanceMaxTerms);
  ts_ = RaftElectionSpec(*ctx_, {.nodes = nodes, .terms = terms});
  relation_ = std::make_unique<StepRelation>(ts_, /*max_actions=*/2);
}

std::string RaftConformance::Valuation(const RaftAbstractState& state) const {
  std::string out;
  for (NodeId n = 0; n < nodes_; ++n) {
    out += static_cast<char>(state.CurrentTerm(n));
  }
  for (NodeId a = 0; a < nodes_; ++a) {
    for (uint64_t t = 0; t < terms_; ++t) {
      for (NodeId b = 0; b < nodes_; ++b) {
        out += state.Voted(a, t, b) ? '1' : '0';
        out += state.Received(a, t, b) ? '1' : '0';
      }
      out += state.Leader(a, t) ? '1' : '0';
    }
  }
  return out;
}

void RaftConformance::AddValues(const StateCopy& copy,
                                std::string_view valuation,
                                std::vector<z3::expr>& values) const {
  const z3::sort node = ts_.symbols[kRaftCurrentTerm].domain[0];
  const z3::sort term = ts_.symbols[kRaftCurrentTerm].range;
  size_t next = 0;
  auto bit = [&] { return ctx_->bool_val(valuation.at(next++) == '1'); };
  for (NodeId n = 0; n < nodes_; ++n) {
    values.push_back(copy[kRaftCurrentTerm](EnumerationElement(node, n)) ==
                     EnumerationElement(term, static_cast<unsigned char>(
                                                  valuation.at(next++))));
  }
  for (NodeId a = 0; a < nodes_; ++a) {
    const z3::expr na = EnumerationElement(node, a);
    for (unsigned t = 0; t < terms_; ++t) {
      const z3::expr tt = EnumerationElement(term, t);
      for (NodeId b = 0; b < nodes_; ++b) {
        const z3::expr nb = EnumerationElement(node, b);
        values.push_back(copy[kRaftVoted](na, tt, nb) == bit());
        values.push_back(copy[kRaftReceived](na, tt, nb) == bit());
      }
      values.push_back(copy[kRaftLeader](na, tt) == bit());
    }
  }
  assert(next == valuation.size());
}

absl::Status RaftConformance::Check(const RaftAbstractState& pre,
                                    const RaftAbstractState& post,
                                    std::string_view event) {
  if (pre.nodes().size() != nodes_ || post.nodes().size() != nodes_) {
    return absl::InvalidArgumentError("conformance: wrong number of nodes");
  }
  if (std::max(pre.MaxTerm(), post.MaxTerm()) >= terms_) {
    return absl::InvalidArgumentError(
        "conformance: a term beyond the model instance's " +
        std::to_string(terms_) + " terms");
  }
  const std::string pre_values = Valuation(pre);
  const std::string post_values = Valuation(post);
  if (pre_values == post_values) return absl::OkStatus();  // a stutter
  const std::string key = pre_values + post_values;
  if (conforming_.contains(key)) return absl::OkStatus();
  std::vector<z3::expr> values;
  AddValues(relation_->pre(), pre_values, values);
  AddValues(relation_->post(), post_values, values);
  if (relation_->Allows(values)) {
    if (conforming_.size() >= kMaxCached) conforming_.clear();
    conforming_.insert(key);
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      std::string(event) + ": not a step of the raft model; it changes " +
      relation_->Changes(values));
}

}  // namespace stepwise::spec
