#include "tools/runner/client_commands.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <string_view>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "wire/resp.h"

namespace stepwise::runner {
namespace {

using core::raft::KvCommand;
using core::raft::KvOp;

std::string Upper(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return upper;
}

ImmediateReply Error(std::string_view message) {
  ImmediateReply reply;
  wire::AppendError(&reply.resp, message);
  return reply;
}

ImmediateReply WrongArity(std::string_view name) {
  return Error(absl::StrCat("wrong number of arguments for '",
                            std::string(name), "' command"));
}

ReplicatedCommand Replicated(KvOp op, std::string key, std::string value,
                             ReplyStyle style) {
  return ReplicatedCommand{KvCommand{op, std::move(key), std::move(value), ""},
                           style};
}

ClientAction InterpretSet(std::span<const std::string> args) {
  if (args.size() < 3) return WrongArity("set");
  KvOp op = KvOp::kPut;
  for (size_t i = 3; i < args.size(); ++i) {
    const std::string option = Upper(args[i]);
    KvOp wanted;
    if (option == "NX") {
      wanted = KvOp::kPutIfAbsent;
    } else if (option == "XX") {
      wanted = KvOp::kPutIfPresent;
    } else {
      return Error(absl::StrCat("SET option '", args[i],
                                "' is not supported (only NX and XX)"));
    }
    if (op != KvOp::kPut && op != wanted) {
      return Error("syntax error: NX and XX exclude each other");
    }
    op = wanted;
  }
  return Replicated(op, args[1], args[2], ReplyStyle::kSet);
}

ClientAction InterpretFaultCommand(const std::string& name,
                                   std::span<const std::string> args) {
  if (args.size() != 2) return WrongArity(name);
  if (name == "STEPWISE.LOCALGET") {
    return LocalCommand{LocalOp::kLocalGet, args[1], 0};
  }
  uint64_t millis = 0;
  const std::string& text = args[1];
  auto [ptr, error] =
      std::from_chars(text.data(), text.data() + text.size(), millis);
  if (error != std::errc() || ptr != text.data() + text.size() ||
      millis > 600'000) {
    return Error("STEPWISE.ISOLATE takes milliseconds in 0..600000");
  }
  return LocalCommand{LocalOp::kIsolate, "", millis};
}

}  // namespace

ClientAction InterpretCommand(std::span<const std::string> args,
                              bool fault_injection) {
  if (args.empty()) return Error("empty command");
  const std::string name = Upper(args[0]);
  if (name == "GET") {
    if (args.size() != 2) return WrongArity("get");
    return Replicated(KvOp::kGet, args[1], "", ReplyStyle::kGet);
  }
  if (name == "SET") return InterpretSet(args);
  if (name == "DEL") {
    if (args.size() != 2) {
      return Error("DEL takes exactly one key here (one key, one entry)");
    }
    return Replicated(KvOp::kDelete, args[1], "", ReplyStyle::kDel);
  }
  if (name == "INCR") {
    if (args.size() != 2) return WrongArity("incr");
    return Replicated(KvOp::kIncr, args[1], "", ReplyStyle::kIncr);
  }
  if (name == "PING") {
    if (args.size() > 2) return WrongArity("ping");
    return LocalCommand{LocalOp::kPing, args.size() == 2 ? args[1] : "", 0};
  }
  if (name == "QUIT") return LocalCommand{LocalOp::kQuit, "", 0};
  if (name == "INFO") return LocalCommand{LocalOp::kInfo, "", 0};
  if (name == "STEPWISE.ROLE") return LocalCommand{LocalOp::kRole, "", 0};
  if (name == "COMMAND" || name == "CONFIG") {
    // redis-cli and redis-benchmark ask these on connecting; an empty answer
    // tells them there is nothing to learn.
    ImmediateReply reply;
    wire::AppendArrayHeader(&reply.resp, 0);
    return reply;
  }
  if (name == "SELECT") {
    if (args.size() == 2 && args[1] == "0") {
      ImmediateReply reply;
      wire::AppendSimpleString(&reply.resp, "OK");
      return reply;
    }
    return Error("only database 0 exists");
  }
  if (name == "STEPWISE.LOCALGET" || name == "STEPWISE.ISOLATE") {
    if (!fault_injection) {
      return Error(absl::StrCat("", name,
                                " needs the node to run with "
                                "--enable-fault-injection"));
    }
    return InterpretFaultCommand(name, args);
  }
  return Error(absl::StrCat("unknown command '", args[0],
                            "' (supported: GET SET DEL INCR PING INFO QUIT)"));
}

void AppendResultReply(
    std::string* out, ReplyStyle style, const core::raft::KvResult& result,
    const std::function<std::string(core::NodeId)>& client_address_of) {
  using namespace core::raft;
  if (const auto* not_leader = std::get_if<NotLeader>(&result)) {
    const std::string address = not_leader->leader.has_value()
                                    ? client_address_of(*not_leader->leader)
                                    : std::string();
    if (address.empty()) {
      wire::AppendErrorWithPrefix(out, "CLUSTERDOWN",
                                  "no leader known yet; retry");
    } else {
      wire::AppendErrorWithPrefix(out, "MOVED", absl::StrCat("0 ", address));
    }
    return;
  }
  if (std::holds_alternative<KvNotInteger>(result)) {
    wire::AppendError(out, "value is not an integer or out of range");
    return;
  }
  const auto* ok = std::get_if<KvOk>(&result);
  switch (style) {
    case ReplyStyle::kGet:
      if (ok != nullptr) {
        wire::AppendBulkString(out, ok->value);
      } else {
        wire::AppendNullBulk(out);
      }
      return;
    case ReplyStyle::kSet:
      if (ok != nullptr) {
        wire::AppendSimpleString(out, "OK");
      } else {
        wire::AppendNullBulk(out);  // NX or XX did not hold
      }
      return;
    case ReplyStyle::kDel:
      wire::AppendInteger(out, ok != nullptr ? 1 : 0);
      return;
    case ReplyStyle::kIncr: {
      int64_t value = 0;
      if (ok != nullptr) {
        std::from_chars(ok->value.data(), ok->value.data() + ok->value.size(),
                        value);
      }
      wire::AppendInteger(out, value);
      return;
    }
  }
}

}  // namespace stepwise::runner
