// Asking a paid lookup once; see shared_lookups.hpp.
#include "engine/shared_lookups.hpp"

#include "cache/lookup_key.hpp"
#include "engine/engine_clock.hpp"

namespace leadflow::engine {
namespace {

std::string joined(const store::ResultKey& key) { return key.plugin + '\n' + key.capability + '\n' + key.input_key; }

// Cache times are wall-clock times: a sandbox clock runs fast and would age entries early.
std::int64_t wall_clock_ms() { return EngineClock::real_unix_ms(); }

}  // namespace

// Lookups answer the same for the same input, so a paid answer may serve again; actions
// (add_to_list) and balances (account) must reach the provider every time.
bool is_lookup(std::string_view capability) {
  return capability == "find_email" || capability == "find_domain_emails" || capability == "verify_email" ||
         capability == "enrich_person";
}

std::optional<store::ResultKey> SharedLookups::key_for(const std::string& plugin, const std::string& capability,
                                                       const nlohmann::json& input) const {
  if (caching_.mode == ResultCaching::Mode::off || !is_lookup(capability)) return std::nullopt;
  return store::ResultKey{caching_.realm, plugin, capability, cache::lookup_key(input)};
}

std::optional<nlohmann::json> SharedLookups::cached(const store::ResultKey& key) {
  if (caching_.mode != ResultCaching::Mode::use) return std::nullopt;
  auto text = store_.result_get(key, wall_clock_ms());
  if (!text) return std::nullopt;
  auto output = nlohmann::json::parse(*text, nullptr, false);
  if (!output.is_object()) return std::nullopt;
  return output;
}

bool SharedLookups::wait_behind(const store::ResultKey& key, std::uint64_t row) {
  auto [entry, leads] = waiting_.try_emplace(joined(key));
  if (leads) return false;
  entry->second.push_back(row);
  return true;
}

std::vector<std::uint64_t> SharedLookups::finished(const store::ResultKey& key, const nlohmann::json* output) {
  if (output) store_.result_put(key, output->dump(), wall_clock_ms(), caching_.ttl_ms);
  auto entry = waiting_.find(joined(key));
  if (entry == waiting_.end()) return {};
  auto rows = std::move(entry->second);
  waiting_.erase(entry);
  return rows;
}

}  // namespace leadflow::engine
