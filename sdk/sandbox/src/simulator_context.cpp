// The shared state of one simulator; see simulator_context.hpp.
#include <leadflow/sandbox/simulator_context.hpp>

#include <stdexcept>
#include <string>

namespace leadflow::sandbox {
namespace {

void require_non_negative(const char* what, std::int64_t virtual_ms) {
  if (virtual_ms < 0)
    throw std::invalid_argument(std::string("The ") + what + " must be 0 or more virtual milliseconds, got " + std::to_string(virtual_ms) + ".");
}

}  // namespace

SimulatorContext::SimulatorContext(SimulatorOptions options_in)
    : options(std::move(options_in)),
      clock(options.time_scale, options.epoch_anchor_ms),
      world(options.seed),
      ledger(clock),
      rate_limits(clock, options.rate_limits),
      faults(options.seed),
      rng_(options.seed) {
  require_non_negative("latency", options.latency_ms);
  if (options.job_ms) require_non_negative("job duration", *options.job_ms);
  faults.configure(options.faults);
}

std::uint64_t SimulatorContext::random() {
  std::lock_guard lock(rng_mutex_);
  return rng_();
}

void SimulatorContext::on_reset(std::function<void()> hook) { reset_hooks_.push_back(std::move(hook)); }

void SimulatorContext::reset() {
  ledger.reset();
  rate_limits.reset();
  faults.configure(faults.spec());  // restarts bursts
  for (const auto& hook : reset_hooks_) hook();
}

}  // namespace leadflow::sandbox
