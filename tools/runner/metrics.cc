#include "tools/runner/metrics.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace stepwise::runner {

void LatencyWindow::Record(uint64_t nanos) {
  if (samples_.size() < capacity_) {
    samples_.push_back(nanos);
  } else {
    samples_[next_] = nanos;
    next_ = (next_ + 1) % capacity_;
  }
  ++count_;
}

uint64_t LatencyWindow::Quantile(double q) const {
  if (samples_.empty()) return 0;
  std::vector<uint64_t> sorted = samples_;
  const size_t rank = std::min(
      sorted.size() - 1,
      static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size()))) -
          (q > 0 ? 1 : 0));
  std::nth_element(sorted.begin(), sorted.begin() + rank, sorted.end());
  return sorted[rank];
}

std::string RenderInfo(const std::vector<MetricField>& fields) {
  std::string out = "# Stepwise\r\n";
  for (const MetricField& field : fields) {
    absl::StrAppend(&out, field.name, ":", field.value, "\r\n");
  }
  return out;
}

std::string RenderPrometheus(const std::vector<MetricField>& fields) {
  std::string out;
  for (const MetricField& field : fields) {
    if (!field.numeric) continue;
    const std::string name = absl::StrCat("stepwise_", field.name);
    absl::StrAppend(&out, "# HELP ", name, " ", field.help, "\n", "# TYPE ",
                    name, field.counter ? " counter\n" : " gauge\n", name, " ",
                    field.value, "\n");
  }
  return out;
}

}  // namespace stepwise::runner
