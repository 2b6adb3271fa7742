// Provider accounts and their limits; see provider_account.hpp.
#include "engine/provider_account.hpp"

#include <functional>

namespace leadflow::engine {
namespace {

RateLimitSpec spec_of(const plugin::RateLimitClass& manifest_class) {
  return {manifest_class.per_second, manifest_class.per_minute, manifest_class.per_hour, manifest_class.per_day,
          manifest_class.burst, manifest_class.max_in_flight};
}

void apply(const workflow::RateLimitOverride& override, RateLimitSpec& spec) {
  auto take = [](const auto& from, auto& to) {
    if (from) to = from;
  };
  take(override.per_second, spec.per_second);
  take(override.per_minute, spec.per_minute);
  take(override.per_hour, spec.per_hour);
  take(override.per_day, spec.per_day);
  take(override.burst, spec.burst);
  take(override.max_in_flight, spec.max_in_flight);
}

}  // namespace

ProviderAccount::ProviderAccount(boost::asio::io_context& io, const EngineClock& clock, const plugin::Manifest& manifest,
                                 const workflow::ProviderSpec& spec)
    : operations_(io, spec.max_in_flight) {
  std::map<std::string, RateLimitSpec> specs{{"default", {}}};
  for (const auto& rate_class : manifest.rate_limits) specs[rate_class.name] = spec_of(rate_class);
  for (const auto& override : spec.rate_limits) apply(override, specs[override.rate_class]);
  for (const auto& [name, limits] : specs) limiters_.emplace(name, std::make_unique<RateLimiter>(io, clock, limits));
  for (const auto& capability : manifest.capabilities)
    capabilities_.emplace(capability.name, std::make_unique<OperationGate>(io, capability.max_in_flight));
}

RateLimiter& ProviderAccount::limiter(std::string_view rate_class) {
  if (auto it = limiters_.find(rate_class); it != limiters_.end()) return *it->second;
  return *limiters_.at("default");
}

OperationGate& ProviderAccount::capability(const std::string& name) { return *capabilities_.at(name); }

std::shared_ptr<ProviderAccount> ProviderAccounts::account(const plugin::Manifest& manifest, const workflow::ProviderSpec& spec,
                                                           const nlohmann::json& config, const std::vector<std::string>& secret_values) {
  std::string identity = manifest.id + '\n' + config.value("base_url", "");
  for (const auto& secret : secret_values) identity += '\n' + secret;
  auto& account = accounts_[std::hash<std::string>{}(identity)];
  if (!account) account = std::make_shared<ProviderAccount>(io_, clock_, manifest, spec);
  return account;
}

}  // namespace leadflow::engine
