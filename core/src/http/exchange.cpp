// One request/response on a pooled connection; see exchange.hpp.
#include "http/exchange.hpp"

#include "http/tls_context.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace leadflow::http {
namespace beast_http = boost::beast::http;
namespace {

constexpr std::size_t header_limit_bytes = 64 * 1024;

std::string lower_cased(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// Errors a server's silent close of an idle keep-alive connection shows up as.
bool is_closed_connection(const boost::system::error_code& error) {
  namespace asio_error = boost::asio::error;
  return error == beast_http::error::end_of_stream || error == asio_error::eof || error == asio_error::connection_reset ||
         error == asio_error::broken_pipe || error == asio_error::connection_aborted || error == asio_error::not_connected ||
         error == boost::asio::ssl::error::stream_truncated;
}

bool is_http_parse_error(const boost::system::error_code& error) {
  return error.category() == beast_http::make_error_code(beast_http::error::bad_version).category();
}

bool is_openssl_error(const boost::system::error_code& error) { return error.category() == boost::asio::error::get_ssl_category(); }

// A TLS failure with the likely fix: an alert from the server means it refused this client
// (e.g. "certificate required"), anything else is about trusting the server.
Error tls_error(const std::string& what, const std::string& reason) {
  const bool refused_by_server = reason.find("alert") != std::string::npos;
  return Error{ErrorKind::tls, fmt::format("{}: {}; {}", what, reason,
                                           refused_by_server ? "the server refused this client: if it requires a client certificate, configure "
                                                               "the provider's client certificate and key, and check that the server trusts it"
                                                             : "if this provider uses a private CA set ca_file")};
}

Response to_response(beast_http::response<beast_http::string_body>&& message) {
  Response response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) response.headers.push_back({lower_cased(field.name_string()), std::string(field.value())});
  response.body = std::move(message.body());
  return response;
}

}  // namespace

Error shutting_down_error() { return Error{ErrorKind::refused, "client is shutting down"}; }

Exchange::Exchange(boost::asio::io_context& io, std::shared_ptr<OriginPool> pool, Message message, ExchangeLimits limits,
                   std::function<void(Result)> on_done)
    : pool_(std::move(pool)), message_(std::move(message)), limits_(limits), on_done_(std::move(on_done)), deadline_(io) {}

void Exchange::start() {
  pool_->acquire([self = shared_from_this()](std::shared_ptr<Connection> connection) { self->on_granted(std::move(connection)); });
}

void Exchange::on_granted(std::shared_ptr<Connection> connection) {
  if (!connection) return finish(shutting_down_error());
  connection_ = std::move(connection);
  // The deadline covers this exchange's own work, not the time spent queued for a connection.
  deadline_.expires_after(limits_.timeout);
  deadline_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error || self->finished_) return;
    self->timed_out_ = true;
    self->connection_->close();  // the pending operation completes with an error and reports the timeout
  });
  // A request that must not be resent avoids a connection idle long enough for the server to
  // have closed it: a stale connection would fail it after it was written.
  if (connection_->established && connection_->reused && !limits_.idempotent &&
      std::chrono::steady_clock::now() - connection_->idle_since > limits_.max_idle_for_unsafe)
    connection_ = pool_->replace(connection_);
  if (connection_->established)
    write();
  else
    resolve();
}

void Exchange::resolve() {
  connection_->resolver.async_resolve(origin().host, std::to_string(origin().port),
                                      [self = shared_from_this()](boost::system::error_code error, auto endpoints) {
                                        if (error || self->timed_out_) return self->on_failure(Phase::resolve, error);
                                        self->connect(endpoints);
                                      });
}

void Exchange::connect(const boost::asio::ip::tcp::resolver::results_type& endpoints) {
  // Tries each resolved address in turn (e.g. ::1 then 127.0.0.1 for localhost).
  connection_->tcp().async_connect(endpoints, [self = shared_from_this()](boost::system::error_code error, auto) {
    if (error || self->timed_out_) return self->on_failure(Phase::connect, error);
    if (self->origin().uses_tls()) return self->handshake();
    self->connection_->established = true;
    self->write();
  });
}

void Exchange::handshake() {
  if (auto problem = connection_->prepare_tls_session(origin()); !problem.empty()) {
    pool_->discard(connection_);
    return finish(Error{ErrorKind::tls, problem + "; this is a bug in the TLS setup, please report it"});
  }
  connection_->tls()->async_handshake(boost::asio::ssl::stream_base::client, [self = shared_from_this()](boost::system::error_code error) {
    if (error || self->timed_out_) return self->on_failure(Phase::handshake, error);
    self->connection_->established = true;
    self->write();
  });
}

void Exchange::write() {
  parser_.emplace();
  parser_->body_limit(limits_.max_response_bytes);
  parser_->header_limit(header_limit_bytes);
  if (message_.method() == beast_http::verb::head) parser_->skip(true);
  connection_->with_stream([&](auto& stream) {
    beast_http::async_write(stream, message_, [self = shared_from_this()](boost::system::error_code error, std::size_t) {
      if (error || self->timed_out_) return self->on_failure(Phase::write, error);
      self->read();
    });
  });
}

