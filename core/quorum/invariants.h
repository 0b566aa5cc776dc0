// Safety, sanity goals and liveness of the quorum register, shared by every
// checker. `QuorumRegister::invariants()`, `goals()` and `liveness()` list
// them.
//
// The specification is linearizability of the clients' reads and writes
// (one register, initially 0), checked on the model checker's history. The
// other invariants are the facts ABD's proof rests on; each one names the
// mechanism a bug broke, often before a client could see it.

#ifndef STEPWISE_CORE_QUORUM_INVARIANTS_H_
#define STEPWISE_CORE_QUORUM_INVARIANTS_H_

#include "core/protocol.h"
#include "core/quorum/quorum.h"

namespace stepwise::core::quorum {

using View = ClusterView<QuorumRegister>;

// The clients' history is linearizable: some order of the operations that
// respects real time explains every answer.
bool HistoryLinearizable(const View& view);
// Every answered operation's tag (the tag a read returned or a write stored)
// is held, or overtaken, by at least W replicas: it survives any later
// read quorum when R + W > N.
bool AnswersStayOnAWriteQuorum(const View& view);
// A write that starts after another write returned gets a higher tag.
bool LaterWritesHaveHigherTags(const View& view);
// One tag names one value, at every replica and in every message.
bool TagNamesOneValue(const View& view);

// Goals.
bool SomeWriteAcknowledged(const View& view);
// A read returns a value a client wrote.
bool SomeReadSeesAWrite(const View& view);
// A write gets a tag with counter 2 or more: it followed another write.
bool SomeWriteFollowsAWrite(const View& view);

// Liveness: every operation a client asked for succeeded.
bool EveryOperationSucceeded(const View& view);

}  // namespace stepwise::core::quorum

#endif  // STEPWISE_CORE_QUORUM_INVARIANTS_H_
