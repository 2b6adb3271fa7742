// Store behaviour as the engine and the CLI rely on it: what is durable when, what reads back,
// and how each way of failing to open is reported.
#include "store/store.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <fstream>
#include <set>
#include <thread>

#include <SQLiteCpp/Database.h>

#include "store/scratch_directory.hpp"

namespace leadflow::store {
namespace {

RunInfo sample_run_info() {
  return {"/leads/find.yaml", "find emails", "/leads/people.csv", "/leads/out.csv", false};
}

StepResult sample_step(const std::string& run_id, std::uint64_t row, std::string step_id, std::string status) {
  StepResult result;
  result.run_id = run_id;
  result.row = row;
  result.step_id = std::move(step_id);
  result.provider = "voilanorbert";
  result.capability = "find_email";
  result.status = status == "found" || status == "not_found" ? "done" : status;
  result.result = status == "failed" ? "" : status;
  if (result.status == "failed") {
    result.error_json = R"({"code":"rate_limited"})";
  } else {
    result.output_json = R"({"email":"ada@example.com","confidence":90})";
  }
  result.credits = 1.5;
  result.started_ms = 1000 + static_cast<std::int64_t>(row);
  result.finished_ms = 2000 + static_cast<std::int64_t>(row);
  return result;
}

// A second, independent connection: what another process would see.
class Observer {
 public:
  explicit Observer(const std::filesystem::path& database) : db_(database.string(), SQLite::OPEN_READWRITE) {}
  int count(const std::string& table) { return db_.execAndGet("SELECT COUNT(*) FROM " + table).getInt(); }
  std::string text(const std::string& sql) { return db_.execAndGet(sql).getString(); }
  SQLite::Database& db() { return db_; }

 private:
  SQLite::Database db_;
};

std::string error_message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("expected a store::Error");
  return {};
}

}  // namespace

TEST_CASE("opening a state directory creates it and a WAL database at the current schema version") {
  ScratchDirectory scratch;
  const auto state_dir = scratch.path() / "project" / ".leadflow";

  auto store = Store::open(state_dir);

  CHECK(std::filesystem::is_directory(state_dir));
  CHECK(store.path() == state_dir / "leadflow.db");
  CHECK(std::filesystem::is_regular_file(store.path()));
  Observer observer(store.path());
  CHECK(observer.text("PRAGMA journal_mode") == "wal");
  CHECK(observer.text("PRAGMA user_version") == "4");
  for (const auto* table : {"runs", "rows", "step_results", "checkpoints", "cache", "results"}) {
    CAPTURE(table);
    CHECK(observer.count(std::string("sqlite_master WHERE type = 'table' AND name = '") + table + "'") == 1);
  }
}

TEST_CASE("an in-memory store has no path") { CHECK(Store::open_in_memory().path().empty()); }

TEST_CASE("a run's rows and step results read back exactly as recorded") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());
  store.record_row({run_id, 1, 2, R"({"name":"Ada Lovelace"})", ""});
  store.record_row({run_id, 2, 3, R"({"name":""})", "missing company"});
  store.record_step(sample_step(run_id, 1, "find", "found"));
  store.record_step(sample_step(run_id, 1, "verify", "done"));
  store.record_step(sample_step(run_id, 2, "find", "failed"));
  store.finish_run(run_id, "finished", R"({"rows":2})");

  const auto runs = store.list_runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].run_id == run_id);
  CHECK(runs[0].status == "finished");
  CHECK(runs[0].workflow_path == "/leads/find.yaml");
  CHECK(runs[0].rows == 2);
  CHECK(runs[0].summary_json == R"({"rows":2})");
  CHECK(runs[0].started_ms > 0);
  CHECK(runs[0].finished_ms >= runs[0].started_ms);

  const auto rows = store.rows(run_id);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].input_json == R"({"name":""})");
  CHECK(rows[1].error == "missing company");

  const auto steps = store.step_results(run_id);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].step_id == "find");
  CHECK(steps[0].output_json == R"({"email":"ada@example.com","confidence":90})");
  CHECK(steps[1].step_id == "verify");
  CHECK(steps[2].row == 2);
  CHECK(steps[2].status == "failed");
  CHECK(steps[2].output_json.empty());
  CHECK(steps[2].error_json == R"({"code":"rate_limited"})");
  CHECK(steps[2].provider == "voilanorbert");
  CHECK(steps[2].capability == "find_email");
  CHECK(steps[2].credits == doctest::Approx(1.5));
  CHECK(steps[2].started_ms == 1002);
  CHECK(steps[2].finished_ms == 2002);
}

