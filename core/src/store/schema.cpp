// The store's schema: version 1 plus one migration per later version; never edit a shipped one.
// Resume and the caches read these tables: `checkpoints` holds a provider's opaque state per
// (run, row, step), `cache` holds plugin values and `results` capability outputs, each with an
// absolute expiry time.
#include "store/schema.hpp"

#include <array>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "store/sqlite_failure.hpp"
#include "store/store.hpp"

namespace leadflow::store {
namespace {

constexpr const char* schema_v1 = R"sql(
CREATE TABLE runs (
  run_id        TEXT PRIMARY KEY,
  status        TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
  workflow_path TEXT NOT NULL,
  workflow_name TEXT NOT NULL,
  input_path    TEXT NOT NULL,
  output_path   TEXT NOT NULL,
  sandbox       INTEGER NOT NULL,
  started_ms    INTEGER NOT NULL,
  finished_ms   INTEGER NOT NULL DEFAULT 0,
  summary_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_start ON runs (started_ms);

CREATE TABLE rows (
  run_id     TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  row        INTEGER NOT NULL,
  line       INTEGER NOT NULL,
  input_json TEXT NOT NULL,
  error      TEXT NOT NULL,
  PRIMARY KEY (run_id, row)
) WITHOUT ROWID;

CREATE TABLE step_results (
  run_id      TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  row         INTEGER NOT NULL,
  step_id     TEXT NOT NULL,
  provider    TEXT NOT NULL,
  capability  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('found', 'not_found', 'done', 'failed', 'skipped')),
  output_json TEXT NOT NULL,
  error_json  TEXT NOT NULL,
  credits     REAL NOT NULL,
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL,
  UNIQUE (run_id, row, step_id, provider)
);

CREATE TABLE checkpoints (
  run_id     TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  row        INTEGER NOT NULL,
  step_id    TEXT NOT NULL,
  state_json TEXT NOT NULL,
  PRIMARY KEY (run_id, row, step_id)
) WITHOUT ROWID;

CREATE TABLE cache (
  namespace  TEXT NOT NULL,
  key        BLOB NOT NULL,
  value      BLOB NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX cache_by_expiry ON cache (expires_ms);
)sql";

// Version 2: a step's journal state (in_flight, done, failed, skipped, interrupted) is kept apart from the
// capability's own status (found, not_found, deliverable...), which is free text in `result`:
// verify_email and enrich_person answer statuses that version 1's check refused, and a step
// the run's stop interrupted needs a state of its own.
constexpr const char* schema_v2 = R"sql(
CREATE TABLE step_results_v2 (
  run_id      TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  row         INTEGER NOT NULL,
  step_id     TEXT NOT NULL,
  provider    TEXT NOT NULL,
  capability  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('in_flight', 'done', 'failed', 'skipped', 'interrupted')),
  result      TEXT NOT NULL DEFAULT '',
  output_json TEXT NOT NULL,
  error_json  TEXT NOT NULL,
  credits     REAL NOT NULL,
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL,
  UNIQUE (run_id, row, step_id, provider)
);
INSERT INTO step_results_v2 (run_id, row, step_id, provider, capability, status, result, output_json, error_json, credits,
                             started_ms, finished_ms)
  SELECT run_id, row, step_id, provider, capability,
         CASE WHEN status IN ('found', 'not_found') THEN 'done' ELSE status END,
         CASE WHEN status IN ('found', 'not_found', 'done') THEN status ELSE '' END,
         output_json, error_json, credits, started_ms, finished_ms
  FROM step_results ORDER BY rowid;
DROP TABLE step_results;
ALTER TABLE step_results_v2 RENAME TO step_results;
)sql";

