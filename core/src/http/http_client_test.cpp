// The client against real sockets: a loopback test server (plain and TLS) that counts what it
// sees and misbehaves on cue.
#include "http/http_client.hpp"

#include "http/loopback_test_server.hpp"
#include "http/self_signed_certificate.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

namespace leadflow::http {
namespace {
using namespace std::chrono_literals;
using testing::LoopbackTestServer;
using testing::ReceivedRequest;
using testing::ServerReply;

// Runs `io` until every one of `requests` has its result.
std::vector<Result> send_all(boost::asio::io_context& io, Client& client, std::vector<Request> requests) {
  std::vector<std::optional<Result>> results(requests.size());
  std::size_t done = 0;
  for (std::size_t i = 0; i < requests.size(); ++i)
    client.send(std::move(requests[i]), [&results, &done, i](Result result) {
      CHECK_FALSE(results[i].has_value());  // exactly once
      results[i] = std::move(result);
      ++done;
    });
  io.restart();
  while (done < results.size()) io.run_one();
  std::vector<Result> out;
  for (auto& result : results) out.push_back(std::move(*result));
  return out;
}

Result send_one(boost::asio::io_context& io, Client& client, Request request) {
  return std::move(send_all(io, client, {std::move(request)}).front());
}

Request get(std::string url) {
  Request request;
  request.url = std::move(url);
  return request;
}

Response response_of(const Result& result) {
  if (auto* error = std::get_if<Error>(&result)) FAIL("expected a response, got the error: " << error->message);
  return std::get<Response>(result);
}

Error error_of(const Result& result) {
  if (std::holds_alternative<Response>(result)) FAIL("expected an error, got HTTP " << std::get<Response>(result).status);
  return std::get<Error>(result);
}

ServerReply ok(std::string body) { return ServerReply{.body = std::move(body)}; }

// A TCP port on loopback with nothing listening on it.
std::uint16_t closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// A file removed when the test ends.
struct TemporaryFile {
  std::filesystem::path path;
  explicit TemporaryFile(const std::string& content)
      : path(std::filesystem::temp_directory_path() / ("leadflow-http-test-" + std::to_string(std::random_device{}()) + ".pem")) {
    std::ofstream(path) << content;
  }
  ~TemporaryFile() { std::filesystem::remove(path); }
};

// A directory removed with everything in it when the test ends.
struct TemporaryDirectory {
  std::filesystem::path path;
  TemporaryDirectory()
      : path(std::filesystem::temp_directory_path() / ("leadflow-http-test-" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path);
  }
  ~TemporaryDirectory() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name) << content;
    return (path / name).string();
  }
};

// A TLS server for "localhost" that requires a client certificate signed by its own client CA,
// two clients that CA signed ("client-a", "client-b"), and their PEM files in a temp directory.
struct MutualTlsSetup {
  testing::TlsIdentity server = testing::make_self_signed_localhost_identity();
  testing::TlsIdentity client_ca = testing::make_certificate_authority("leadflow test client CA");
  TemporaryDirectory files;
  std::string server_ca_file = files.write("server-ca.pem", server.certificate_pem);
  ClientIdentity client_a = identity_files("client-a");
  ClientIdentity client_b = identity_files("client-b");

  ClientIdentity identity_files(const std::string& name) {
    const auto client = testing::make_client_certificate(client_ca, name);
    return {files.write(name + ".pem", client.certificate_pem), files.write(name + ".key", client.private_key_pem)};
  }
};

Request get_with(std::string url, std::optional<ClientIdentity> identity) {
  Request request = get(std::move(url));
  request.client_identity = std::move(identity);
  return request;
}

}  // namespace

