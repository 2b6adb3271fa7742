// How redirect responses become the next request, without sockets.
#include "http/redirect.hpp"

#include <doctest/doctest.h>

namespace leadflow::http {
namespace {

Origin origin_of(std::string_view url) { return std::get<Target>(parse_target(url)).origin; }

Request post_to(std::string url) {
  Request request;
  request.method = "POST";
  request.url = std::move(url);
  request.body = "data";
  request.headers = {{"Authorization", "Bearer token"}, {"Content-Type", "application/json"}};
  return request;
}

}  // namespace

TEST_CASE("only 301, 302, 303, 307 and 308 with a Location are redirects") {
  Response response{.status = 303, .headers = {{"location", "/next"}}};
  CHECK(redirect_location(response) == "/next");
  response.status = 304;
  CHECK_FALSE(redirect_location(response).has_value());
  CHECK_FALSE(redirect_location(Response{.status = 302}).has_value());
}

TEST_CASE("307 keeps the method, body and credentials on the same origin") {
  auto sent = post_to("https://api.example.com/v1/jobs?x=1");
  auto next = std::get<Request>(redirected_request(sent, origin_of(sent.url), 307, "../v2/jobs"));
  CHECK(next.url == "https://api.example.com/v2/jobs");
  CHECK(next.method == "POST");
  CHECK(next.body == "data");
  CHECK(next.headers.size() == 2);
}

TEST_CASE("303 becomes a GET without body or content headers") {
  auto sent = post_to("https://api.example.com/v1/jobs");
  auto next = std::get<Request>(redirected_request(sent, origin_of(sent.url), 303, "/v1/jobs/9"));
  CHECK(next.method == "GET");
  CHECK(next.body.empty());
  REQUIRE(next.headers.size() == 1);
  CHECK(next.headers[0].name == "Authorization");
}

TEST_CASE("a redirect to another origin drops the credentials") {
  auto sent = post_to("https://api.example.com/v1/jobs");
  auto next = std::get<Request>(redirected_request(sent, origin_of(sent.url), 302, "https://cdn.example.net/result"));
  CHECK(next.url == "https://cdn.example.net/result");
  REQUIRE(next.headers.size() == 1);
  CHECK(next.headers[0].name == "Content-Type");
}

TEST_CASE("a client certificate follows a redirect on its origin only") {
  auto sent = post_to("https://api-cca-1.example.com/v2.7/email-validations");
  sent.client_identity = ClientIdentity{"client.pem", "client.key"};
  const auto same = std::get<Request>(redirected_request(sent, origin_of(sent.url), 303, "/v2.7/email-validations/1"));
  CHECK(same.client_identity == sent.client_identity);
  const auto other = std::get<Request>(redirected_request(sent, origin_of(sent.url), 302, "https://elsewhere.example.net/"));
  CHECK_FALSE(other.client_identity.has_value());
}

TEST_CASE("an unparseable Location is a protocol error") {
  auto sent = post_to("https://api.example.com/v1/jobs");
  auto result = redirected_request(sent, origin_of(sent.url), 302, "http://[broken");
  REQUIRE(std::holds_alternative<Error>(result));
  CHECK(std::get<Error>(result).kind == ErrorKind::protocol);
}

}  // namespace leadflow::http
