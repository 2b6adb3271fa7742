// How the Verifalia plugin authenticates: Basic on every request, bearer JWTs from /auth/tokens
// (shared, refreshed before exp and once after a 401), the TOTP second factor, and the TLS client
// certificate presented to the api-cca hosts.
#include "verifalia_test_support.hpp"

#include "api_call.hpp"
#include "api_session.hpp"
#include "bearer_token.hpp"
#include "settings.hpp"
#include "totp.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

using namespace verifalia_test;

namespace {

constexpr const char* totp_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";  // base32("12345678901234567890")

json bearer_config(json overrides = json::object()) {
  json c = config({{"auth", "bearer"}});
  c.update(overrides);
  return c;
}

json valid_claims(std::int64_t exp_s = start_ms / 1000 + 3600) { return {{"sub", "samantha"}, {"exp", exp_s}}; }

Reply balance() { return fixture_reply(200, "balance_200.json"); }

// Runs `account` up to its balance request only (the rest is cancelled).
sdk::testing::Transcript balance_only(ScriptedHost& host, std::deque<Reply> replies) {
  replies.push_back(Reply::cancel());
  return host.run("account", json::object(), std::move(replies));
}

}  // namespace

TEST_CASE("bearer: the first request asks POST /auth/tokens, then sends the JWT; later operations reuse it") {
  VerifaliaHost host(bearer_config());
  auto t = balance_only(host, {token_reply(valid_claims()), balance()});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].url == std::string(host1) + "/auth/tokens");
  CHECK(json::parse(requests[0].body) == json{{"username", username}, {"password", password}});
  CHECK_FALSE(requests[0].header("authorization"));
  CHECK(requests[1].url == std::string(host1) + "/credits/balance");
  CHECK(requests[1].header("authorization") == "Bearer " + jwt(valid_claims()));

  auto again = balance_only(host, {balance()});
  REQUIRE(again.requests().size() == 2);
  CHECK(again.requests()[0].url.ends_with("/credits/balance"));
  CHECK(again.requests()[0].header("authorization") == "Bearer " + jwt(valid_claims()));
  check_no_secret_leaked(host, t);
}

