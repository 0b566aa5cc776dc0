// The protocol list: every protocol Stepwise ships. New protocols go at the
// end: a protocol's position numbers its types in the codec fuzzer's
// selector byte, so checked-in corpus files keep their meaning. Every layer
// iterates this list (the CLI's check, replay, fuzz, prove and bmc commands,
// the codec and schedule fuzzers and their CMake targets, the property tests,
// the Z3 catalog), so a new protocol is a new folder core/<name>/ with a
// manifest.h (core/manifest.h says what it declares) plus its line here. CMake
// reads the manifest includes below to find each protocol's folder: keep one
// per line.

#ifndef STEPWISE_CORE_PROTOCOLS_H_
#define STEPWISE_CORE_PROTOCOLS_H_

#include "core/bully/manifest.h"
#include "core/protocol_list.h"
#include "core/raft/manifest.h"
#include "core/ring/manifest.h"
#include "core/twopc/manifest.h"

namespace stepwise::core {

using Protocols = ProtocolList<  //
    twopc::TwoPhase,             //
    raft::Raft,                  //
    bully::Bully,                //
    ring::ChangRoberts>;

static_assert(NamesAreUnique<Protocols>(), "two protocols share a CLI name");

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_PROTOCOLS_H_
