// Progress reports while a search runs: every --progress-seconds (unless
// --quiet) a line on stderr with the distinct and generated states, the
// queue, the depth and the rate, written by a thread of its own that reads
// the search's counters.

#ifndef STEPWISE_MODEL_CHECK_PROGRESS_H_
#define STEPWISE_MODEL_CHECK_PROGRESS_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/protocol.h"
#include "model_check/search_context.h"

namespace stepwise::mc {

// Reports on `ctx` from construction until Stop() (or destruction).
template <core::Protocol P>
class ProgressReporter {
 public:
  explicit ProgressReporter(const SearchContext<P>& ctx) : ctx_(ctx) {
    if (ctx_.options.progress_seconds > 0 && !ctx_.options.quiet) {
      thread_ = std::thread([this] { Report(); });
    }
  }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  ~ProgressReporter() { Stop(); }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      finished_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Report() {
    std::unique_lock<std::mutex> lock(mu_);
    const auto period =
        std::chrono::duration<double>(ctx_.options.progress_seconds);
    uint64_t last = 0;
    auto last_time = std::chrono::steady_clock::now();
    while (!cv_.wait_for(lock, period, [this] { return finished_; })) {
      const auto now = std::chrono::steady_clock::now();
      const uint64_t distinct = ctx_.Distinct();
      const double rate =
          (distinct - last) /
          std::max(1e-9,
                   std::chrono::duration<double>(now - last_time).count());
      std::fprintf(stderr,
                   "progress: %llu distinct states, %llu generated, queue %llu,"
                   " depth %llu, %.0f states/s\n",
                   static_cast<unsigned long long>(distinct),
                   static_cast<unsigned long long>(ctx_.Generated()),
                   static_cast<unsigned long long>(ctx_.queue.load()),
                   static_cast<unsigned long long>(ctx_.max_depth.load()),
                   rate);
      last = distinct;
      last_time = now;
    }
  }

  const SearchContext<P>& ctx_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_PROGRESS_H_
