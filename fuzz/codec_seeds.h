// The seed corpus of the codec fuzzer, as code: fuzz_codec_seeds writes these
// files to fuzz/corpus/codec/, and fuzz_corpus_test checks that the checked-in
// files still match (so the seeds follow the wire format when it changes):
//
//   build/fuzz/fuzz_codec_seeds fuzz/corpus/codec
//
// Valid seeds cover every selector (the list-<protocol>-* ones come from the
// protocol list); reject seeds (named reject-*) are
// malformed inputs, each rejected for the reason it states.

#ifndef STEPWISE_FUZZ_CODEC_SEEDS_H_
#define STEPWISE_FUZZ_CODEC_SEEDS_H_

#include <string>
#include <vector>

namespace stepwise::fuzz {

struct Seed {
  std::string name;   // file name in the corpus directory
  std::string bytes;  // selector byte + framed encoding
  // Reject seeds only: a substring of the decoder's error (CodecRejection).
  std::string reason = {};
};

// Small, valid inputs: every one decodes and round-trips.
std::vector<Seed> CodecSeeds();

// Small malformed inputs: every one is rejected, for its `reason`.
std::vector<Seed> CodecRejectSeeds();

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_CODEC_SEEDS_H_
