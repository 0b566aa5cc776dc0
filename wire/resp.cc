#include "wire/resp.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace stepwise::wire {
namespace {

// Room for a type byte, a sign and the 19 digits of any int64: a longer
// header line is garbage, so the parser rejects it instead of buffering more.
constexpr size_t kMaxHeaderLine = 24;

// Keeps consumed bytes from piling up without moving the buffer on every
// command of a pipeline.
constexpr size_t kCompactThreshold = 4096;

std::string DescribeByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f && c != '\'' && c != '\\') {
    return std::string{'\'', c, '\''};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string{'\'', '\\', 'x', kHex[byte >> 4], kHex[byte & 15], '\''};
}

// Quotes a length field for an error message, cut short: it is attacker text.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, 24)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte >= 0x20 && byte < 0x7f && c != '"') ? c : '?';
  }
  if (text.size() > 24) out += "...";
  out += '"';
  return out;
}

// Canonical decimal only (no '+', no leading zeros, no "-0"), so that every
// value has one encoding and re-encoding a parsed reply gives its bytes back.
bool ParseDecimal(std::string_view text, int64_t* value) {
  const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || (digits[0] == '0' && text.size() > 1)) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

enum class LineStatus { kNeedMore, kDone, kError };

// Finds the CRLF-terminated line at the start of `in`, whose content may be
// up to `max_length` bytes. `*scanned` carries how far an earlier call got, so
// a long line arriving byte by byte is scanned once.
LineStatus ReadLine(const RespInput& in, size_t max_length,
                    std::string_view what, size_t* scanned,
                    std::string_view* line, std::string* message) {
  const std::string_view rest = in.Rest();
  const size_t window =
      std::min(rest.size(), max_length == SIZE_MAX ? SIZE_MAX : max_length + 1);
  const size_t cr = rest.substr(0, window).find('\r', *scanned);
  if (cr == std::string_view::npos) {
    if (rest.size() > max_length) {
      *message = absl::StrCat(std::string(what), " line longer than ",
                              max_length, " bytes at byte ", in.OffsetOf(0));
      return LineStatus::kError;
    }
    *scanned = window;
    return LineStatus::kNeedMore;
  }
  *scanned = cr;
  if (cr + 1 >= rest.size()) return LineStatus::kNeedMore;
  if (rest[cr + 1] != '\n') {
    *message =
        absl::StrCat("expected LF after CR at byte ", in.OffsetOf(cr + 1),
                     ", got ", DescribeByte(rest[cr + 1]));
    return LineStatus::kError;
  }
  *scanned = 0;
  *line = rest.substr(0, cr);
  return LineStatus::kDone;
}

bool IsInlineSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a double-quoted inline argument starting after its opening quote at
// line[*i - 1]; the escapes are the ones redis-cli prints.
bool ReadDoubleQuoted(std::string_view line, size_t* i, std::string* arg) {
  while (*i < line.size()) {
    const char c = line[(*i)++];
    if (c == '"') return true;
    if (c != '\\' || *i == line.size()) {
      *arg += c;
      continue;
    }
    const char escaped = line[(*i)++];
    switch (escaped) {
      case 'n':
        *arg += '\n';
        break;
      case 'r':
        *arg += '\r';
        break;
      case 't':
        *arg += '\t';
        break;
      case 'b':
        *arg += '\b';
        break;
      case 'a':
        *arg += '\a';
        break;
      case 'x':
        if (*i + 1 < line.size() && HexValue(line[*i]) >= 0 &&
            HexValue(line[*i + 1]) >= 0) {
          *arg += static_cast<char>(HexValue(line[*i]) * 16 +
                                    HexValue(line[*i + 1]));
          *i += 2;
        } else {
          *arg += 'x';
        }
        break;
      default:
        *arg += escaped;
    }
  }
  return false;
}

bool ReadSingleQuoted(std::string_view line, size_t* i, std::string* arg) {
  while (*i < line.size()) {
    const char c = line[(*i)++];
    if (c == '\'') return true;
    if (c == '\\' && *i < line.size() && line[*i] == '\'') {
      *arg += '\'';
      ++*i;
      continue;
    }
    *arg += c;
  }
  return false;
}

