#include "core/raft/kv.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <string>

#include "core/decimal.h"

namespace stepwise::core::raft {
namespace {

template <typename T, typename K, typename Key>
auto LowerBound(std::vector<T>& items, const K& key, Key project) {
  return std::lower_bound(
      items.begin(), items.end(), key,
      [&](const T& item, const K& k) { return project(item) < k; });
}

const std::string& PairKey(const KvPair& pair) { return pair.key; }
ClientId SessionClient(const Session& session) { return session.client; }

}  // namespace

KvResult KvStore::Get(const std::string& key) const {
  auto it = std::lower_bound(
      pairs.begin(), pairs.end(), key,
      [](const KvPair& pair, const std::string& k) { return pair.key < k; });
  if (it == pairs.end() || it->key != key) return KvNotFound{};
  return KvOk{it->value};
}

std::optional<KvResult> KvStore::Lookup(ClientId client, RequestId seq) const {
  auto it = std::lower_bound(
      sessions.begin(), sessions.end(), client,
      [](const Session& session, ClientId c) { return session.client < c; });
  if (it == sessions.end() || it->client != client || seq > it->seq) {
    return std::nullopt;
  }
  if (seq == it->seq) return it->result;
  return KvResult{KvOk{}};
}

std::optional<KvResult> KvStore::Apply(ClientId client, RequestId seq,
                                       const KvCommand& command) {
  auto session = LowerBound(sessions, client, SessionClient);
  if (session != sessions.end() && session->client == client) {
    if (seq == session->seq) return session->result;  // a retry
    if (seq < session->seq) return std::nullopt;      // superseded
  } else {
    session = sessions.insert(session, Session{client, 0, KvOk{}});
  }

  KvResult result = KvOk{};
  auto pair = LowerBound(pairs, command.key, PairKey);
  const bool found = pair != pairs.end() && pair->key == command.key;
  switch (command.op) {
    case KvOp::kGet:
      result = found ? KvResult{KvOk{pair->value}} : KvResult{KvNotFound{}};
      break;
    case KvOp::kPut:
      if (found) {
        pair->value = command.value;
      } else {
        pairs.insert(pair, KvPair{command.key, command.value});
      }
      break;
    case KvOp::kDelete:
      if (found) {
        pairs.erase(pair);
      } else {
        result = KvNotFound{};
      }
      break;
    case KvOp::kCas:
      if (!found) {
        result = KvNotFound{};
      } else if (pair->value != command.expected) {
        result = KvCasFailed{pair->value};
      } else {
        pair->value = command.value;
      }
      break;
    case KvOp::kPutIfAbsent:
      if (found) {
        result = KvCasFailed{pair->value};
      } else {
        pairs.insert(pair, KvPair{command.key, command.value});
      }
      break;
    case KvOp::kPutIfPresent:
      if (found) {
        pair->value = command.value;
      } else {
        result = KvNotFound{};
      }
      break;
    case KvOp::kIncr: {
      std::optional<std::string> next =
          IncrementDecimal(found ? pair->value : "0");
      if (!next.has_value()) {
        result = KvNotInteger{};
      } else if (found) {
        pair->value = *next;
        result = KvOk{*next};
      } else {
        result = KvOk{*next};
        pairs.insert(pair, KvPair{command.key, *std::move(next)});
      }
      break;
    }
  }
  session->seq = seq;
  session->result = result;
  assert(std::is_sorted(
      pairs.begin(), pairs.end(),
      [](const KvPair& a, const KvPair& b) { return a.key < b.key; }));
  return result;
}

}  // namespace stepwise::core::raft
