#include "wire/resp.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::wire {
namespace {

using ::testing::ElementsAre;
using Args = std::vector<std::string>;

struct Parsed {
  std::vector<Args> commands;
  std::string error;  // empty: ended in kNeedMore
};

// Feeds `chunks` one at a time, draining commands after each.
Parsed ParseChunks(const std::vector<std::string_view>& chunks,
                   RespLimits limits = {}) {
  RespRequestParser parser(limits);
  Parsed parsed;
  for (std::string_view chunk : chunks) {
    parser.Feed(chunk);
    Args args;
    for (;;) {
      const ParseStatus status = parser.Next(&args, &parsed.error);
      if (status == ParseStatus::kDone) {
        parsed.commands.push_back(args);
        continue;
      }
      if (status == ParseStatus::kError) return parsed;
      break;
    }
  }
  return parsed;
}

Parsed Parse(std::string_view bytes, RespLimits limits = {}) {
  return ParseChunks({bytes}, limits);
}

std::string Command(std::initializer_list<std::string_view> args) {
  std::string out;
  AppendCommand(&out, args);
  return out;
}

TEST(RespRequest, ArrayOfBulkStrings) {
  const Parsed parsed = Parse("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
  EXPECT_EQ(parsed.error, "");
  EXPECT_THAT(parsed.commands, ElementsAre(Args{"SET", "k", "hello"}));
}

TEST(RespRequest, BinarySafeBulkStrings) {
  const std::string value("a\r\nb\0c", 6);
  const Parsed parsed = Parse(Command({"SET", "", value}));
  EXPECT_THAT(parsed.commands, ElementsAre(Args{"SET", "", value}));
}

TEST(RespRequest, EverySplitPointGivesTheSameCommands) {
  std::string stream = Command({"SET", "key", "value"}) + "PING\r\n" +
                       Command({"GET", "key"}) + "*0\r\n" + "set a \"b c\"\n" +
                       Command({"DEL", std::string(300, 'x')});
  const std::vector<Args> expected = {{"SET", "key", "value"},
                                      {"PING"},
                                      {"GET", "key"},
                                      {"set", "a", "b c"},
                                      {"DEL", std::string(300, 'x')}};
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    const std::string_view view(stream);
    const Parsed parsed = ParseChunks({view.substr(0, cut), view.substr(cut)});
    EXPECT_EQ(parsed.error, "") << "cut at " << cut;
    EXPECT_EQ(parsed.commands, expected) << "cut at " << cut;
  }
  for (size_t a = 0; a <= stream.size(); a += 7) {
    for (size_t b = a; b <= stream.size(); b += 5) {
      const std::string_view view(stream);
      const Parsed parsed = ParseChunks(
          {view.substr(0, a), view.substr(a, b - a), view.substr(b)});
      ASSERT_EQ(parsed.commands, expected) << "cuts at " << a << ", " << b;
    }
  }
  // One byte at a time.
  std::vector<std::string_view> bytes;
  for (size_t i = 0; i < stream.size(); ++i) {
    bytes.push_back(std::string_view(stream).substr(i, 1));
  }
  EXPECT_EQ(ParseChunks(bytes).commands, expected);
}

TEST(RespRequest, PipelinedCommandsComeOutInOrder) {
  std::string stream;
  for (int i = 0; i < 1000; ++i) {
    stream += Command({"INCR", std::to_string(i)});
  }
  const Parsed parsed = Parse(stream);
  ASSERT_EQ(parsed.commands.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(parsed.commands[i], (Args{"INCR", std::to_string(i)}));
  }
}

TEST(RespRequest, InlineCommands) {
  EXPECT_THAT(Parse("PING\r\n").commands, ElementsAre(Args{"PING"}));
  EXPECT_THAT(Parse("get  k\n").commands, ElementsAre(Args{"get", "k"}));
  EXPECT_THAT(Parse("\r\n\n  \r\nPING\r\n").commands,
              ElementsAre(Args{"PING"}));
  EXPECT_THAT(Parse("SET k \"a b\\r\\n\\x41\\\"\" 'it\\'s'\r\n").commands,
              ElementsAre(Args{"SET", "k", "a b\r\nA\"", "it's"}));
  EXPECT_THAT(Parse("SET k \"\"\r\n").commands,
              ElementsAre(Args{"SET", "k", ""}));
  // Not yet a whole line.
  const Parsed partial = Parse("PING");
  EXPECT_TRUE(partial.commands.empty());
  EXPECT_EQ(partial.error, "");
}

TEST(RespRequest, InlineErrors) {
  EXPECT_EQ(Parse("SET k \"abc\r\n").error,
            "unbalanced quotes in inline command at byte 6");
  EXPECT_EQ(Parse("PING\r\nSET k 'abc\r\n").error,
            "unbalanced quotes in inline command at byte 12");
  EXPECT_EQ(Parse("SET \"k\"v\r\n").error,
            "expected a space after a closing quote at byte 7, got 'v'");
  RespLimits limits;
  limits.max_inline_bytes = 8;
  EXPECT_EQ(Parse("PING 1234\r\n", limits).error,
            "inline command longer than 8 bytes at byte 0");
  EXPECT_EQ(Parse("PING 123\r\n", limits).error, "");
  // Too long is seen before the line ends: nothing more is buffered.
  EXPECT_EQ(Parse("PING 12345", limits).error,
            "inline command longer than 8 bytes at byte 0");
  limits = {};
  limits.max_args = 2;
  EXPECT_EQ(Parse("a b c\r\n", limits).error,
            "inline command of more than 2 arguments at byte 0");
  limits = {};
  limits.max_bulk_bytes = 2;
  EXPECT_EQ(Parse("ab abc\r\n", limits).error,
            "inline argument of 3 bytes over limit 2 at byte 0");
}

TEST(RespRequest, LimitErrorsNameTheOffset) {
  RespLimits limits;
  limits.max_args = 3;
  EXPECT_EQ(Parse("PING\r\n*4\r\n", limits).error,
            "command of 4 arguments over limit 3 at byte 6");
  EXPECT_EQ(Parse("*1\r\n$2000000\r\n").error,
            "bulk length 2000000 over limit 1048576 at byte 4");
  // Rejected from the header alone, before any of the body arrives.
  limits = {};
  limits.max_total_bytes = 100;
  EXPECT_EQ(
      Parse("*3\r\n$50\r\n" + std::string(50, 'a') + "\r\n$50\r\n", limits)
          .error,
      "command over limit 100 bytes at byte 61");
}

TEST(RespRequest, MalformedInputErrorsNameTheOffset) {
  EXPECT_EQ(Parse("*-1\r\n").error, "negative array length -1 at byte 0");
  EXPECT_EQ(Parse("*1\r\n$-1\r\n").error, "negative bulk length -1 at byte 4");
  EXPECT_EQ(Parse("*x\r\n").error, "bad array length \"x\" at byte 0");
  EXPECT_EQ(Parse("*1\r\n$1a\r\n").error, "bad bulk length \"1a\" at byte 4");
  EXPECT_EQ(Parse("*1\r\n$\r\n").error, "bad bulk length \"\" at byte 4");
  EXPECT_EQ(Parse("*1\r\n$+1\r\n").error, "bad bulk length \"+1\" at byte 4");
  EXPECT_EQ(Parse("*1\r\n$01\r\n").error, "bad bulk length \"01\" at byte 4");
  EXPECT_EQ(Parse("*1\r\n$99999999999999999999\r\n").error,
            "bad bulk length \"99999999999999999999\" at byte 4");
  EXPECT_EQ(Parse("*2\r\n$1\r\na\r\nx1\r\n").error,
            "expected '$' at byte 11, got 'x'");
  EXPECT_EQ(Parse("*1\r\n*1\r\n$1\r\na\r\n").error,
            "nested array at byte 4: a command is an array of bulk strings");
  // Missing CRLF after a body, found as soon as the wrong byte arrives.
  EXPECT_EQ(Parse("*1\r\n$1\r\nab").error,
            "expected CRLF after a bulk string of 1 bytes at byte 9, got 'b'");
  EXPECT_EQ(Parse("*1\r\n$1\r\na\rx").error,
            "expected CRLF after a bulk string of 1 bytes at byte 10, got 'x'");
  EXPECT_EQ(Parse("*1\r\n$1\na\r\n").error,
            "bad bulk length \"1?a\" at byte 4");
  EXPECT_EQ(Parse("*1\rx").error, "expected LF after CR at byte 3, got 'x'");
  EXPECT_EQ(Parse("*1" + std::string(30, '0')).error,
            "array header line longer than 24 bytes at byte 0");
}

TEST(RespRequest, ErrorIsSticky) {
  RespRequestParser parser;
  parser.Feed("PING\r\n*1\r\n$x\r\n");
  Args args;
  std::string error;
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kDone);
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kError);
  EXPECT_EQ(error, "bad bulk length \"x\" at byte 10");
  parser.Feed("PING\r\n");
  error.clear();
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kError);
  EXPECT_EQ(error, "bad bulk length \"x\" at byte 10");
}

