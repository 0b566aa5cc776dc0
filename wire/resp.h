// RESP (the Redis serialization protocol, version 2) for the runner's client
// port, with no sockets: so redis-cli, redis-benchmark and telnet can talk to a
// node, and the load generator and tests can talk back.
//
// Parsers are incremental (bytes may arrive split anywhere), never trust a
// length before checking it against RespLimits, and never wait for bytes they
// would reject. An error is sticky and names what was wrong and the byte
// offset in the connection's stream, so a log line points at the culprit.
//
// Thread-safety: parsers are single-threaded values; the Append* functions are
// pure.

#ifndef STEPWISE_WIRE_RESP_H_
#define STEPWISE_WIRE_RESP_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::wire {

struct RespLimits {
  // One bulk string (a command argument or a reply string).
  size_t max_bulk_bytes = 1 << 20;
  // Arguments of one command; elements of one reply array.
  size_t max_args = 1024;
  // One inline command line; one simple-string, error or integer reply line.
  size_t max_inline_bytes = 64 << 10;
  // One whole command or reply: its strings' bytes plus kRespElementCost per
  // argument or value. Bounds memory where the other limits multiply.
  size_t max_total_bytes = 32 << 20;
  // Nesting of arrays in a reply (requests never nest).
  size_t max_depth = 16;
};

// What one argument or reply value counts against RespLimits::max_total_bytes
// besides its bytes: roughly its in-memory overhead.
inline constexpr size_t kRespElementCost = 16;

enum class ParseStatus { kNeedMore, kDone, kError };

// The bytes fed to a parser but not yet consumed, with their offset in the
// connection's stream. Internal to the parsers; exposed for them only.
class RespInput {
 public:
  void Append(std::string_view bytes);
  std::string_view Rest() const {
    return std::string_view(buffer_).substr(start_);
  }
  void Consume(size_t count);
  // Stream offset of Rest()[index].
  uint64_t OffsetOf(size_t index) const { return base_ + start_ + index; }
  size_t size() const { return buffer_.size() - start_; }

 private:
  std::string buffer_;
  size_t start_ = 0;   // buffer_[0, start_) is consumed
  uint64_t base_ = 0;  // stream offset of buffer_[0]
};

// Server side: commands arrive as arrays of bulk strings (what redis-cli and
// redis-benchmark send) or as inline commands ("SET k \"a b\"\r\n", space
// separated, with Redis-style quotes, for telnet users). Empty commands
// ("\r\n", "*0\r\n") are skipped, as Redis does.
class RespRequestParser {
 public:
  explicit RespRequestParser(RespLimits limits = {});

  void Feed(std::string_view bytes);
  // kDone: *args holds the next command (replacing its contents). kNeedMore:
  // every buffered byte belongs to an unfinished command. kError: *error says
  // what and the byte offset, e.g. "expected '$' at byte 17, got 'x'"; the
  // parser stays in error (reply -ERR Protocol error and close).
  ParseStatus Next(std::vector<std::string>* args, std::string* error);
  // Bytes fed but not yet returned as commands (a partial command included).
  size_t buffered_bytes() const { return input_.size() + partial_bytes_; }

 private:
  enum class State { kCommandStart, kBulkHeader, kBulkBody, kError };
  // What one parsing step achieved.
  enum class Step { kNeedMore, kProgress, kCommand, kError };

  Step Fail(std::string message, std::string* error);
  Step StartCommand(std::string* error);
  Step ParseInline(std::string* error);
  Step ParseBulkHeader(std::string* error);
  Step ParseBulkBody(std::string* error);
  // Counts one more argument of `bytes` against max_total_bytes.
  bool AddToTotal(size_t bytes);

  RespLimits limits_;
  RespInput input_;
  State state_ = State::kCommandStart;
  std::vector<std::string> pending_;  // the arguments parsed so far
  size_t args_left_ = 0;              // of the current array command
  size_t bulk_length_ = 0;            // of the bulk string being read
  size_t total_bytes_ = 0;            // of the current command, as limited
  size_t partial_bytes_ = 0;          // consumed into pending_
  size_t line_scanned_ = 0;           // bytes of the next line with no end
  std::string error_;
};

// Replies. Text is sanitized: CR and LF become spaces, since they would end
// the line early and let a message smuggle in a reply of its own.
void AppendSimpleString(std::string* out, std::string_view text);  // +OK\r\n
// "-ERR <message>\r\n": the generic error prefix.
void AppendError(std::string* out, std::string_view message);
// "-<prefix> <message>\r\n", e.g. ("MOVED", "0 127.0.0.1:7001") for a
// redirect redis-cli -c follows, or ("WRONGTYPE", ...).
// REQUIRES: prefix is one word of printable characters.
void AppendErrorWithPrefix(std::string* out, std::string_view prefix,
                           std::string_view message);
void AppendInteger(std::string* out, int64_t value);  // :42\r\n
void AppendBulkString(std::string* out, std::string_view bytes);
void AppendNullBulk(std::string* out);   // $-1\r\n
void AppendNullArray(std::string* out);  // *-1\r\n
void AppendArrayHeader(std::string* out, size_t count);

// Client side (tests, the load generator, the fault test): *N\r\n$len\r\n...
void AppendCommand(std::string* out, std::span<const std::string_view> args);
void AppendCommand(std::string* out, std::span<const std::string> args);
void AppendCommand(std::string* out,
                   std::initializer_list<std::string_view> args);

struct RespValue {
  enum class Kind {
    kSimpleString,
    kError,
    kInteger,
    kBulkString,
    kNull,
    kArray
  };
  Kind kind = Kind::kNull;
  std::string text;  // simple string, error (without '-'), bulk bytes
  int64_t integer = 0;
  std::vector<RespValue> elements;

  friend bool operator==(const RespValue&, const RespValue&) = default;
};

// Encodes any value; kNull as "$-1\r\n" (what a missing key reads as).
// Simple strings and errors are sanitized as above.
void AppendValue(std::string* out, const RespValue& value);

// For tests and logs: "+OK", "[:1, $\"abc\", nil]".
std::string DebugString(const RespValue& value);

class RespReplyParser {
 public:
  explicit RespReplyParser(RespLimits limits = {});

  void Feed(std::string_view bytes);
  // As RespRequestParser::Next. A null bulk ($-1) and a null array (*-1) both
  // give Kind::kNull.
  ParseStatus Next(RespValue* value, std::string* error);
  size_t buffered_bytes() const { return input_.size(); }

 private:
  struct OpenArray {
    RespValue value;
    size_t left = 0;
  };
  enum class State { kValueStart, kBulkBody, kError };
  enum class Step { kNeedMore, kProgress, kError };

  Step Fail(std::string message, std::string* error);
  // Reads one type byte and line; *done is set when that completed the
  // outermost value.
  Step ParseHeader(RespValue* finished, bool* done, std::string* error);
  Step ParseBulkBody(RespValue* finished, bool* done, std::string* error);
  bool AddToTotal(size_t bytes);
  // Adds a finished value to the innermost open array, closing every array
  // it completes; *done when the outermost value is complete.
  void Complete(RespValue value, RespValue* finished, bool* done);

  RespLimits limits_;
  RespInput input_;
  State state_ = State::kValueStart;
  std::vector<OpenArray> stack_;
  size_t bulk_length_ = 0;
  size_t total_bytes_ = 0;
  size_t line_scanned_ = 0;
  std::string error_;
};

}  // namespace stepwise::wire

#endif  // STEPWISE_WIRE_RESP_H_