TEST_CASE("bearer: a token within a minute of its exp is replaced before it is sent") {
  VerifaliaHost host(bearer_config());
  const json short_lived = valid_claims(start_ms / 1000 + 61);  // fresh for one more second
  auto t = host.run("verify_email", items_of({"batman@gmail.com", "steve.vai@best.music", "foo@inv@lid.tld"}),
                    {token_reply(short_lived), fixture_reply(202, "submit_in_progress_202.json"), token_reply(valid_claims()),
                     fixture_reply(200, "poll_completed_truncated_200.json"), fixture_reply(200, "entries_last_page_200.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 5);
  CHECK(requests[1].header("authorization") == "Bearer " + jwt(short_lived));
  CHECK(requests[2].url.ends_with("/auth/tokens"));  // after the 4.5 s sleep, less than a minute was left
  CHECK(requests[3].header("authorization") == "Bearer " + jwt(valid_claims()));
  CHECK(requests[4].header("authorization") == "Bearer " + jwt(valid_claims()));
}

TEST_CASE("bearer: a 401 drops the token and authenticates once more; a second 401 fails as auth_failed") {
  VerifaliaHost host(bearer_config());
  auto t = balance_only(host, {token_reply(valid_claims()), Reply::json(401, "{}"), token_reply(valid_claims(start_ms / 1000 + 7200)),
                               balance()});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 5);
  CHECK(requests[2].url.ends_with("/auth/tokens"));
  CHECK(requests[3].header("authorization") == "Bearer " + jwt(valid_claims(start_ms / 1000 + 7200)));

  VerifaliaHost refused(bearer_config());
  auto twice = refused.run("account", json::object(), {token_reply(valid_claims()), Reply::json(401, "{}"), token_reply(valid_claims()),
                                                       Reply::json(401, R"({"title":"Unauthorized"})")});
  CHECK(twice.fail_code() == "auth_failed");
  CHECK(twice.requests().size() == 4);

  auto wrong_password = refused.run("account", json::object(), {Reply::json(401, R"({"title":"Unauthorized"})")});
  CHECK(wrong_password.fail_code() == "auth_failed");
  CHECK(wrong_password.result()["message"].get<std::string>().find("/auth/tokens") != std::string::npos);
}

TEST_CASE("bearer: a token whose verifalia:mfa offers totp is completed with the RFC 6238 code of totp_secret") {
  VerifaliaHost host(bearer_config({{"totp_secret", totp_secret}}));
  const json mfa_claims = {{"sub", "samantha"}, {"exp", start_ms / 1000 + 300}, {"verifalia:mfa", {"totp"}}};
  auto t = balance_only(host, {token_reply(mfa_claims), Reply::json(401, "{}"), token_reply(valid_claims()), balance()});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 5);
  const auto key = leadflow::verifalia::decode_base32(totp_secret).value();
  CHECK(requests[1].url == std::string(host1) + "/auth/totp/verifications");
  CHECK(requests[1].header("authorization") == "Bearer " + jwt(mfa_claims));
  CHECK(json::parse(requests[1].body) == json{{"passCode", leadflow::verifalia::totp_code(key, start_ms / 1000)}});
  // A refused code is retried with the neighbouring 30 s step (clock skew).
  CHECK(json::parse(requests[2].body) == json{{"passCode", leadflow::verifalia::totp_code(key, start_ms / 1000 - 30)}});
  CHECK(requests[3].header("authorization") == "Bearer " + jwt(valid_claims()));
  check_no_secret_leaked(host, t, totp_secret);

  VerifaliaHost without_secret(bearer_config());
  auto refused = without_secret.run("account", json::object(), {token_reply(mfa_claims)});
  CHECK(refused.fail_code() == "auth_failed");
  CHECK(refused.result()["message"].get<std::string>().find("totp_secret") != std::string::npos);
}

TEST_CASE("the token request fails over like any other request") {
  VerifaliaHost host(bearer_config());
  auto t = balance_only(host, {Reply::transport(LF_TRANSPORT_CONNECT, "refused"), token_reply(valid_claims()), balance()});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == std::string(host1) + "/auth/tokens");
  CHECK(requests[1].url == std::string(host2) + "/auth/tokens");
  CHECK(requests[2].url == std::string(host2) + "/credits/balance");
}

