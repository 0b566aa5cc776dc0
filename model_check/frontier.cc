#include "model_check/frontier.h"

#include <cstdio>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace stepwise::mc {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

Frontier::Frontier(std::string spill_prefix,
                   std::function<size_t()> in_memory_budget)
    : spill_prefix_(std::move(spill_prefix)),
      in_memory_budget_(std::move(in_memory_budget)) {}

Frontier::~Frontier() {
  for (const Spilled& spilled : on_disk_) std::remove(spilled.path.c_str());
}

absl::Status Frontier::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void Frontier::Seal(Batch batch, int producer) {
  if (batch.empty()) return;
  states_.fetch_add(batch.items.size());
  std::lock_guard<std::mutex> lock(mu_);
  const size_t size = batch.MemoryBytes();
  if (spill_prefix_.empty() || memory_bytes_ + size <= in_memory_budget_()) {
    KeepInMemory(std::move(batch), producer);
    return;
  }
  const std::string path =
      absl::StrCat(spill_prefix_, "-", next_file_++, ".chunk");
  if (absl::Status s = Write(batch, path); !s.ok()) {
    // Keep the states rather than lose them; report the disk problem.
    if (status_.ok()) status_ = s;
    KeepInMemory(std::move(batch), producer);
    return;
  }
  spilled_total_.fetch_add(1);
  on_disk_.push_back({path, batch.items.size()});
}

void Frontier::KeepInMemory(Batch batch, int producer) {
  const size_t index = static_cast<size_t>(producer);
  if (in_memory_.size() <= index) in_memory_.resize(index + 1);
  memory_bytes_ += batch.MemoryBytes();
  in_memory_[index].push_back(std::move(batch));
}

std::optional<Batch> Frontier::Take(int taker) {
  std::unique_lock<std::mutex> lock(mu_);
  std::deque<Batch>* source = nullptr;
  const size_t own = static_cast<size_t>(taker);
  if (own < in_memory_.size() && !in_memory_[own].empty()) {
    source = &in_memory_[own];
  } else {
    for (auto& chunks : in_memory_) {
      if (!chunks.empty()) {
        source = &chunks;
        break;
      }
    }
  }
  if (source != nullptr) {
    Batch batch = std::move(source->front());
    source->pop_front();
    memory_bytes_ -= batch.MemoryBytes();
    states_.fetch_sub(batch.items.size());
    return batch;
  }
  if (on_disk_.empty()) return std::nullopt;
  Spilled spilled = std::move(on_disk_.front());
  on_disk_.pop_front();
  lock.unlock();
  Batch batch;
  absl::Status s = Read(spilled.path, &batch);
  std::remove(spilled.path.c_str());
  lock.lock();
  if (!s.ok()) {
    if (status_.ok()) status_ = s;
    return std::nullopt;
  }
  states_.fetch_sub(batch.items.size());
  return batch;
}

absl::Status Frontier::Write(const Batch& batch, const std::string& path) {
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) return absl::InternalError(absl::StrCat("cannot create ", path));
  const uint64_t header[2] = {batch.items.size(), batch.bytes.size()};
  bool ok = std::fwrite(header, sizeof(header), 1, file.get()) == 1;
  ok = ok && std::fwrite(batch.items.data(), sizeof(FrontierItem),
                         batch.items.size(), file.get()) == batch.items.size();
  ok = ok && std::fwrite(batch.bytes.data(), 1, batch.bytes.size(),
                         file.get()) == batch.bytes.size();
  ok = ok && std::fflush(file.get()) == 0;
  if (!ok) {
    std::remove(path.c_str());
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

absl::Status Frontier::Read(const std::string& path, Batch* batch) {
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) return absl::InternalError(absl::StrCat("cannot open ", path));
  uint64_t header[2];
  if (std::fread(header, sizeof(header), 1, file.get()) != 1) {
    return absl::DataLossError(absl::StrCat(path, ": truncated header"));
  }
  batch->items.resize(header[0]);
  batch->bytes.resize(header[1]);
  if (std::fread(batch->items.data(), sizeof(FrontierItem), header[0],
                 file.get()) != header[0] ||
      std::fread(batch->bytes.data(), 1, header[1], file.get()) != header[1]) {
    return absl::DataLossError(absl::StrCat(path, ": truncated chunk"));
  }
  return absl::OkStatus();
}

}  // namespace stepwise::mc
