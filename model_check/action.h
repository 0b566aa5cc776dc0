// One transition of the cluster: what the environment did.

#ifndef STEPWISE_MODEL_CHECK_ACTION_H_
#define STEPWISE_MODEL_CHECK_ACTION_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::mc {

STEPWISE_ENUM(ActionKind,
              kStart,      // a node takes its start step
              kDeliver,    // a message is received (and leaves the network)
              kReceive,    // a message is received and a copy stays behind
              kDrop,       // a message is lost
              kTimeout,    // a timer fires
              kRequest,    // a client request arrives
              kCrash,      // a node crashes (keeps its durable state)
              kRestart,    // a crashed node restarts
              kPartition,  // links are cut
              kHeal);      // every cut link is restored

template <typename P>
struct Action {
  ActionKind kind = ActionKind::kStart;
  core::NodeId node = 0;
  core::Envelope<P> envelope;  // kDeliver, kReceive, kDrop
  uint8_t timer = 0;           // kTimeout: the timer's enum value
  uint64_t cut = 0;            // kPartition: the links cut
  uint32_t request = 0;        // kRequest: index into the request menu
  // The step emitted output before persist(); this branch lets that output
  // leave and crashes the node before its durable state is written.
  bool crash_before_persist = false;
  STEPWISE_FIELDS(Action, kind, node, envelope, timer, cut, request,
                  crash_before_persist)
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_ACTION_H_
