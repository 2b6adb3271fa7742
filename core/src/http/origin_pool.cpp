// Connection reuse, limits and idle expiry for one origin; see origin_pool.hpp.
#include "http/origin_pool.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace leadflow::http {

OriginPool::OriginPool(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls, Origin origin, PoolLimits limits)
    : io_(io), tls_(std::move(tls)), origin_(std::move(origin)), limits_(limits) {}

void OriginPool::acquire(Grant grant) {
  if (shutting_down_) {
    boost::asio::post(io_, [grant = std::move(grant)] { grant(nullptr); });
    return;
  }
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    connection->idle_timer.cancel();
    if (connection->is_open()) return grant(std::move(connection));
    forget(connection);
  }
  if (connections_.size() < capacity()) return grant(open_new());
  waiting_.push_back(std::move(grant));
}

void OriginPool::release(std::shared_ptr<Connection> connection) {
  if (shutting_down_ || !connection->is_open()) return discard(connection);
  connection->reused = true;
  connection->idle_since = std::chrono::steady_clock::now();
  if (waiting_.empty()) return park_idle(std::move(connection));
  auto grant = std::move(waiting_.front());
  waiting_.pop_front();
  grant(std::move(connection));
}

void OriginPool::discard(const std::shared_ptr<Connection>& connection) {
  connection->close();
  forget(connection);
  if (shutting_down_ || waiting_.empty() || connections_.size() >= capacity()) return;
  auto grant = std::move(waiting_.front());
  waiting_.pop_front();
  grant(open_new());
}

std::shared_ptr<Connection> OriginPool::replace(const std::shared_ptr<Connection>& connection) {
  connection->close();
  forget(connection);
  return open_new();
}

void OriginPool::shutdown() {
  shutting_down_ = true;
  for (auto& grant : waiting_) boost::asio::post(io_, [grant = std::move(grant)] { grant(nullptr); });
  waiting_.clear();
  for (auto& connection : connections_) connection->close();
  connections_.clear();
  idle_.clear();
}

std::size_t OriginPool::capacity() const { return std::max<std::size_t>(1, limits_.max_connections); }

std::shared_ptr<Connection> OriginPool::open_new() {
  connections_.push_back(std::make_shared<Connection>(io_, *tls_, origin_));
  return connections_.back();
}

void OriginPool::forget(const std::shared_ptr<Connection>& connection) {
  std::erase(connections_, connection);
  std::erase(idle_, connection);
}

void OriginPool::park_idle(std::shared_ptr<Connection> connection) {
  connection->idle_since = std::chrono::steady_clock::now();
  connection->idle_timer.expires_after(limits_.idle_timeout);
  connection->idle_timer.async_wait([pool = weak_from_this(), weak_connection = std::weak_ptr(connection)](boost::system::error_code error) {
    auto self = pool.lock();
    auto expired = weak_connection.lock();
    if (!error && self && expired) self->close_if_still_idle(expired);
  });
  idle_.push_back(std::move(connection));
}

void OriginPool::close_if_still_idle(const std::shared_ptr<Connection>& connection) {
  // The timer may have fired just as the connection was taken (and perhaps parked again).
  const bool idle = std::find(idle_.begin(), idle_.end(), connection) != idle_.end();
  if (idle && std::chrono::steady_clock::now() - connection->idle_since >= limits_.idle_timeout) discard(connection);
}

}  // namespace leadflow::http
