// The VoilaNorbert plugin driven through its C table by the scripted host, answering with the
// documented payloads in fixtures/.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <dlfcn.h>

#include <cstddef>
#include <fstream>
#include <cstring>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using sdk::testing::Reply;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;
using nlohmann::json;

namespace {

constexpr const char* api_key = "s3cr3t-KEY-4242";
constexpr const char* base_url = "https://api.voilanorbert.com/2018-01-08";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fixture(const std::string& name) { return read_file(std::string(VOILANORBERT_FIXTURES_DIR) + "/" + name); }

Reply fixture_reply(int status, const std::string& name) { return Reply::json(status, fixture(name)); }

json config(json overrides = json::object()) {
  json c = {{"api_key", api_key}};
  c.update(overrides);
  return c;
}

const json ada = {{"full_name", "Cyril Nicodeme"}, {"domain", "reflectiv.net"}};

// A host whose instance is created from `config`; fails the test when creation fails.
struct VoilaNorbertHost : ScriptedHost {
  explicit VoilaNorbertHost(const json& c = config()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

void check_no_secret_leaked(const ScriptedHost& host, const sdk::testing::Transcript& t) {
  for (const auto& line : host.logs()) CHECK(line.message.find(api_key) == std::string::npos);
  CHECK(t.result().dump().find(api_key) == std::string::npos);
  CHECK(t.error.find(api_key) == std::string::npos);
}

}  // namespace

TEST_CASE("a search answered at once with an email is found with its score as confidence and costs 1 credit") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", ada, {fixture_reply(200, "search_name_found.json")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["email"] == "email@example.com");
  CHECK(t.result()["confidence"] == 100);
  CHECK(t.result()["score"] == 100);
  CHECK(t.result()["contact_id"] == 12345);
  CHECK(t.result()["raw"]["name"] == "Fake User");
  CHECK(t.credits_spent() == 1);
  CHECK(t.requests().size() == 1);
  CHECK(t.checkpoints().empty());
}

TEST_CASE("a second search of the same contact reports no credit, as VoilaNorbert does not charge it again") {
  VoilaNorbertHost host;
  auto first = host.run("find_email", ada, {fixture_reply(200, "search_name_found.json")});
  auto again = host.run("find_email", ada, {fixture_reply(200, "search_name_found.json")});
  REQUIRE(again.succeeded());
  CHECK(first.credits_spent() == 1);
  CHECK(again.result()["status"] == "found");
  CHECK(again.credits_spent() == 0);
}

TEST_CASE("the search is a form POST with Basic auth, the search_name rate class and a cost of 1") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", {{"full_name", "Cyril Nicodème & Co"}, {"domain", "reflectiv.net"}},
                    {fixture_reply(200, "search_name_found.json")});
  REQUIRE(t.requests().size() == 1);
  const SentRequest sent = t.requests()[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == "https://api.voilanorbert.com/2018-01-08/search/name");
  CHECK(sent.body == "name=Cyril+Nicod%C3%A8me+%26+Co&domain=reflectiv.net");
  CHECK(sent.header("content-type") == "application/x-www-form-urlencoded");
  // base64("leadflow:s3cr3t-KEY-4242")
  CHECK(sent.header("authorization") == "Basic bGVhZGZsb3c6czNjcjN0LUtFWS00MjQy");
  CHECK(sent.rate_limit_key == "search_name");
  CHECK(sent.expected_cost == 1);
  CHECK(sent.idempotent());
}

TEST_CASE("the company is searched when the domain is empty, and first and last names are joined") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", {{"first_name", "Larry"}, {"last_name", "Page"}, {"domain", " "}, {"company", "Google"}},
                    {fixture_reply(200, "search_name_found.json")});
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].body == "name=Larry+Page&company=Google");
}

TEST_CASE("a base_url with a trailing slash is joined without a double slash") {
  VoilaNorbertHost host(config({{"base_url", "http://127.0.0.1:8080/2018-01-08/"}}));
  auto t = host.run("find_email", ada, {fixture_reply(200, "search_name_found.json")});
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].url == "http://127.0.0.1:8080/2018-01-08/search/name");
}

