// A cap on operations in flight at once — a provider account's `max_in_flight`, or a
// capability's (InsideView runs at most two jobs per account) — with a FIFO queue of the
// operations waiting to start. Unlimited when no cap is set.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only.
class OperationGate {
 public:
  OperationGate(boost::asio::io_context& io, std::optional<int> limit) : io_(io), limit_(limit) {}

  // Calls `start` (posted on the event loop) once an operation may start; it then holds a
  // place until leave().
  void enter(std::function<void()> start);
  void leave();

  std::optional<int> limit() const { return limit_; }
  int in_flight() const { return in_flight_; }
  std::size_t waiting() const { return waiting_.size(); }

 private:
  void admit();

  boost::asio::io_context& io_;
  std::optional<int> limit_;
  int in_flight_ = 0;
  std::deque<std::function<void()>> waiting_;
};

}  // namespace leadflow::engine