// Splits an inline command line (whose first byte is at stream offset
// `offset`) into arguments; false with *message on unbalanced quotes.
bool SplitInline(std::string_view line, uint64_t offset, size_t max_args,
                 std::vector<std::string>* args, std::string* message) {
  size_t i = 0;
  for (;;) {
    while (i < line.size() && IsInlineSpace(line[i])) ++i;
    if (i == line.size()) return true;
    if (args->size() == max_args) {
      *message = absl::StrCat("inline command of more than ", max_args,
                              " arguments at byte ", offset);
      return false;
    }
    const size_t start = i;
    std::string arg;
    if (line[i] == '"' || line[i] == '\'') {
      ++i;
      const bool closed = line[start] == '"' ? ReadDoubleQuoted(line, &i, &arg)
                                             : ReadSingleQuoted(line, &i, &arg);
      if (!closed) {
        *message = absl::StrCat("unbalanced quotes in inline command at byte ",
                                offset + start);
        return false;
      }
      if (i < line.size() && !IsInlineSpace(line[i])) {
        *message =
            absl::StrCat("expected a space after a closing quote at byte ",
                         offset + i, ", got ", DescribeByte(line[i]));
        return false;
      }
    } else {
      while (i < line.size() && !IsInlineSpace(line[i])) arg += line[i++];
    }
    args->push_back(std::move(arg));
  }
}

std::string Sanitized(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\r', ' ');
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

// The length after a request's type byte ("*3", "$5"): a canonical,
// non-negative decimal. Otherwise false, and *problem says why and where.
bool ReadLength(std::string_view line, std::string_view kind, uint64_t at,
                int64_t* length, std::string* problem) {
  if (!ParseDecimal(line.substr(1), length)) {
    *problem = absl::StrCat("bad ", std::string(kind), " length ",
                            Quote(line.substr(1)), " at byte ", at);
    return false;
  }
  if (*length < 0) {
    *problem = absl::StrCat("negative ", std::string(kind), " length ", *length,
                            " at byte ", at);
    return false;
  }
  return true;
}

// What is wrong with the CRLF that must follow a bulk string of `length`
// bytes at the start of `input`, if its bytes have arrived: a wrong
// terminator is reported as soon as its byte arrives, by both parsers.
std::optional<std::string> BulkTerminatorError(const RespInput& input,
                                               size_t length) {
  const std::string_view rest = input.Rest();
  for (size_t i = length; i < length + 2 && i < rest.size(); ++i) {
    const char expected = i == length ? '\r' : '\n';
    if (rest[i] != expected) {
      return absl::StrCat("expected CRLF after a bulk string of ", length,
                          " bytes at byte ", input.OffsetOf(i), ", got ",
                          DescribeByte(rest[i]));
    }
  }
  return std::nullopt;
}

}  // namespace

// --- RespInput ---------------------------------------------------------------

void RespInput::Append(std::string_view bytes) {
  if (start_ == buffer_.size() ||
      (start_ >= kCompactThreshold && start_ * 2 >= buffer_.size())) {
    buffer_.erase(0, start_);
    base_ += start_;
    start_ = 0;
  }
  buffer_.append(bytes);
}

void RespInput::Consume(size_t count) {
  assert(count <= size());
  start_ += count;
}

// --- RespRequestParser -------------------------------------------------------

RespRequestParser::RespRequestParser(RespLimits limits) : limits_(limits) {}

void RespRequestParser::Feed(std::string_view bytes) {
  // After an error the connection is being closed: don't grow the buffer.
  if (state_ != State::kError) input_.Append(bytes);
}

