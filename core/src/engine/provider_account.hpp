// A provider account as the provider sees it: the rate limits and concurrency caps that bind
// every request made with one set of credentials. Two workflow providers configured with the same
// plugin, base URL and secrets (or two runs in one host process) share one account, so together
// they stay within the provider's limits.
#pragma once

#include "engine/engine_clock.hpp"
#include "engine/operation_gate.hpp"
#include "engine/rate_limiter.hpp"
#include "plugin/manifest.hpp"
#include "workflow/workflow.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only.
class ProviderAccount {
 public:
  // Limits from the manifest, each class overridden by the workflow's `rate_limits:`.
  ProviderAccount(boost::asio::io_context& io, const EngineClock& clock, const plugin::Manifest& manifest,
                  const workflow::ProviderSpec& spec);

  // The limiter of a rate-limit class; an unknown or empty key means "default".
  RateLimiter& limiter(std::string_view rate_class);
  // Operations of the whole account (the workflow's `max_in_flight`).
  OperationGate& operations() { return operations_; }
  // Operations of one capability (the manifest's `max_in_flight`).
  OperationGate& capability(const std::string& name);

 private:
  std::map<std::string, std::unique_ptr<RateLimiter>, std::less<>> limiters_;
  OperationGate operations_;
  std::map<std::string, std::unique_ptr<OperationGate>> capabilities_;
};

// The accounts of one host process (one event loop), by plugin and credentials.
// THREAD: the engine's event-loop thread only.
class ProviderAccounts {
 public:
  ProviderAccounts(boost::asio::io_context& io, const EngineClock& clock) : io_(io), clock_(clock) {}

  // The account for this plugin and validated config; the first provider to name an account
  // decides its limits. `secret_values` are the config's secret values (they identify the account).
  std::shared_ptr<ProviderAccount> account(const plugin::Manifest& manifest, const workflow::ProviderSpec& spec,
                                           const nlohmann::json& config, const std::vector<std::string>& secret_values);

 private:
  boost::asio::io_context& io_;
  const EngineClock& clock_;
  std::map<std::size_t, std::shared_ptr<ProviderAccount>> accounts_;  // by identity hash, never printed
};

}  // namespace leadflow::engine
