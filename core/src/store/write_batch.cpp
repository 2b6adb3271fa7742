// BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that later needs to
// write can fail at once with SQLITE_BUSY in WAL mode instead of waiting out the busy timeout.
// Whether a batch is open is asked of SQLite itself, because some failures (disk full, I/O
// errors) roll the whole transaction back on their own.
#include "store/write_batch.hpp"

#include <sqlite3.h>

namespace leadflow::store {

WriteBatch::WriteBatch(SQLite::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

WriteBatch::~WriteBatch() {
  if (!in_transaction()) return;
  if (db_.tryExec("COMMIT") != SQLITE_OK && in_transaction()) db_.tryExec("ROLLBACK");
}

int WriteBatch::write(SQLite::Statement& statement) {
  begin_if_needed();
  int changed = 0;
  try {
    changed = statement.exec();
  } catch (...) {
    statement.tryReset();
    forget_if_rolled_back();
    throw;
  }
  statement.tryReset();
  ++pending_writes_;
  if (due()) commit();
  return changed;
}

void WriteBatch::commit() {
  if (!in_transaction()) return;
  try {
    db_.exec("COMMIT");
  } catch (...) {
    forget_if_rolled_back();
    throw;
  }
  pending_writes_ = 0;
}

bool WriteBatch::in_transaction() const { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

void WriteBatch::begin_if_needed() {
  if (in_transaction()) return;
  db_.exec("BEGIN IMMEDIATE");
  pending_writes_ = 0;
  opened_at_ = clock_();
}

void WriteBatch::forget_if_rolled_back() {
  if (!in_transaction()) pending_writes_ = 0;
}

bool WriteBatch::due() const { return pending_writes_ >= max_writes || clock_() - opened_at_ >= max_age; }

}  // namespace leadflow::store
