// URL splitting and the plain-http policy, without sockets.
#include "http/origin.hpp"

#include <doctest/doctest.h>

namespace leadflow::http {
namespace {

Target target_of(std::string_view url) {
  auto parsed = parse_target(url);
  if (auto* error = std::get_if<Error>(&parsed)) FAIL("unexpected error: " << error->message);
  return std::get<Target>(parsed);
}

Error error_of(std::string_view url) {
  auto parsed = parse_target(url);
  REQUIRE(std::holds_alternative<Error>(parsed));
  return std::get<Error>(parsed);
}

}  // namespace

TEST_CASE("an https URL without a port gets 443, a path with its query, and no fragment") {
  auto target = target_of("https://API.Example.com/v1/people?name=ada#top");
  CHECK(target.origin.display() == "https://api.example.com:443");
  CHECK(target.origin.host_header() == "api.example.com");
  CHECK(target.request_target == "/v1/people?name=ada");
}

TEST_CASE("an empty path becomes / and an explicit port shows in the Host header") {
  auto target = target_of("http://localhost:8080");
  CHECK(target.request_target == "/");
  CHECK(target.origin.host_header() == "localhost:8080");
}

TEST_CASE("loopback hosts may use plain http: 127.0.0.0/8, ::1 and localhost") {
  CHECK(target_of("http://127.0.0.1:1/").origin.host_is_loopback);
  CHECK(target_of("http://127.8.9.10/").origin.host_is_loopback);
  CHECK(target_of("http://localhost/").origin.host_is_loopback);
  auto ipv6 = target_of("http://[::1]:9000/x");
  CHECK(ipv6.origin.host == "::1");
  CHECK(ipv6.origin.display() == "http://[::1]:9000");
}

TEST_CASE("plain http elsewhere is refused and names only the host") {
  CHECK(error_of("http://10.0.0.1/secret?key=abc").message == "refusing plain http to 10.0.0.1; use https");
  CHECK(error_of("http://localhost.evil.com/").kind == ErrorKind::refused);
}

TEST_CASE("a relative or non-http URL is refused") {
  CHECK(error_of("/v1/people").kind == ErrorKind::refused);
  CHECK(error_of("ftp://example.com/file").message.find("scheme 'ftp'") != std::string::npos);
}

}  // namespace leadflow::http
