// Safety properties, sanity goals and liveness of Paxos Commit, shared by
// the model checker, the fuzzers and the property tests.
// `PaxosCommit::invariants()`, `goals()` and `liveness()` list them.

#ifndef STEPWISE_CORE_PAXOSCOMMIT_INVARIANTS_H_
#define STEPWISE_CORE_PAXOSCOMMIT_INVARIANTS_H_

#include "core/paxoscommit/paxoscommit.h"
#include "core/protocol.h"

namespace stepwise::core::paxoscommit {

using View = ClusterView<PaxosCommit>;

// TCommit's TCConsistent, leaders included: no RM committed while another
// aborted, no leader announced Commit while another announced Abort, and no
// RM holds the opposite of an announcement. A node that is down counts with
// the state it crashed in.
bool Consistent(const View& view);

// Nobody commits, or announces Commit, while an RM has not prepared.
bool CommitNeedsAllPrepared(const View& view);

// Paxos's agreement, per instance: the two leaders never know different
// values chosen for one RM.
bool InstancesAgree(const View& view);

// Every RM that is up has committed or aborted.
bool RunningRmsDecided(const View& view);

// Goals: every RM committed; a leader announced Abort; a ballot above 0
// chose prepared (a recovering leader adopted a vote it was told of); every
// RM that is up committed while the TM was down undecided (the backup
// finished the transaction).
bool AllCommitted(const View& view);
bool Aborted(const View& view);
bool PreparedChosenInALaterBallot(const View& view);
bool CommittedWithoutTm(const View& view);

}  // namespace stepwise::core::paxoscommit

#endif  // STEPWISE_CORE_PAXOSCOMMIT_INVARIANTS_H_