TEST_CASE("a GET returns the server's status, lower-cased headers and body, and sends Host and User-Agent") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ServerReply{.status = 201, .headers = {{"X-Answer", "42"}}, .body = "hello"}; });
  boost::asio::io_context io;
  Client client(io);

  const auto response = response_of(send_one(io, client, get(server.url("/people?domain=acme.com"))));

  CHECK(response.status == 201);
  CHECK(response.body == "hello");
  CHECK(response.header("x-answer") == "42");
  CHECK_FALSE(response.header("X-Answer").has_value());
  const auto seen = server.requests().at(0);
  CHECK(seen.method == "GET");
  CHECK(seen.target == "/people?domain=acme.com");
  CHECK(seen.header("host") == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(seen.header("user-agent") == "leadflow/0.1");
}

TEST_CASE("a POST sends its body with Content-Length and the caller's headers, and caller headers win except Host") {
  LoopbackTestServer server([](const ReceivedRequest& request) { return ok("echo:" + request.body); });
  boost::asio::io_context io;
  Client client(io);
  Request request;
  request.method = "POST";
  request.url = server.url("/verify");
  request.body = R"({"email":"ada@acme.com"})";
  request.headers = {{"Content-Type", "application/json"}, {"User-Agent", "custom-agent"}, {"Host", "evil.example"},
                     {"Content-Length", "999"}};

  const auto response = response_of(send_one(io, client, request));

  CHECK(response.body == R"(echo:{"email":"ada@acme.com"})");
  const auto seen = server.requests().at(0);
  CHECK(seen.method == "POST");
  CHECK(seen.body == request.body);
  CHECK(seen.header("content-length") == std::to_string(request.body.size()));
  CHECK(seen.header("content-type") == "application/json");
  CHECK(seen.header("user-agent") == "custom-agent");
  CHECK(seen.header("host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("ten sequential requests reuse one keep-alive connection") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ok("pong"); });
  boost::asio::io_context io;
  Client client(io);

  for (int i = 0; i < 10; ++i) CHECK(response_of(send_one(io, client, get(server.url("/ping")))).body == "pong");

  CHECK(server.accepted() == 1);
  CHECK(client.open_connections() == 1);
}

TEST_CASE("a keep-alive connection the server closed while idle is retried once on a new connection for an idempotent request") {
  // The server answers without "Connection: close" and then hangs up, as servers do when they
  // expire idle keep-alive connections: the client only finds out when it reuses one.
  LoopbackTestServer server([](const ReceivedRequest& request) { return ServerReply{.body = "got " + request.body, .close_after = true}; });
  boost::asio::io_context io;
  Client client(io);
  Request put;
  put.method = "PUT";
  put.url = server.url("/contact");
  put.idempotent = true;

  put.body = "first";
  CHECK(response_of(send_one(io, client, put)).body == "got first");
  std::this_thread::sleep_for(50ms);  // let the server's close arrive
  put.body = "second";
  CHECK(response_of(send_one(io, client, put)).body == "got second");

  CHECK(server.accepted() == 2);
  CHECK(server.requests().size() == 2);  // the dead connection never delivered the request
}

TEST_CASE("a non-idempotent request is never resent when its connection dies before the answer") {
  LoopbackTestServer server([](const ReceivedRequest& request) { return ServerReply{.body = "got " + request.body, .close_after = true}; });
  boost::asio::io_context io;
  ClientOptions options;
  options.max_idle_for_unsafe = std::chrono::hours(1);  // reuse the stale connection on purpose
  Client client(io, options);
  Request post;
  post.method = "POST";
  post.url = server.url("/charge");

  post.body = "first";
  CHECK(response_of(send_one(io, client, post)).body == "got first");
  std::this_thread::sleep_for(50ms);
  post.body = "second";
  const auto result = send_one(io, client, post);
  REQUIRE(std::holds_alternative<Error>(result));  // the caller decides; the client does not guess
  CHECK(server.accepted() == 1);
}

TEST_CASE("a non-idempotent request takes a fresh connection instead of one idle for long") {
  LoopbackTestServer server([](const ReceivedRequest& request) { return ServerReply{.body = "got " + request.body, .close_after = true}; });
  boost::asio::io_context io;
  ClientOptions options;
  options.max_idle_for_unsafe = 20ms;
  Client client(io, options);
  Request post;
  post.method = "POST";
  post.url = server.url("/charge");

  post.body = "first";
  CHECK(response_of(send_one(io, client, post)).body == "got first");
  std::this_thread::sleep_for(50ms);
  post.body = "second";
  CHECK(response_of(send_one(io, client, post)).body == "got second");
  CHECK(server.accepted() == 2);
}

TEST_CASE("a reused connection that breaks after part of the response arrived is not retried") {
  LoopbackTestServer server([](const ReceivedRequest& request) {
    if (request.target == "/first") return ok("whole");
    return ServerReply{.raw = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", .close_after = true};
  });
  boost::asio::io_context io;
  Client client(io);

  CHECK(response_of(send_one(io, client, get(server.url("/first")))).body == "whole");
  const auto error = error_of(send_one(io, client, get(server.url("/second"))));

  CHECK(error.kind == ErrorKind::connect);
  CHECK(error.message.find("closed before a complete response arrived") != std::string::npos);
  CHECK(server.requests().size() == 2);
  CHECK(server.accepted() == 1);
}

TEST_CASE("Connection: close from the server is honoured: the connection is closed, not pooled") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ServerReply{.headers = {{"Connection", "close"}}, .body = "bye"}; });
  boost::asio::io_context io;
  Client client(io);

  CHECK(response_of(send_one(io, client, get(server.url("/a")))).body == "bye");
  CHECK(client.open_connections() == 0);
  CHECK(response_of(send_one(io, client, get(server.url("/b")))).body == "bye");
  CHECK(server.accepted() == 2);
}

