// stepwise_loadgen: closed-loop write load against a key-value cluster.
//
// N long-lived connections share one single-threaded io_context; each keeps
// exactly one write outstanding, so throughput and latency come from the
// server's commit path rather than from connection set-up or client threads.
// Two wire protocols: RESP `SET` (Stepwise, Redis) and etcd 3.4's JSON gateway
// (`POST /v3/kv/put`). Only operations that complete inside the measurement
// window (after the warm-up) are counted.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <bit>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "wire/resp.h"

namespace {

using Clock = std::chrono::steady_clock;
using asio::ip::tcp;

constexpr int kMaxClients = 4096;
constexpr double kMaxSeconds = 24 * 3600;
constexpr int kMaxValueBytes = 1 << 20;
// A reply larger than this is a protocol mismatch, not a put acknowledgement.
constexpr size_t kMaxReplyBytes = 1 << 20;
// Stops a redirect loop between two nodes that each name the other as leader.
constexpr int kMaxRedirectsPerOp = 16;
// Long enough for a leader election to make progress, short enough not to
// idle through the measurement window.
constexpr auto kRetryBackoff = std::chrono::milliseconds(20);
// How long operations in flight at the deadline may take before we give up.
constexpr auto kDrainGrace = std::chrono::seconds(5);

enum class Target { kResp, kEtcd };

struct Endpoint {
  std::string host;
  std::string port;
  std::string ToString() const { return host + ":" + port; }
};

// Accepts "host:port" and "[v6]:port".
std::optional<Endpoint> ParseEndpoint(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  uint32_t port_number = 0;
  if (!absl::SimpleAtoi(absl::string_view(port.data(), port.size()),
                        &port_number) ||
      port_number == 0 || port_number > 65535 || host.empty()) {
    return std::nullopt;
  }
  return Endpoint{std::string(host), std::string(port)};
}

struct Options {
  Target target = Target::kResp;
  Endpoint endpoint;
  int clients = 1;
  double seconds = 10;
  double warmup_seconds = 1;
  int value_bytes = 256;
  // Writes cycle over this many keys per run (0: every write a new key). A
  // bounded key space is what a store under steady load sees; unbounded keys
  // measure how the store grows instead (Stepwise's key-value state is a
  // sorted vector, built for model checking: inserting into it costs O(keys)).
  uint64_t keys = 10000;
  bool json = false;
};

// Log-linear latency histogram over nanoseconds: exact below 128 ns, then 64
// buckets per power of two, so a reported percentile is within 0.8% of the
// true value while memory stays fixed however long the run.
class Histogram {
 public:
  void Record(int64_t ns) {
    assert(ns >= 0);
    const uint64_t value = static_cast<uint64_t>(ns);
    ++counts_[Index(value)];
    ++count_;
    max_ = std::max(max_, value);
  }

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }

  // REQUIRES: 0 < quantile <= 1.
  uint64_t Quantile(double quantile) const {
    assert(quantile > 0 && quantile <= 1);
    if (count_ == 0) return 0;
    const auto rank = static_cast<uint64_t>(
        std::max(1.0, std::ceil(quantile * static_cast<double>(count_))));
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(Midpoint(i), max_);
    }
    assert(false && "rank beyond the recorded count");
    return max_;
  }

 private:
  static constexpr int kSubBits = 6;
  static constexpr uint64_t kExact = uint64_t{2} << kSubBits;  // 128
  static constexpr size_t kBuckets = kExact + (64 - kSubBits) * (kExact / 2);

  static size_t Index(uint64_t value) {
    if (value < kExact) return value;
    const int shift = std::bit_width(value) - (kSubBits + 1);
    const uint64_t top = value >> shift;  // in [64, 128)
    return kExact + (shift - 1) * (kExact / 2) + (top - kExact / 2);
  }

  static uint64_t Midpoint(size_t index) {
    if (index < kExact) return index;
    const size_t rest = index - kExact;
    const int shift = static_cast<int>(rest / (kExact / 2)) + 1;
    const uint64_t top = rest % (kExact / 2) + kExact / 2;
    return (top << shift) + (uint64_t{1} << (shift - 1));
  }

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t max_ = 0;
};

struct Stats {
  uint64_t ops = 0;
  uint64_t errors = 0;
  uint64_t redirects = 0;
  Histogram latency;
  std::string first_error;

