// Turns a SQLite failure into the store's one kind of error: a sentence naming the database
// file, what the store was doing, and what the user can do about it.
#pragma once

#include <filesystem>
#include <string_view>

#include <SQLiteCpp/Exception.h>

#include "store/store.hpp"

namespace leadflow::store {

// action completes "cannot ...", e.g. "record a step result for run X".
Error sqlite_failure(const std::filesystem::path& database, std::string_view action, const SQLite::Exception& failure);

// How the store names a database in messages: its path, or "(in memory)".
std::string database_name(const std::filesystem::path& database);

}  // namespace leadflow::store
