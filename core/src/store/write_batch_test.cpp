// WriteBatch with a hand-driven clock, so the 250 ms rule is tested exactly, not by sleeping.
#include "store/write_batch.hpp"

#include <doctest/doctest.h>

#include "store/scratch_directory.hpp"

namespace leadflow::store {
namespace {

using namespace std::chrono_literals;

SQLite::Database open_items_database(const std::filesystem::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL; CREATE TABLE items (value INTEGER UNIQUE)");
  return db;
}

struct BatchFixture {
  BatchFixture()
      : writer(open_items_database(database())),
        observer(database().string(), SQLite::OPEN_READWRITE),
        insert(writer, "INSERT INTO items (value) VALUES (?)") {}

  std::filesystem::path database() const { return scratch.path() / "batch.db"; }
  int visible_items() { return observer.execAndGet("SELECT COUNT(*) FROM items").getInt(); }
  int write_item(WriteBatch& batch, int value) {
    insert.bind(1, value);
    return batch.write(insert);
  }
  WriteBatch::Clock clock() {
    return [this] { return now; };
  }

  ScratchDirectory scratch;
  SQLite::Database writer;
  SQLite::Database observer;
  SQLite::Statement insert;
  std::chrono::steady_clock::time_point now{};
};

}  // namespace

TEST_CASE_FIXTURE(BatchFixture, "writes stay pending until the 256th, which commits them all") {
  WriteBatch batch(writer, clock());
  for (int value = 1; value < 256; ++value) write_item(batch, value);
  CHECK(batch.pending_writes() == 255);
  CHECK(visible_items() == 0);

  write_item(batch, 256);

  CHECK(batch.pending_writes() == 0);
  CHECK(visible_items() == 256);
}

TEST_CASE_FIXTURE(BatchFixture, "a write made once the batch is 250 ms old commits it") {
  WriteBatch batch(writer, clock());
  write_item(batch, 1);
  now += 249ms;
  write_item(batch, 2);
  CHECK(visible_items() == 0);

  now += 1ms;
  write_item(batch, 3);

  CHECK(visible_items() == 3);
}

TEST_CASE_FIXTURE(BatchFixture, "the age of a batch counts from its first write, not from the last commit") {
  WriteBatch batch(writer, clock());
  write_item(batch, 1);
  batch.commit();
  now += 10s;
  write_item(batch, 2);

  CHECK(visible_items() == 1);
  CHECK(batch.pending_writes() == 1);
}

TEST_CASE_FIXTURE(BatchFixture, "a failed write throws and leaves the earlier writes pending") {
  WriteBatch batch(writer, clock());
  write_item(batch, 1);

  CHECK_THROWS_AS(write_item(batch, 1), SQLite::Exception);
  write_item(batch, 2);  // the statement is usable again
  batch.commit();

  CHECK(visible_items() == 2);
}

TEST_CASE_FIXTURE(BatchFixture, "destroying a batch commits its pending writes") {
  {
    WriteBatch batch(writer, clock());
    write_item(batch, 1);
  }
  CHECK(visible_items() == 1);
}

TEST_CASE_FIXTURE(BatchFixture, "write returns how many rows the statement changed") {
  WriteBatch batch(writer, clock());
  write_item(batch, 1);
  write_item(batch, 2);
  SQLite::Statement remove(writer, "DELETE FROM items");

  CHECK(batch.write(remove) == 2);
}

}  // namespace leadflow::store
