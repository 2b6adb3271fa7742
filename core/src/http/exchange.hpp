// One request and its response on one origin's pool: connect if needed, TLS, write, read, under
// one deadline, with one transparent retry when a reused keep-alive connection turns out to be
// closed. Private to the http module (it includes Beast).
#pragma once

#include "http/connection.hpp"
#include "http/http_message.hpp"
#include "http/origin.hpp"
#include "http/origin_pool.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace leadflow::http {

struct ExchangeLimits {
  std::chrono::milliseconds timeout{30000};
  std::size_t max_response_bytes = 32u << 20;
  bool idempotent = false;  // see Request::idempotent
  std::chrono::milliseconds max_idle_for_unsafe{2000};  // see ClientOptions
};

// THREAD: the io_context's thread only. Calls on_done exactly once, from a completion handler.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  using Message = boost::beast::http::request<boost::beast::http::string_body>;

  Exchange(boost::asio::io_context& io, std::shared_ptr<OriginPool> pool, Message message, ExchangeLimits limits,
           std::function<void(Result)> on_done);

  void start();

 private:
  enum class Phase { resolve, connect, handshake, write, read };

  void on_granted(std::shared_ptr<Connection> connection);
  void resolve();
  void connect(const boost::asio::ip::tcp::resolver::results_type& endpoints);
  void handshake();
  void write();
  void read();
  void complete();
  void on_failure(Phase phase, const boost::system::error_code& error);
  bool may_retry_on_fresh_connection(Phase phase, const boost::system::error_code& error) const;
  Error describe(Phase phase, const boost::system::error_code& error);
  Error timeout_error() const;
  void finish(Result result);

  const Origin& origin() const { return pool_->origin(); }

  std::shared_ptr<OriginPool> pool_;
  Message message_;
  ExchangeLimits limits_;
  std::function<void(Result)> on_done_;
  std::shared_ptr<Connection> connection_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
  boost::asio::steady_timer deadline_;
  bool timed_out_ = false;
  bool retried_ = false;
  bool finished_ = false;
};

// The error a request gets when the client is shutting down.
Error shutting_down_error();

}  // namespace leadflow::http
