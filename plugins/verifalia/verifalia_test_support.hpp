// What the Verifalia plugin's tests share: the scripted host with an instance, fixture replies,
// and JWTs shaped like the ones Verifalia issues.
#pragma once

#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace verifalia_test {

namespace sdk = leadflow::sdk;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;

inline constexpr const char* username = "samantha";
inline constexpr const char* password = "42istheanswer-S3CR3T";
inline constexpr const char* host1 = "https://api-1.verifalia.com/v2.6";
inline constexpr const char* host2 = "https://api-2.verifalia.com/v2.6";
inline constexpr const char* host3 = "https://api-3.verifalia.com/v2.6";
inline constexpr const char* job_id = "18f5a933-af67-421c-b63a-1cbee297fa19";
inline constexpr std::int64_t start_ms = 1700000000000;  // the scripted host's clock at start

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string fixture(const std::string& name) {
  std::string path = VERIFALIA_FIXTURES_DIR;  // appended, not `+`: g++ 12 warns falsely on the temporary
  path += '/';
  path += name;
  return read_file(path);
}
inline Reply fixture_reply(int status, const std::string& name) { return Reply::json(status, fixture(name)); }
inline Reply problem_reply(int status, const std::string& name) {
  return Reply::with_status(status, fixture(name), {{"content-type", "application/problem+json"}});
}

inline json config(json overrides = json::object()) {
  json c = {{"username", username}, {"password", password}};
  c.update(overrides);
  return c;
}

inline json items_of(std::initializer_list<const char*> emails) {
  json items = json::array();
  for (const char* email : emails) items.push_back(email ? json{{"email", email}} : json::object());
  return {{"items", items}};
}

inline std::string base64url(const std::string& bytes) {
  auto text = sdk::base64_encode(bytes);
  for (auto& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

// A JWT with these claims (the signature is not checked by the plugin).
inline std::string jwt(const json& claims) {
  return base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(claims.dump()) + ".c2lnbmF0dXJl";
}

inline Reply token_reply(const json& claims) { return Reply::json(200, json{{"accessToken", jwt(claims)}}.dump()); }

// A host whose instance is created from `config`; fails the test when creation fails.
struct VerifaliaHost : ScriptedHost {
  explicit VerifaliaHost(const json& c = config()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

inline void check_no_secret_leaked(const ScriptedHost& host, const sdk::testing::Transcript& t, const std::string& secret = password) {
  for (const auto& line : host.logs()) CHECK(line.message.find(secret) == std::string::npos);
  CHECK(t.result().dump().find(secret) == std::string::npos);
  CHECK(t.error.find(secret) == std::string::npos);
}

}  // namespace verifalia_test
