// The result cache as the engine and `leadflow cache` rely on it: what a lookup finds, which
// keys are kept apart, what stats count and what clear removes.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include "store/schema.hpp"
#include "store/scratch_directory.hpp"
#include "store/store.hpp"

namespace leadflow::store {
namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000;
constexpr const char* ada_key = R"({"domain":"acme.com","full_name":"ada lovelace"})";
constexpr const char* ada_found = R"({"status":"found","email":"ada.lovelace@acme.com","confidence":91})";

ResultKey live_key(std::string plugin = "voilanorbert", std::string capability = "find_email",
                   std::string input_key = ada_key) {
  return {std::string(live_realm), std::move(plugin), std::move(capability), std::move(input_key)};
}

ResultKey sandbox_key() {
  auto key = live_key();
  key.realm = sandbox_realm;
  return key;
}

int count_results(const std::filesystem::path& database) {
  SQLite::Database observer(database.string(), SQLite::OPEN_READONLY);
  return observer.execAndGet("SELECT COUNT(*) FROM results").getInt();
}

}  // namespace

TEST_CASE("a cached result is returned until its TTL runs out") {
  auto store = Store::open_in_memory();
  store.result_put(live_key(), ada_found, 1'000, 30 * day_ms);

  CHECK(store.result_get(live_key(), 1'000) == ada_found);
  CHECK(store.result_get(live_key(), 1'000 + 30 * day_ms - 1) == ada_found);
  CHECK_FALSE(store.result_get(live_key(), 1'000 + 30 * day_ms));
}

TEST_CASE("a TTL of zero stores a result that is already expired") {
  auto store = Store::open_in_memory();
  store.result_put(live_key(), ada_found, 1'000, 0);

  CHECK_FALSE(store.result_get(live_key(), 1'000));
  REQUIRE(store.result_stats(1'000).size() == 1);
  CHECK(store.result_stats(1'000)[0].expired == 1);
}

TEST_CASE("a sandbox result never answers a live lookup, nor a live one a sandbox lookup") {
  auto store = Store::open_in_memory();
  store.result_put(sandbox_key(), ada_found, 0, day_ms);
  CHECK_FALSE(store.result_get(live_key(), 0));

  store.result_put(live_key(), R"({"status":"not_found"})", 0, day_ms);
  CHECK(store.result_get(sandbox_key(), 0) == ada_found);
  CHECK(store.result_get(live_key(), 0) == R"({"status":"not_found"})");
}

TEST_CASE("plugin, capability and input each keep results apart") {
  auto store = Store::open_in_memory();
  store.result_put(live_key(), ada_found, 0, day_ms);

  CHECK_FALSE(store.result_get(live_key("snov"), 0));
  CHECK_FALSE(store.result_get(live_key("voilanorbert", "verify_email"), 0));
  CHECK_FALSE(store.result_get(live_key("voilanorbert", "find_email", R"({"full_name":"ada byron"})"), 0));
}

TEST_CASE("a put for the same key replaces the output and restarts the TTL") {
  auto store = Store::open_in_memory();
  store.result_put(live_key(), R"({"status":"not_found"})", 0, day_ms);
  store.result_put(live_key(), ada_found, day_ms / 2, day_ms);

  CHECK(store.result_get(live_key(), day_ms + 1) == ada_found);
  REQUIRE(store.result_stats(0).size() == 1);
  CHECK(store.result_stats(0)[0].entries == 1);
}

TEST_CASE("a lookup sees a put of the same process before the batch commits; other connections after flush") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  store.result_put(live_key(), ada_found, 0, day_ms);

  CHECK(store.result_get(live_key(), 0) == ada_found);
  CHECK(count_results(store.path()) == 0);
  store.flush();
  CHECK(count_results(store.path()) == 1);
}

TEST_CASE("results survive reopening the state directory") {
  ScratchDirectory scratch;
  Store::open(scratch.path()).result_put(live_key(), ada_found, 0, day_ms);

  CHECK(Store::open(scratch.path()).result_get(live_key(), 1) == ada_found);
}

TEST_CASE("a realm other than live or sandbox is refused with the realms to use") {
  auto store = Store::open_in_memory();
  auto key = live_key();
  key.realm = "production";

  try {
    store.result_put(key, ada_found, 0, day_ms);
    FAIL("expected a store::Error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find(R"(realm "production"; use "live" or "sandbox")") != std::string::npos);
  }
}

TEST_CASE("stats group results by realm, plugin and capability and count the expired ones") {
  auto store = Store::open_in_memory();
  store.result_put(live_key("voilanorbert", "find_email", "a"), "1234", 1'000, day_ms);
  store.result_put(live_key("voilanorbert", "find_email", "b"), "12", 5'000, 1'000);
  store.result_put(live_key("snov", "find_email", "a"), "1", 2'000, day_ms);
  store.result_put(sandbox_key(), ada_found, 3'000, day_ms);

  const auto groups = store.result_stats(6'000);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].realm == "live");
  CHECK(groups[0].plugin == "snov");
  CHECK(groups[1].plugin == "voilanorbert");
  CHECK(groups[1].capability == "find_email");
  CHECK(groups[1].entries == 2);
  CHECK(groups[1].expired == 1);
  CHECK(groups[1].bytes == 1 + 4 + 1 + 2);  // keys "a", "b" and outputs "1234", "12"
  CHECK(groups[1].oldest_ms == 1'000);
  CHECK(groups[1].newest_ms == 5'000);
  CHECK(groups[2].realm == "sandbox");
  CHECK(groups[2].expired == 0);
  CHECK(Store::open_in_memory().result_stats(0).empty());
}

TEST_CASE("clearing one plugin keeps the other plugins' results") {
  auto store = Store::open_in_memory();
  store.result_put(live_key("voilanorbert"), ada_found, 0, day_ms);
  store.result_put(sandbox_key(), ada_found, 0, day_ms);
  store.result_put(live_key("snov"), ada_found, 0, day_ms);

  CHECK(store.result_clear("voilanorbert", 0) == 2);
  CHECK(store.result_get(live_key("snov"), 0) == ada_found);
  CHECK_FALSE(store.result_get(live_key("voilanorbert"), 0));
  CHECK(store.result_clear("nosuchplugin", 0) == 0);
  CHECK(store.result_clear(std::nullopt, 0) == 1);
  CHECK(store.result_stats(0).empty());
}

TEST_CASE("clearing expired results keeps the fresh ones") {
  auto store = Store::open_in_memory();
  store.result_put(live_key("voilanorbert", "find_email", "old"), ada_found, 0, 1'000);
  store.result_put(live_key("voilanorbert", "find_email", "new"), ada_found, 0, day_ms);
  store.result_put(live_key("snov", "find_email", "old"), ada_found, 0, 1'000);

  CHECK(store.result_clear("snov", 5'000, true) == 1);
  CHECK(store.result_clear(std::nullopt, 5'000, true) == 1);
  CHECK(store.result_get(live_key("voilanorbert", "find_email", "new"), 5'000) == ada_found);
}

TEST_CASE("clear commits at once, pending puts included") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  store.result_put(live_key("voilanorbert"), ada_found, 0, day_ms);
  store.result_put(live_key("snov"), ada_found, 0, day_ms);

  CHECK(store.result_clear("voilanorbert", 0) == 1);
  CHECK(count_results(store.path()) == 1);
}

TEST_CASE("a version 2 database is migrated and gains an empty result cache, its runs kept") {
  ScratchDirectory scratch;
  {
    auto store = Store::open(scratch.path());
    store.begin_run({"/w.yaml", "w", "/in.csv", "/out.csv", false});
  }
  {
    SQLite::Database version_2((scratch.path() / "leadflow.db").string(), SQLite::OPEN_READWRITE);
    version_2.exec("DROP TABLE results; PRAGMA user_version=2;");
  }

  auto store = Store::open(scratch.path());
  CHECK(store.list_runs().size() == 1);
  CHECK(store.result_stats(0).empty());
  store.result_put(live_key(), ada_found, 0, day_ms);
  CHECK(store.result_get(live_key(), 0) == ada_found);
  SQLite::Database observer(store.path().string(), SQLite::OPEN_READONLY);
  CHECK(observer.execAndGet("PRAGMA user_version").getInt() == current_schema_version);
}

}  // namespace leadflow::store
