// The shared state of one simulator; see simulator_context.hpp.
#include <leadflow/sandbox/simulator_context.hpp>

namespace leadflow::sandbox {

SimulatorContext::SimulatorContext(SimulatorOptions options_in)
    : options(std::move(options_in)),
      clock(options.time_scale, options.epoch_anchor_ms),
      world(options.seed),
      ledger(clock),
      rate_limits(clock),
      faults(options.seed),
      rng_(options.seed) {
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