TEST_CASE("twenty concurrent requests to one origin use at most eight connections and all succeed") {
  LoopbackTestServer server([](const ReceivedRequest& request) { return ServerReply{.body = request.target, .delay = 50ms}; });
  boost::asio::io_context io;
  Client client(io);
  std::vector<Request> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(get(server.url("/n/" + std::to_string(i))));

  auto results = send_all(io, client, requests);

  for (int i = 0; i < 20; ++i) CHECK(response_of(results[i]).body == "/n/" + std::to_string(i));
  CHECK(server.max_concurrent_connections() == 8);
  CHECK(server.accepted() == 8);
  CHECK(client.open_connections() == 8);
}

TEST_CASE("a server that never answers gives a timeout error after the request's timeout") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ServerReply{.never_answer = true}; });
  boost::asio::io_context io;
  Client client(io);
  auto request = get(server.url("/slow?api_key=secret"));
  request.timeout = 300ms;

  const auto started = std::chrono::steady_clock::now();
  const auto error = error_of(send_one(io, client, request));
  const auto elapsed = std::chrono::steady_clock::now() - started;

  CHECK(error.kind == ErrorKind::timeout);
  CHECK(error.message.find("no response from http://127.0.0.1:" + std::to_string(server.port()) + " within 0.3 s") == 0);
  CHECK(error.message.find("secret") == std::string::npos);
  CHECK(elapsed >= 300ms);
  CHECK(elapsed < 2s);
  CHECK(client.open_connections() == 0);
}

TEST_CASE("a refused connection is a connect error naming the origin") {
  const auto port = closed_port();
  boost::asio::io_context io;
  Client client(io);

  const auto error = error_of(send_one(io, client, get("http://127.0.0.1:" + std::to_string(port) + "/x")));

  CHECK(error.kind == ErrorKind::connect);
  CHECK(error.message.find("could not connect to http://127.0.0.1:" + std::to_string(port)) == 0);
  CHECK(client.open_connections() == 0);
}

