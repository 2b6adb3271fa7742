// The store's tables and how a database is brought from any older schema version to the
// current one (PRAGMA user_version holds the version; 0 is a fresh file).
#pragma once

#include <filesystem>

#include <SQLiteCpp/Database.h>

namespace leadflow::store {

inline constexpr int current_schema_version = 4;

// Applies every migration between the database's version and the current one in one
// transaction. Throws store::Error when the database was written by a newer leadflow.
// database names the file in messages (empty for in-memory).
void migrate_to_current_schema(SQLite::Database& db, const std::filesystem::path& database);

}  // namespace leadflow::store
