// The `results` table behind Store::result_*: capability outputs kept by (realm, plugin,
// capability, normalised input) so a later lookup of the same input costs no request and no credit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "store/store.hpp"
#include "store/write_batch.hpp"

namespace leadflow::store {

// Throws Error (naming the database) unless realm is live_realm or sandbox_realm.
void require_known_realm(std::string_view realm, const std::filesystem::path& database);

// ERRORS: SQLite failures propagate as SQLite::Exception; the Store turns them into Error.
// THREAD: the thread that uses the Store.
class ResultTable {
 public:
  ResultTable(SQLite::Database& db, WriteBatch& batch);

  std::optional<std::string> get(const ResultKey& key, std::int64_t now_ms);
  void put(const ResultKey& key, std::string_view output_json, std::int64_t now_ms, std::int64_t ttl_ms);
  std::vector<ResultCacheStats> stats(std::int64_t now_ms);
  std::uint64_t clear(const std::optional<std::string>& plugin, std::int64_t now_ms, bool expired_only);

 private:
  SQLite::Database& db_;
  WriteBatch& batch_;
  SQLite::Statement select_;
  SQLite::Statement insert_;
};

}  // namespace leadflow::store
