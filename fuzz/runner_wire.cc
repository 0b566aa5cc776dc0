#include "fuzz/runner_wire.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/codec/codec.h"
#include "core/raft/raft.h"
#include "wire/frame.h"
#include "wire/resp.h"

namespace stepwise::fuzz {
namespace {

using wire::ParseStatus;
using wire::RespLimits;
using wire::RespValue;

// Cuts the stream into chunks from a seed: mostly tiny chunks (every parser
// state gets resumed), sometimes a big one.
std::vector<std::string_view> Chunks(std::string_view stream, uint8_t seed) {
  std::vector<std::string_view> chunks;
  uint32_t state = 0x9e3779b9u ^ seed;
  while (!stream.empty()) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    const size_t size = (state % 8 == 0) ? 1 + state % 512 : 1 + state % 4;
    chunks.push_back(stream.substr(0, size));
    stream.remove_prefix(std::min(size, stream.size()));
  }
  return chunks;
}

bool TightLimits(uint8_t control) { return (control & 0x80) != 0; }

RespLimits ChooseRespLimits(uint8_t control) {
  if (!TightLimits(control)) return {};
  return {.max_bulk_bytes = 16,
          .max_args = 4,
          .max_inline_bytes = 24,
          .max_total_bytes = 4 * wire::kRespElementCost + 32,
          .max_depth = 3};
}

// Everything a parser said, in order, for comparing whole and chunked runs.
template <typename Item>
struct Transcript {
  std::vector<Item> items;
  std::string error;  // empty: ended needing more
  bool operator==(const Transcript&) const = default;
};

template <typename Parser, typename Item>
Transcript<Item> Run(Parser& parser,
                     const std::vector<std::string_view>& chunks) {
  Transcript<Item> transcript;
  for (std::string_view chunk : chunks) {
    parser.Feed(chunk);
    for (;;) {
      Item item;
      const ParseStatus status = parser.Next(&item, &transcript.error);
      if (status == ParseStatus::kError) return transcript;
      if (status == ParseStatus::kNeedMore) break;
      transcript.items.push_back(std::move(item));
    }
  }
  return transcript;
}

using Args = std::vector<std::string>;

std::string CheckRequests(std::string_view stream, uint8_t control,
                          WireCheck* check) {
  const RespLimits limits = ChooseRespLimits(control);
  wire::RespRequestParser whole_parser(limits);
  wire::RespRequestParser chunked_parser(limits);
  const auto whole = Run<wire::RespRequestParser, Args>(whole_parser, {stream});
  const auto chunked = Run<wire::RespRequestParser, Args>(
      chunked_parser, Chunks(stream, control));
  if (!(whole == chunked)) return "requests: chunked parse differs from whole";
  check->items += whole.items.size();
  check->error |= !whole.error.empty();
  if (whole.error.empty() && whole_parser.buffered_bytes() > stream.size()) {
    return "requests: buffers more than it was fed";
  }
  for (const Args& args : whole.items) {
    if (args.empty()) return "requests: an empty command";
    std::string encoded;
    wire::AppendCommand(&encoded, args);
    wire::RespRequestParser again(limits);
    const auto reparsed = Run<wire::RespRequestParser, Args>(again, {encoded});
    if (reparsed.items != std::vector<Args>{args} || !reparsed.error.empty()) {
      return absl::StrCat("requests: re-encoded command does not parse back: ",
                          reparsed.error);
    }
  }
  return "";
}

std::string CheckReplies(std::string_view stream, uint8_t control,
                         WireCheck* check) {
  const RespLimits limits = ChooseRespLimits(control);
  wire::RespReplyParser whole_parser(limits);
  wire::RespReplyParser chunked_parser(limits);
  const auto whole =
      Run<wire::RespReplyParser, RespValue>(whole_parser, {stream});
  const auto chunked = Run<wire::RespReplyParser, RespValue>(
      chunked_parser, Chunks(stream, control));
  if (!(whole == chunked)) return "replies: chunked parse differs from whole";
  check->items += whole.items.size();
  check->decoded += whole.items.size();
  check->error |= !whole.error.empty();
  for (const RespValue& value : whole.items) {
    std::string encoded;
    wire::AppendValue(&encoded, value);
    wire::RespReplyParser again(limits);
    const auto reparsed =
        Run<wire::RespReplyParser, RespValue>(again, {encoded});
    if (reparsed.items != std::vector<RespValue>{value} ||
        !reparsed.error.empty()) {
      return absl::StrCat("replies: re-encoded ", wire::DebugString(value),
                          " does not parse back: ", reparsed.error);
    }
  }
  return "";
}

// The frame decoder's transcript item.
struct FrameParser {
  explicit FrameParser(uint32_t max) : decoder(max) {}
  void Feed(std::string_view bytes) { decoder.Feed(bytes); }
  ParseStatus Next(std::string* payload, std::string* error) {
    return decoder.Next(payload, error);
  }
  wire::FrameDecoder decoder;
};

std::string CheckHello(const wire::PeerHello& hello, std::string_view payload) {
  if (wire::EncodeHello(hello) != payload) {
    return "hello: decoded hello re-encodes differently";
  }
  if (!wire::ValidateHello(hello).ok()) return "hello: decoded but invalid";
  const std::string dialer =
      wire::PeerProof("k", wire::PeerRole::kDialer, hello, hello);
  const std::string acceptor =
      wire::PeerProof("k", wire::PeerRole::kAcceptor, hello, hello);
  if (dialer.size() != wire::kProofBytes ||
      !wire::ProofMatches(dialer, dialer) ||
      wire::ProofMatches(dialer, acceptor)) {
    return "hello: proofs do not separate roles";
  }
  return "";
}

std::string CheckPayload(std::string_view payload, WireCheck* check) {
  if (absl::StatusOr<wire::PeerHello> hello = wire::DecodeHello(payload);
      hello.ok()) {
    ++check->decoded;
    if (std::string failure = CheckHello(*hello, payload); !failure.empty()) {
      return failure;
    }
  }
  if (std::optional<std::string> reason = wire::DecodeRefusal(payload)) {
    ++check->decoded;
    if (reason->size() > wire::kMaxRefusalBytes ||
        wire::DecodeRefusal(wire::EncodeRefusal(*reason)) != reason) {
      return "refusal: does not round-trip";
    }
  }
  using core::raft::Message;
  if (absl::StatusOr<Message> message = core::codec::Decode<Message>(payload);
      message.ok()) {
    ++check->decoded;
    const std::string encoded = core::codec::Encode(*message);
    if (encoded != payload) return "message: re-encodes differently";
    absl::StatusOr<Message> again = core::codec::Decode<Message>(encoded);
    if (!again.ok() || !(*again == *message)) {
      return "message: re-decodes differently";
    }
  }
  return "";
}

}  // namespace

