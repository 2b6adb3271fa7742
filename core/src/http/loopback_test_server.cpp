// The test server behind http_test; see loopback_test_server.hpp.
#include "http/loopback_test_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>

namespace leadflow::http::testing {
namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;

struct LoopbackTestServer::State {
  Handler handler;
  std::optional<asio::ssl::context> tls;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::atomic<bool> stopping{false};
  std::atomic<int> accepted{0};
  std::atomic<int> open{0};
  std::atomic<int> max_open{0};
  mutable std::mutex mutex;                    // guards the members below
  std::vector<ReceivedRequest> requests;
  std::vector<int> open_sockets;               // native handles, shut down on stop
  std::vector<std::thread> connection_threads;
};

namespace {

std::string lower_cased(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

ReceivedRequest to_received(const beast_http::request<beast_http::string_body>& message) {
  ReceivedRequest request{std::string(message.method_string()), std::string(message.target()), {}, message.body()};
  for (const auto& field : message) request.headers.push_back({lower_cased(field.name_string()), std::string(field.value())});
  return request;
}

template <class Stream>
void write_reply(Stream& stream, const ServerReply& reply) {
  if (!reply.raw.empty()) {
    asio::write(stream, asio::buffer(reply.raw));
    return;
  }
  beast_http::response<beast_http::string_body> message{static_cast<beast_http::status>(reply.status), 11};
  for (const auto& header : reply.headers) message.set(header.name, header.value);
  message.body() = reply.body;
  message.prepare_payload();
  beast_http::write(stream, message);
}

// Answers requests on one connection until the client closes it, the reply says to close, or
// the server stops.
// "CN=client-a" when the TLS peer sent a certificate, else "" (and always "" for plain TCP).
std::string client_subject_of(tcp::socket&) { return ""; }

std::string client_subject_of(asio::ssl::stream<tcp::socket&>& stream) {
  X509* certificate = SSL_get1_peer_certificate(stream.native_handle());
  if (!certificate) return "";
  char common_name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, common_name, sizeof common_name);
  X509_free(certificate);
  return std::string("CN=") + common_name;
}

template <class Stream>
void serve(LoopbackTestServer::State& state, Stream& stream) {
  boost::beast::flat_buffer buffer;
  while (!state.stopping) {
    beast_http::request<beast_http::string_body> message;
    boost::system::error_code error;
    beast_http::read(stream, buffer, message, error);
    if (error) return;
    auto request = to_received(message);
    request.client_subject = client_subject_of(stream);
    {
      std::lock_guard lock(state.mutex);
      state.requests.push_back(request);
    }
    auto reply = state.handler(request);
    if (reply.never_answer) continue;
    std::this_thread::sleep_for(reply.delay);
    write_reply(stream, reply);
    if (reply.close_after) return;
  }
}

void serve_connection(LoopbackTestServer::State& state, tcp::socket& socket) {
  try {
    if (!state.tls) return serve(state, socket);
    asio::ssl::stream<tcp::socket&> tls_stream(socket, *state.tls);
    tls_stream.handshake(asio::ssl::stream_base::server);
    serve(state, tls_stream);
  } catch (const std::exception&) {
    // The client went away or refused our certificate: nothing more to serve.
  }
}

void track_open(LoopbackTestServer::State& state) {
  const int now_open = ++state.open;
  int seen = state.max_open;
  while (now_open > seen && !state.max_open.compare_exchange_weak(seen, now_open)) {
  }
}

void accept_loop(LoopbackTestServer::State& state) {
  while (true) {
    boost::system::error_code error;
    tcp::socket socket(state.io);
    state.acceptor.accept(socket, error);
    if (error || state.stopping) return;
    ++state.accepted;
    track_open(state);
    std::lock_guard lock(state.mutex);
    state.open_sockets.push_back(socket.native_handle());
    state.connection_threads.emplace_back([&state, socket = std::move(socket)]() mutable {
      serve_connection(state, socket);
      std::lock_guard lock(state.mutex);
      std::erase(state.open_sockets, socket.native_handle());
      boost::system::error_code ignored;
      socket.close(ignored);  // after leaving the list, so stop never shuts down a reused handle
      --state.open;
    });
  }
}

asio::ssl::context server_tls_context(const TlsIdentity& identity, const TlsServerOptions& options) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  context.use_certificate(asio::buffer(identity.certificate_pem), asio::ssl::context::pem);
  context.use_private_key(asio::buffer(identity.private_key_pem), asio::ssl::context::pem);
  if (options.required_client_ca_pem) {
    context.add_certificate_authority(asio::buffer(*options.required_client_ca_pem));
    context.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
  }
  return context;
}

}  // namespace

std::optional<std::string> ReceivedRequest::header(std::string_view lower_case_name) const {
  for (const auto& header : headers)
    if (header.name == lower_case_name) return header.value;
  return std::nullopt;
}

LoopbackTestServer::LoopbackTestServer(Handler handler, std::optional<TlsIdentity> tls, TlsServerOptions tls_options)
    : state_(std::make_shared<State>()) {
  state_->handler = std::move(handler);
  if (tls) state_->tls.emplace(server_tls_context(*tls, tls_options));
  tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(loopback.protocol());
  state_->acceptor.bind(loopback);
  state_->acceptor.listen();
  port_ = state_->acceptor.local_endpoint().port();
  acceptor_thread_ = std::thread([state = state_] { accept_loop(*state); });
}

LoopbackTestServer::~LoopbackTestServer() {
  state_->stopping = true;
  {
    // Wake the blocking accept with one last connection of our own.
    asio::io_context io;
    tcp::socket wake(io);
    boost::system::error_code ignored;
    wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ignored);
    acceptor_thread_.join();
  }
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(state_->mutex);
    for (int handle : state_->open_sockets) ::shutdown(handle, SHUT_RDWR);
    threads = std::move(state_->connection_threads);
  }
  for (auto& thread : threads) thread.join();
}

std::string LoopbackTestServer::url(std::string_view path) const { return "http://127.0.0.1:" + std::to_string(port_) + std::string(path); }

int LoopbackTestServer::accepted() const { return state_->accepted; }

int LoopbackTestServer::max_concurrent_connections() const { return state_->max_open; }

std::vector<ReceivedRequest> LoopbackTestServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

}  // namespace leadflow::http::testing