  void Error(std::string_view what) {
    ++errors;
    if (first_error.empty()) first_error = what;
  }
};

// Shared by every client; the io_context is single-threaded, so no locking.
struct Run {
  const Options* options;
  Clock::time_point measure_start;
  Clock::time_point deadline;
  std::string run_tag;  // keeps keys of separate runs apart
  std::string value;
  std::string value_base64;
  Stats stats;
};

// What one reply says about the operation that caused it.
struct Outcome {
  enum class Kind { kOk, kRedirect, kRetry, kFailed } kind = Kind::kOk;
  std::string detail;  // error text for kRetry and kFailed
  Endpoint redirect;   // for kRedirect
  bool close = false;  // the server will not take another request
};

enum class Poll { kNeedMore, kDone, kError };

// RESP: `SET key value`, expecting +OK.
class RespProtocol {
 public:
  void EncodeSet(const Run&, std::string_view key, std::string_view value,
                 std::string* out) const {
    const std::array<std::string_view, 3> args = {"SET", key, value};
    stepwise::wire::AppendCommand(out, args);
  }

  void Reset() { parser_ = stepwise::wire::RespReplyParser(); }
  void Feed(std::string_view bytes) { parser_.Feed(bytes); }

  Poll Next(Outcome* outcome, std::string* error) {
    stepwise::wire::RespValue reply;
    switch (parser_.Next(&reply, error)) {
      case stepwise::wire::ParseStatus::kNeedMore:
        return Poll::kNeedMore;
      case stepwise::wire::ParseStatus::kError:
        return Poll::kError;
      case stepwise::wire::ParseStatus::kDone:
        break;
    }
    *outcome = Classify(reply);
    return Poll::kDone;
  }

 private:
  using Kind = stepwise::wire::RespValue::Kind;

  static Outcome Classify(const stepwise::wire::RespValue& reply) {
    Outcome outcome;
    if (reply.kind == Kind::kSimpleString && reply.text == "OK") return outcome;
    if (reply.kind != Kind::kError) {
      outcome.kind = Outcome::Kind::kFailed;
      outcome.detail = "unexpected reply to SET";
      return outcome;
    }
    std::string_view text = reply.text;
    if (text.starts_with('-')) text.remove_prefix(1);
    outcome.detail = std::string(text);
    // -MOVED <slot> <host:port>: the node is not the leader but knows who is.
    if (text.starts_with("MOVED ")) {
      const size_t space = text.rfind(' ');
      if (auto endpoint = ParseEndpoint(text.substr(space + 1))) {
        outcome.kind = Outcome::Kind::kRedirect;
        outcome.redirect = *endpoint;
        return outcome;
      }
    }
    // Every other error (-TRYAGAIN, -CLUSTERDOWN, no leader yet, ...) may
    // pass once the cluster settles, so it is retried after a backoff.
    outcome.kind = Outcome::Kind::kRetry;
    return outcome;
  }

  stepwise::wire::RespReplyParser parser_;
};

// Reads one HTTP/1.1 response: status line, headers, and a body framed by
// Content-Length or chunked transfer coding. The body is skipped: the status
// is all a put needs.
class HttpResponseReader {
 public:
  void Reset() { buffer_.clear(); }
  void Feed(std::string_view bytes) { buffer_.append(bytes); }