TEST_CASE("plain http to a host that is not loopback is refused without touching the network") {
  boost::asio::io_context io;
  Client client(io);

  const auto error = error_of(send_one(io, client, get("http://example.com/v1/search?token=secret")));

  CHECK(error.kind == ErrorKind::refused);
  CHECK(error.message == "refusing plain http to example.com; use https");
  CHECK(client.open_connections() == 0);
}

TEST_CASE("a response larger than max_response_bytes is a protocol error") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ok(std::string(100'000, 'x')); });
  boost::asio::io_context io;
  Client client(io, ClientOptions{.max_response_bytes = 1000});

  const auto error = error_of(send_one(io, client, get(server.url("/big"))));

  CHECK(error.kind == ErrorKind::protocol);
  CHECK(error.message.find("larger than 1000 bytes") != std::string::npos);
  CHECK(client.open_connections() == 0);
}

TEST_CASE("a 303 after a POST is followed with a GET without the body, resolving a relative Location") {
  LoopbackTestServer server([](const ReceivedRequest& request) {
    if (request.target == "/jobs") return ServerReply{.status = 303, .headers = {{"Location", "jobs/7?wait=1"}}};
    return ok("job 7 via " + request.method);
  });
  boost::asio::io_context io;
  Client client(io);
  Request request;
  request.method = "POST";
  request.url = server.url("/jobs");
  request.body = "payload";
  request.headers = {{"Content-Type", "application/json"}};

  const auto response = response_of(send_one(io, client, request));

  CHECK(response.status == 200);
  CHECK(response.body == "job 7 via GET");
  const auto seen = server.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].target == "/jobs/7?wait=1");
  CHECK(seen[1].body.empty());
  CHECK_FALSE(seen[1].header("content-type").has_value());
}

TEST_CASE("a redirect loop stops with a protocol error after max_redirects") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ServerReply{.status = 302, .headers = {{"Location", "/again"}}}; });
  boost::asio::io_context io;
  Client client(io, ClientOptions{.max_redirects = 3});

  const auto error = error_of(send_one(io, client, get(server.url("/start"))));

  CHECK(error.kind == ErrorKind::protocol);
  CHECK(error.message.find("more than 3 times") != std::string::npos);
  CHECK(server.requests().size() == 4);
}

TEST_CASE("a chunked response body is decoded") {
  LoopbackTestServer server([](const ReceivedRequest&) {
    return ServerReply{.raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"};
  });
  boost::asio::io_context io;
  Client client(io);

  CHECK(response_of(send_one(io, client, get(server.url("/stream")))).body == "hello world");
  CHECK(response_of(send_one(io, client, get(server.url("/stream")))).body == "hello world");
  CHECK(server.accepted() == 1);
}

TEST_CASE("idle pooled connections are closed after idle_timeout") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ok("ok"); });
  boost::asio::io_context io;
  Client client(io, ClientOptions{.idle_timeout = std::chrono::seconds(1)});

  response_of(send_one(io, client, get(server.url("/"))));
  CHECK(client.open_connections() == 1);
  io.restart();
  io.run_for(1500ms);

  CHECK(client.open_connections() == 0);
}

TEST_CASE("shutdown fails queued and later requests with refused and closes connections") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ServerReply{.never_answer = true}; });
  boost::asio::io_context io;
  Client client(io, ClientOptions{.max_connections_per_origin = 1});
  std::vector<Result> results;
  for (int i = 0; i < 2; ++i) client.send(get(server.url("/")), [&](Result result) { results.push_back(std::move(result)); });
  io.restart();
  while (server.requests().empty()) io.run_for(10ms);  // the first is in flight, the second queued

  client.shutdown();
  client.send(get(server.url("/")), [&](Result result) { results.push_back(std::move(result)); });
  while (results.size() < 3) io.run_one();

  for (const auto& result : results) {
    CHECK(error_of(result).kind == ErrorKind::refused);
    CHECK(error_of(result).message == "client is shutting down");
  }
  CHECK(client.open_connections() == 0);
}