TEST(RespRequest, OffsetsCountTheWholeStream) {
  RespRequestParser parser;
  Args args;
  std::string error;
  std::string stream;
  for (int i = 0; i < 2000; ++i) stream += Command({"GET", "key"});
  // Many small feeds, so the parser compacts its buffer on the way.
  for (size_t i = 0; i < stream.size(); i += 100) {
    parser.Feed(std::string_view(stream).substr(i, 100));
    while (parser.Next(&args, &error) == ParseStatus::kDone) {
    }
  }
  EXPECT_EQ(parser.buffered_bytes(), 0u);
  parser.Feed("*1\r\n?");
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kError);
  EXPECT_EQ(error, "expected '$' at byte " + std::to_string(stream.size() + 4) +
                       ", got '?'");
}

TEST(RespRequest, BufferedBytesCountsAPartialCommand) {
  RespRequestParser parser;
  parser.Feed("*2\r\n$3\r\nGET\r\n$1\r\n");
  Args args;
  std::string error;
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kNeedMore);
  EXPECT_EQ(parser.buffered_bytes(), 17u);
  parser.Feed("k\r\n");
  EXPECT_EQ(parser.Next(&args, &error), ParseStatus::kDone);
  EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(RespEncode, MatchesTheSpecBytes) {
  std::string out;
  AppendSimpleString(&out, "OK");
  EXPECT_EQ(out, "+OK\r\n");
  out.clear();
  AppendError(&out, "unknown command 'FOO'");
  EXPECT_EQ(out, "-ERR unknown command 'FOO'\r\n");
  out.clear();
  AppendErrorWithPrefix(&out, "MOVED", "0 127.0.0.1:7001");
  EXPECT_EQ(out, "-MOVED 0 127.0.0.1:7001\r\n");
  out.clear();
  AppendInteger(&out, 1000);
  AppendInteger(&out, -1);
  AppendInteger(&out, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(out, ":1000\r\n:-1\r\n:-9223372036854775808\r\n");
  out.clear();
  AppendBulkString(&out, "hello");
  AppendBulkString(&out, "");
  AppendNullBulk(&out);
  AppendNullArray(&out);
  EXPECT_EQ(out, "$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n");
  out.clear();
  AppendArrayHeader(&out, 2);
  AppendBulkString(&out, "foo");
  AppendBulkString(&out, "bar");
  EXPECT_EQ(out, "*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n");
  EXPECT_EQ(Command({"LLEN", "mylist"}),
            "*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n");
  const std::vector<std::string> owned = {"GET", "k"};
  out.clear();
  AppendCommand(&out, owned);
  EXPECT_EQ(out, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
}

TEST(RespEncode, SanitizesLineBreaks) {
  std::string out;
  AppendSimpleString(&out, "a\r\n+OK");
  AppendError(&out, "bad\r\n-ERR forged");
  EXPECT_EQ(out, "+a  +OK\r\n-ERR bad  -ERR forged\r\n");
}

// --- Replies -----------------------------------------------------------------

RespValue Value(RespValue::Kind kind, std::string text = "",
                int64_t integer = 0, std::vector<RespValue> elements = {}) {
  RespValue value;
  value.kind = kind;
  value.text = std::move(text);
  value.integer = integer;
  value.elements = std::move(elements);
  return value;
}
RespValue Simple(std::string text) {
  return Value(RespValue::Kind::kSimpleString, std::move(text));
}
RespValue Error(std::string text) {
  return Value(RespValue::Kind::kError, std::move(text));
}
RespValue Int(int64_t integer) {
  return Value(RespValue::Kind::kInteger, "", integer);
}
RespValue Bulk(std::string text) {
  return Value(RespValue::Kind::kBulkString, std::move(text));
}
RespValue Null() { return {}; }
RespValue Array(std::vector<RespValue> elements) {
  return Value(RespValue::Kind::kArray, "", 0, std::move(elements));
}

struct ParsedReplies {
  std::vector<RespValue> values;
  std::string error;
};

ParsedReplies ParseReplies(const std::vector<std::string_view>& chunks,
                           RespLimits limits = {}) {
  RespReplyParser parser(limits);
  ParsedReplies parsed;
  for (std::string_view chunk : chunks) {
    parser.Feed(chunk);
    RespValue value;
    for (;;) {
      const ParseStatus status = parser.Next(&value, &parsed.error);
      if (status == ParseStatus::kDone) {
        parsed.values.push_back(value);
        continue;
      }
      if (status == ParseStatus::kError) return parsed;
      break;
    }
  }
  return parsed;
}

std::string ReplyError(std::string_view bytes, RespLimits limits = {}) {
  return ParseReplies({bytes}, limits).error;
}

TEST(RespReply, RoundTripsAtEverySplitPoint) {
  const std::vector<RespValue> values = {
      Simple("OK"),
      Error("MOVED 0 127.0.0.1:7001"),
      Error(""),
      Int(0),
      Int(std::numeric_limits<int64_t>::min()),
      Int(std::numeric_limits<int64_t>::max()),
      Bulk(std::string("bin\r\n\0ary", 10)),
      Bulk(""),
      Null(),
      Array({}),
      Array({Int(1), Bulk("abc"), Null(),
             Array({Array({Simple("deep")}), Array({}), Error("ERR x")})}),
  };
  std::string stream;
  for (const RespValue& value : values) AppendValue(&stream, value);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    const std::string_view view(stream);
    const ParsedReplies parsed =
        ParseReplies({view.substr(0, cut), view.substr(cut)});
    EXPECT_EQ(parsed.error, "") << "cut at " << cut;
    ASSERT_EQ(parsed.values, values) << "cut at " << cut;
  }
}

TEST(RespReply, NullsAndSpecBytes) {
  const ParsedReplies parsed = ParseReplies(
      {"$-1\r\n*-1\r\n*0\r\n*2\r\n$3\r\nfoo\r\n$-1\r\n:-5\r\n-ERR x y\r\n"});
  EXPECT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.values, (std::vector<RespValue>{Null(), Null(), Array({}),
                                                   Array({Bulk("foo"), Null()}),
                                                   Int(-5), Error("ERR x y")}));
  EXPECT_EQ(DebugString(parsed.values[3]), "[$\"foo\", nil]");
}

