// The logic of the runner's wire-format fuzz targets, shared by the libFuzzer
// binaries (fuzz_resp, fuzz_frame) and the corpus replay test
// (runner_corpus_test).
//
// An input is one control byte and then a byte stream. The control byte seeds
// how the stream is cut into chunks and, with its top bit, picks tight limits
// so the limit paths are reached by small inputs. Each check parses the
// stream whole and in chunks (the results must be identical: offsets and
// error messages included), and round-trips whatever parses.

#ifndef STEPWISE_FUZZ_RUNNER_WIRE_H_
#define STEPWISE_FUZZ_RUNNER_WIRE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::fuzz {

struct WireCheck {
  size_t items = 0;     // commands + replies, or frames
  size_t decoded = 0;   // RESP: replies; frames: hellos + refusals + messages
  bool error = false;   // some parser stopped at an error (not a failure)
  std::string failure;  // non-empty: a property failed, and how
};

// RespRequestParser and RespReplyParser on the stream.
WireCheck CheckRespInput(std::string_view input);
// FrameDecoder on the stream; DecodeHello, DecodeRefusal and
// codec::Decode<core::raft::Message> on each payload.
WireCheck CheckFrameInput(std::string_view input);

struct WireSeed {
  std::string name;
  std::string bytes;
};
// The seed corpora checked in under fuzz/corpus/resp and fuzz/corpus/frame.
std::vector<WireSeed> RespSeeds();
std::vector<WireSeed> FrameSeeds();

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_RUNNER_WIRE_H_