TEST_CASE("a search still running is checkpointed, then polled until searching is false") {
  VoilaNorbertHost host(config({{"first_poll_ms", 5000}, {"poll_interval_ms", 10000}}));
  auto t = host.run("find_email", ada,
                    {fixture_reply(200, "search_name_searching.json"), fixture_reply(200, "search_name_searching.json"),
                     fixture_reply(200, "contact_found.json")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.checkpoints() == std::vector<json>{{{"contact_id", 12345}}});
  CHECK(t.sleeps() == std::vector<uint64_t>{5000, 10000});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 3);
  for (size_t i = 1; i < 3; ++i) {
    CHECK(requests[i].method == "GET");
    CHECK(requests[i].url == "https://api.voilanorbert.com/2018-01-08/contacts/12345");
    CHECK(requests[i].idempotent());
    CHECK(requests[i].rate_limit_key == "default");
    CHECK(requests[i].expected_cost == 0);
    CHECK(requests[i].header("authorization") == "Basic bGVhZGZsb3c6czNjcjN0LUtFWS00MjQy");
  }
  // The order is: search, checkpoint, sleep, poll, sleep, poll, done.
  std::vector<int32_t> kinds;
  for (const auto& a : t.actions) kinds.push_back(a.kind);
  CHECK(kinds == std::vector<int32_t>{LF_ACTION_HTTP, LF_ACTION_CHECKPOINT, LF_ACTION_SLEEP, LF_ACTION_HTTP,
                                      LF_ACTION_SLEEP, LF_ACTION_HTTP, LF_ACTION_DONE});
  CHECK(t.result()["email"] == "second@example.com");
  CHECK(t.result()["confidence"] == 100);
  CHECK(t.credits_spent() == 1);
  CHECK(host.now_unix_ms() == 1700000000000 + 15000);
}

TEST_CASE("a contact finished without an email is not_found and costs nothing") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", ada,
                    {fixture_reply(200, "search_name_searching.json"), fixture_reply(200, "contact_not_found.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "not_found");
  CHECK_FALSE(t.result().contains("email"));
  CHECK(t.result()["contact_id"] == 12346);
  CHECK(t.result()["raw"]["email"].is_null());
  CHECK(t.credits_spent() == 0);
}

TEST_CASE("a record without a name or without both domain and company fails as invalid_input before any request") {
  VoilaNorbertHost host;
  for (const json& input : {json{{"domain", "example.com"}}, json{{"full_name", "Larry Page"}},
                            json{{"first_name", ""}, {"company", "Google"}}, json::object()}) {
    auto t = host.run("find_email", input, std::deque<Reply>{});
    CHECK(t.fail_code() == "invalid_input");
    CHECK(t.result()["retryable"] == false);
    CHECK(t.requests().empty());
  }
}

TEST_CASE("a 400 form error fails as invalid_input with VoilaNorbert's explanation") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", ada, {fixture_reply(400, "search_name_400_domain.json")});
  CHECK(t.fail_code() == "invalid_input");
  CHECK(t.result()["message"] == "VoilaNorbert rejected the domain: We could not locate this domain.");
  CHECK(t.result()["retryable"] == false);
  CHECK(t.result()["provider_status"] == 400);

  auto required = host.run("find_email", ada, {fixture_reply(400, "search_name_400.json")});
  CHECK(required.result()["message"] == "VoilaNorbert rejected the name: This field is required.");
}

TEST_CASE("HTTP errors map onto leadflow error codes") {
  struct Case {
    int status;
    const char* fixture;
    const char* code;
    bool retryable;
  };
  for (const Case& c : {Case{401, "unauthorized_401.json", "auth_failed", false},
                        Case{402, "no_credits_402.json", "out_of_credits", false},
                        Case{429, "rate_limited_429.json", "rate_limited", true},
                        Case{503, "", "provider_unavailable", true}}) {
    CAPTURE(c.status);
    VoilaNorbertHost host;
    const Reply reply = *c.fixture ? fixture_reply(c.status, c.fixture) : Reply::with_status(c.status, "<html>busy</html>");
    auto t = host.run("find_email", ada, {reply});
    CHECK(t.error == "");
    CHECK(t.fail_code() == c.code);
    CHECK(t.result()["retryable"] == c.retryable);
    CHECK(t.result()["provider_status"] == c.status);
    CHECK(t.credits_spent() == 0);
    check_no_secret_leaked(host, t);
  }
}

TEST_CASE("a transport failure is retryable transport, a transport timeout is retryable timeout") {
  VoilaNorbertHost host;
  auto refused = host.run("find_email", ada, {Reply::transport(LF_TRANSPORT_CONNECT, "connection refused", 3)});
  CHECK(refused.fail_code() == "transport");
  CHECK(refused.result()["retryable"] == true);
  CHECK(refused.result()["provider_status"] == 0);
  CHECK(refused.result()["message"].get<std::string>().find("after 3 attempt(s): connection refused") != std::string::npos);

  auto slow = host.run("find_email", ada, {Reply::transport(LF_TRANSPORT_TIMEOUT, "no response in 30 s")});
  CHECK(slow.fail_code() == "timeout");
  CHECK(slow.result()["retryable"] == true);
}