ParseStatus RespRequestParser::Next(std::vector<std::string>* args,
                                    std::string* error) {
  for (;;) {
    Step step = Step::kError;
    switch (state_) {
      case State::kCommandStart:
        step = StartCommand(error);
        break;
      case State::kBulkHeader:
        step = ParseBulkHeader(error);
        break;
      case State::kBulkBody:
        step = ParseBulkBody(error);
        break;
      case State::kError:
        *error = error_;
        return ParseStatus::kError;
    }
    switch (step) {
      case Step::kNeedMore:
        return ParseStatus::kNeedMore;
      case Step::kError:
        return ParseStatus::kError;
      case Step::kProgress:
        continue;
      case Step::kCommand:
        args->swap(pending_);
        pending_.clear();
        partial_bytes_ = 0;
        total_bytes_ = 0;
        assert(!args->empty());
        return ParseStatus::kDone;
    }
  }
}

RespRequestParser::Step RespRequestParser::Fail(std::string message,
                                                std::string* error) {
  state_ = State::kError;
  error_ = std::move(message);
  *error = error_;
  pending_.clear();
  return Step::kError;
}

bool RespRequestParser::AddToTotal(size_t bytes) {
  total_bytes_ += bytes + kRespElementCost;
  return total_bytes_ <= limits_.max_total_bytes;
}

RespRequestParser::Step RespRequestParser::StartCommand(std::string* error) {
  const std::string_view rest = input_.Rest();
  if (rest.empty()) return Step::kNeedMore;
  if (rest[0] != '*') return ParseInline(error);
  std::string_view line;
  std::string message;
  switch (ReadLine(input_, kMaxHeaderLine, "array header", &line_scanned_,
                   &line, &message)) {
    case LineStatus::kNeedMore:
      return Step::kNeedMore;
    case LineStatus::kError:
      return Fail(std::move(message), error);
    case LineStatus::kDone:
      break;
  }
  const uint64_t at = input_.OffsetOf(0);
  int64_t count = 0;
  if (std::string problem; !ReadLength(line, "array", at, &count, &problem)) {
    return Fail(std::move(problem), error);
  }
  if (static_cast<uint64_t>(count) > limits_.max_args) {
    return Fail(absl::StrCat("command of ", count, " arguments over limit ",
                             limits_.max_args, " at byte ", at),
                error);
  }
  input_.Consume(line.size() + 2);
  if (count == 0) return Step::kProgress;  // an empty command: skipped
  partial_bytes_ = line.size() + 2;
  args_left_ = static_cast<size_t>(count);
  pending_.clear();
  total_bytes_ = 0;
  state_ = State::kBulkHeader;
  return Step::kProgress;
}

RespRequestParser::Step RespRequestParser::ParseInline(std::string* error) {
  const std::string_view rest = input_.Rest();
  // The line may end in "\r\n" or a bare "\n" (netcat), so look for LF.
  const size_t max_line = limits_.max_inline_bytes;
  const size_t window_cap = max_line >= SIZE_MAX - 2 ? SIZE_MAX : max_line + 2;
  const size_t window = std::min(rest.size(), window_cap);
  const size_t lf = rest.substr(0, window).find('\n', line_scanned_);
  const uint64_t at = input_.OffsetOf(0);
  if (lf == std::string_view::npos) {
    if (rest.size() < window_cap) {
      line_scanned_ = rest.size();
      return Step::kNeedMore;
    }
    return Fail(absl::StrCat("inline command longer than ", max_line,
                             " bytes at byte ", at),
                error);
  }
  line_scanned_ = 0;
  std::string_view line = rest.substr(0, lf);
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.size() > max_line) {
    return Fail(absl::StrCat("inline command longer than ", max_line,
                             " bytes at byte ", at),
                error);
  }
  std::vector<std::string> args;
  std::string message;
  if (!SplitInline(line, at, limits_.max_args, &args, &message)) {
    return Fail(std::move(message), error);
  }
  total_bytes_ = 0;
  for (const std::string& arg : args) {
    if (arg.size() > limits_.max_bulk_bytes) {
      return Fail(
          absl::StrCat("inline argument of ", arg.size(), " bytes over limit ",
                       limits_.max_bulk_bytes, " at byte ", at),
          error);
    }
    if (!AddToTotal(arg.size())) {
      return Fail(absl::StrCat("command over limit ", limits_.max_total_bytes,
                               " bytes at byte ", at),
                  error);
    }
  }
  input_.Consume(lf + 1);
  if (args.empty()) return Step::kProgress;  // a blank line: skipped
  pending_ = std::move(args);
  return Step::kCommand;
}

