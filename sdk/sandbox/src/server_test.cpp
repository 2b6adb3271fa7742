// The simulators' HTTP server seen from a real client: routing, decoding, keep-alive, limits.
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/server.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

TEST_CASE("a route with a path parameter receives the decoded segment, query and headers") {
  Server server;
  server.route("GET", "/v1/contacts/{id}", [](const Request& request) {
    return Response::json(200, {{"id", request.path_params.at("id")},
                                {"q", request.query.count("q") ? request.query.at("q") : ""},
                                {"agent", request.header("X-Agent")}});
  });
  server.start();
  LoopbackClient client(server.port());
  const auto response = client.get("/v1/contacts/42?q=caf%C3%A9+bar", {{"X-Agent", "test"}});
  CHECK(response.status == 200);
  CHECK(response.header("content-type") == "application/json");
  CHECK(response.json()["id"] == "42");
  CHECK(response.json()["q"] == "café bar");
  CHECK(response.json()["agent"] == "test");
}

TEST_CASE("unknown paths answer 404 JSON and a wrong method 405") {
  Server server;
  server.route("POST", "/search/name", [](const Request&) { return Response::json(200, {}); });
  server.start();
  LoopbackClient client(server.port());
  const auto missing = client.get("/nope");
  CHECK(missing.status == 404);
  CHECK(missing.json()["code"] == 404);
  CHECK(client.get("/search/name").status == 405);
}

TEST_CASE("a 204 answer is written without its body instead of failing the server") {
  Server server;
  server.route("DELETE", "/jobs/1", [](const Request&) { return Response::json(204, {{"ignored", true}}); });
  server.route("GET", "/after", [](const Request&) { return Response::json(200, {{"ok", true}}); });
  server.start();
  LoopbackClient client(server.port());
  const auto deleted = client.request("DELETE", "/jobs/1");
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  CHECK(client.get("/after").status == 200);
}

TEST_CASE("a repeated query parameter keeps every value in order") {
  Server server;
  server.route("GET", "/verify", [](const Request& request) {
    return Response::json(200, {{"emails", request.query_values("emails[]")}, {"last", request.query.at("emails[]")}});
  });
  server.start();
  LoopbackClient client(server.port());
  const auto answer = client.get("/verify?emails%5B%5D=a%40x.example&emails%5B%5D=b%40x.example").json();
  CHECK(answer["emails"] == nlohmann::json::array({"a@x.example", "b@x.example"}));
  CHECK(answer["last"] == "b@x.example");
}

TEST_CASE("a trailing slash does not matter") {
  Server server;
  server.route("GET", "/account/", [](const Request&) { return Response::json(200, {{"ok", true}}); });
  server.start();
  LoopbackClient client(server.port());
  CHECK(client.get("/account").status == 200);
  CHECK(client.get("/account/").status == 200);
}

TEST_CASE("a form post reaches the handler decoded, with its basic credentials") {
  Server server;
  server.route("POST", "/search/name", [](const Request& request) {
    const auto credentials = request.basic_auth();
    return Response::json(200, {{"form", request.has_form_body()},
                                {"name", request.form()["name"]},
                                {"password", credentials ? credentials->password : ""}});
  });
  server.start();
  LoopbackClient client(server.port());
  const auto response = client.post_form("/search/name", {{"name", "Zoë Knuth"}},
                                         {{"Authorization", LoopbackClient::basic_authorization("x", "key")}});
  CHECK(response.json()["form"] == true);
  CHECK(response.json()["name"] == "Zoë Knuth");
  CHECK(response.json()["password"] == "key");
}

TEST_CASE("one connection carries many requests (keep-alive)") {
  Server server;
  int served = 0;
  server.route("GET", "/count", [&](const Request&) { return Response::json(200, {{"n", ++served}}); });
  server.start();
  LoopbackClient client(server.port());
  for (int i = 1; i <= 5; ++i) CHECK(client.get("/count").json()["n"] == i);
}

TEST_CASE("a body over the limit is refused with 413") {
  Server server(ServerLimits{.max_header_bytes = 4096, .max_body_bytes = 100});
  server.route("POST", "/upload", [](const Request&) { return Response::json(200, {}); });
  server.start();
  LoopbackClient client(server.port());
  CHECK(client.request("POST", "/upload", std::string(1000, 'x')).status == 413);
}

TEST_CASE("a handler that throws answers 500 with the reason") {
  Server server;
  server.route("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("no such state"); });
  server.start();
  LoopbackClient client(server.port());
  const auto response = client.get("/boom");
  CHECK(response.status == 500);
  CHECK(response.json()["error"].get<std::string>().find("no such state") != std::string::npos);
}

TEST_CASE("two servers get different free ports and stop cleanly") {
  Server a, b;
  a.start();
  b.start();
  CHECK(a.port() != 0);
  CHECK(a.port() != b.port());
  a.stop();
  b.stop();
}
