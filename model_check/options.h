// How a model-checking run explores. The options are plain data declared in
// core/check_options.h (so protocol manifests can name them); the explorer's
// code spells them mc::Options.

#ifndef STEPWISE_MODEL_CHECK_OPTIONS_H_
#define STEPWISE_MODEL_CHECK_OPTIONS_H_

#include <cstddef>

#include "core/check_options.h"

namespace stepwise::mc {

using Options = core::CheckOptions;
using core::kAutoLivenessStates;
using core::kUnlimited;
using core::LivenessMode;
using core::Mode;
using core::Network;

// More interchangeable nodes than this make full symmetry reduction (which
// tries every permutation) too slow to be worth it.
inline constexpr size_t kMaxSymmetricNodes = 7;

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_OPTIONS_H_
