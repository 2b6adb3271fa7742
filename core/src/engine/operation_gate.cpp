// Admission of operations under a cap; see operation_gate.hpp.
#include "engine/operation_gate.hpp"

#include <boost/asio/post.hpp>

namespace leadflow::engine {

void OperationGate::enter(std::function<void()> start) {
  waiting_.push_back(std::move(start));
  admit();
}

void OperationGate::leave() {
  if (in_flight_ > 0) --in_flight_;
  admit();
}

void OperationGate::admit() {
  while (!waiting_.empty() && (!limit_ || in_flight_ < *limit_)) {
    ++in_flight_;
    boost::asio::post(io_, std::move(waiting_.front()));
    waiting_.pop_front();
  }
}

}  // namespace leadflow::engine