TEST_CASE("recording the same step of the same row again replaces the earlier result") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());
  store.record_step(sample_step(run_id, 1, "find", "failed"));
  store.record_step(sample_step(run_id, 1, "find", "found"));

  const auto steps = store.step_results(run_id);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].status == "done");
  CHECK(steps[0].result == "found");
}

TEST_CASE("a run is listed as running with no finish time until it is finished") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());

  const auto run = store.run(run_id);
  REQUIRE(run);
  CHECK(run->status == "running");
  CHECK(run->finished_ms == 0);
  CHECK_FALSE(store.run("20000101-000000-0000"));
}

TEST_CASE("runs are listed newest first, up to the limit") {
  auto store = Store::open_in_memory();
  const auto first = store.begin_run(sample_run_info());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto second = store.begin_run(sample_run_info());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto third = store.begin_run(sample_run_info());

  const auto runs = store.list_runs(2);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].run_id == third);
  CHECK(runs[1].run_id == second);
  CHECK(store.list_runs().size() == 3);
  CHECK(first != second);
}

TEST_CASE("two runs begun in the same second get different ids") {
  auto store = Store::open_in_memory();
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.insert(store.begin_run(sample_run_info()));
  CHECK(ids.size() == 50);
}

TEST_CASE("begin_run is visible to other connections at once") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  store.begin_run(sample_run_info());

  Observer observer(store.path());
  CHECK(observer.count("runs") == 1);
}

TEST_CASE("another connection sees batched rows and steps only after flush") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  const auto run_id = store.begin_run(sample_run_info());
  Observer observer(store.path());

  store.record_row({run_id, 1, 2, "{}", ""});
  store.record_row({run_id, 2, 3, "{}", ""});
  store.record_step(sample_step(run_id, 1, "find", "found"));
  CHECK(observer.count("rows") == 0);
  CHECK(observer.count("step_results") == 0);
  CHECK(store.rows(run_id).size() == 2);  // the store itself reads its pending writes

  store.flush();
  CHECK(observer.count("rows") == 2);
  CHECK(observer.count("step_results") == 1);
}

TEST_CASE("the batch commits by itself at 256 writes") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  const auto run_id = store.begin_run(sample_run_info());
  Observer observer(store.path());

  for (std::uint64_t row = 1; row <= 256; ++row) store.record_row({run_id, row, row + 1, "{}", ""});

  CHECK(observer.count("rows") == 256);
}

TEST_CASE("a write made once the batch is 250 ms old commits the batch") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  const auto run_id = store.begin_run(sample_run_info());
  Observer observer(store.path());

  store.record_row({run_id, 1, 2, "{}", ""});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(observer.count("rows") == 0);  // no background thread commits a quiet batch
  store.record_row({run_id, 2, 3, "{}", ""});

  CHECK(observer.count("rows") == 2);
}

TEST_CASE("finishing a run commits the pending batch") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  const auto run_id = store.begin_run(sample_run_info());
  Observer observer(store.path());
  store.record_row({run_id, 1, 2, "{}", ""});

  store.finish_run(run_id, "interrupted", "{}");

  CHECK(observer.count("rows") == 1);
  CHECK(observer.text("SELECT status FROM runs") == "interrupted");
}

TEST_CASE("destroying the store commits the pending batch and a reopened store lists the run") {
  ScratchDirectory scratch;
  std::string run_id;
  {
    auto store = Store::open(scratch.path());
    run_id = store.begin_run(sample_run_info());
    store.record_row({run_id, 1, 2, "{}", ""});
  }

  auto reopened = Store::open(scratch.path());
  const auto runs = reopened.list_runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].run_id == run_id);
  CHECK(runs[0].rows == 1);
}

TEST_CASE("a checkpoint is durable on return and a later one for the same step overwrites it") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  const auto run_id = store.begin_run(sample_run_info());
  Observer observer(store.path());
  store.record_row({run_id, 7, 8, "{}", ""});

  store.save_checkpoint(run_id, 7, "verify", R"({"job":"a1"})");
  CHECK(observer.text("SELECT state_json FROM checkpoints") == R"({"job":"a1"})");
  CHECK(observer.count("rows") == 1);  // the pending batch went with it

  store.save_checkpoint(run_id, 7, "verify", R"({"job":"a1","poll":2})");
  CHECK(observer.count("checkpoints") == 1);
  CHECK(observer.text("SELECT state_json FROM checkpoints") == R"({"job":"a1","poll":2})");
  CHECK(store.checkpoint(run_id, 7, "verify") == R"({"job":"a1","poll":2})");
  CHECK_FALSE(store.checkpoint(run_id, 7, "find"));
  CHECK_FALSE(store.checkpoint(run_id, 8, "verify"));
}

