// The protocol list: every protocol Stepwise ships. Every layer iterates
// this list (the CLI's check, check --list, replay and fuzz; the codec
// fuzzer's selectors; the schedule fuzzers, their CMake targets and CI runs;
// the property tests; core's CMake sources and tests), and the Z3 catalog is
// checked against it, so a new protocol is a new folder core/<name>/ with a
// manifest.h (core/manifest.h says what it declares) plus two lines here:
// its manifest's #include and its entry at the END of the list (a
// protocol's position numbers its types in the codec fuzzer's selector
// byte, so checked-in corpus files keep their meaning). CMake reads the
// manifest includes to find each protocol's folder: keep one per line.
// See docs/adding-a-protocol.md.

#ifndef STEPWISE_CORE_PROTOCOLS_H_
#define STEPWISE_CORE_PROTOCOLS_H_

#include "core/bully/manifest.h"
#include "core/eventual/manifest.h"
#include "core/multipaxos/manifest.h"
#include "core/paxos/manifest.h"
#include "core/paxoscommit/manifest.h"
#include "core/protocol_list.h"
#include "core/quorum/manifest.h"
#include "core/raft/manifest.h"
#include "core/ring/manifest.h"
#include "core/saga/manifest.h"
#include "core/threepc/manifest.h"
#include "core/twopc/manifest.h"

namespace stepwise::core {

// One protocol per line, commas leading, so adding one is one new line.
// clang-format off
using Protocols = ProtocolList<
    twopc::TwoPhase
  , raft::Raft
  , bully::Bully
  , ring::ChangRoberts
  , paxos::Paxos
  , quorum::QuorumRegister
  , eventual::EventualStore
  , threepc::ThreePhase
  , saga::Saga
  , paxoscommit::PaxosCommit
  , multipaxos::MultiPaxos
>;
// clang-format on

static_assert(NamesAreUnique<Protocols>(), "two protocols share a CLI name");

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PROTOCOLS_H_