  Poll Next(int* status, bool* close, std::string* error) {
    if (buffer_.size() > kMaxReplyBytes) {
      *error = "HTTP response too large";
      return Poll::kError;
    }
    const size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end == std::string::npos) return Poll::kNeedMore;
    const std::string_view head(buffer_.data(), header_end);
    std::optional<size_t> content_length;
    bool chunked = false;
    if (!ParseHead(head, status, close, &content_length, &chunked, error)) {
      return Poll::kError;
    }
    const size_t body_start = header_end + 4;
    size_t end = 0;
    if (chunked) {
      const Poll poll = ChunkedEnd(body_start, &end, error);
      if (poll != Poll::kDone) return poll;
    } else if (content_length) {
      if (buffer_.size() - body_start < *content_length) return Poll::kNeedMore;
      end = body_start + *content_length;
    } else {
      *error = "HTTP response without length";
      return Poll::kError;
    }
    buffer_.erase(0, end);
    return Poll::kDone;
  }

 private:
  static bool ParseHead(std::string_view head, int* status, bool* close,
                        std::optional<size_t>* content_length, bool* chunked,
                        std::string* error) {
    size_t line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 ||
        !absl::SimpleAtoi(absl::string_view(status_line.data() + 9, 3),
                          status)) {
      *error = "bad HTTP status line";
      return false;
    }
    *close = status_line.starts_with("HTTP/1.0");
    while (line_end != std::string_view::npos) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string_view line = head.substr(start, line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name =
          absl::AsciiStrToLower(absl::string_view(line.data(), colon));
      const std::string value =
          absl::AsciiStrToLower(absl::StripAsciiWhitespace(absl::string_view(
              line.data() + colon + 1, line.size() - colon - 1)));
      if (name == "content-length") {
        size_t length = 0;
        if (!absl::SimpleAtoi(value, &length) || length > kMaxReplyBytes) {
          *error = "bad Content-Length";
          return false;
        }
        *content_length = length;
      } else if (name == "transfer-encoding") {
        *chunked = value.find("chunked") != std::string::npos;
      } else if (name == "connection") {
        *close = value == "close";
      }
    }
    return true;
  }

  // Finds where a chunked body ends; trailers are not expected and rejected.
  Poll ChunkedEnd(size_t position, size_t* end, std::string* error) const {
    for (;;) {
      const size_t line_end = buffer_.find("\r\n", position);
      if (line_end == std::string::npos) return Poll::kNeedMore;
      std::string_view size_text(buffer_.data() + position,
                                 line_end - position);
      size_text = size_text.substr(0, size_text.find(';'));
      size_t size = 0;
      if (size_text.empty() ||
          !absl::SimpleHexAtoi(
              absl::string_view(size_text.data(), size_text.size()), &size) ||
          size > kMaxReplyBytes) {
        *error = "bad HTTP chunk size";
        return Poll::kError;
      }
      const size_t data_start = line_end + 2;
      if (buffer_.size() < data_start + size + 2) return Poll::kNeedMore;
      if (buffer_.compare(data_start + size, 2, "\r\n") != 0) {
        *error = "bad HTTP chunk framing";
        return Poll::kError;
      }
      position = data_start + size + 2;
      if (size == 0) {
        *end = position;
        return Poll::kDone;
      }
    }
  }

  std::string buffer_;
};

// etcd: `POST /v3/kv/put` through the gRPC gateway, expecting status 200.
class EtcdProtocol {
 public:
  void EncodeSet(const Run& run, std::string_view key, std::string_view,
                 std::string* out) const {
    const std::string body = fmt::format(
        R"({{"key":"{}","value":"{}"}})",
        absl::Base64Escape(absl::string_view(key.data(), key.size())),
        run.value_base64);
    fmt::format_to(std::back_inserter(*out),
                   "POST /v3/kv/put HTTP/1.1\r\nHost: {}\r\n"
                   "Content-Type: application/json\r\nContent-Length: {}\r\n"
                   "\r\n{}",
                   run.options->endpoint.ToString(), body.size(), body);
  }

  void Reset() { reader_.Reset(); }
  void Feed(std::string_view bytes) { reader_.Feed(bytes); }

  Poll Next(Outcome* outcome, std::string* error) {
    int status = 0;
    bool close = false;
    const Poll poll = reader_.Next(&status, &close, error);
    if (poll != Poll::kDone) return poll;
    *outcome = Outcome{};
    outcome->close = close;
    if (status != 200) {
      // 5xx while a leader is elected passes; anything else will not.
      outcome->kind =
          status >= 500 ? Outcome::Kind::kRetry : Outcome::Kind::kFailed;
      outcome->detail = fmt::format("HTTP status {}", status);
    }
    return Poll::kDone;
  }

 private:
  HttpResponseReader reader_;
};

bool Measured(const Run& run, Clock::time_point done) {
  return done >= run.measure_start && done <= run.deadline;
}