TEST_CASE("a cache entry is returned until its TTL runs out") {
  auto store = Store::open_in_memory();
  store.cache_put("voilanorbert", "ada@example.com", R"({"score":90})", 1'000, 60);

  CHECK(store.cache_get("voilanorbert", "ada@example.com", 1'000) == R"({"score":90})");
  CHECK(store.cache_get("voilanorbert", "ada@example.com", 60'999) == R"({"score":90})");
  CHECK_FALSE(store.cache_get("voilanorbert", "ada@example.com", 61'000));
  CHECK_FALSE(store.cache_get("voilanorbert", "bob@example.com", 1'000));
}

TEST_CASE("a cache put replaces the value and restarts its TTL") {
  auto store = Store::open_in_memory();
  store.cache_put("snov", "k", "old", 0, 10);
  store.cache_put("snov", "k", "new", 5'000, 10);

  CHECK(store.cache_get("snov", "k", 14'999) == "new");
}

TEST_CASE("cache namespaces keep plugins apart") {
  auto store = Store::open_in_memory();
  store.cache_put("snov", "token", "snov-value", 0, 60);

  CHECK_FALSE(store.cache_get("dropcontact", "token", 0));
  CHECK(store.cache_get("snov", "token", 0) == "snov-value");
}

TEST_CASE("cache keys and values are bytes: NUL bytes and empty values survive") {
  auto store = Store::open_in_memory();
  const std::string key("a\0b", 3);
  const std::string value("\0\xff\0", 3);
  store.cache_put("p", key, value, 0, 60);
  store.cache_put("p", "empty", "", 0, 60);

  CHECK(store.cache_get("p", key, 0) == value);
  CHECK_FALSE(store.cache_get("p", std::string("a\0c", 3), 0));
  CHECK(store.cache_get("p", "empty", 0) == std::string());
}

TEST_CASE("pruning the cache deletes only expired entries") {
  auto store = Store::open_in_memory();
  store.cache_put("p", "short", "1", 0, 1);
  store.cache_put("p", "long", "2", 0, 100);

  CHECK(store.cache_prune(50'000) == 1);
  CHECK(store.cache_get("p", "long", 50'000) == "2");
}

TEST_CASE("a state path that is a regular file is refused with the path and what to do") {
  ScratchDirectory scratch;
  const auto not_a_dir = scratch.path() / "state";
  std::ofstream(not_a_dir) << "x";

  const auto message = error_message_of([&] { Store::open(not_a_dir); });
  CHECK(message.find(not_a_dir.string()) != std::string::npos);
  CHECK(message.find("is not a directory") != std::string::npos);
  CHECK(message.find("--state") != std::string::npos);
}

TEST_CASE("a state directory that cannot be created is refused with the path and the reason") {
  ScratchDirectory scratch;
  const auto blocker = scratch.path() / "file";
  std::ofstream(blocker) << "x";
  const auto state_dir = blocker / ".leadflow";

  const auto message = error_message_of([&] { Store::open(state_dir); });
  CHECK(message.find(state_dir.string()) != std::string::npos);
  CHECK(message.find("cannot be created") != std::string::npos);
}

TEST_CASE("a corrupt database file is refused with its path and what to do") {
  ScratchDirectory scratch;
  const auto database = scratch.path() / "leadflow.db";
  std::ofstream(database, std::ios::binary) << std::string(8192, 'g');

  const auto message = error_message_of([&] { Store::open(scratch.path()); });
  CHECK(message.find(database.string()) != std::string::npos);
  CHECK(message.find("not a leadflow database") != std::string::npos);
  CHECK(message.find("move it aside") != std::string::npos);
}

TEST_CASE("a database written by a newer leadflow is refused") {
  ScratchDirectory scratch;
  {
    SQLite::Database newer((scratch.path() / "leadflow.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    newer.exec("PRAGMA user_version=99");
  }

  const auto message = error_message_of([&] { Store::open(scratch.path()); });
  CHECK(message.find("schema version 99") != std::string::npos);
  CHECK(message.find("upgrade leadflow") != std::string::npos);
}

TEST_CASE("another program's SQLite database is refused rather than mixed with ours") {
  ScratchDirectory scratch;
  {
    SQLite::Database foreign((scratch.path() / "leadflow.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    foreign.exec("CREATE TABLE contacts (name TEXT)");
  }

  const auto message = error_message_of([&] { Store::open(scratch.path()); });
  CHECK(message.find("is a SQLite database but not a leadflow one") != std::string::npos);
  SQLite::Database untouched((scratch.path() / "leadflow.db").string(), SQLite::OPEN_READONLY);
  CHECK(untouched.execAndGet("SELECT COUNT(*) FROM sqlite_master").getInt() == 1);
}

TEST_CASE("a write blocked by another process for 5 seconds is reported as locked") {
  ScratchDirectory scratch;
  auto store = Store::open(scratch.path());
  Observer other_process(store.path());
  other_process.db().exec("BEGIN IMMEDIATE");

  const auto message = error_message_of([&] { store.begin_run(sample_run_info()); });
  CHECK(message.find(store.path().string()) != std::string::npos);
  CHECK(message.find("locked") != std::string::npos);
  other_process.db().exec("ROLLBACK");
}

TEST_CASE("two stores on two paths do not see each other's runs or cache") {
  ScratchDirectory first_dir, second_dir;
  auto first = Store::open(first_dir.path());
  auto second = Store::open(second_dir.path());

  const auto run_id = first.begin_run(sample_run_info());
  first.cache_put("p", "k", "v", 0, 60);
  first.flush();

  CHECK(first.list_runs().size() == 1);
  CHECK(second.list_runs().empty());
  CHECK_FALSE(second.cache_get("p", "k", 0));
  second.begin_run(sample_run_info());
  CHECK(first.list_runs().size() == 1);
  CHECK(first.list_runs()[0].run_id == run_id);
}

TEST_CASE("finishing with a status that is not final, or an unknown run, is a clear error") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());

  CHECK(error_message_of([&] { store.finish_run(run_id, "running", "{}"); })
            .find("use finished, failed or interrupted") != std::string::npos);
  CHECK(error_message_of([&] { store.finish_run("20000101-000000-0000", "finished", "{}"); })
            .find("20000101-000000-0000: no such run") != std::string::npos);
}

TEST_CASE("recording a step for a run that was never begun names the run and keeps earlier writes") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());
  store.record_row({run_id, 1, 2, "{}", ""});

  const auto message = error_message_of([&] { store.record_step(sample_step("no-such-run", 1, "find", "found")); });
  CHECK(message.find("run no-such-run") != std::string::npos);
  CHECK(message.find("FOREIGN KEY") != std::string::npos);
  store.flush();
  CHECK(store.rows(run_id).size() == 1);
}

TEST_CASE("a step status outside the vocabulary is refused") {
  auto store = Store::open_in_memory();
  const auto run_id = store.begin_run(sample_run_info());

  CHECK_THROWS_AS(store.record_step(sample_step(run_id, 1, "find", "maybe")), Error);
}


TEST_CASE("a version 1 database is migrated: step statuses become journal states, the capability's status is kept") {
  ScratchDirectory scratch;
  {
    SQLite::Database old((scratch.path() / "leadflow.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(R"sql(
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, status TEXT NOT NULL, workflow_path TEXT NOT NULL, workflow_name TEXT NOT NULL,
        input_path TEXT NOT NULL, output_path TEXT NOT NULL, sandbox INTEGER NOT NULL, started_ms INTEGER NOT NULL,
        finished_ms INTEGER NOT NULL DEFAULT 0, summary_json TEXT NOT NULL DEFAULT '');
      CREATE TABLE rows (run_id TEXT NOT NULL, row INTEGER NOT NULL, line INTEGER NOT NULL, input_json TEXT NOT NULL,
        error TEXT NOT NULL, PRIMARY KEY (run_id, row)) WITHOUT ROWID;
      CREATE TABLE step_results (run_id TEXT NOT NULL, row INTEGER NOT NULL, step_id TEXT NOT NULL, provider TEXT NOT NULL,
        capability TEXT NOT NULL, status TEXT NOT NULL, output_json TEXT NOT NULL, error_json TEXT NOT NULL, credits REAL NOT NULL,
        started_ms INTEGER NOT NULL, finished_ms INTEGER NOT NULL, UNIQUE (run_id, row, step_id, provider));
      CREATE TABLE checkpoints (run_id TEXT NOT NULL, row INTEGER NOT NULL, step_id TEXT NOT NULL, state_json TEXT NOT NULL,
        PRIMARY KEY (run_id, row, step_id)) WITHOUT ROWID;
      CREATE TABLE cache (namespace TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_ms INTEGER NOT NULL,
        PRIMARY KEY (namespace, key)) WITHOUT ROWID;
      INSERT INTO runs VALUES ('r1', 'finished', 'wf.yaml', '', 'in.csv', 'out.csv', 0, 1, 2, '{}');
      INSERT INTO step_results VALUES ('r1', 1, 'find', 'vn', 'find_email', 'found', '{}', '', 1, 1, 2);
      INSERT INTO step_results VALUES ('r1', 2, 'find', 'vn', 'find_email', 'failed', '', '{}', 0, 1, 2);
      PRAGMA user_version=1;)sql");
  }
  auto store = Store::open(scratch.path());
  const auto steps = store.step_results("r1");
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].status == "done");
  CHECK(steps[0].result == "found");
  CHECK(steps[1].status == "failed");
  CHECK(steps[1].result == "");
}

}  // namespace leadflow::store
