// Operation caps: at most `limit` in flight, the rest admitted in order as places free up.
#include "engine/operation_gate.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <vector>

using namespace leadflow::engine;

TEST_CASE("a gate with a limit of two admits two, then one per departure, in order") {
  boost::asio::io_context io;
  OperationGate gate(io, 2);
  std::vector<int> started;
  for (int i = 0; i < 5; ++i) gate.enter([&started, i] { started.push_back(i); });
  io.poll();
  CHECK(started == std::vector<int>{0, 1});
  CHECK(gate.waiting() == 3);
  gate.leave();
  io.restart();
  io.poll();
  CHECK(started == std::vector<int>{0, 1, 2});
  gate.leave();
  gate.leave();
  io.restart();
  io.poll();
  CHECK(started == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(gate.in_flight() == 2);
}

TEST_CASE("a gate without a limit admits everyone") {
  boost::asio::io_context io;
  OperationGate gate(io, std::nullopt);
  int started = 0;
  for (int i = 0; i < 1000; ++i) gate.enter([&] { ++started; });
  io.poll();
  CHECK(started == 1000);
}
