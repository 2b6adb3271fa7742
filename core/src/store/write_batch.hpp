// Groups the store's frequent small writes into one transaction, so recording thousands of
// rows costs a few commits instead of one fsync-bound commit per row.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace leadflow::store {

// Opens a transaction on the first write and commits it after max_writes writes, or on the
// first write made once the transaction has been open max_age. Time is only checked on
// writes: there is no background thread, so a quiet batch waits for commit().
// THREAD: the thread that uses the Database.
class WriteBatch {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::size_t max_writes = 256;
  static constexpr std::chrono::milliseconds max_age{250};

  explicit WriteBatch(SQLite::Database& db, Clock clock = std::chrono::steady_clock::now);
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  // Commits what is pending; a failure here is swallowed (SQLite then rolls back), so call
  // commit() first when it matters.
  ~WriteBatch();

  // Executes the bound statement inside the batch and resets it for the next use. Returns the
  // number of rows it changed. Throws SQLite::Exception when it fails; earlier writes stay pending.
  int write(SQLite::Statement& statement);
  // Commits the pending writes, if any.
  void commit();
  std::size_t pending_writes() const { return pending_writes_; }

 private:
  bool in_transaction() const;
  void begin_if_needed();
  void forget_if_rolled_back();
  bool due() const;

  SQLite::Database& db_;
  Clock clock_;
  std::size_t pending_writes_ = 0;
  std::chrono::steady_clock::time_point opened_at_{};
};

}  // namespace leadflow::store
