// Opening the SQLite connection behind a Store with the settings every store relies on:
// WAL, synchronous=NORMAL, a 5 s busy timeout, foreign keys, and the current schema.
#pragma once

#include <filesystem>

#include <SQLiteCpp/Database.h>

namespace leadflow::store {

// Creates state_dir if needed and opens (or creates) its leadflow.db. Throws store::Error
// saying what is wrong with the directory or the file and what to do.
SQLite::Database open_state_database(const std::filesystem::path& state_dir);

// A private in-memory database with the same settings and schema.
SQLite::Database open_memory_database();

}  // namespace leadflow::store
