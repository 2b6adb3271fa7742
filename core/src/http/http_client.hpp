// The host's one HTTP(S) client: every provider request goes through it, on the engine's event
// loop. Keep-alive pools per origin and client certificate, TLS verification on by default,
// whole-exchange timeouts, redirects. Beast stays in the .cpp files (pimpl) so including this
// header is cheap.
#pragma once

#include "http/http_message.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace leadflow::http {

struct ClientOptions {
  std::size_t max_connections_per_origin = 8;
  std::size_t max_response_bytes = 32u << 20;       // larger bodies -> Error{protocol, "... larger than ..."}
  std::chrono::seconds idle_timeout{30};            // idle pooled connections are closed after this
  // A non-idempotent request is not sent on a connection idle longer than this: servers close
  // idle keep-alive connections after a few seconds, and such a request could not be resent.
  std::chrono::milliseconds max_idle_for_unsafe{2000};
  std::string ca_file;                              // extra CA bundle (PEM) trusted in addition to the system store
  std::string user_agent = "leadflow/0.1";
  int max_redirects = 5;
};

// THREAD: construct, call and destroy on the thread that runs `io` (or before it runs).
// The io_context must outlive the Client. Throws std::runtime_error from the constructor if
// ca_file cannot be loaded; never throws for network problems.
class Client {
 public:
  Client(boost::asio::io_context& io, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends request asynchronously on `io`; calls on_done exactly once, on the io_context's thread
  // (never from inside send). Never throws for network problems.
  void send(Request request, std::function<void(Result)> on_done);

  // Closes idle connections and makes pending/new sends fail promptly
  // (ErrorKind::refused "client is shutting down").
  void shutdown();

  // Connections currently open or being opened, over all origins (for tests).
  std::size_t open_connections() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace leadflow::http
