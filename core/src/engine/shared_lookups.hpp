// Paid lookups are asked once. A result already paid for — by this run or an earlier one, of
// this workflow or another — answers again from the store's result cache, and a lookup still on
// its way answers every row of the run that asks the same meanwhile (duplicate rows).
#pragma once

#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::engine {

// The result cache for lookups (find, verify, enrich): `use` reads and writes it, `refresh`
// only writes (--refresh), `off` neither (--no-cache).
struct ResultCaching {
  enum class Mode { use, refresh, off } mode = Mode::use;
  std::string realm = std::string(store::live_realm);  // sandbox results never answer a real run
  std::int64_t ttl_ms = 30LL * 24 * 3600 * 1000;
};

// True for the capabilities whose answers the cache may keep: find, verify, enrich.
bool is_lookup(std::string_view capability);

// THREAD: the engine's event-loop thread only.
class SharedLookups {
 public:
  SharedLookups(store::Store& store, ResultCaching caching) : store_(store), caching_(std::move(caching)) {}

  // The key of a step's lookup; nullopt when the capability is not a lookup or caching is off.
  std::optional<store::ResultKey> key_for(const std::string& plugin, const std::string& capability, const nlohmann::json& input) const;
  // A paid answer still fresh in the cache (never in refresh mode).
  std::optional<nlohmann::json> cached(const store::ResultKey& key);
  // True when the same lookup is already on its way: `row` then waits for its answer.
  // False: `row` asks the provider, and must call finished() with the key when it is done.
  bool wait_behind(const store::ResultKey& key, std::uint64_t row);
  // The lookup that `key` leads has ended; a successful `output` is kept for later runs.
  // Returns the rows that waited for it.
  std::vector<std::uint64_t> finished(const store::ResultKey& key, const nlohmann::json* output);

 private:
  store::Store& store_;
  ResultCaching caching_;
  std::map<std::string, std::vector<std::uint64_t>> waiting_;  // lookup in flight -> rows waiting for it
};

}  // namespace leadflow::engine
