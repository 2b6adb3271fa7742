// Reading HTTP Basic credentials the way VoilaNorbert's clients send them.
#include <leadflow/sandbox/http_message.hpp>
#include <leadflow/sandbox/loopback_client.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

namespace {
Request with_authorization(std::string value) {
  Request request;
  request.headers["authorization"] = std::move(value);
  return request;
}
}  // namespace

TEST_CASE("basic credentials decode to user and password, the password may hold colons") {
  const auto credentials = with_authorization(LoopbackClient::basic_authorization("any_string", "se:cret")).basic_auth();
  REQUIRE(credentials);
  CHECK(credentials->user == "any_string");
  CHECK(credentials->password == "se:cret");
}

TEST_CASE("an empty user name is allowed") {
  const auto credentials = with_authorization("Basic OnRva2Vu").basic_auth();  // ":token"
  REQUIRE(credentials);
  CHECK(credentials->user.empty());
  CHECK(credentials->password == "token");
}

TEST_CASE("missing, bearer and garbled authorization headers give no credentials") {
  CHECK_FALSE(Request{}.basic_auth());
  CHECK_FALSE(with_authorization("Bearer abc").basic_auth());
  CHECK_FALSE(with_authorization("Basic !!!").basic_auth());
  CHECK_FALSE(with_authorization("Basic dXNlcg==").basic_auth());  // "user" without a colon
}
