#include "core/raft/kv_history.h"

#include <variant>

namespace stepwise::core::raft {

lin::KvInput KvInputOf(const KvCommand& command) {
  switch (command.op) {
    case KvOp::kGet:
      return lin::KvInput::Get(command.key);
    case KvOp::kPut:
      return lin::KvInput::Put(command.key, command.value);
    case KvOp::kDelete:
      return lin::KvInput::Delete(command.key);
    case KvOp::kCas:
      return lin::KvInput::Cas(command.key, command.expected, command.value);
    case KvOp::kPutIfAbsent:
      return lin::KvInput::PutIfAbsent(command.key, command.value);
    case KvOp::kPutIfPresent:
      return lin::KvInput::PutIfPresent(command.key, command.value);
    case KvOp::kIncr:
      return lin::KvInput::Incr(command.key);
  }
  return lin::KvInput::Get(command.key);
}

std::optional<lin::KvOutput> KvOutputOf(const KvCommand& command,
                                        const KvResult& result) {
  if (std::holds_alternative<NotLeader>(result)) return std::nullopt;
  if (std::holds_alternative<KvCasFailed>(result) ||
      std::holds_alternative<KvNotInteger>(result)) {
    return lin::KvOutput::Failed();
  }
  if (command.op == KvOp::kPutIfPresent &&
      std::holds_alternative<KvNotFound>(result)) {
    return lin::KvOutput::Failed();
  }
  if (command.op == KvOp::kIncr) {
    return lin::KvOutput::Make(true, true, std::get<KvOk>(result).value);
  }
  if (std::holds_alternative<KvNotFound>(result)) {
    return lin::KvOutput::NotFound();
  }
  if (command.op == KvOp::kGet) {
    return lin::KvOutput::Found(std::get<KvOk>(result).value);
  }
  // A delete reports found/not found through KvOk/KvNotFound; put and a
  // successful cas are plain oks.
  return command.op == KvOp::kDelete ? lin::KvOutput::Make(true, true, {})
                                     : lin::KvOutput::Ok();
}

}  // namespace stepwise::core::raft
