// Each way opening can fail (the state path is a file, the directory cannot be created or
// written, the database is corrupt, locked or too new) gets its own message, checked in the
// order a user would fix them.
#include "store/connection.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "store/schema.hpp"
#include "store/sqlite_failure.hpp"
#include "store/store.hpp"

namespace leadflow::store {
namespace {

constexpr int busy_timeout_ms = 5000;

void ensure_state_directory(const std::filesystem::path& state_dir) {
  std::error_code ec;
  const auto status = std::filesystem::status(state_dir, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    throw Error(fmt::format("leadflow state directory {} exists but is not a directory; remove or rename it, or "
                            "pass --state with another directory",
                            state_dir.string()));
  }
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    throw Error(fmt::format("leadflow state directory {} cannot be created ({}); check the permissions of its "
                            "parent or pass --state with another directory",
                            state_dir.string(), ec.message()));
  }
  if (::access(state_dir.c_str(), W_OK | X_OK) != 0) {
    throw Error(fmt::format("leadflow state directory {} is not writable by this user; SQLite needs to create its "
                            "database and journal files there; fix its permissions or pass --state with another "
                            "directory",
                            state_dir.string()));
  }
}

// PRAGMA journal_mode answers with the mode it actually set; anything but "wal" (for a file)
// means another connection holds the database in a mode we cannot change.
void use_write_ahead_log(SQLite::Database& db, const std::filesystem::path& database) {
  const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
  if (mode != "wal") {
    throw Error(fmt::format("leadflow store {}: cannot switch to write-ahead logging (journal mode stays \"{}\"); "
                            "stop other programs using this file or pass --state with another directory",
                            database.string(), mode));
  }
}

void apply_connection_settings(SQLite::Database& db) {
  db.exec("PRAGMA synchronous=NORMAL");
  db.exec("PRAGMA foreign_keys=ON");
}

}  // namespace

SQLite::Database open_state_database(const std::filesystem::path& state_dir) {
  ensure_state_directory(state_dir);
  const auto database = state_dir / database_file_name;
  try {
    SQLite::Database db(database.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
    use_write_ahead_log(db, database);
    apply_connection_settings(db);
    migrate_to_current_schema(db, database);
    return db;
  } catch (const SQLite::Exception& failure) {
    throw sqlite_failure(database, "open the database", failure);
  }
}

SQLite::Database open_memory_database() {
  try {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
    apply_connection_settings(db);
    migrate_to_current_schema(db, {});
    return db;
  } catch (const SQLite::Exception& failure) {
    throw sqlite_failure({}, "open the database", failure);
  }
}

}  // namespace leadflow::store
