#include "tools/runner/client_commands.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::runner {
namespace {

using core::raft::KvOp;
using ::testing::HasSubstr;
using ::testing::StartsWith;

ClientAction Interpret(std::vector<std::string> args,
                       bool fault_injection = false) {
  return InterpretCommand(args, fault_injection);
}

std::string ErrorOf(const ClientAction& action) {
  const auto* reply = std::get_if<ImmediateReply>(&action);
  return reply == nullptr ? "" : reply->resp;
}

TEST(ClientCommandsTest, StoreCommandsGoThroughRaft) {
  const auto get = std::get<ReplicatedCommand>(Interpret({"get", "k"}));
  EXPECT_EQ(get.command.op, KvOp::kGet);
  EXPECT_EQ(get.command.key, "k");
  const auto set = std::get<ReplicatedCommand>(Interpret({"SET", "k", "v"}));
  EXPECT_EQ(set.command.op, KvOp::kPut);
  EXPECT_EQ(set.command.value, "v");
  EXPECT_EQ(std::get<ReplicatedCommand>(Interpret({"set", "k", "v", "nx"}))
                .command.op,
            KvOp::kPutIfAbsent);
  EXPECT_EQ(std::get<ReplicatedCommand>(Interpret({"set", "k", "v", "XX"}))
                .command.op,
            KvOp::kPutIfPresent);
  EXPECT_EQ(std::get<ReplicatedCommand>(Interpret({"DEL", "k"})).command.op,
            KvOp::kDelete);
  EXPECT_EQ(std::get<ReplicatedCommand>(Interpret({"incr", "n"})).command.op,
            KvOp::kIncr);
}

TEST(ClientCommandsTest, BadCommandsGetRedisStyleErrors) {
  EXPECT_THAT(ErrorOf(Interpret({"GET"})),
              HasSubstr("wrong number of arguments for 'get'"));
  EXPECT_THAT(ErrorOf(Interpret({"SET", "k", "v", "EX", "10"})),
              HasSubstr("option 'EX' is not supported"));
  EXPECT_THAT(ErrorOf(Interpret({"SET", "k", "v", "NX", "XX"})),
              HasSubstr("NX and XX"));
  EXPECT_THAT(ErrorOf(Interpret({"FLUSHALL"})),
              HasSubstr("unknown command 'FLUSHALL'"));
  EXPECT_THAT(ErrorOf(Interpret({"DEL", "a", "b"})), HasSubstr("one key"));
  EXPECT_THAT(ErrorOf(Interpret({"STEPWISE.ISOLATE", "10"})),
              HasSubstr("--enable-fault-injection"));
  EXPECT_THAT(ErrorOf(Interpret({"STEPWISE.ISOLATE", "x"}, true)),
              HasSubstr("milliseconds"));
  for (const auto& args :
       {std::vector<std::string>{"GET"}, std::vector<std::string>{"NOPE"}}) {
    EXPECT_THAT(ErrorOf(Interpret(args)), StartsWith("-ERR "));
  }
}

TEST(ClientCommandsTest, LocalCommands) {
  EXPECT_EQ(std::get<LocalCommand>(Interpret({"ping"})).op, LocalOp::kPing);
  EXPECT_EQ(std::get<LocalCommand>(Interpret({"INFO", "all"})).op,
            LocalOp::kInfo);
  const auto isolate =
      std::get<LocalCommand>(Interpret({"stepwise.isolate", "1500"}, true));
  EXPECT_EQ(isolate.op, LocalOp::kIsolate);
  EXPECT_EQ(isolate.number, 1500u);
  EXPECT_EQ(ErrorOf(Interpret({"COMMAND", "DOCS"})), "*0\r\n");
}

std::string Reply(ReplyStyle style, core::raft::KvResult result) {
  std::string out;
  AppendResultReply(&out, style, result, [](core::NodeId node) {
    return node == 2 ? std::string("127.0.0.1:7003") : std::string();
  });
  return out;
}

TEST(ClientCommandsTest, ResultsAreSpelledAsRedisSpellsThem) {
  using namespace core::raft;
  EXPECT_EQ(Reply(ReplyStyle::kGet, KvOk{"v"}), "$1\r\nv\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kGet, KvNotFound{}), "$-1\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kSet, KvOk{}), "+OK\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kSet, KvCasFailed{"old"}), "$-1\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kSet, KvNotFound{}), "$-1\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kDel, KvOk{}), ":1\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kDel, KvNotFound{}), ":0\r\n");
  EXPECT_EQ(Reply(ReplyStyle::kIncr, KvOk{"42"}), ":42\r\n");
  EXPECT_THAT(Reply(ReplyStyle::kIncr, KvNotInteger{}),
              HasSubstr("not an integer"));
  EXPECT_EQ(Reply(ReplyStyle::kSet, NotLeader{2}),
            "-MOVED 0 127.0.0.1:7003\r\n");
  EXPECT_THAT(Reply(ReplyStyle::kSet, NotLeader{1}), StartsWith("-CLUSTERDOWN"))
      << "a leader whose address is not known yet";
  EXPECT_THAT(Reply(ReplyStyle::kGet, NotLeader{}), StartsWith("-CLUSTERDOWN"));
}

}  // namespace
}  // namespace stepwise::runner
