// The simulators' HTTP server on Boost.Beast: one session per connection reading requests in
// turn (keep-alive), asking the fault injector first, then (after any delay) the route table.
#include <leadflow/sandbox/faults.hpp>
#include <leadflow/sandbox/server.hpp>

#include "route_table.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <stdexcept>
#include <thread>

namespace leadflow::sandbox {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Response error_json(int status, const std::string& message) {
  return Response::json(status, {{"code", status}, {"error", message}});
}

// Throws std::invalid_argument when the target is not an origin-form URL ("/path?query").
Request to_request(const http::request<http::string_body>& message) {
  Request request;
  request.method = std::string(message.method_string());
  const auto target = boost::urls::parse_origin_form(message.target());
  if (!target) throw std::invalid_argument("the request target is not a path with an optional query");
  request.path = target->path();
  for (const auto& param : target->params()) {
    request.query[param.key] = param.value;
    request.query_params.emplace_back(param.key, param.value);
  }
  for (const auto& field : message) request.headers[lower(field.name_string())] = std::string(field.value());
  request.body = message.body();
  return request;
}

Response fault_response(const Fault& fault) {
  switch (fault.kind) {
    case FaultKind::server_error:
      return error_json(503, "Service temporarily unavailable (sandbox fault injection).");
    case FaultKind::malformed:
      return Response{200, {{"Content-Type", "application/json"}}, R"({"id": 12345, "searching": fal)"};
    case FaultKind::too_many_requests: {
      auto response = error_json(429, "Too many requests (sandbox fault injection).");
      if (fault.retry_after_s) response.set_header("Retry-After", std::to_string(*fault.retry_after_s));
      return response;
    }
    default:
      return error_json(500, "The sandbox server cannot turn this fault into a response.");
  }
}

}  // namespace

struct Server::Impl {
  ServerLimits limits;
  RouteTable routes;
  Faults* faults = nullptr;
  std::chrono::microseconds answer_delay{0};
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> port{0};
  std::atomic<std::uint64_t> drops{0};

  void accept();
  Response dispatch(Request request) const;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server), timer_(stream_.get_executor()) {}

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits.max_header_bytes));
    parser_->body_limit(server_.limits.max_body_bytes);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit)
      return answer(error_json(413, "The request is larger than this simulator accepts."), false);
    if (ec) return close();
    auto message = parser_->release();
    const bool keep_alive = message.keep_alive();
    Request request;
    try {
      request = to_request(message);
    } catch (const std::exception& e) {
      return answer(error_json(400, std::string("Bad request: ") + e.what() + "."), false);
    }
    if (request.path.starts_with(control_path_prefix)) return answer(server_.dispatch(std::move(request)), keep_alive);

    std::optional<Fault> fault;
    if (server_.faults) fault = server_.faults->next();
    if (fault && fault->kind == FaultKind::drop) return drop();
    auto delay = server_.answer_delay;
    if (fault && fault->kind == FaultKind::slow) delay += std::chrono::milliseconds(fault->slow_ms);
    if (fault && fault->kind != FaultKind::slow)
      return answer_later(delay, keep_alive, [response = fault_response(*fault)]() mutable { return std::move(response); });
    if (fault)  // slow: the request reaches its handler late, as if it had been stuck on the way
      return answer_later(delay, keep_alive, [this, request = std::move(request)]() mutable { return server_.dispatch(std::move(request)); });
    // Latency: a provider counts (rate limits, credits) a request when it arrives; the answer
    // is what takes time.
    return answer_later(delay, keep_alive, [response = server_.dispatch(std::move(request))]() mutable { return std::move(response); });
  }

  // Answers with make_response() once `delay` has passed, without holding up other connections.
  template <typename MakeResponse>
  void answer_later(std::chrono::microseconds delay, bool keep_alive, MakeResponse make_response) {
    if (delay <= std::chrono::microseconds::zero()) return answer(make_response(), keep_alive);
    timer_.expires_after(delay);
    timer_.async_wait([self = shared_from_this(), keep_alive, make_response = std::move(make_response)](beast::error_code ec) mutable {
      if (ec) return self->close();
      self->answer(make_response(), keep_alive);
    });
  }

  void answer(Response response, bool keep_alive) {
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers) message->set(name, value);
    // 1xx, 204 and 304 have no body by definition (RFC 9110 §6.4.1); Beast refuses to write one.
    const bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
    if (bodiless) message->erase(http::field::content_type);
    message->body() = bodiless ? std::string() : std::move(response.body);
    message->keep_alive(keep_alive);
    message->prepare_payload();
    http::async_write(stream_, *message, [self = shared_from_this(), message, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  // Alternates between hanging up at once and hanging up in the middle of the body.
  void drop() {
    if (server_.drops.fetch_add(1) % 2 == 0) return close();
    auto partial = std::make_shared<std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"id\": 12345, \"sea");
    asio::async_write(stream_, asio::buffer(*partial),
                      [self = shared_from_this(), partial](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& server_;
  asio::steady_timer timer_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), *this)->read();
    }
    accept();
  });
}

Response Server::Impl::dispatch(Request request) const {
  auto match = routes.match(request.method, request.path);
  if (match.outcome == RouteMatch::Outcome::unknown_path)
    return error_json(404, "No route for " + request.method + " " + request.path + " in this simulator.");
  if (match.outcome == RouteMatch::Outcome::method_not_allowed)
    return error_json(405, "Method " + request.method + " is not allowed on " + request.path + ".");
  request.path_params = std::move(match.path_params);
  try {
    return (*match.handler)(request);
  } catch (const std::exception& e) {
    return error_json(500, std::string("The simulator failed on ") + request.method + " " + request.path + ": " + e.what());
  }
}

Server::Server(ServerLimits limits) : impl_(std::make_unique<Impl>()) { impl_->limits = limits; }

Server::~Server() { stop(); }

void Server::route(std::string method, std::string pattern, Handler handler) {
  impl_->routes.add(std::move(method), pattern, std::move(handler));
}

void Server::inject_faults_from(Faults& faults) { impl_->faults = &faults; }

void Server::delay_answers_by(std::chrono::microseconds delay) { impl_->answer_delay = delay; }

void Server::start(std::uint16_t port) {
  if (!impl_->threads.empty()) throw std::logic_error("Server::start called twice; stop() it first.");
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    impl_->acceptor.close(ec);
    throw std::runtime_error("The simulator cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message() +
                             ". Pick another --port, or 0 for any free port.");
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->io.restart();
  impl_->accept();
  for (unsigned i = 0; i < std::max(1u, impl_->limits.threads); ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
}

void Server::stop() {
  if (impl_->threads.empty()) return;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::uint16_t Server::port() const { return impl_->port; }

std::string Server::origin() const { return "http://127.0.0.1:" + std::to_string(port()); }

}  // namespace leadflow::sandbox
