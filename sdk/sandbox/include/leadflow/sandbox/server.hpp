// The HTTP/1.1 server under every simulator: loopback only, keep-alive, routes with "{name}"
// path parameters, bounded requests, and fault injection and network latency in front of every
// non-control route.
#pragma once

#include <leadflow/sandbox/http_message.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace leadflow::sandbox {

class Faults;

using Handler = std::function<Response(const Request&)>;

struct ServerLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  unsigned threads = 1;  // threads running handlers; handlers must be thread-safe when > 1
};

// Paths under this prefix are the simulator's control routes: never faulted nor delayed (and
// simulators never rate-limit them).
inline constexpr std::string_view control_path_prefix = "/_sandbox/";

// THREAD: route(), inject_faults_from() and delay_answers_by() before start(); port(),
// base_url() and stop() from any thread except a handler's. Handlers run on the server's own threads.
class Server {
 public:
  explicit Server(ServerLimits limits = {});
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // `pattern` like "/2018-01-08/contacts/{id}"; a trailing slash is not significant.
  // An unknown path answers 404 JSON, a known path with another method 405 JSON.
  void route(std::string method, std::string pattern, Handler handler);
  // Every request outside control_path_prefix first asks `faults` whether to misbehave;
  // a faulted request never reaches its handler. `faults` must outlive the server.
  void inject_faults_from(Faults& faults);
  // Every answer outside control_path_prefix, faulted or not, is sent `delay` (real time) after
  // its request arrived. The request reaches its handler on arrival (so rate limits and charges
  // count it then, as at a real provider); after a slow fault, whose delay adds to this one, it
  // reaches the handler at the end of the wait (a drop fault still hangs up at once). Waiting
  // holds up only that connection. Default: no delay.
  void delay_answers_by(std::chrono::microseconds delay);

  // Binds 127.0.0.1:`port` (0 picks a free port) and serves on background threads.
  // Throws std::runtime_error when the port cannot be bound.
  void start(std::uint16_t port = 0);
  void stop();
  std::uint16_t port() const;
  std::string origin() const;  // "http://127.0.0.1:PORT"

  struct Impl;  // Asio state, in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadflow::sandbox
