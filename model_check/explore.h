// Explore<P>: one model-checking run, the entry point for the protocols of
// the list (core/protocols.h).
//
// The explorer is a large template. Compiled afresh in every file that
// checks a protocol, it made up about half of the command line's and the
// check tests' compile time, and that cost grows with every protocol. So
// each listed protocol's explorer is compiled once, in the
// stepwise_listed_checks library (one translation unit per protocol, which
// model_check/CMakeLists.txt makes from the list): code that only runs
// checks includes this small header and links that library.
//
// For a protocol outside the list (a test's toy protocol, your own), include
// model_check/explorer.h, which defines both functions for any protocol.

#ifndef STEPWISE_MODEL_CHECK_EXPLORE_H_
#define STEPWISE_MODEL_CHECK_EXPLORE_H_

#include "core/protocol.h"
#include "model_check/options.h"
#include "model_check/trace.h"

namespace stepwise::mc {

// Explores every state of `config`'s cluster that `options` allow and says
// what it found (Explorer<P>(config, options).Run()).
template <core::Protocol P>
Result<P> Explore(const typename P::Config& config, const Options& options);

// Whether --symmetry was asked for a cluster with more interchangeable nodes
// than the symmetry reduction supports.
template <core::Protocol P>
bool SymmetryTooLarge(const typename P::Config& config);

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_EXPLORE_H_