// Version 3: the result cache. Capability outputs keyed by provider plugin, capability and the
// normalised input (cache::lookup_key), in a realm of their own so sandbox results never answer
// a real run. Expired entries stay until `leadflow cache clear`; lookups skip them by expires_ms.
constexpr const char* schema_v3 = R"sql(
CREATE TABLE results (
  realm       TEXT NOT NULL CHECK (realm IN ('live', 'sandbox')),
  plugin      TEXT NOT NULL,
  capability  TEXT NOT NULL,
  input_key   TEXT NOT NULL,
  output_json TEXT NOT NULL,
  stored_ms   INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL,
  PRIMARY KEY (realm, plugin, capability, input_key)
) WITHOUT ROWID;
CREATE INDEX results_by_expiry ON results (expires_ms);
)sql";

// Version 4: the same journal and result cache, their checks written as comparisons instead of `IN (...)`.
// SQLite evaluates a constant IN list by building a temporary b-tree on every execution, which
// made each step-result insert cost a fifth of the host's CPU per request (docs/performance.md).
constexpr const char* schema_v4 = R"sql(
CREATE TABLE step_results_v4 (
  run_id      TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  row         INTEGER NOT NULL,
  step_id     TEXT NOT NULL,
  provider    TEXT NOT NULL,
  capability  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status = 'in_flight' OR status = 'done' OR status = 'failed' OR status = 'skipped'
                                   OR status = 'interrupted'),
  result      TEXT NOT NULL DEFAULT '',
  output_json TEXT NOT NULL,
  error_json  TEXT NOT NULL,
  credits     REAL NOT NULL,
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL,
  UNIQUE (run_id, row, step_id, provider)
);
INSERT INTO step_results_v4 SELECT * FROM step_results ORDER BY rowid;
DROP TABLE step_results;
ALTER TABLE step_results_v4 RENAME TO step_results;

CREATE TABLE results_v4 (
  realm       TEXT NOT NULL CHECK (realm = 'live' OR realm = 'sandbox'),
  plugin      TEXT NOT NULL,
  capability  TEXT NOT NULL,
  input_key   TEXT NOT NULL,
  output_json TEXT NOT NULL,
  stored_ms   INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL,
  PRIMARY KEY (realm, plugin, capability, input_key)
) WITHOUT ROWID;
INSERT INTO results_v4 SELECT * FROM results;
DROP TABLE results;
ALTER TABLE results_v4 RENAME TO results;
CREATE INDEX results_by_expiry ON results (expires_ms);
)sql";

// migrations[i] takes a database from version i to version i + 1.
constexpr std::array<const char*, current_schema_version> migrations = {schema_v1, schema_v2, schema_v3, schema_v4};

int schema_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void refuse_newer_schema(int found, const std::filesystem::path& database) {
  if (found <= current_schema_version) return;
  throw Error(fmt::format("leadflow store {} has schema version {} but this leadflow knows only up to version {}; "
                          "upgrade leadflow or pass --state with another directory",
                          database_name(database), found, current_schema_version));
}

// Version 0 with tables in it is some other program's SQLite file: adding ours would mix the two.
void refuse_foreign_database(SQLite::Database& db, const std::filesystem::path& database) {
  if (db.execAndGet("SELECT COUNT(*) FROM sqlite_master").getInt() == 0) return;
  throw Error(fmt::format("leadflow store {} is a SQLite database but not a leadflow one; move it aside or pass "
                          "--state with another directory",
                          database_name(database)));
}

}  // namespace

void migrate_to_current_schema(SQLite::Database& db, const std::filesystem::path& database) {
  refuse_newer_schema(schema_version(db), database);
  if (schema_version(db) == current_schema_version) return;
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  // Read again under the write lock: another process may have migrated while we waited.
  const int found = schema_version(db);
  refuse_newer_schema(found, database);
  if (found == 0) refuse_foreign_database(db, database);
  for (int version = found; version < current_schema_version; ++version) {
    db.exec(migrations[static_cast<std::size_t>(version)]);
  }
  db.exec(fmt::format("PRAGMA user_version={}", current_schema_version));
  transaction.commit();
}

}  // namespace leadflow::store
