// The SQL of the result cache; see result_table.hpp. Lookups and puts reuse prepared statements
// (one of each per output row in a run); puts join the Store's write batch, and a lookup on the
// same connection sees them before the batch commits. Stats and clear are rare and commit at once.
#include "store/result_table.hpp"

#include <fmt/format.h>

#include "store/sqlite_failure.hpp"

namespace leadflow::store {
namespace {

void bind_key(SQLite::Statement& statement, const ResultKey& key) {
  statement.bind(1, key.realm);
  statement.bind(2, key.plugin);
  statement.bind(3, key.capability);
  statement.bind(4, key.input_key);
}

ResultCacheStats read_stats(SQLite::Statement& query) {
  ResultCacheStats stats;
  stats.realm = query.getColumn(0).getString();
  stats.plugin = query.getColumn(1).getString();
  stats.capability = query.getColumn(2).getString();
  stats.entries = static_cast<std::uint64_t>(query.getColumn(3).getInt64());
  stats.expired = static_cast<std::uint64_t>(query.getColumn(4).getInt64());
  stats.bytes = static_cast<std::uint64_t>(query.getColumn(5).getInt64());
  stats.oldest_ms = query.getColumn(6).getInt64();
  stats.newest_ms = query.getColumn(7).getInt64();
  return stats;
}

}  // namespace

void require_known_realm(std::string_view realm, const std::filesystem::path& database) {
  if (realm == live_realm || realm == sandbox_realm) return;
  throw Error(fmt::format("leadflow store {}: cannot cache a result in realm \"{}\"; use \"{}\" or \"{}\"",
                          database_name(database), realm, live_realm, sandbox_realm));
}

ResultTable::ResultTable(SQLite::Database& db, WriteBatch& batch)
    : db_(db),
      batch_(batch),
      select_(db, "SELECT output_json FROM results "
                  "WHERE realm = ? AND plugin = ? AND capability = ? AND input_key = ? AND expires_ms > ?"),
      insert_(db, "INSERT OR REPLACE INTO results "
                  "(realm, plugin, capability, input_key, output_json, stored_ms, expires_ms) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)") {}

std::optional<std::string> ResultTable::get(const ResultKey& key, std::int64_t now_ms) {
  select_.tryReset();
  bind_key(select_, key);
  select_.bind(5, now_ms);
  std::optional<std::string> output;
  if (select_.executeStep()) output = select_.getColumn(0).getString();
  select_.tryReset();
  return output;
}

void ResultTable::put(const ResultKey& key, std::string_view output_json, std::int64_t now_ms, std::int64_t ttl_ms) {
  bind_key(insert_, key);
  insert_.bind(5, std::string(output_json));
  insert_.bind(6, now_ms);
  insert_.bind(7, now_ms + ttl_ms);
  batch_.write(insert_);
}

// bytes: what the entries hold (input key and output), not SQLite's page overhead.
std::vector<ResultCacheStats> ResultTable::stats(std::int64_t now_ms) {
  SQLite::Statement query(db_, R"sql(
    SELECT realm, plugin, capability, COUNT(*), SUM(expires_ms <= ?),
           SUM(LENGTH(CAST(input_key AS BLOB)) + LENGTH(CAST(output_json AS BLOB))), MIN(stored_ms), MAX(stored_ms)
    FROM results GROUP BY realm, plugin, capability ORDER BY realm, plugin, capability)sql");
  query.bind(1, now_ms);
  std::vector<ResultCacheStats> groups;
  while (query.executeStep()) groups.push_back(read_stats(query));
  return groups;
}

std::uint64_t ResultTable::clear(const std::optional<std::string>& plugin, std::int64_t now_ms, bool expired_only) {
  batch_.commit();
  SQLite::Statement remove(db_, "DELETE FROM results WHERE (?1 IS NULL OR plugin = ?1) AND (?2 = 0 OR expires_ms <= ?3)");
  if (plugin) remove.bind(1, *plugin);  // unbound stays NULL: every plugin
  remove.bind(2, expired_only ? 1 : 0);
  remove.bind(3, now_ms);
  return static_cast<std::uint64_t>(remove.exec());
}

}  // namespace leadflow::store