asio::awaitable<void> Sleep(Clock::duration duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  asio::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<asio::error_code> Connect(tcp::socket* socket,
                                          const Endpoint& endpoint) {
  asio::error_code error;
  tcp::resolver resolver(co_await asio::this_coro::executor);
  const auto addresses = co_await resolver.async_resolve(
      endpoint.host, endpoint.port,
      asio::redirect_error(asio::use_awaitable, error));
  if (error) co_return error;
  co_await asio::async_connect(
      *socket, addresses, asio::redirect_error(asio::use_awaitable, error));
  if (error) co_return error;
  // Each request is one small write followed by a wait: Nagle would hold it.
  socket->set_option(tcp::no_delay(true), error);
  co_return error;
}

// Sends one request and reads its reply. A transport or framing failure
// comes back as kFailed with `close` set, so the caller reconnects.
template <typename Protocol>
asio::awaitable<Outcome> Exchange(tcp::socket* socket, Protocol* protocol,
                                  const std::string& request) {
  asio::error_code error;
  co_await asio::async_write(*socket, asio::buffer(request),
                             asio::redirect_error(asio::use_awaitable, error));
  Outcome outcome;
  std::string parse_error;
  std::array<char, 16 * 1024> buffer;
  size_t received = 0;
  while (!error) {
    switch (protocol->Next(&outcome, &parse_error)) {
      case Poll::kDone:
        co_return outcome;
      case Poll::kError:
        co_return Outcome{Outcome::Kind::kFailed, parse_error, {}, true};
      case Poll::kNeedMore:
        break;
    }
    if (received > kMaxReplyBytes) {
      co_return Outcome{Outcome::Kind::kFailed, "reply too large", {}, true};
    }
    const size_t n = co_await socket->async_read_some(
        asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, error));
    received += n;
    protocol->Feed(std::string_view(buffer.data(), n));
  }
  co_return Outcome{Outcome::Kind::kFailed, error.message(), {}, true};
}

// One long-lived client: connect, then write keys back to back until
// the deadline, following redirects to the leader and retrying transient
// errors. Latency spans redirects and retries: it is what a caller waits.
template <typename Protocol>
asio::awaitable<void> RunClient(Run* run, int client) {
  tcp::socket socket(co_await asio::this_coro::executor);
  Protocol protocol;
  Endpoint endpoint = run->options->endpoint;
  std::string key;
  std::string request;
  const uint64_t keys = run->options->keys;
  for (uint64_t op = 0; Clock::now() < run->deadline; ++op) {
    if (keys == 0) {
      key = fmt::format("lg/{}/{}/{}", run->run_tag, client, op);
    } else {
      key = fmt::format("lg/{}/{}", run->run_tag,
                        (op * static_cast<uint64_t>(run->options->clients) +
                         static_cast<uint64_t>(client)) %
                            keys);
    }
    request.clear();
    protocol.EncodeSet(*run, key, run->value, &request);
    const Clock::time_point start = Clock::now();
    int redirects = 0;
    bool done = false;
    while (!done && Clock::now() < run->deadline) {
      if (!socket.is_open()) {
        protocol.Reset();
        if (const auto error = co_await Connect(&socket, endpoint)) {
          socket.close();
          run->stats.Error(fmt::format("connect {}: {}", endpoint.ToString(),
                                       error.message()));
          co_await Sleep(kRetryBackoff);
          continue;
        }
      }
      const Outcome outcome = co_await Exchange(&socket, &protocol, request);
      if (outcome.close) {
        asio::error_code ignored;
        socket.close(ignored);
      }
      switch (outcome.kind) {
        case Outcome::Kind::kOk:
          done = true;
          if (const auto end = Clock::now(); Measured(*run, end)) {
            ++run->stats.ops;
            run->stats.latency.Record(
                std::chrono::duration_cast<std::chrono::nanoseconds>(end -
                                                                     start)
                    .count());
          }
          break;
        case Outcome::Kind::kRedirect:
          ++run->stats.redirects;
          if (++redirects > kMaxRedirectsPerOp) {
            run->stats.Error("too many redirects: " + outcome.detail);
            done = true;
            break;
          }
          endpoint = outcome.redirect;
          socket.close();
          break;
        case Outcome::Kind::kRetry:
          run->stats.Error(outcome.detail);
          co_await Sleep(kRetryBackoff);
          break;
        case Outcome::Kind::kFailed:
          run->stats.Error(outcome.detail);
          // A dead connection may mean a dead leader: start over from the
          // endpoint we were given and let it redirect us again.
          if (!socket.is_open()) endpoint = run->options->endpoint;
          co_await Sleep(kRetryBackoff);
          done = !outcome.close;  // the server answered: do not repeat it
          break;
      }
    }
  }
  asio::error_code ignored;
  socket.close(ignored);
}

std::string RunTag() {
  std::random_device device;
  return fmt::format("{:x}{:04x}", static_cast<unsigned>(getpid()),
                     device() & 0xffff);
}

