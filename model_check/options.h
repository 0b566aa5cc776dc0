// How a model-checking run explores. The options are plain data declared in
// core/check_options.h (so protocol manifests can name them); the explorer's
// code spells them mc::Options.

#ifndef STEPWISE_MODEL_CHECK_OPTIONS_H_
#define STEPWISE_MODEL_CHECK_OPTIONS_H_

#include "core/check_options.h"

namespace stepwise::mc {

using Options = core::CheckOptions;
using core::kAutoLivenessStates;
using core::kUnlimited;
using core::LivenessMode;
using core::Mode;
using core::Network;

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_OPTIONS_H_