TEST(RespReply, ErrorsNameTheOffset) {
  EXPECT_EQ(ReplyError("+OK\r\n?"), "unknown reply type '?' at byte 5");
  EXPECT_EQ(ReplyError(":1x\r\n"), "bad integer \"1x\" at byte 0");
  EXPECT_EQ(ReplyError(":-0\r\n"), "bad integer \"-0\" at byte 0");
  EXPECT_EQ(ReplyError(":9223372036854775808\r\n"),
            "bad integer \"9223372036854775808\" at byte 0");
  EXPECT_EQ(ReplyError("$-2\r\n"), "negative length -2 at byte 0");
  EXPECT_EQ(ReplyError("*1\r\n$2000000\r\n"),
            "bulk length 2000000 over limit 1048576 at byte 4");
  EXPECT_EQ(ReplyError("$1\r\nab\r\n"),
            "expected CRLF after a bulk string of 1 bytes at byte 5, got 'b'");
  EXPECT_EQ(ReplyError("+a\nb\r\n"), "LF inside a status line at byte 2");
  RespLimits limits;
  limits.max_args = 2;
  EXPECT_EQ(ReplyError("*3\r\n", limits),
            "array of 3 elements over limit 2 at byte 0");
  limits = {};
  limits.max_depth = 2;
  EXPECT_EQ(ReplyError("*1\r\n*1\r\n*0\r\n", limits), "");
  EXPECT_EQ(ReplyError("*1\r\n*1\r\n*1\r\n", limits),
            "arrays nested deeper than 2 at byte 8");
  limits = {};
  limits.max_inline_bytes = 4;
  EXPECT_EQ(ReplyError("+abcd\r\n", limits), "");
  EXPECT_EQ(ReplyError("+abcde\r\n", limits),
            "reply line longer than 5 bytes at byte 0");
  limits = {};
  limits.max_total_bytes = 3 * kRespElementCost;
  EXPECT_EQ(ReplyError("*2\r\n:1\r\n:2\r\n", limits), "");
  EXPECT_EQ(ReplyError("*3\r\n:1\r\n:2\r\n:3\r\n", limits),
            "reply over limit 48 bytes at byte 12");
}

}  // namespace
}  // namespace stepwise::wire