RespRequestParser::Step RespRequestParser::ParseBulkHeader(std::string* error) {
  const std::string_view rest = input_.Rest();
  if (rest.empty()) return Step::kNeedMore;
  const uint64_t at = input_.OffsetOf(0);
  if (rest[0] == '*') {
    return Fail(absl::StrCat("nested array at byte ", at,
                             ": a command is an array of bulk strings"),
                error);
  }
  if (rest[0] != '$') {
    return Fail(absl::StrCat("expected '$' at byte ", at, ", got ",
                             DescribeByte(rest[0])),
                error);
  }
  std::string_view line;
  std::string message;
  switch (ReadLine(input_, kMaxHeaderLine, "bulk header", &line_scanned_, &line,
                   &message)) {
    case LineStatus::kNeedMore:
      return Step::kNeedMore;
    case LineStatus::kError:
      return Fail(std::move(message), error);
    case LineStatus::kDone:
      break;
  }
  int64_t length = 0;
  if (std::string problem; !ReadLength(line, "bulk", at, &length, &problem)) {
    return Fail(std::move(problem), error);
  }
  if (static_cast<uint64_t>(length) > limits_.max_bulk_bytes) {
    return Fail(absl::StrCat("bulk length ", length, " over limit ",
                             limits_.max_bulk_bytes, " at byte ", at),
                error);
  }
  if (!AddToTotal(static_cast<size_t>(length))) {
    return Fail(absl::StrCat("command over limit ", limits_.max_total_bytes,
                             " bytes at byte ", at),
                error);
  }
  input_.Consume(line.size() + 2);
  partial_bytes_ += line.size() + 2;
  bulk_length_ = static_cast<size_t>(length);
  state_ = State::kBulkBody;
  return Step::kProgress;
}

RespRequestParser::Step RespRequestParser::ParseBulkBody(std::string* error) {
  const std::string_view rest = input_.Rest();
  if (std::optional<std::string> problem =
          BulkTerminatorError(input_, bulk_length_)) {
    return Fail(*std::move(problem), error);
  }
  if (rest.size() < bulk_length_ + 2) return Step::kNeedMore;
  pending_.emplace_back(rest.substr(0, bulk_length_));
  input_.Consume(bulk_length_ + 2);
  partial_bytes_ += bulk_length_ + 2;
  if (--args_left_ > 0) {
    state_ = State::kBulkHeader;
    return Step::kProgress;
  }
  state_ = State::kCommandStart;
  return Step::kCommand;
}

// --- Encoding ----------------------------------------------------------------

void AppendSimpleString(std::string* out, std::string_view text) {
  absl::StrAppend(out, "+", Sanitized(text), "\r\n");
}

void AppendError(std::string* out, std::string_view message) {
  AppendErrorWithPrefix(out, "ERR", message);
}

void AppendErrorWithPrefix(std::string* out, std::string_view prefix,
                           std::string_view message) {
  assert(!prefix.empty());
  assert(prefix.find_first_of(" \r\n") == std::string_view::npos);
  absl::StrAppend(out, "-", Sanitized(prefix));
  if (!message.empty()) absl::StrAppend(out, " ", Sanitized(message));
  out->append("\r\n");
}

void AppendInteger(std::string* out, int64_t value) {
  absl::StrAppend(out, ":", value, "\r\n");
}

void AppendBulkString(std::string* out, std::string_view bytes) {
  absl::StrAppend(out, "$", bytes.size(), "\r\n");
  out->append(bytes);
  out->append("\r\n");
}

void AppendNullBulk(std::string* out) { out->append("$-1\r\n"); }

void AppendNullArray(std::string* out) { out->append("*-1\r\n"); }

void AppendArrayHeader(std::string* out, size_t count) {
  absl::StrAppend(out, "*", count, "\r\n");
}