TEST_CASE("a 200 that is not a contact fails as bad_response") {
  VoilaNorbertHost host;
  auto t = host.run("find_email", ada, {Reply::json(200, "<html>maintenance</html>")});
  CHECK(t.fail_code() == "bad_response");
  CHECK(t.result()["provider_status"] == 200);
}

TEST_CASE("a search still running after max_wait_ms fails as a retryable timeout naming the contact") {
  VoilaNorbertHost host(config({{"first_poll_ms", 5000}, {"poll_interval_ms", 10000}, {"max_wait_ms", 30000}}));
  auto t = host.run("find_email", ada,
                    [](const SentRequest&) { return Reply::json(200, fixture("search_name_searching.json")); });
  CHECK(t.error == "");
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find("contact 12345 after waiting 30000 ms") != std::string::npos);
  CHECK(t.sleeps() == std::vector<uint64_t>{5000, 10000, 10000, 5000});
  CHECK(t.requests().size() == 5);
}

TEST_CASE("a resumed operation polls the checkpointed contact without searching again") {
  VoilaNorbertHost host;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"contact_id", 12345}};
  auto t = host.run("find_email", ada, {fixture_reply(200, "contact_found.json")}, resume);
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].url == "https://api.voilanorbert.com/2018-01-08/contacts/12345");
  CHECK(t.checkpoints().empty());
  CHECK(t.sleeps() == std::vector<uint64_t>{5000});
}

TEST_CASE("a cancelled operation answers cancelled, while polling or while searching") {
  VoilaNorbertHost host;
  sdk::testing::RunOptions cancel_in_sleep;
  cancel_in_sleep.cancel_after = 3;  // search, checkpoint, sleep
  auto polling = host.run("find_email", ada, {fixture_reply(200, "search_name_searching.json")}, cancel_in_sleep);
  CHECK(polling.error == "");
  CHECK(polling.fail_code() == "cancelled");
  CHECK(polling.actions.size() == 4);

  auto searching = host.run("find_email", ada, {Reply::cancel()});
  CHECK(searching.fail_code() == "cancelled");
  CHECK(searching.requests().size() == 1);
}

TEST_CASE("account reports credits and balances and never passes on the account's api_token") {
  VoilaNorbertHost host;
  auto t = host.run("account", json::object(), {fixture_reply(200, "account.json")});
  REQUIRE(t.succeeded());
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].method == "GET");
  CHECK(t.requests()[0].url == "https://api.voilanorbert.com/2018-01-08/account/");
  CHECK(t.requests()[0].idempotent());
  CHECK(t.requests()[0].expected_cost == 0);
  CHECK(t.result()["status"] == "done");
  CHECK(t.result()["credits_remaining"] == 467999);
  CHECK(t.result()["credits_total"] == 478750);
  CHECK(t.result()["verify_remaining"] == 51.685);
  CHECK(t.result()["enrich_remaining"] == 50.76);
  CHECK(t.result()["plan"] == "Advisor");
  CHECK(t.result()["raw"]["email"] == "user@voilanorbert.com");
  CHECK_FALSE(t.result()["raw"].contains("api_token"));
  CHECK(t.credits_spent() == 0);

  auto refused = host.run("account", json::object(), {fixture_reply(401, "unauthorized_401.json")});
  CHECK(refused.fail_code() == "auth_failed");
}

TEST_CASE("the API key never appears in a log line, a message or an output, even when VoilaNorbert echoes it") {
  VoilaNorbertHost host;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"contact_id", 12345}};
  auto echoed = host.run("find_email", ada,
                         {Reply::json(401, std::string(R"({"code":401,"error":"Unknown token )") + api_key + R"("})")});
  CHECK(echoed.fail_code() == "auth_failed");
  check_no_secret_leaked(host, echoed);
  auto resumed = host.run("find_email", ada, {fixture_reply(200, "contact_found.json")}, resume);
  check_no_secret_leaked(host, resumed);
  CHECK_FALSE(host.logs().empty());
}

TEST_CASE("a config without api_key or with a bad base_url is rejected with a clear message") {
  ScriptedHost host(sdk::testing::linked_plugin());
  CHECK(host.create_instance(json::object()) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("api_key") != std::string::npos);
  CHECK(host.create_instance(config({{"base_url", "ftp://example.com"}})) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("base_url") != std::string::npos);
  CHECK(host.create_instance(config({{"poll_interval_ms", -5}})) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("poll_interval_ms") != std::string::npos);
}