WireCheck CheckRespInput(std::string_view input) {
  WireCheck check;
  if (input.empty()) return check;
  const auto control = static_cast<uint8_t>(input[0]);
  const std::string_view stream = input.substr(1);
  check.failure = CheckRequests(stream, control, &check);
  if (check.failure.empty()) {
    check.failure = CheckReplies(stream, control, &check);
  }
  return check;
}

WireCheck CheckFrameInput(std::string_view input) {
  WireCheck check;
  if (input.empty()) return check;
  const auto control = static_cast<uint8_t>(input[0]);
  const std::string_view stream = input.substr(1);
  const uint32_t max = TightLimits(control) ? 64 : 4096;
  FrameParser whole_parser(max);
  FrameParser chunked_parser(max);
  const auto whole = Run<FrameParser, std::string>(whole_parser, {stream});
  const auto chunked =
      Run<FrameParser, std::string>(chunked_parser, Chunks(stream, control));
  if (!(whole == chunked)) {
    check.failure = "frames: chunked decode differs from whole";
    return check;
  }
  check.items = whole.items.size();
  check.error = !whole.error.empty();
  uint64_t consumed = 0;
  for (const std::string& payload : whole.items) {
    if (payload.empty() || payload.size() > max) {
      check.failure = "frames: payload size out of bounds";
      return check;
    }
    consumed += wire::kFrameHeaderBytes + payload.size();
    check.failure = CheckPayload(payload, &check);
    if (!check.failure.empty()) return check;
  }
  if (whole_parser.decoder.bytes_consumed() != consumed) {
    check.failure = "frames: bytes_consumed is not the frames' total";
  }
  return check;
}

