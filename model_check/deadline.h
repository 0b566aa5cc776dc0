// The --max-seconds limit of a search: a thread that sleeps until the limit
// (or until the search ends first) and then stops the search, which reports
// itself incomplete ("stopped at --max-seconds"). Every search mode already
// stops promptly on the shared stop flag, so the limit costs nothing per
// state.

#ifndef STEPWISE_MODEL_CHECK_DEADLINE_H_
#define STEPWISE_MODEL_CHECK_DEADLINE_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/protocol.h"
#include "model_check/search_context.h"

namespace stepwise::mc {

// Stops `ctx` after ctx.options.max_seconds (if positive) unless Stop() or
// the destructor comes first.
template <core::Protocol P>
class Deadline {
 public:
  explicit Deadline(SearchContext<P>& ctx) : ctx_(ctx) {
    if (ctx_.options.max_seconds > 0) {
      thread_ = std::thread([this] { Wait(); });
    }
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  ~Deadline() { Stop(); }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      finished_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Wait() {
    const auto limit = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(ctx_.options.max_seconds));
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, limit, [this] { return finished_; })) {
      ctx_.StopAtTimeLimit();
    }
  }

  SearchContext<P>& ctx_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_DEADLINE_H_