void Exchange::read() {
  connection_->with_stream([&](auto& stream) {
    beast_http::async_read(stream, connection_->buffer, *parser_, [self = shared_from_this()](boost::system::error_code error, std::size_t) {
      if (error || self->timed_out_) return self->on_failure(Phase::read, error);
      self->complete();
    });
  });
}

void Exchange::complete() {
  // Reuse only what both sides agreed to keep alive and that holds no stray bytes.
  const bool keep_alive = message_.keep_alive() && parser_->keep_alive() && connection_->buffer.size() == 0;
  auto response = to_response(parser_->release());
  if (keep_alive)
    pool_->release(std::move(connection_));
  else
    pool_->discard(connection_);
  finish(std::move(response));
}

void Exchange::on_failure(Phase phase, const boost::system::error_code& error) {
  if (timed_out_) {
    pool_->discard(connection_);
    return finish(timeout_error());
  }
  if (pool_->shutting_down()) {
    pool_->discard(connection_);
    return finish(shutting_down_error());
  }
  if (may_retry_on_fresh_connection(phase, error)) {
    // The server closed this keep-alive connection without answering: before reading our
    // request (a failed write), or — for an idempotent request only — at any point.
    retried_ = true;
    connection_ = pool_->replace(connection_);
    return resolve();
  }
  auto failure = describe(phase, error);
  pool_->discard(connection_);
  finish(std::move(failure));
}

bool Exchange::may_retry_on_fresh_connection(Phase phase, const boost::system::error_code& error) const {
  // A failure while writing comes before the parser exists: nothing can have been received.
  const bool nothing_received = (!parser_ || !parser_->got_some()) && connection_->buffer.size() == 0;
  return connection_->reused && !retried_ && (phase == Phase::write || (phase == Phase::read && limits_.idempotent)) &&
         nothing_received && is_closed_connection(error);
}

Error Exchange::describe(Phase phase, const boost::system::error_code& error) {
  const auto where = origin().display();
  switch (phase) {
    case Phase::resolve:
      return Error{ErrorKind::connect, fmt::format("could not resolve the host of {}: {}; check the provider's base URL and this machine's DNS",
                                                   where, error.message())};
    case Phase::connect:
      return Error{ErrorKind::connect, fmt::format("could not connect to {}: {}; check that the service is up and reachable from this machine",
                                                   where, error.message())};
    case Phase::handshake:
      return tls_error(fmt::format("TLS handshake with {} failed", where), tls_failure_reason(error, connection_->tls()->native_handle()));
    case Phase::write:
      // With TLS 1.3 the server judges the client's certificate after the client's handshake
      // is done: its refusal arrives as an OpenSSL error on the first write or read.
      if (is_openssl_error(error))
        return tls_error(fmt::format("the TLS session with {} failed", where), tls_failure_reason(error, connection_->tls()->native_handle()));
      return Error{ErrorKind::connect, fmt::format("the connection to {} failed while sending the request: {}; the server may have dropped it",
                                                   where, error.message())};
    case Phase::read:
      if (is_openssl_error(error))
        return tls_error(fmt::format("the TLS session with {} failed", where), tls_failure_reason(error, connection_->tls()->native_handle()));
      break;
  }
  if (error == beast_http::error::body_limit)
    return Error{ErrorKind::protocol, fmt::format("the response from {} is larger than {} bytes (max_response_bytes); raise the limit if this is expected",
                                                  where, limits_.max_response_bytes)};
  if (error == beast_http::error::header_limit)
    return Error{ErrorKind::protocol, fmt::format("the response headers from {} are larger than {} bytes; the server's answer is not usable",
                                                  where, header_limit_bytes)};
  if (is_closed_connection(error) || error == beast_http::error::partial_message)
    return Error{ErrorKind::connect, fmt::format("the connection to {} closed before a complete response arrived: {}; the server may have crashed or dropped the request",
                                                 where, error.message())};
  if (is_http_parse_error(error))
    return Error{ErrorKind::protocol, fmt::format("the response from {} is not valid HTTP/1.1: {}; check that the base URL points at the provider's API",
                                                  where, error.message())};
  return Error{ErrorKind::connect, fmt::format("reading the response from {} failed: {}; the connection was lost", where, error.message())};
}

Error Exchange::timeout_error() const {
  return Error{ErrorKind::timeout, fmt::format("no response from {} within {:g} s; the server may be overloaded, or raise the request's timeout",
                                               origin().display(), static_cast<double>(limits_.timeout.count()) / 1000.0)};
}

void Exchange::finish(Result result) {
  if (finished_) return;
  finished_ = true;
  deadline_.cancel();
  auto on_done = std::move(on_done_);
  on_done(std::move(result));
}

}  // namespace leadflow::http
