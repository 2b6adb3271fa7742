// Batching: full batches go at once, a trickle goes after the linger, nothing is ever above
// the size, and a stopping run takes the waiting rows back unsent.
#include "engine/batcher.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace leadflow::engine;

namespace {

struct Recorder {
  std::vector<std::vector<std::uint64_t>> batches;
  Batcher::Flush flush() {
    return [this](std::vector<std::uint64_t> rows) { batches.push_back(std::move(rows)); };
  }
};

}  // namespace

TEST_CASE("records are grouped up to the size, in arrival order") {
  boost::asio::io_context io;
  EngineClock clock(1000);
  Recorder recorder;
  Batcher batcher(io, clock, 3, 60'000, recorder.flush());
  for (std::uint64_t row = 1; row <= 7; ++row) batcher.add(row);
  REQUIRE(recorder.batches.size() == 2);
  CHECK(recorder.batches[0] == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(recorder.batches[1] == std::vector<std::uint64_t>{4, 5, 6});
  CHECK(batcher.waiting() == 1);
  batcher.flush_now();
  REQUIRE(recorder.batches.size() == 3);
  CHECK(recorder.batches[2] == std::vector<std::uint64_t>{7});
}

TEST_CASE("a batch that does not fill goes after the linger") {
  boost::asio::io_context io;
  EngineClock clock(1000);  // 2 provider seconds = 2 real milliseconds
  Recorder recorder;
  Batcher batcher(io, clock, 250, 2000, recorder.flush());
  batcher.add(1);
  batcher.add(2);
  CHECK(recorder.batches.empty());
  io.run();
  REQUIRE(recorder.batches.size() == 1);
  CHECK(recorder.batches[0] == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("the linger of a batch that was sent full does not cut the next batch short") {
  boost::asio::io_context io;
  EngineClock clock(1);
  Recorder recorder;
  Batcher batcher(io, clock, 2, 200, recorder.flush());
  batcher.add(1);
  batcher.add(2);  // full: sent at once; the linger armed by row 1 is void
  io.run_for(std::chrono::milliseconds(150));
  batcher.add(3);  // arms its own linger: 200 ms from now
  io.run_for(std::chrono::milliseconds(100));  // past row 1's linger, well before row 3's
  CHECK(recorder.batches.size() == 1);
  CHECK(batcher.waiting() == 1);
  io.restart();
  io.run();
  REQUIRE(recorder.batches.size() == 2);
  CHECK(recorder.batches[1] == std::vector<std::uint64_t>{3});
}

TEST_CASE("a stopping run takes the waiting rows back and nothing is sent") {
  boost::asio::io_context io;
  EngineClock clock(1000);
  Recorder recorder;
  Batcher batcher(io, clock, 10, 1000, recorder.flush());
  batcher.add(1);
  batcher.add(2);
  CHECK(batcher.take_waiting() == std::vector<std::uint64_t>{1, 2});
  io.run();
  CHECK(recorder.batches.empty());
}
