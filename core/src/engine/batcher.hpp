// Groups the records that reach a batch step (Dropcontact takes 250 per request, Snov.io 10
// emails per verification call) into batches of at most `size`, waiting at most `linger` for a
// batch to fill, so a slow trickle of records still moves.
#pragma once

#include "engine/engine_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only.
class Batcher {
 public:
  using Flush = std::function<void(std::vector<std::uint64_t> rows)>;

  // `flush` receives each batch, in arrival order; never empty, never above `size`.
  Batcher(boost::asio::io_context& io, const EngineClock& clock, std::size_t size, std::int64_t linger_ms, Flush flush);

  void add(std::uint64_t row);
  // Sends what is waiting now, without waiting for the batch to fill.
  void flush_now();
  // Hands back the rows waiting, unsent (the run is stopping).
  std::vector<std::uint64_t> take_waiting();

  std::size_t waiting() const { return rows_.size(); }
  std::size_t size() const { return size_; }

 private:
  void emit();

  const EngineClock& clock_;
  std::size_t size_;
  std::int64_t linger_ms_;
  Flush flush_;
  boost::asio::steady_timer timer_;
  std::uint64_t generation_ = 0;  // a linger timer only flushes the batch it was armed for
  std::vector<std::uint64_t> rows_;
};

}  // namespace leadflow::engine
