// The advice attached to each SQLite result code lives here, so every store message offers the
// same remedy for the same cause.
#include "store/sqlite_failure.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace leadflow::store {
namespace {

std::string_view advice_for(int primary_code) {
  switch (primary_code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another process has held it locked for more than 5 seconds; wait for that leadflow run to finish "
             "or pass --state with another directory";
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "check that the file and its directory exist and are writable by this user, or pass --state with "
             "another directory";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the file is damaged or is not a leadflow database; move it aside (with its -wal and -shm files) so "
             "leadflow starts a fresh one, or pass --state with another directory";
    case SQLITE_FULL:
      return "the disk is full; free some space and run again (finished rows are kept)";
    case SQLITE_IOERR:
      return "the disk or file system reported an I/O error; check the disk and run again";
    case SQLITE_CONSTRAINT:
      return "this is a bug in the caller: the run id must come from begin_run on this store and the status "
             "from the documented list";
    default:
      return "this is unexpected; please report it with this message";
  }
}

}  // namespace

std::string database_name(const std::filesystem::path& database) {
  return database.empty() ? std::string("(in memory)") : database.string();
}

Error sqlite_failure(const std::filesystem::path& database, std::string_view action, const SQLite::Exception& failure) {
  const int primary_code = failure.getErrorCode() & 0xff;
  return Error(fmt::format("leadflow store {}: cannot {} ({}); {}", database_name(database), action, failure.what(),
                           advice_for(primary_code)));
}

}  // namespace leadflow::store