TEST_CASE("TLS: a self-signed certificate fails verification, and is accepted once ca_file trusts it") {
  const auto identity = testing::make_self_signed_localhost_identity();
  LoopbackTestServer server([](const ReceivedRequest& request) { return ok("secure " + request.header("host").value_or("")); }, identity);
  const auto origin = "https://localhost:" + std::to_string(server.port());
  boost::asio::io_context io;

  SUBCASE("untrusted") {
    Client client(io);
    const auto error = error_of(send_one(io, client, get(origin + "/account")));
    CHECK(error.kind == ErrorKind::tls);
    CHECK(error.message.find("TLS handshake with " + origin + " failed: certificate verify failed") == 0);
    CHECK(error.message.find("set ca_file") != std::string::npos);
  }
  SUBCASE("trusted through ca_file") {
    TemporaryFile ca_file(identity.certificate_pem);
    Client client(io, ClientOptions{.ca_file = ca_file.path.string()});
    const auto response = response_of(send_one(io, client, get(origin + "/account")));
    CHECK(response.body == "secure localhost:" + std::to_string(server.port()));
    response_of(send_one(io, client, get(origin + "/account")));
    CHECK(server.accepted() == 1);
  }
  SUBCASE("trusted, but for another name than the one connected to") {
    TemporaryFile ca_file(identity.certificate_pem);
    Client client(io, ClientOptions{.ca_file = ca_file.path.string()});
    const auto error = error_of(send_one(io, client, get("https://127.0.0.1:" + std::to_string(server.port()) + "/account")));
    CHECK(error.kind == ErrorKind::tls);
    CHECK(error.message.find("certificate verify failed (IP address mismatch)") != std::string::npos);
  }
}

TEST_CASE("a ca_file that cannot be read is reported when the client is created") {
  boost::asio::io_context io;
  CHECK_THROWS_WITH_AS(Client(io, ClientOptions{.ca_file = "/nonexistent/ca.pem"}),
                       doctest::Contains("could not load the CA bundle ca_file '/nonexistent/ca.pem'"), std::runtime_error);
}

TEST_CASE("mutual TLS: a request with a client certificate is accepted and the server sees the client's subject") {
  MutualTlsSetup setup;
  LoopbackTestServer server([](const ReceivedRequest& request) { return ok("hello " + request.client_subject); }, setup.server,
                            testing::TlsServerOptions{.required_client_ca_pem = setup.client_ca.certificate_pem});
  boost::asio::io_context io;
  Client client(io, ClientOptions{.ca_file = setup.server_ca_file});
  const auto origin = "https://localhost:" + std::to_string(server.port());

  const auto response = response_of(send_one(io, client, get_with(origin + "/account", setup.client_a)));
  CHECK(response.body == "hello CN=client-a");
  response_of(send_one(io, client, get_with(origin + "/account", setup.client_a)));
  CHECK(server.accepted() == 1);  // the identity's connection is kept alive and reused
  CHECK(server.requests().back().client_subject == "CN=client-a");
}

TEST_CASE("mutual TLS: without a client certificate the server's refusal is a clear TLS error") {
  MutualTlsSetup setup;
  LoopbackTestServer server([](const ReceivedRequest&) { return ok("unreachable"); }, setup.server,
                            testing::TlsServerOptions{.required_client_ca_pem = setup.client_ca.certificate_pem});
  boost::asio::io_context io;
  Client client(io, ClientOptions{.ca_file = setup.server_ca_file});
  const auto origin = "https://localhost:" + std::to_string(server.port());

  const auto error = error_of(send_one(io, client, get(origin + "/account")));
  CHECK(error.kind == ErrorKind::tls);
  CHECK(error.message.find(origin) != std::string::npos);
  // TLS 1.3: "the TLS session with ORIGIN failed: tlsv13 alert certificate required; ..."
  CHECK(error.message.find("alert certificate required; the server refused this client: if it requires a client certificate, configure") !=
        std::string::npos);
  CHECK(server.requests().empty());
}

