// A small blocking HTTP/1.1 server on 127.0.0.1 for the client's tests: one thread per
// connection, scripted replies (including misbehaviour), and counters of what it saw.
// Test-only: linked into http_test, never into the library.
#pragma once

#include "http/http_message.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace leadflow::http::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::vector<Header> headers;  // names lower-cased
  std::string body;
  std::string client_subject;   // TLS: the subject of the client's certificate ("CN=..."), if it sent one
  std::optional<std::string> header(std::string_view lower_case_name) const;
};

struct ServerReply {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  std::string raw;                      // when set, written to the socket verbatim instead
  std::chrono::milliseconds delay{0};   // wait this long before answering
  bool close_after = false;             // close the connection after answering, without saying so
  bool never_answer = false;            // read the request and never reply
};

// PEM certificate and private key; when given to the server it speaks TLS.
struct TlsIdentity {
  std::string certificate_pem;
  std::string private_key_pem;
};

// TLS server options beyond its identity.
struct TlsServerOptions {
  // When set: PEM of a CA; the server requires a client certificate signed by it
  // (verify_peer | verify_fail_if_no_peer_cert).
  std::optional<std::string> required_client_ca_pem;
};

class LoopbackTestServer {
 public:
  using Handler = std::function<ServerReply(const ReceivedRequest&)>;

  explicit LoopbackTestServer(Handler handler, std::optional<TlsIdentity> tls = std::nullopt, TlsServerOptions tls_options = {});
  ~LoopbackTestServer();
  LoopbackTestServer(const LoopbackTestServer&) = delete;
  LoopbackTestServer& operator=(const LoopbackTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view path) const;   // http://127.0.0.1:PORT/path
  int accepted() const;                          // connections accepted so far
  int max_concurrent_connections() const;        // most connections open at once so far
  std::vector<ReceivedRequest> requests() const;

  struct State;  // shared with the server's threads; defined in the .cpp

 private:
  std::shared_ptr<State> state_;
  std::uint16_t port_ = 0;
  std::thread acceptor_thread_;
};

}  // namespace leadflow::http::testing