std::vector<WireSeed> RespSeeds() {
  // Control byte '0' (0x30): default limits; 0xb0: tight limits.
  std::string pipeline;
  wire::AppendCommand(&pipeline, {"SET", "key", "value"});
  wire::AppendCommand(&pipeline, {"GET", "key"});
  wire::AppendCommand(&pipeline, {"INCR", "counter"});
  std::string replies;
  wire::AppendSimpleString(&replies, "OK");
  wire::AppendErrorWithPrefix(&replies, "MOVED", "0 127.0.0.1:7001");
  wire::AppendInteger(&replies, -42);
  wire::AppendBulkString(&replies, std::string("bin\0\r\n", 6));
  wire::AppendNullBulk(&replies);
  wire::AppendArrayHeader(&replies, 2);
  wire::AppendArrayHeader(&replies, 1);
  wire::AppendBulkString(&replies, "nested");
  wire::AppendNullArray(&replies);
  return {
      {"command-set", "0*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"},
      {"command-pipeline", "0" + pipeline},
      {"inline-ping", "0PING\r\n"},
      {"inline-quotes", "0SET k \"a b\\x41\\n\" 'it\\'s'\r\nGET k\n\r\n"},
      {"command-empty-and-binary",
       std::string("0*0\r\n*2\r\n$3\r\nGET\r\n$3\r\n\0\r\n\r\n", 26)},
      {"replies", "0" + replies},
      {"replies-tight-limits", "\xb0" + replies},
      {"reject-tight-limits", "\xb0*5\r\n$17\r\n"},
      {"reject-nested-command", "0*1\r\n*1\r\n$1\r\na\r\n"},
      {"reject-bad-length", "0*1\r\n$-1\r\n"},
  };
}

std::vector<WireSeed> FrameSeeds() {
  using core::raft::AppendEntries;
  using core::raft::AppendResult;
  using core::raft::Message;
  using core::raft::RequestVote;
  using core::raft::Vote;
  wire::PeerHello hello;
  hello.magic = std::string(wire::kPeerMagic);
  hello.cluster_id = "demo";
  hello.node_id = 1;
  hello.client_address = "127.0.0.1:7001";
  hello.nonce = std::string(wire::kNonceBytes, 'n');
  std::string handshake;
  wire::AppendFrame(&handshake, wire::EncodeHello(hello));
  hello.node_id = 2;
  wire::AppendFrame(&handshake, wire::EncodeHello(hello));
  wire::AppendFrame(&handshake, std::string(wire::kProofBytes, 'p'));
  std::string refusal;
  wire::AppendFrame(&refusal, wire::EncodeRefusal("wrong cluster id"));
  std::string messages;
  AppendEntries append;
  append.term = 3;
  append.prev_index = 1;
  append.prev_term = 2;
  append.commit = 1;
  core::raft::Proposal proposal;
  proposal.client = 7;
  proposal.seq = 1;
  proposal.command.op = core::raft::KvOp::kPut;
  proposal.command.key = "k";
  proposal.command.value = "v";
  append.entries.push_back({.term = 3, .command = proposal});
  append.entries.push_back({.term = 3, .command = core::raft::Noop{}});
  RequestVote request;
  request.term = 2;
  request.last_index = 1;
  request.last_term = 1;
  Vote vote;
  vote.term = 2;
  vote.granted = true;
  AppendResult result;
  result.term = 3;
  result.success = true;
  result.index = 3;
  for (const Message& message :
       {Message(request), Message(vote), Message(append), Message(result)}) {
    wire::AppendFrame(&messages, core::codec::Encode(message));
  }
  return {
      {"handshake", "0" + handshake},
      {"refusal", "0" + refusal},
      {"messages", "0" + messages},
      {"messages-tight-limit", "\xb0" + messages},
      {"reject-zero-length", std::string("0\0\0\0\0", 5)},
      {"reject-oversize", "0\x7f\xff\xff\xff"},
  };
}

}  // namespace stepwise::fuzz