TEST_CASE("mutual TLS: a client certificate or key that cannot be loaded fails the request naming the file") {
  MutualTlsSetup setup;
  LoopbackTestServer server([](const ReceivedRequest&) { return ok("unreachable"); }, setup.server,
                            testing::TlsServerOptions{.required_client_ca_pem = setup.client_ca.certificate_pem});
  boost::asio::io_context io;
  Client client(io, ClientOptions{.ca_file = setup.server_ca_file});
  const auto origin = "https://localhost:" + std::to_string(server.port());

  SUBCASE("a missing key file") {
    const auto missing = (setup.files.path / "missing.key").string();
    const auto error = error_of(send_one(io, client, get_with(origin + "/account", ClientIdentity{setup.client_a.certificate_file, missing})));
    CHECK(error.kind == ErrorKind::tls);
    CHECK(error.message == "no TLS connection to " + origin + ": could not load the client key '" + missing +
                               "': the file does not exist; point the client key setting at the readable, unencrypted PEM private key of '" +
                               setup.client_a.certificate_file + "'");
  }
  SUBCASE("a key that belongs to another certificate") {
    const auto error =
        error_of(send_one(io, client, get_with(origin + "/account", ClientIdentity{setup.client_a.certificate_file, setup.client_b.key_file})));
    CHECK(error.kind == ErrorKind::tls);
    CHECK(error.message.find("could not load the client key '" + setup.client_b.key_file + "': key values mismatch") != std::string::npos);
    CHECK(error.message.find("PRIVATE KEY") == std::string::npos);  // never the key itself
  }
  SUBCASE("a certificate file that holds no certificate") {
    const auto error =
        error_of(send_one(io, client, get_with(origin + "/account", ClientIdentity{setup.client_a.key_file, setup.client_a.key_file})));
    CHECK(error.kind == ErrorKind::tls);
    CHECK(error.message.find("could not load the client certificate '" + setup.client_a.key_file + "': ") != std::string::npos);
  }
  CHECK(server.accepted() == 0);
  CHECK(client.open_connections() == 0);
}

TEST_CASE("mutual TLS: two identities to one origin never share a connection") {
  MutualTlsSetup setup;
  LoopbackTestServer server([](const ReceivedRequest& request) { return ok(request.client_subject); }, setup.server,
                            testing::TlsServerOptions{.required_client_ca_pem = setup.client_ca.certificate_pem});
  boost::asio::io_context io;
  Client client(io, ClientOptions{.ca_file = setup.server_ca_file});
  const auto url = "https://localhost:" + std::to_string(server.port()) + "/account";

  CHECK(response_of(send_one(io, client, get_with(url, setup.client_a))).body == "CN=client-a");
  CHECK(response_of(send_one(io, client, get_with(url, setup.client_b))).body == "CN=client-b");
  CHECK(response_of(send_one(io, client, get_with(url, setup.client_a))).body == "CN=client-a");
  CHECK(response_of(send_one(io, client, get_with(url, setup.client_b))).body == "CN=client-b");
  CHECK(server.accepted() == 2);
  CHECK(client.open_connections() == 2);
}

TEST_CASE("a client certificate is never sent over plain http: the request is refused") {
  LoopbackTestServer server([](const ReceivedRequest&) { return ok("plain"); });
  boost::asio::io_context io;
  Client client(io);
  const auto error = error_of(send_one(io, client, get_with(server.url("/account"), ClientIdentity{"/tmp/client.pem", "/tmp/client.key"})));
  CHECK(error.kind == ErrorKind::refused);
  CHECK(error.message == "refusing a request to http://127.0.0.1:" + std::to_string(server.port()) +
                             ": a client certificate can only be presented over https; use the provider's https URL");
  CHECK(server.accepted() == 0);
}

}  // namespace leadflow::http
