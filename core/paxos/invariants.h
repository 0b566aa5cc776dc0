// Safety, sanity goals and liveness of single-decree Paxos, shared by every
// checker. `Paxos::invariants()`, `goals()` and `liveness()` list them.
//
// "Value v is chosen" means a quorum of acceptors voted for v in one ballot
// (Voting.tla's ChosenAt); the votes come from each acceptor's record of
// them (State::votes), since its current vote forgets earlier ballots.

#ifndef STEPWISE_CORE_PAXOS_INVARIANTS_H_
#define STEPWISE_CORE_PAXOS_INVARIANTS_H_

#include <vector>

#include "core/paxos/paxos.h"
#include "core/protocol.h"

namespace stepwise::core::paxos {

using View = ClusterView<Paxos>;

// The values chosen in some ballot, each once, smallest first.
std::vector<Value> ChosenValues(const View& view);

// Agreement: at most one value is chosen.
bool AtMostOneChosen(const View& view);
// Validity: a chosen value was proposed by a client.
bool ChosenWasProposed(const View& view);
// Learners learn only chosen values (so they learn the same one).
bool LearnedIsChosen(const View& view);
// Clients hear only chosen values (so they all hear the same one).
bool AnswersAreChosen(const View& view);

// Goals.
bool SomeValueChosen(const View& view);
// A client hears a decision (not just "ask a proposer").
bool SomeClientAnswered(const View& view);
// A value chosen in two ballots: a later proposer adopted an earlier vote.
bool ChosenInTwoBallots(const View& view);

// Liveness: a value is chosen, or no proposer has anything to propose.
bool ChosenOrNothingProposed(const View& view);

}  // namespace stepwise::core::paxos

#endif  // STEPWISE_CORE_PAXOS_INVARIANTS_H_
