// Batching with a linger; see batcher.hpp.
#include "engine/batcher.hpp"

namespace leadflow::engine {

Batcher::Batcher(boost::asio::io_context& io, const EngineClock& clock, std::size_t size, std::int64_t linger_ms, Flush flush)
    : clock_(clock), size_(size == 0 ? 1 : size), linger_ms_(linger_ms), flush_(std::move(flush)), timer_(io) {}

void Batcher::add(std::uint64_t row) {
  rows_.push_back(row);
  if (rows_.size() >= size_) return emit();
  if (rows_.size() > 1) return;  // the first row of the batch armed the linger
  timer_.expires_after(clock_.real_duration(linger_ms_));
  timer_.async_wait([this, generation = generation_](const boost::system::error_code& ec) {
    if (!ec && generation == generation_ && !rows_.empty()) emit();
  });
}

void Batcher::flush_now() {
  if (!rows_.empty()) emit();
}

std::vector<std::uint64_t> Batcher::take_waiting() {
  ++generation_;
  timer_.cancel();
  return std::exchange(rows_, {});
}

void Batcher::emit() {
  ++generation_;
  timer_.cancel();
  flush_(std::exchange(rows_, {}));
}

}  // namespace leadflow::engine