namespace {

// A client certificate and key (placeholders: only their PEM labels are checked) in a temp dir
// of this process's own: ctest runs each test case as its own process, two at a time.
struct CertificateFiles {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("leadflow-verifalia-auth-test-" + std::to_string(::getpid()));
  std::string cert = (dir / "client.pem").string(), key = (dir / "client.key").string();
  CertificateFiles() {
    std::filesystem::create_directories(dir);
    write(cert, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    write(key, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
  }
  ~CertificateFiles() { std::filesystem::remove_all(dir); }
  static void write(const std::string& path, const char* text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(text, f);
    std::fclose(f);
  }
  json config() const { return {{"auth", "certificate"}, {"client_cert", cert}, {"client_key", key}}; }
};

// The config as the host hands it to the plugin: manifest defaults filled.
json with_manifest_defaults(json c) {
  const auto manifest = json::parse(read_file(VERIFALIA_MANIFEST_PATH));
  for (const auto& [key, field] : manifest["config"].items())
    if (!c.contains(key) && field.contains("default")) c[key] = field["default"];
  return c;
}

}  // namespace

TEST_CASE("certificate: the PEM files are checked at configuration") {
  CertificateFiles files;
  ScriptedHost bad(sdk::testing::linked_plugin());
  CHECK(bad.create_instance({{"auth", "certificate"}}) == LF_E_INVALID_ARGUMENT);
  CHECK(bad.last_error().find("client_cert") != std::string::npos);
  CHECK(bad.create_instance({{"auth", "certificate"}, {"client_cert", files.key}, {"client_key", files.key}}) == LF_E_INVALID_ARGUMENT);
  CHECK(bad.last_error().find("CERTIFICATE") != std::string::npos);
}

TEST_CASE("certificate: every request carries the client certificate and key, and no Authorization header") {
  CertificateFiles files;
  const auto settings = leadflow::verifalia::Settings::from_config(with_manifest_defaults(files.config()));
  leadflow::verifalia::ApiSession session(settings.base_urls.size());
  leadflow::verifalia::ApiCall call(settings, session, {.method = "GET", .path = "/credits/balance", .what = "the balance request"});
  REQUIRE(call.next(start_ms) == leadflow::verifalia::ApiCall::Next::send);
  const auto& request = call.request();
  CHECK(request.url == "https://api-cca-1.verifalia.com/v2.6/credits/balance");
  CHECK(request.client_certificate == files.cert);
  CHECK(request.client_key == files.key);
  CHECK(std::none_of(request.headers.begin(), request.headers.end(), [](const auto& h) { return h.name == "Authorization"; }));

  // After a refused connection the next attempt, on the next api-cca host, carries them too.
  call.receive(sdk::HttpResponse::from_transport_error(LF_TRANSPORT_CONNECT, "refused", 1), start_ms);
  REQUIRE(call.next(start_ms) == leadflow::verifalia::ApiCall::Next::send);
  CHECK(call.request().url == "https://api-cca-2.verifalia.com/v2.6/credits/balance");
  CHECK(call.request().client_certificate == files.cert);
  CHECK(call.request().client_key == files.key);

  // Basic and bearer requests carry no client certificate.
  const auto basic = leadflow::verifalia::Settings::from_config(with_manifest_defaults(config()));
  leadflow::verifalia::ApiSession basic_session(basic.base_urls.size());
  leadflow::verifalia::ApiCall basic_call(basic, basic_session, {.method = "GET", .path = "/credits/balance", .what = "the balance request"});
  REQUIRE(basic_call.next(start_ms) == leadflow::verifalia::ApiCall::Next::send);
  CHECK(basic_call.request().client_certificate.empty());
  CHECK(basic_call.request().client_key.empty());
}

TEST_CASE("certificate: account runs against the api-cca hosts, and a client certificate the host cannot load moves to the next host") {
  CertificateFiles files;
  VerifaliaHost host(files.config());
  auto t = host.run("account", json::object(),
                    {Reply::json(200, fixture("balance_200.json")), fixture_reply(200, "daily_usage_200.json"),
                     fixture_reply(200, "quality_levels_200.json")});
  REQUIRE(t.succeeded());
  for (const auto& request : t.requests()) {
    CHECK(request.url.starts_with("https://api-cca-"));
    CHECK_FALSE(request.header("authorization").has_value());
  }

  std::deque<Reply> refusals;
  for (int i = 0; i < 3; ++i)
    refusals.push_back(Reply::transport(LF_TRANSPORT_TLS, "could not load the client key '" + files.key + "': the file does not exist"));
  refusals.push_back(Reply::cancel());
  auto refused = host.run("account", json::object(), std::move(refusals));
  const auto requests = refused.requests();
  REQUIRE(requests.size() == 4);  // one round over the three hosts, a wait, then the next round (cancelled)
  for (const auto& request : requests) CHECK(request.url.starts_with("https://api-cca-"));
  CHECK(requests[1].url.substr(0, 24) != requests[0].url.substr(0, 24));  // "https://api-cca-N.verifa"
  CHECK(requests[2].url.substr(0, 24) != requests[1].url.substr(0, 24));
  CHECK(requests[2].url.substr(0, 24) != requests[0].url.substr(0, 24));
}