void AppendCommand(std::string* out, std::span<const std::string_view> args) {
  AppendArrayHeader(out, args.size());
  for (std::string_view arg : args) AppendBulkString(out, arg);
}

void AppendCommand(std::string* out, std::span<const std::string> args) {
  AppendArrayHeader(out, args.size());
  for (const std::string& arg : args) AppendBulkString(out, arg);
}

void AppendCommand(std::string* out,
                   std::initializer_list<std::string_view> args) {
  AppendCommand(out,
                std::span<const std::string_view>(args.begin(), args.size()));
}

void AppendValue(std::string* out, const RespValue& value) {
  switch (value.kind) {
    case RespValue::Kind::kSimpleString:
      AppendSimpleString(out, value.text);
      return;
    case RespValue::Kind::kError:
      absl::StrAppend(out, "-", Sanitized(value.text), "\r\n");
      return;
    case RespValue::Kind::kInteger:
      AppendInteger(out, value.integer);
      return;
    case RespValue::Kind::kBulkString:
      AppendBulkString(out, value.text);
      return;
    case RespValue::Kind::kNull:
      AppendNullBulk(out);
      return;
    case RespValue::Kind::kArray:
      AppendArrayHeader(out, value.elements.size());
      for (const RespValue& element : value.elements) {
        AppendValue(out, element);
      }
      return;
  }
}

std::string DebugString(const RespValue& value) {
  switch (value.kind) {
    case RespValue::Kind::kSimpleString:
      return absl::StrCat("+", value.text);
    case RespValue::Kind::kError:
      return absl::StrCat("-", value.text);
    case RespValue::Kind::kInteger:
      return absl::StrCat(":", value.integer);
    case RespValue::Kind::kBulkString:
      return absl::StrCat("$", Quote(value.text));
    case RespValue::Kind::kNull:
      return "nil";
    case RespValue::Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < value.elements.size(); ++i) {
        if (i > 0) out += ", ";
        out += DebugString(value.elements[i]);
      }
      return out + "]";
    }
  }
  return "?";
}

// --- RespReplyParser ---------------------------------------------------------

RespReplyParser::RespReplyParser(RespLimits limits) : limits_(limits) {}

void RespReplyParser::Feed(std::string_view bytes) {
  if (state_ != State::kError) input_.Append(bytes);
}

ParseStatus RespReplyParser::Next(RespValue* value, std::string* error) {
  for (;;) {
    bool done = false;
    Step step = Step::kError;
    switch (state_) {
      case State::kValueStart:
        step = ParseHeader(value, &done, error);
        break;
      case State::kBulkBody:
        step = ParseBulkBody(value, &done, error);
        break;
      case State::kError:
        *error = error_;
        return ParseStatus::kError;
    }
    if (step == Step::kNeedMore) return ParseStatus::kNeedMore;
    if (step == Step::kError) return ParseStatus::kError;
    if (done) return ParseStatus::kDone;
  }
}

RespReplyParser::Step RespReplyParser::Fail(std::string message,
                                            std::string* error) {
  state_ = State::kError;
  error_ = std::move(message);
  *error = error_;
  stack_.clear();
  return Step::kError;
}

bool RespReplyParser::AddToTotal(size_t bytes) {
  total_bytes_ += bytes + kRespElementCost;
  return total_bytes_ <= limits_.max_total_bytes;
}

void RespReplyParser::Complete(RespValue value, RespValue* finished,
                               bool* done) {
  for (;;) {
    if (stack_.empty()) {
      *finished = std::move(value);
      *done = true;
      total_bytes_ = 0;
      return;
    }
    OpenArray& top = stack_.back();
    top.value.elements.push_back(std::move(value));
    if (--top.left > 0) return;
    value = std::move(top.value);
    stack_.pop_back();
  }
}

