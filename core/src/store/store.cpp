// Store: the SQL behind each public call (the result cache's is in result_table.cpp). Hot writes
// (rows, step results, cache entries) reuse prepared statements and go through the WriteBatch;
// rare ones commit on their own.
#include "store/store.hpp"

#include <array>
#include <chrono>

#include <sqlite3.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "store/connection.hpp"
#include "store/result_table.hpp"
#include "store/run_id.hpp"
#include "store/sqlite_failure.hpp"
#include "store/write_batch.hpp"

namespace leadflow::store {
namespace {

constexpr int attempts_at_a_unique_run_id = 8;
constexpr std::array finished_statuses = {std::string_view("finished"), std::string_view("failed"),
                                          std::string_view("interrupted")};

std::int64_t unix_ms(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::int64_t as_sql_integer(std::uint64_t value) { return static_cast<std::int64_t>(value); }

// Binds bytes as a BLOB; an empty view must still bind an empty BLOB, never NULL.
void bind_bytes(SQLite::Statement& statement, int index, std::string_view bytes) {
  statement.bind(index, bytes.empty() ? "" : bytes.data(), static_cast<int>(bytes.size()));
}

std::string column_bytes(const SQLite::Column& column) {
  const auto* data = static_cast<const char*>(column.getBlob());
  return data ? std::string(data, static_cast<std::size_t>(column.getBytes())) : std::string();
}

bool is_finished_status(std::string_view status) {
  for (const auto candidate : finished_statuses) {
    if (candidate == status) return true;
  }
  return false;
}

RunSummary read_run_summary(SQLite::Statement& query) {
  RunSummary run;
  run.run_id = query.getColumn(0).getString();
  run.status = query.getColumn(1).getString();
  run.started_ms = query.getColumn(2).getInt64();
  run.finished_ms = query.getColumn(3).getInt64();
  run.workflow_path = query.getColumn(4).getString();
  run.rows = static_cast<std::uint64_t>(query.getColumn(5).getInt64());
  run.summary_json = query.getColumn(6).getString();
  run.input_path = query.getColumn(7).getString();
  run.output_path = query.getColumn(8).getString();
  run.sandbox = query.getColumn(9).getInt() != 0;
  return run;
}

constexpr const char* select_run_summaries = R"sql(
  SELECT run_id, status, started_ms, finished_ms, workflow_path,
         (SELECT COUNT(*) FROM rows WHERE rows.run_id = runs.run_id), summary_json, input_path, output_path, sandbox
  FROM runs)sql";

// Retries on the rare id collision (same second, same 16 random bits) instead of failing a run.
std::string insert_new_run(SQLite::Database& db, const RunInfo& info) {
  SQLite::Statement insert(db, R"sql(
    INSERT INTO runs (run_id, status, workflow_path, workflow_name, input_path, output_path, sandbox, started_ms)
    VALUES (?, 'running', ?, ?, ?, ?, ?, ?))sql");
  for (int attempt = 1;; ++attempt) {
    const auto started = std::chrono::system_clock::now();
    const auto run_id = new_run_id(started);
    insert.bind(1, run_id);
    insert.bind(2, info.workflow_path);
    insert.bind(3, info.workflow_name);
    insert.bind(4, info.input_path);
    insert.bind(5, info.output_path);
    insert.bind(6, info.sandbox ? 1 : 0);
    insert.bind(7, unix_ms(started));
    try {
      insert.exec();
      return run_id;
    } catch (const SQLite::Exception& failure) {
      const bool id_taken = failure.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY;
      if (!id_taken || attempt == attempts_at_a_unique_run_id) throw;
      insert.tryReset();
    }
  }
}

// synchronous=FULL makes this one commit fsync the WAL: a provider job id must survive power
// loss, or resuming would submit (and pay for) the job again. SQLite refuses to change the
// setting inside a transaction, so the caller commits its batch first.
// One transaction for every row of a batch: a crash leaves all of them or none, so a resumed
// batch is never split into a polled part and a part submitted (and paid) again.
void insert_checkpoints_with_full_sync(SQLite::Database& db, const std::string& run_id,
                                       const std::vector<std::pair<std::uint64_t, std::string>>& rows, const std::string& state_json) {
  db.exec("PRAGMA synchronous=FULL");
  try {
    SQLite::Transaction transaction(db);
    SQLite::Statement insert(db, "INSERT OR REPLACE INTO checkpoints (run_id, row, step_id, state_json) "
                                 "VALUES (?, ?, ?, ?)");
    for (const auto& [row, step_id] : rows) {
      insert.bind(1, run_id);
      insert.bind(2, as_sql_integer(row));
      insert.bind(3, step_id);
      insert.bind(4, state_json);
      insert.exec();
      insert.reset();
    }
    transaction.commit();
  } catch (...) {
    db.tryExec("PRAGMA synchronous=NORMAL");
    throw;
  }
  db.exec("PRAGMA synchronous=NORMAL");
}

std::vector<StepResult> select_step_results(SQLite::Database& db, const std::string& run_id) {
  SQLite::Statement query(db, R"sql(
    SELECT row, step_id, provider, capability, status, output_json, error_json, credits, started_ms, finished_ms, result
    FROM step_results WHERE run_id = ? ORDER BY row, rowid)sql");
  query.bind(1, run_id);
  std::vector<StepResult> results;
  while (query.executeStep()) {
    StepResult result;
    result.run_id = run_id;
    result.row = static_cast<std::uint64_t>(query.getColumn(0).getInt64());
    result.step_id = query.getColumn(1).getString();
    result.provider = query.getColumn(2).getString();
    result.capability = query.getColumn(3).getString();
    result.status = query.getColumn(4).getString();
    result.result = query.getColumn(10).getString();
    result.output_json = query.getColumn(5).getString();
    result.error_json = query.getColumn(6).getString();
    result.credits = query.getColumn(7).getDouble();
    result.started_ms = query.getColumn(8).getInt64();
    result.finished_ms = query.getColumn(9).getInt64();
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace

struct Store::Impl {
  Impl(SQLite::Database database, std::filesystem::path database_path)
      : db(std::move(database)), path(std::move(database_path)) {}

  // Runs work, turning a SQLite failure into a store::Error that says what we were doing.
  template <class Describe, class Work>
  auto guarded(Describe describe_action, Work work) {
    try {
      return work();
    } catch (const SQLite::Exception& failure) {
      throw sqlite_failure(path, describe_action(), failure);
    }
  }

  // Declaration order matters: statements are finalized first, then the batch commits, then
  // the connection closes.
  SQLite::Database db;
  std::filesystem::path path;
  WriteBatch batch{db};
  SQLite::Statement insert_row{db, "INSERT OR REPLACE INTO rows (run_id, row, line, input_json, error) "
                                   "VALUES (?, ?, ?, ?, ?)"};
  SQLite::Statement insert_step{db, "INSERT OR REPLACE INTO step_results (run_id, row, step_id, provider, capability, "
                                    "status, result, output_json, error_json, credits, started_ms, finished_ms) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  SQLite::Statement select_cache{db, "SELECT value FROM cache WHERE namespace = ? AND key = ? AND expires_ms > ?"};
  SQLite::Statement insert_cache{db, "INSERT OR REPLACE INTO cache (namespace, key, value, expires_ms) "
                                     "VALUES (?, ?, ?, ?)"};
  ResultTable results{db, batch};
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::filesystem::path& state_dir) {
  auto db = open_state_database(state_dir);
  const auto path = state_dir / database_file_name;
  try {
    return Store(std::make_unique<Impl>(std::move(db), path));
  } catch (const SQLite::Exception& failure) {
    throw sqlite_failure(path, "prepare its statements", failure);
  }
}

Store Store::open_in_memory() {
  auto db = open_memory_database();
  try {
    return Store(std::make_unique<Impl>(std::move(db), std::filesystem::path()));
  } catch (const SQLite::Exception& failure) {
    throw sqlite_failure({}, "prepare its statements", failure);
  }
}

std::string Store::begin_run(const RunInfo& info) {
  return impl_->guarded([] { return std::string("begin a new run"); },
                        [&] {
                          impl_->batch.commit();
                          return insert_new_run(impl_->db, info);
                        });
}

void Store::record_row(const RowRecord& row) {
  impl_->guarded([&] { return fmt::format("record row {} of run {}", row.row, row.run_id); },
                 [&] {
                   auto& insert = impl_->insert_row;
                   insert.bind(1, row.run_id);
                   insert.bind(2, as_sql_integer(row.row));
                   insert.bind(3, as_sql_integer(row.line));
                   insert.bind(4, row.input_json);
                   insert.bind(5, row.error);
                   impl_->batch.write(insert);
                 });
}

void Store::record_step(const StepResult& result) {
  impl_->guarded(
      [&] { return fmt::format("record step {} of row {} of run {}", result.step_id, result.row, result.run_id); },
      [&] {
        auto& insert = impl_->insert_step;
        insert.bind(1, result.run_id);
        insert.bind(2, as_sql_integer(result.row));
        insert.bind(3, result.step_id);
        insert.bind(4, result.provider);
        insert.bind(5, result.capability);
        insert.bind(6, result.status);
        insert.bind(7, result.result);
        insert.bind(8, result.output_json);
        insert.bind(9, result.error_json);
        insert.bind(10, result.credits);
        insert.bind(11, result.started_ms);
        insert.bind(12, result.finished_ms);
        impl_->batch.write(insert);
      });
}

void Store::save_checkpoint(const std::string& run_id, std::uint64_t row, const std::string& step_id,
                            const std::string& state_json) {
  impl_->guarded([&] { return fmt::format("save the checkpoint of step {} of row {} of run {}", step_id, row, run_id); },
                 [&] {
                   impl_->batch.commit();
                   insert_checkpoints_with_full_sync(impl_->db, run_id, {{row, step_id}}, state_json);
                 });
}

void Store::save_checkpoints(const std::string& run_id, const std::vector<std::pair<std::uint64_t, std::string>>& rows,
                             const std::string& state_json) {
  impl_->guarded([&] { return fmt::format("save the checkpoint of a batch of {} rows of run {}", rows.size(), run_id); },
                 [&] {
                   impl_->batch.commit();
                   insert_checkpoints_with_full_sync(impl_->db, run_id, rows, state_json);
                 });
}

std::optional<std::string> Store::checkpoint(const std::string& run_id, std::uint64_t row, const std::string& step_id) {
  return impl_->guarded(
      [&] { return fmt::format("read the checkpoint of step {} of row {} of run {}", step_id, row, run_id); },
      [&]() -> std::optional<std::string> {
        SQLite::Statement query(impl_->db,
                                "SELECT state_json FROM checkpoints WHERE run_id = ? AND row = ? AND step_id = ?");
        query.bind(1, run_id);
        query.bind(2, as_sql_integer(row));
        query.bind(3, step_id);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getString();
      });
}

void Store::finish_run(const std::string& run_id, const std::string& status, const std::string& summary_json) {
  if (!is_finished_status(status)) {
    throw Error(fmt::format("leadflow store {}: cannot finish run {} with status \"{}\"; use finished, failed or "
                            "interrupted",
                            database_name(impl_->path), run_id, status));
  }
  const int changed = impl_->guarded([&] { return fmt::format("finish run {}", run_id); },
                                     [&] {
                                       impl_->batch.commit();
                                       SQLite::Statement update(impl_->db,
                                                                "UPDATE runs SET status = ?, finished_ms = ?, "
                                                                "summary_json = ? WHERE run_id = ?");
                                       update.bind(1, status);
                                       update.bind(2, unix_ms(std::chrono::system_clock::now()));
                                       update.bind(3, summary_json);
                                       update.bind(4, run_id);
                                       return update.exec();
                                     });
  if (changed == 0) {
    throw Error(fmt::format("leadflow store {}: cannot finish run {}: no such run; pass the id begin_run returned",
                            database_name(impl_->path), run_id));
  }
}

void Store::resume_run(const std::string& run_id) {
  const int changed = impl_->guarded([&] { return fmt::format("resume run {}", run_id); },
                                     [&] {
                                       impl_->batch.commit();
                                       SQLite::Statement update(impl_->db,
                                                                "UPDATE runs SET status = 'running', finished_ms = 0 WHERE run_id = ?");
                                       update.bind(1, run_id);
                                       return update.exec();
                                     });
  if (changed == 0)
    throw Error(fmt::format("leadflow store {}: cannot resume run {}: no such run", database_name(impl_->path), run_id));
}

std::vector<Checkpoint> Store::checkpoints(const std::string& run_id) {
  return impl_->guarded([&] { return fmt::format("read the checkpoints of run {}", run_id); },
                        [&] {
                          SQLite::Statement query(impl_->db,
                                                  "SELECT row, step_id, state_json FROM checkpoints WHERE run_id = ? ORDER BY row");
                          query.bind(1, run_id);
                          std::vector<Checkpoint> checkpoints;
                          while (query.executeStep())
                            checkpoints.push_back({static_cast<std::uint64_t>(query.getColumn(0).getInt64()),
                                                   query.getColumn(1).getString(), query.getColumn(2).getString()});
                          return checkpoints;
                        });
}

void Store::flush() {
  impl_->guarded([] { return std::string("commit the pending writes"); }, [&] { impl_->batch.commit(); });
}

std::vector<RunSummary> Store::list_runs(std::size_t limit) {
  return impl_->guarded([] { return std::string("list runs"); },
                        [&] {
                          SQLite::Statement query(impl_->db, std::string(select_run_summaries) +
                                                                 " ORDER BY started_ms DESC, run_id DESC LIMIT ?");
                          query.bind(1, as_sql_integer(limit));
                          std::vector<RunSummary> runs;
                          while (query.executeStep()) runs.push_back(read_run_summary(query));
                          return runs;
                        });
}

std::optional<RunSummary> Store::run(const std::string& run_id) {
  return impl_->guarded([&] { return fmt::format("read run {}", run_id); },
                        [&]() -> std::optional<RunSummary> {
                          SQLite::Statement query(impl_->db, std::string(select_run_summaries) + " WHERE run_id = ?");
                          query.bind(1, run_id);
                          if (!query.executeStep()) return std::nullopt;
                          return read_run_summary(query);
                        });
}

std::vector<RowRecord> Store::rows(const std::string& run_id) {
  return impl_->guarded([&] { return fmt::format("read the rows of run {}", run_id); },
                        [&] {
                          SQLite::Statement query(impl_->db,
                                                  "SELECT row, line, input_json, error FROM rows WHERE run_id = ? "
                                                  "ORDER BY row");
                          query.bind(1, run_id);
                          std::vector<RowRecord> rows;
                          while (query.executeStep()) {
                            rows.push_back({run_id, static_cast<std::uint64_t>(query.getColumn(0).getInt64()),
                                            static_cast<std::uint64_t>(query.getColumn(1).getInt64()),
                                            query.getColumn(2).getString(), query.getColumn(3).getString()});
                          }
                          return rows;
                        });
}

std::vector<StepResult> Store::step_results(const std::string& run_id) {
  return impl_->guarded([&] { return fmt::format("read the step results of run {}", run_id); },
                        [&] { return select_step_results(impl_->db, run_id); });
}

std::optional<std::string> Store::cache_get(std::string_view ns, std::string_view key, std::int64_t now_ms) {
  return impl_->guarded([&] { return fmt::format("read the cache of {}", ns); },
                        [&]() -> std::optional<std::string> {
                          auto& query = impl_->select_cache;
                          query.tryReset();
                          query.bind(1, std::string(ns));
                          bind_bytes(query, 2, key);
                          query.bind(3, now_ms);
                          std::optional<std::string> value;
                          if (query.executeStep()) value = column_bytes(query.getColumn(0));
                          query.tryReset();
                          return value;
                        });
}

void Store::cache_put(std::string_view ns, std::string_view key, std::string_view value, std::int64_t now_ms,
                      std::uint32_t ttl_s) {
  impl_->guarded([&] { return fmt::format("write to the cache of {}", ns); },
                 [&] {
                   auto& insert = impl_->insert_cache;
                   insert.bind(1, std::string(ns));
                   bind_bytes(insert, 2, key);
                   bind_bytes(insert, 3, value);
                   insert.bind(4, now_ms + static_cast<std::int64_t>(ttl_s) * 1000);
                   impl_->batch.write(insert);
                 });
}

std::size_t Store::cache_prune(std::int64_t now_ms) {
  return impl_->guarded([] { return std::string("delete expired cache entries"); },
                        [&] {
                          SQLite::Statement remove(impl_->db, "DELETE FROM cache WHERE expires_ms <= ?");
                          remove.bind(1, now_ms);
                          return static_cast<std::size_t>(impl_->batch.write(remove));
                        });
}

std::optional<std::string> Store::result_get(const ResultKey& key, std::int64_t now_ms) {
  return impl_->guarded([&] { return fmt::format("read a cached {} result of {}", key.capability, key.plugin); },
                        [&] { return impl_->results.get(key, now_ms); });
}

void Store::result_put(const ResultKey& key, std::string_view output_json, std::int64_t now_ms, std::int64_t ttl_ms) {
  require_known_realm(key.realm, impl_->path);
  impl_->guarded([&] { return fmt::format("cache a {} result of {}", key.capability, key.plugin); },
                 [&] { impl_->results.put(key, output_json, now_ms, ttl_ms); });
}

std::vector<ResultCacheStats> Store::result_stats(std::int64_t now_ms) {
  return impl_->guarded([] { return std::string("count the cached results"); },
                        [&] { return impl_->results.stats(now_ms); });
}

std::uint64_t Store::result_clear(std::optional<std::string> plugin, std::int64_t now_ms, bool expired_only) {
  return impl_->guarded([] { return std::string("delete cached results"); },
                        [&] { return impl_->results.clear(plugin, now_ms, expired_only); });
}

std::filesystem::path Store::path() const { return impl_->path; }

}  // namespace leadflow::store
