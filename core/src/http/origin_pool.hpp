// The keep-alive pool of one origin: reuses idle connections, opens at most the configured
// number, queues further requests first-in first-out, and closes connections left idle too long.
// Private to the http module.
#pragma once

#include "http/connection.hpp"
#include "http/origin.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace leadflow::http {

struct PoolLimits {
  std::size_t max_connections = 8;
  std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(30);
};

// THREAD: the io_context's thread only.
class OriginPool : public std::enable_shared_from_this<OriginPool> {
 public:
  // Receives a connection (idle and established, or new and not yet connected), or null when
  // the pool is shutting down.
  using Grant = std::function<void(std::shared_ptr<Connection>)>;

  OriginPool(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls, Origin origin, PoolLimits limits);

  const Origin& origin() const { return origin_; }

  // Grants a connection now (an idle one first, else a new one under the limit) or queues.
  void acquire(Grant grant);
  // The exchange on `connection` ended cleanly and both sides keep it alive: hand it to the
  // next queued request, or park it idle.
  void release(std::shared_ptr<Connection> connection);
  // The connection is unusable: close it and let a queued request open a new one.
  void discard(const std::shared_ptr<Connection>& connection);
  // Closes `connection` and returns a new, unconnected one in its place, skipping the queue
  // (the stale keep-alive retry).
  std::shared_ptr<Connection> replace(const std::shared_ptr<Connection>& connection);

  // Fails queued requests (grants null), closes every connection, refuses later acquires.
  void shutdown();
  bool shutting_down() const { return shutting_down_; }
  std::size_t open_connections() const { return connections_.size(); }

 private:
  std::size_t capacity() const;
  std::shared_ptr<Connection> open_new();
  void forget(const std::shared_ptr<Connection>& connection);
  void park_idle(std::shared_ptr<Connection> connection);
  void close_if_still_idle(const std::shared_ptr<Connection>& connection);

  boost::asio::io_context& io_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  Origin origin_;
  PoolLimits limits_;
  std::vector<std::shared_ptr<Connection>> connections_;  // every open one, busy or idle
  std::vector<std::shared_ptr<Connection>> idle_;         // most recently used last
  std::deque<Grant> waiting_;
  bool shutting_down_ = false;
};

}  // namespace leadflow::http