RespReplyParser::Step RespReplyParser::ParseHeader(RespValue* finished,
                                                   bool* done,
                                                   std::string* error) {
  const std::string_view rest = input_.Rest();
  if (rest.empty()) return Step::kNeedMore;
  const char type = rest[0];
  const uint64_t at = input_.OffsetOf(0);
  const bool is_text = type == '+' || type == '-';
  if (!is_text && type != ':' && type != '$' && type != '*') {
    return Fail(absl::StrCat("unknown reply type ", DescribeByte(type),
                             " at byte ", at),
                error);
  }
  const size_t max_line =
      is_text ? std::min(limits_.max_inline_bytes, SIZE_MAX - 1) + 1
              : kMaxHeaderLine;
  std::string_view line;
  std::string message;
  switch (
      ReadLine(input_, max_line, "reply", &line_scanned_, &line, &message)) {
    case LineStatus::kNeedMore:
      return Step::kNeedMore;
    case LineStatus::kError:
      return Fail(std::move(message), error);
    case LineStatus::kDone:
      break;
  }
  const std::string_view body = line.substr(1);
  RespValue value;
  int64_t number = 0;
  if (is_text) {
    if (const size_t lf = body.find('\n'); lf != std::string_view::npos) {
      return Fail(absl::StrCat("LF inside a status line at byte ",
                               input_.OffsetOf(1 + lf)),
                  error);
    }
    value.kind =
        type == '+' ? RespValue::Kind::kSimpleString : RespValue::Kind::kError;
    value.text = std::string(body);
  } else if (!ParseDecimal(body, &number)) {
    return Fail(absl::StrCat("bad ", type == ':' ? "integer " : "length ",
                             Quote(body), " at byte ", at),
                error);
  } else if (type == ':') {
    value.kind = RespValue::Kind::kInteger;
    value.integer = number;
  } else if (number < -1) {
    return Fail(absl::StrCat("negative length ", number, " at byte ", at),
                error);
  } else if (number >= 0 && type == '$' &&
             static_cast<uint64_t>(number) > limits_.max_bulk_bytes) {
    return Fail(absl::StrCat("bulk length ", number, " over limit ",
                             limits_.max_bulk_bytes, " at byte ", at),
                error);
  } else if (number >= 0 && type == '*' &&
             static_cast<uint64_t>(number) > limits_.max_args) {
    return Fail(absl::StrCat("array of ", number, " elements over limit ",
                             limits_.max_args, " at byte ", at),
                error);
  } else if (number > 0 && type == '*' && stack_.size() >= limits_.max_depth) {
    return Fail(absl::StrCat("arrays nested deeper than ", limits_.max_depth,
                             " at byte ", at),
                error);
  }
  size_t bytes = is_text ? body.size() : 0;
  if (type == '$' && number > 0) bytes = static_cast<size_t>(number);
  if (!AddToTotal(bytes)) {
    return Fail(absl::StrCat("reply over limit ", limits_.max_total_bytes,
                             " bytes at byte ", at),
                error);
  }
  input_.Consume(line.size() + 2);
  if (type == '$' && number >= 0) {
    bulk_length_ = static_cast<size_t>(number);
    state_ = State::kBulkBody;
    return Step::kProgress;
  }
  if (type == '*' && number > 0) {
    OpenArray open;
    open.value.kind = RespValue::Kind::kArray;
    open.left = static_cast<size_t>(number);
    stack_.push_back(std::move(open));
    return Step::kProgress;
  }
  if (type == '*' && number == 0) value.kind = RespValue::Kind::kArray;
  // Otherwise a null ($-1, *-1) keeps the default kind.
  Complete(std::move(value), finished, done);
  return Step::kProgress;
}

RespReplyParser::Step RespReplyParser::ParseBulkBody(RespValue* finished,
                                                     bool* done,
                                                     std::string* error) {
  const std::string_view rest = input_.Rest();
  if (std::optional<std::string> problem =
          BulkTerminatorError(input_, bulk_length_)) {
    return Fail(*std::move(problem), error);
  }
  if (rest.size() < bulk_length_ + 2) return Step::kNeedMore;
  RespValue value;
  value.kind = RespValue::Kind::kBulkString;
  value.text = std::string(rest.substr(0, bulk_length_));
  input_.Consume(bulk_length_ + 2);
  state_ = State::kValueStart;
  Complete(std::move(value), finished, done);
  return Step::kProgress;
}

}  // namespace stepwise::wire