Stats Drive(const Options& options) {
  Run run;
  run.options = &options;
  const Clock::time_point now = Clock::now();
  run.measure_start =
      now + std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(options.warmup_seconds));
  run.deadline =
      run.measure_start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(options.seconds));
  run.run_tag = RunTag();
  run.value.assign(static_cast<size_t>(options.value_bytes), 'v');
  run.value_base64 = absl::Base64Escape(run.value);

  asio::io_context io(1);
  for (int client = 0; client < options.clients; ++client) {
    if (options.target == Target::kResp) {
      asio::co_spawn(io, RunClient<RespProtocol>(&run, client), asio::detached);
    } else {
      asio::co_spawn(io, RunClient<EtcdProtocol>(&run, client), asio::detached);
    }
  }
  // Operations still in flight this long after the deadline are abandoned:
  // they would not be counted anyway.
  io.run_until(run.deadline + kDrainGrace);
  return std::move(run.stats);
}

double Millis(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

void Report(const Options& options, const Stats& stats) {
  const double ops_per_sec = static_cast<double>(stats.ops) / options.seconds;
  const double p50 = Millis(stats.latency.Quantile(0.50));
  const double p99 = Millis(stats.latency.Quantile(0.99));
  const double max = Millis(stats.latency.max());
  const char* target = options.target == Target::kResp ? "resp" : "etcd";
  if (options.json) {
    fmt::print(
        R"({{"target":"{}","endpoint":"{}","clients":{},"value_bytes":{},)"
        R"("ops":{},"seconds":{:.3f},"ops_per_sec":{:.1f},"p50_ms":{:.3f},)"
        R"("p99_ms":{:.3f},"max_ms":{:.3f},"errors":{},"redirects":{}}})"
        "\n",
        target, options.endpoint.ToString(), options.clients,
        options.value_bytes, stats.ops, options.seconds, ops_per_sec, p50, p99,
        max, stats.errors, stats.redirects);
  } else {
    fmt::print(
        "{} {} clients={} value={}B: {} ops in {:.1f} s = {:.1f} ops/s, "
        "p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms, errors {}, "
        "redirects {}\n",
        target, options.endpoint.ToString(), options.clients,
        options.value_bytes, stats.ops, options.seconds, ops_per_sec, p50, p99,
        max, stats.errors, stats.redirects);
  }
  if (!stats.first_error.empty()) {
    fmt::print(stderr, "stepwise_loadgen: {} errors, first: {}\n", stats.errors,
               stats.first_error);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string target = "resp";
  std::string endpoint;
  CLI::App app{
      "Closed-loop write load: N long-lived clients, one write "
      "outstanding each."};
  app.add_option("--target", target, "resp (SET) or etcd (POST /v3/kv/put)")
      ->check(CLI::IsMember({"resp", "etcd"}));
  app.add_option("--endpoint", endpoint, "host:port to connect to")->required();
  app.add_option("--clients", options.clients, "concurrent connections")
      ->check(CLI::Range(1, kMaxClients));
  app.add_option("--seconds", options.seconds, "measurement window")
      ->check(CLI::Range(0.001, kMaxSeconds));
  app.add_option("--warmup-seconds", options.warmup_seconds,
                 "load before measuring")
      ->check(CLI::Range(0.0, kMaxSeconds));
  app.add_option("--value-bytes", options.value_bytes, "bytes per value")
      ->check(CLI::Range(1, kMaxValueBytes));
  app.add_option("--keys", options.keys,
                 "size of the key space writes cycle over (0: unique keys)")
      ->capture_default_str();
  app.add_flag("--json", options.json, "print one JSON object");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    return 0;
  } catch (const CLI::ParseError& error) {
    fmt::print(stderr, "stepwise_loadgen: {}\n", error.what());
    return 2;
  }
  const auto parsed = ParseEndpoint(endpoint);
  if (!parsed) {
    fmt::print(stderr,
               "stepwise_loadgen: --endpoint: expected host:port, got '{}'\n",
               endpoint);
    return 2;
  }
  options.endpoint = *parsed;
  options.target = target == "etcd" ? Target::kEtcd : Target::kResp;

  const Stats stats = Drive(options);
  Report(options, stats);
  if (stats.ops == 0) {
    fmt::print(stderr, "stepwise_loadgen: no write completed in the window\n");
    return 1;
  }
  return 0;
}
