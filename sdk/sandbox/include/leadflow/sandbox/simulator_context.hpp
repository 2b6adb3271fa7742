// Everything a simulator's routes share: the options it was started with, virtual time, the fake
// world, the credit ledger, rate limits, faults and a seeded RNG. One per simulator instance;
// no global state, so two simulators in one process do not interfere.
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>
#include <leadflow/sandbox/fake_world.hpp>
#include <leadflow/sandbox/faults.hpp>
#include <leadflow/sandbox/rate_limit.hpp>
#include <leadflow/sandbox/scaled_clock.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace leadflow::sandbox {

struct SimulatorOptions {
  std::uint16_t port = 0;
  double time_scale = 1.0;
  std::int64_t epoch_anchor_ms = ScaledClock::real_unix_ms();
  std::uint64_t seed = 42;
  std::string faults;                  // a fault spec (see faults.hpp); "" = none
  std::int64_t credits = 100'000;      // starting credits of every account
  // Knobs for benchmarks (--latency-ms, --job-ms, --no-rate-limits, or LEADFLOW_SANDBOX_* variables):
  std::int64_t latency_ms = 0;         // virtual ms every provider answer waits; control routes never
  std::optional<std::int64_t> job_ms;  // virtual duration of every asynchronous job; nullopt = the
                                       // simulator's own model of how long jobs take
  bool rate_limits = true;             // false: count and send X-RateLimit-* headers, never refuse
};

// THREAD: the members are thread-safe themselves; on_reset() only while installing routes.
class SimulatorContext {
 public:
  // Throws std::invalid_argument on a bad time scale or fault spec, or a negative latency or job time.
  explicit SimulatorContext(SimulatorOptions options);
  SimulatorContext(const SimulatorContext&) = delete;
  SimulatorContext& operator=(const SimulatorContext&) = delete;

  const SimulatorOptions options;
  const ScaledClock clock;
  const FakeWorld world;
  CreditLedger ledger;
  RateLimit rate_limits;
  Faults faults;

  // Filled in by the route installer: the API root announced as base_url (e.g. "/2018-01-08")
  // and the credentials the plugin must use (overlaid on the provider config by the host).
  std::string base_path;
  nlohmann::json announced_config = nlohmann::json::object();
  // GET paths under /_sandbox/ that tell what this simulator saw (beyond stats and ledger); the
  // host reports their answers at the end of a sandbox run (summary "sandbox[].observed").
  std::vector<std::string> observed_paths;

  std::int64_t starting_credits() const { return options.credits; }
  // Deterministic random number (seeded from --seed).
  std::uint64_t random();
  // Registers state to clear on POST /_sandbox/reset (ledger and rate limits are always cleared).
  void on_reset(std::function<void()> hook);
  void reset();

 private:
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
  std::vector<std::function<void()>> reset_hooks_;
};

}  // namespace leadflow::sandbox
