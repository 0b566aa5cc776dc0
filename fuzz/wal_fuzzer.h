// The WAL fuzz target's logic, shared by the libFuzzer binary (fuzz_wal) and
// the corpus replay test (wal_corpus_test).
//
// An input is the content of one segment file, wal-0000000001.log. It is
// replayed (wire::ReplaySegment) both as the last segment and as an earlier
// one, and again with every whole record's CRC fixed up so that mutations
// reach the payload decoder. Replay must never crash, hang or over-allocate,
// and whatever replays must be consistent: the records re-encode to exactly
// the bytes replayed, those bytes replay again without warnings to the same
// state, and that state is what applying the records by hand gives.

#ifndef STEPWISE_FUZZ_WAL_FUZZER_H_
#define STEPWISE_FUZZ_WAL_FUZZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::fuzz {

enum class WalOutcome {
  kRejected,  // an error status, as damage should be
  kReplayed,  // replayed whole
  kTorn,      // replayed up to a torn tail (only as the last segment)
  kMismatch,  // inconsistent: a WAL bug
};

// Replays `segment` as is (the outcome of the last-segment replay, or
// kMismatch if any check fails).
WalOutcome CheckWalSegment(std::string_view segment);
// `segment` with the CRC of every record that fits in it recomputed.
std::string FixWalCrcs(std::string_view segment);

struct WalSeed {
  std::string name;
  std::string bytes;
};
// The checked-in seeds (fuzz/corpus/wal/seed-*): small segments built with
// the runner's own encoder.
std::vector<WalSeed> WalSeeds();

}  // namespace stepwise::fuzz

// The libFuzzer entry point: traps on kMismatch.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // STEPWISE_FUZZ_WAL_FUZZER_H_
