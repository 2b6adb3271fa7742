// The durable record of every run: which rows were read, what each step returned, provider
// checkpoints for crash resume, the plugins' key-value cache and the result cache, in one SQLite file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::store {

// A clear sentence: what failed, on which database file, and what to do about it.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a run was started with. Never holds provider config: secrets do not enter the store.
struct RunInfo {
  std::string workflow_path;
  std::string workflow_name;
  std::string input_path;
  std::string output_path;
  bool sandbox = false;
};

// One step's outcome for one input row.
struct StepResult {
  std::string run_id;
  std::uint64_t row = 0;  // the input row index (1-based)
  std::string step_id;
  std::string provider;
  std::string capability;
  // The journal state: "in_flight" (a paid request may have left: recorded and committed before
  // it is sent), "done", "failed", "skipped" or "interrupted" (a resumed run redoes it).
  std::string status;
  std::string result;       // done: the capability's own status ("found", "deliverable"...)
  std::string output_json;  // the operation's output ("" when failed)
  std::string error_json;   // the error ("" when not failed)
  double credits = 0;
  std::int64_t started_ms = 0, finished_ms = 0;
};

// One input row as read from the lead list (error is the reader's complaint, "" when none).
struct RowRecord {
  std::string run_id;
  std::uint64_t row = 0;
  std::uint64_t line = 0;
  std::string input_json;
  std::string error;
};

struct RunSummary {
  std::string run_id;
  std::string status;  // running | finished | failed | interrupted
  std::int64_t started_ms = 0, finished_ms = 0;  // finished_ms is 0 while running
  std::string workflow_path;
  std::uint64_t rows = 0;  // rows recorded for the run
  std::string summary_json;
  std::string input_path, output_path;
  bool sandbox = false;
};

// A provider job's state saved by a plugin for one row's step (e.g. {"contact_id": 12345}).
struct Checkpoint {
  std::uint64_t row = 0;
  std::string step_id;
  std::string state_json;
};

// The database file inside a state directory.
inline constexpr std::string_view database_file_name = "leadflow.db";

// Result cache realms: a sandbox result must never answer a real run, nor a real one a sandbox run.
inline constexpr std::string_view live_realm = "live";
inline constexpr std::string_view sandbox_realm = "sandbox";

// Which cached result: input_key is cache::lookup_key of the capability's input.
struct ResultKey {
  std::string realm;  // live_realm or sandbox_realm
  std::string plugin;
  std::string capability;
  std::string input_key;
};

// The result cache, one group per (realm, plugin, capability), at the now_ms given to result_stats.
struct ResultCacheStats {
  std::string realm, plugin, capability;
  std::uint64_t entries = 0, expired = 0;  // expired entries are kept until cleared
  std::uint64_t bytes = 0;                 // input keys plus outputs, without SQLite's overhead
  std::int64_t oldest_ms = 0, newest_ms = 0;  // when the oldest and newest entries were stored (unix ms)
};

// BATCHING: record_row, record_step, cache_put and result_put go into an open transaction that is
// committed after 256 writes, or on the first write once it has been open 250 ms (time is
// checked on each call; there is no background thread), and by flush, begin_run, finish_run,
// save_checkpoint and the destructor. Reads on this Store see its own pending writes; other
// connections see them only once committed.
// ERRORS: every failure throws store::Error naming the database file.
// THREAD: single-threaded: one thread at a time per Store. Separate Stores (even on the same
// state directory, even in other processes) may be used concurrently; SQLite's locking and a
// 5 s busy timeout arbitrate between them.
class Store {
 public:
  // Opens <state_dir>/leadflow.db (WAL, synchronous=NORMAL, busy_timeout 5 s, foreign keys),
  // creating the directory and the database if needed and migrating its schema. Throws Error
  // when the directory cannot be created or written, when the file is corrupt, not a leadflow
  // database, from a newer leadflow, or locked.
  static Store open(const std::filesystem::path& state_dir);
  // A private database that disappears with the Store (tests, runs that keep no state).
  static Store open_in_memory();

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  // Commits the pending batch; a failure there cannot be reported, so call flush() first
  // when it matters.
  ~Store();

  // Records a new run with status "running" and commits. Returns its id: UTC time plus
  // random hex, like "20261123-141502-3f9a".
  std::string begin_run(const RunInfo& info);
  void record_row(const RowRecord& row);        // batched; replaces an earlier record of the same row
  void record_step(const StepResult& result);   // batched; replaces an earlier result of the same (row, step, provider)
  // Durable on return, even across power loss: commits the pending batch, then the checkpoint
  // with a full sync. Overwrites the previous checkpoint of the same (run, row, step).
  void save_checkpoint(const std::string& run_id, std::uint64_t row, const std::string& step_id,
                       const std::string& state_json);
  // The same checkpoint for every (row, step id) of a batch, in one transaction: all or none.
  void save_checkpoints(const std::string& run_id, const std::vector<std::pair<std::uint64_t, std::string>>& rows,
                        const std::string& state_json);
  std::optional<std::string> checkpoint(const std::string& run_id, std::uint64_t row, const std::string& step_id);
  std::vector<Checkpoint> checkpoints(const std::string& run_id);  // by row
  // Marks a run "running" again, for `leadflow run --resume`. Commits.
  void resume_run(const std::string& run_id);
  // status: finished | failed | interrupted. Commits.
  void finish_run(const std::string& run_id, const std::string& status, const std::string& summary_json);
  void flush();  // commits the pending batch

  std::vector<RunSummary> list_runs(std::size_t limit = 50);  // newest first
  std::optional<RunSummary> run(const std::string& run_id);
  std::vector<RowRecord> rows(const std::string& run_id);            // by row
  std::vector<StepResult> step_results(const std::string& run_id);  // by row, then in recording order

  // Plugin key-value cache, namespaced by plugin id. An entry put at now_ms is returned by
  // cache_get until now_ms + ttl_s seconds (exclusive); ttl_s 0 stores an already-expired
  // entry, so the caller resolves "host default" before calling. Values may be binary.
  std::optional<std::string> cache_get(std::string_view ns, std::string_view key, std::int64_t now_ms);
  void cache_put(std::string_view ns, std::string_view key, std::string_view value, std::int64_t now_ms,
                 std::uint32_t ttl_s);
  // Deletes entries expired at now_ms; returns how many. Batched like cache_put.
  std::size_t cache_prune(std::int64_t now_ms);

  // Capability results cached across runs and workflows. An output put at now_ms is returned
  // by result_get until now_ms + ttl_ms (exclusive); ttl_ms <= 0 stores an already-expired
  // entry. A put replaces the entry of the same key and restarts its TTL. result_put is batched
  // and throws Error for a realm other than live_realm or sandbox_realm.
  std::optional<std::string> result_get(const ResultKey& key, std::int64_t now_ms);
  void result_put(const ResultKey& key, std::string_view output_json, std::int64_t now_ms, std::int64_t ttl_ms);
  // Ordered by realm, plugin, capability; expired counts entries with expiry <= now_ms.
  std::vector<ResultCacheStats> result_stats(std::int64_t now_ms);
  // Deletes the results of one plugin (nullopt: of all), only the expired ones when expired_only,
  // and commits, with the pending batch. Returns how many were deleted.
  std::uint64_t result_clear(std::optional<std::string> plugin, std::int64_t now_ms, bool expired_only = false);

  // The database file; empty for an in-memory store.
  std::filesystem::path path() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadflow::store