TEST_CASE("an unknown capability is refused at operation_start") {
  VoilaNorbertHost host;
  auto t = host.run("add_to_campaign", {{"email", "a@b.c"}}, std::deque<Reply>{});
  CHECK(t.start_status == LF_E_INVALID_ARGUMENT);
  CHECK(t.error.find("add_to_campaign") != std::string::npos);
}

TEST_CASE("the manifest parses as leadflow.manifest.v1 and agrees with the plugin table") {
  const lf_plugin* plugin = sdk::testing::linked_plugin();
  REQUIRE(plugin != nullptr);
  const json manifest = json::parse(std::string_view(plugin->manifest_json.ptr, plugin->manifest_json.len));
  CHECK(manifest == json::parse(read_file(VOILANORBERT_MANIFEST_PATH)));
  CHECK(manifest["schema"] == "leadflow.manifest.v1");
  CHECK(manifest["id"] == std::string_view(plugin->id.ptr, plugin->id.len));
  CHECK(manifest["version"] == std::string_view(plugin->version.ptr, plugin->version.len));
  for (const char* key : {"name", "description", "homepage", "config", "rate_limits", "capabilities"})
    CHECK_MESSAGE(manifest.contains(key), key);
  CHECK(manifest["config"]["api_key"]["secret"] == true);
  CHECK(manifest["config"]["api_key"]["required"] == true);
  CHECK(manifest["config"].contains("base_url"));
  CHECK(manifest["rate_limits"]["default"]["per_minute"] == 120);
  CHECK(manifest["rate_limits"]["search_name"]["per_day"] == 100000);
  CHECK(manifest["capabilities"]["find_email"]["cost"]["charged"] == "on_success");
  CHECK(manifest["capabilities"].contains("account"));
}

TEST_CASE("the entry refuses a host of another major and publishes ABI 1 with min_host_minor equal to its minor") {
  CHECK(leadflow_plugin_entry_v1(LF_ABI_MAJOR + 1, 0) == nullptr);
  const lf_plugin* plugin = leadflow_plugin_entry_v1(LF_ABI_MAJOR, LF_ABI_MINOR);
  REQUIRE(plugin != nullptr);
  CHECK(plugin == leadflow_plugin_entry_v1(LF_ABI_MAJOR, LF_ABI_MINOR));
  CHECK(plugin->abi_major == LF_ABI_MAJOR);
  CHECK(plugin->min_host_minor == LF_ABI_MINOR);
  CHECK(plugin->struct_size == sizeof(lf_plugin));
}

TEST_CASE("an older host's smaller lf_action is not written past its struct_size") {
  const lf_plugin* plugin = sdk::testing::linked_plugin();
  // A host that knew only kind and http: sleep_ms and credits_spent lie beyond its struct_size.
  lf_action short_action{};
  auto* action = &short_action;
  action->struct_size = uint32_t(offsetof(lf_action, sleep_ms));
  action->sleep_ms = 777;
  action->credits_spent = 5;

  lf_instance* instance = nullptr;
  const std::string config_text = config().dump();
  REQUIRE(plugin->instance_create(nullptr, nullptr, {config_text.data(), config_text.size()}, &instance) == LF_OK);
  lf_operation* operation = nullptr;
  REQUIRE(plugin->operation_start(instance, nullptr, {"account", 7}, {"{}", 2}, {nullptr, 0}, &operation) == LF_OK);
  lf_event start{};
  start.struct_size = sizeof start;
  start.kind = LF_EVENT_START;
  REQUIRE(plugin->operation_step(operation, &start, action) == LF_OK);
  CHECK(action->kind == LF_ACTION_HTTP);
  REQUIRE(action->http != nullptr);
  CHECK(std::string_view(action->http->method.ptr, action->http->method.len) == "GET");
  CHECK(action->sleep_ms == 777);
  CHECK(action->credits_spent == 5);
  plugin->operation_free(operation);
  plugin->instance_free(instance);
}

TEST_CASE("the built module exports the entry symbol and runs find_email when loaded with dlopen") {
  void* module = dlopen(VOILANORBERT_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(module != nullptr, dlerror());
  auto entry = reinterpret_cast<lf_plugin_entry_v1_fn>(dlsym(module, LF_PLUGIN_ENTRY_V1));
  REQUIRE_MESSAGE(bool(entry), "leadflow_plugin_entry_v1 is not exported");
  {
    ScriptedHost host(entry(LF_ABI_MAJOR, LF_ABI_MINOR));
    REQUIRE(host.create_instance(config()) == LF_OK);
    auto t = host.run("find_email", ada, {fixture_reply(200, "search_name_found.json")});
    CHECK(t.succeeded());
    CHECK(t.result()["email"] == "email@example.com");
  }
  // The host keeps plugins loaded for the life of the process (plugin.h), so no dlclose.
}
