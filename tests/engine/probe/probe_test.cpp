// The probe plugin driven through its C table by the scripted host: requests as the probe API
// expects them, batch results matched by ref, a checkpointed job resumed without a second
// submit, and every HTTP failure mapped onto the closed list of error codes.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using sdk::testing::Reply;
using sdk::testing::RunOptions;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;
using nlohmann::json;

namespace {

constexpr const char* api_key = "pr0be-SECRET-77";
constexpr const char* base_url = "http://127.0.0.1:9/v1";

json config(json overrides = json::object()) {
  json c = {{"api_key", api_key}, {"base_url", base_url}};
  c.update(overrides);
  return c;
}

// A host whose instance is created from `config`; fails the test when creation fails.
struct ProbeHost : ScriptedHost {
  explicit ProbeHost(const json& c = config()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

json items_of(std::initializer_list<const char*> keys) {
  json items = json::array();
  for (const char* key : keys) items.push_back({{"key", key}});
  return {{"items", items}};
}

std::vector<int32_t> kinds_of(const sdk::testing::Transcript& t) {
  std::vector<int32_t> kinds;
  for (const auto& a : t.actions) kinds.push_back(a.kind);
  return kinds;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a lookup POSTs the key as JSON with the Bearer key, rate class lookup and expected cost 1") {
  ProbeHost host;
  auto t = host.run("probe.lookup", {{"key", "k1"}}, {Reply::json(200, R"({"key":"k1","found":true,"value":"v:k1"})")});
  CHECK(t.error == "");
  REQUIRE(t.requests().size() == 1);
  const SentRequest sent = t.requests()[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == "http://127.0.0.1:9/v1/lookup");
  CHECK(json::parse(sent.body) == json{{"key", "k1"}});
  CHECK(sent.header("authorization") == std::string("Bearer ") + api_key);
  CHECK(sent.header("content-type") == "application/json");
  CHECK(sent.rate_limit_key == "lookup");
  CHECK(sent.expected_cost == 1);
  CHECK_FALSE(sent.idempotent());
}

TEST_CASE("lookups are marked idempotent only when the config says idempotent: true") {
  ProbeHost host(config({{"idempotent", true}}));
  auto t = host.run("probe.lookup", {{"key", "k1"}}, {Reply::json(200, R"({"found":true,"value":"v:k1"})")});
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].idempotent());
}

TEST_CASE("a found key is DONE found with its value and 1 credit; a key not found costs nothing") {
  ProbeHost host;
  auto found = host.run("probe.lookup", {{"key", "k1"}}, {Reply::json(200, R"({"key":"k1","found":true,"value":"v:k1"})")});
  REQUIRE(found.succeeded());
  CHECK(found.result()["status"] == "found");
  CHECK(found.result()["value"] == "v:k1");
  CHECK(found.result()["raw"]["key"] == "k1");
  CHECK(found.credits_spent() == 1);

  auto missing = host.run("probe.lookup", {{"key", "nf-1"}}, {Reply::json(200, R"({"key":"nf-1","found":false,"value":null})")});
  REQUIRE(missing.succeeded());
  CHECK(missing.result()["status"] == "not_found");
  CHECK_FALSE(missing.result().contains("value"));
  CHECK(missing.credits_spent() == 0);
}

TEST_CASE("HTTP failures map onto the closed error codes, and the message names the status") {
  struct Case {
    int status;
    const char* code;
    bool retryable;
  };
  for (const Case& c : {Case{400, "invalid_input", false}, Case{401, "auth_failed", false}, Case{403, "auth_failed", false},
                        Case{402, "out_of_credits", false}, Case{429, "rate_limited", true},
                        Case{503, "provider_unavailable", true}, Case{500, "provider_unavailable", true},
                        Case{404, "bad_response", false}}) {
    CAPTURE(c.status);
    ProbeHost host;
    auto t = host.run("probe.lookup", {{"key", "k1"}}, {Reply::json(c.status, R"({"error":"invalid key"})")});
    CHECK(t.error == "");
    CHECK(t.fail_code() == c.code);
    CHECK(t.result()["retryable"] == c.retryable);
    CHECK(t.result()["provider_status"] == c.status);
    CHECK(t.result()["message"].get<std::string>().find("(HTTP " + std::to_string(c.status) + ")") != std::string::npos);
    CHECK(t.credits_spent() == 0);
  }
}

TEST_CASE("a transport failure is retryable transport, a timeout is retryable timeout") {
  ProbeHost host;
  auto refused = host.run("probe.lookup", {{"key", "k1"}}, {Reply::transport(LF_TRANSPORT_CONNECT, "connection refused", 1)});
  CHECK(refused.fail_code() == "transport");
  CHECK(refused.result()["retryable"] == true);
  CHECK(refused.result()["message"].get<std::string>().find("after 1 attempt(s): connection refused") != std::string::npos);
  auto slow = host.run("probe.lookup", {{"key", "k1"}}, {Reply::transport(LF_TRANSPORT_TIMEOUT, "no answer in 30 s")});
  CHECK(slow.fail_code() == "timeout");
}

TEST_CASE("a 200 that is not an answer fails as bad_response") {
  ProbeHost host;
  for (const char* body : {"<html>", R"({"found":"yes"})", R"({"found":true})"}) {
    CAPTURE(body);
    auto t = host.run("probe.lookup", {{"key", "k1"}}, {Reply::json(200, body)});
    CHECK(t.fail_code() == "bad_response");
  }
}

TEST_CASE("an input without a key fails as invalid_input before any request") {
  ProbeHost host;
  for (const char* capability : {"probe.lookup", "probe.job"}) {
    for (const json& input : {json::object(), json{{"key", ""}}, json{{"key", 5}}}) {
      auto t = host.run(capability, input, std::deque<Reply>{});
      CHECK(t.fail_code() == "invalid_input");
      CHECK(t.requests().empty());
    }
  }
}

TEST_CASE("a batch POSTs every item with its index as ref, costs as many credits as items, and is not idempotent") {
  ProbeHost host;
  auto t = host.run("probe.lookup_batch", items_of({"a", "b", "c"}),
                    {Reply::json(200, R"({"results":[{"ref":"0","found":true,"value":"v:a"},{"ref":"1","found":true,"value":"v:b"},)"
                                      R"({"ref":"2","found":true,"value":"v:c"}]})")});
  CHECK(t.error == "");
  REQUIRE(t.requests().size() == 1);
  const auto sent = t.requests()[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == "http://127.0.0.1:9/v1/batch");
  CHECK(json::parse(sent.body) == json::parse(R"({"items":[{"ref":"0","key":"a"},{"ref":"1","key":"b"},{"ref":"2","key":"c"}]})"));
  CHECK(sent.expected_cost == 3);
  CHECK_FALSE(sent.idempotent());
  CHECK((sent.rate_limit_key.empty() || sent.rate_limit_key == "default"));
}

TEST_CASE("batch results answered out of order are matched to their items by ref") {
  ProbeHost host;
  auto t = host.run("probe.lookup_batch", items_of({"a", "nf-b", "c", "d"}),
                    {Reply::json(200, R"({"results":[{"ref":"3","found":true,"value":"v:d"},{"ref":"0","found":true,"value":"v:a"},)"
                                      R"({"ref":"2","found":true,"value":"v:c"},{"ref":"1","found":false,"value":null}]})")});
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 4);
  CHECK(items[0]["value"] == "v:a");
  CHECK(items[1]["status"] == "not_found");
  CHECK(items[2]["value"] == "v:c");
  CHECK(items[3]["value"] == "v:d");
  CHECK(items[3]["raw"]["ref"] == "3");
  CHECK(t.credits_spent() == 3);
}

TEST_CASE("a key the provider rejects is that item's invalid_input error while its batch-mates are found") {
  ProbeHost host;
  auto t = host.run("probe.lookup_batch", items_of({"a", "bad-1", "c"}),
                    {Reply::json(200, R"({"results":[{"ref":"1","error":"invalid key"},{"ref":"2","found":true,"value":"v:c"},)"
                                      R"({"ref":"0","found":true,"value":"v:a"}]})")});
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  CHECK(items[0]["status"] == "found");
  CHECK(items[1]["error"]["code"] == "invalid_input");
  CHECK(items[1]["error"]["message"].get<std::string>().find("bad-1") != std::string::npos);
  CHECK_FALSE(items[1].contains("status"));
  CHECK(items[2]["status"] == "found");
  CHECK(t.credits_spent() == 2);
}

TEST_CASE("an item without a key is not sent, keeps its place, and the others keep their refs") {
  ProbeHost host;
  json input = {{"items", {{{"key", "a"}}, json::object(), {{"key", "c"}}}}};
  auto t = host.run("probe.lookup_batch", input,
                    {Reply::json(200, R"({"results":[{"ref":"2","found":true,"value":"v:c"},{"ref":"0","found":true,"value":"v:a"}]})")});
  REQUIRE(t.succeeded());
  CHECK(json::parse(t.requests()[0].body) == json::parse(R"({"items":[{"ref":"0","key":"a"},{"ref":"2","key":"c"}]})"));
  CHECK(t.requests()[0].expected_cost == 2);
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[1]["error"]["code"] == "invalid_input");
  CHECK(items[2]["value"] == "v:c");

  auto none = host.run("probe.lookup_batch", json{{"items", {json::object()}}}, std::deque<Reply>{});
  REQUIRE(none.succeeded());
  CHECK(none.requests().empty());
  CHECK(none.result()["items"][0]["error"]["code"] == "invalid_input");
}

TEST_CASE("an item the provider leaves unanswered is a bad_response item error") {
  ProbeHost host;
  auto t = host.run("probe.lookup_batch", items_of({"a", "b"}), {Reply::json(200, R"({"results":[{"ref":"1","found":true,"value":"v:b"}]})")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["items"][0]["error"]["code"] == "bad_response");
  CHECK(t.result()["items"][1]["value"] == "v:b");
  CHECK(t.credits_spent() == 1);
}

TEST_CASE("an HTTP failure fails the whole batch") {
  ProbeHost host;
  auto t = host.run("probe.lookup_batch", items_of({"a", "b"}), {Reply::json(503, R"({"error":"busy"})")});
  CHECK(t.fail_code() == "provider_unavailable");
  CHECK(t.result()["message"].get<std::string>().find("(HTTP 503)") != std::string::npos);
}

TEST_CASE("a batch capability given a single row, no items, or more than max_batch items is invalid_input naming the convention") {
  ProbeHost host;
  for (const json& input : {json{{"key", "a"}}, json{{"items", json::array()}}, items_of({"a", "b", "c", "d", "e", "f"})}) {
    CAPTURE(input.dump());
    auto t = host.run("probe.lookup_batch", input, std::deque<Reply>{});
    CHECK(t.fail_code() == "invalid_input");
    CHECK(t.result()["message"].get<std::string>().find("{\"items\"") != std::string::npos);
    CHECK(t.requests().empty());
  }
}

TEST_CASE("a job is submitted, checkpointed, slept for ready_in_ms, then polled every second until done") {
  ProbeHost host;
  auto t = host.run("probe.job", {{"key", "k1"}},
                    {Reply::json(202, R"({"id":"J7","ready_in_ms":2000})"), Reply::json(200, R"({"id":"J7","state":"running"})"),
                     Reply::json(200, R"({"id":"J7","state":"done","key":"k1","found":true,"value":"v:k1"})")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(kinds_of(t) == std::vector<int32_t>{LF_ACTION_HTTP, LF_ACTION_CHECKPOINT, LF_ACTION_SLEEP, LF_ACTION_HTTP,
                                            LF_ACTION_SLEEP, LF_ACTION_HTTP, LF_ACTION_DONE});
  CHECK(t.checkpoints() == std::vector<json>{{{"job_id", "J7"}}});
  CHECK(t.sleeps() == std::vector<uint64_t>{2000, 1000});
  const auto requests = t.requests();
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].url == "http://127.0.0.1:9/v1/jobs");
  CHECK(json::parse(requests[0].body) == json{{"key", "k1"}});
  CHECK_FALSE(requests[0].idempotent());
  CHECK(requests[0].expected_cost == 1);
  for (std::size_t i = 1; i < requests.size(); ++i) {
    CHECK(requests[i].method == "GET");
    CHECK(requests[i].url == "http://127.0.0.1:9/v1/jobs/J7");
    CHECK(requests[i].idempotent());
    CHECK(requests[i].expected_cost == 0);
  }
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["value"] == "v:k1");
  CHECK(t.credits_spent() == 1);
}

TEST_CASE("a job resumed from its checkpoint polls the job without submitting again") {
  ProbeHost host;
  RunOptions resume;
  resume.checkpoint = {{"job_id", "J7"}};
  auto t = host.run("probe.job", {{"key", "k1"}}, {Reply::json(200, R"({"id":"J7","state":"done","found":false,"value":null})")}, resume);
  REQUIRE(t.succeeded());
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].method == "GET");
  CHECK(t.requests()[0].url == "http://127.0.0.1:9/v1/jobs/J7");
  CHECK(t.checkpoints().empty());
  CHECK(t.result()["status"] == "not_found");
  CHECK(t.credits_spent() == 0);
  CHECK(host.logs().size() == 1);
}

TEST_CASE("a job still running after 100 polls fails as a retryable timeout naming the job") {
  ProbeHost host;
  auto t = host.run("probe.job", {{"key", "slow-1"}}, [](const SentRequest& sent) {
    return sent.method == "POST" ? Reply::json(202, R"({"id":"J1","ready_in_ms":30000})") : Reply::json(200, R"({"id":"J1","state":"running"})");
  });
  CHECK(t.error == "");
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find("J1") != std::string::npos);
  CHECK(t.requests().size() == 101);
  CHECK(t.sleeps().size() == 100);
}

TEST_CASE("a failed job submit or poll maps its status; a submit answer without an id is bad_response") {
  ProbeHost host;
  CHECK(host.run("probe.job", {{"key", "bad-1"}}, {Reply::json(400, R"({"error":"invalid key"})")}).fail_code() == "invalid_input");
  CHECK(host.run("probe.job", {{"key", "k"}}, {Reply::json(202, R"({"ready_in_ms":5})")}).fail_code() == "bad_response");
  auto lost = host.run("probe.job", {{"key", "k"}}, {Reply::json(202, R"({"id":"J1","ready_in_ms":5})"), Reply::json(404, R"({"error":"no job"})")});
  CHECK(lost.fail_code() == "bad_response");
  CHECK(lost.result()["message"].get<std::string>().find("job poll") != std::string::npos);
}

TEST_CASE("a cancelled job answers cancelled while it sleeps") {
  ProbeHost host;
  RunOptions cancel_in_sleep;
  cancel_in_sleep.cancel_after = 3;  // submit, checkpoint, sleep
  auto t = host.run("probe.job", {{"key", "k"}}, {Reply::json(202, R"({"id":"J1","ready_in_ms":2000})")}, cancel_in_sleep);
  CHECK(t.error == "");
  CHECK(t.fail_code() == "cancelled");
}

TEST_CASE("account reads the credits left, free") {
  ProbeHost host;
  auto t = host.run("account", json::object(), {Reply::json(200, R"({"credits":99})")});
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].url == "http://127.0.0.1:9/v1/account");
  CHECK(t.requests()[0].idempotent());
  CHECK(t.result()["credits"] == 99);
  CHECK(t.credits_spent() == 0);
}

TEST_CASE("the API key never appears in a message or an output, even when the provider echoes it") {
  ProbeHost host;
  auto t = host.run("probe.lookup", {{"key", "k"}}, {Reply::json(401, std::string(R"({"error":"unknown key )") + api_key + R"("})")});
  CHECK(t.fail_code() == "auth_failed");
  CHECK(t.result().dump().find(api_key) == std::string::npos);
}

TEST_CASE("a config without api_key or with a bad base_url is rejected with a clear message") {
  ScriptedHost host(sdk::testing::linked_plugin());
  CHECK(host.create_instance(json::object()) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("api_key") != std::string::npos);
  CHECK(host.create_instance(config({{"base_url", "ftp://x"}})) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("base_url") != std::string::npos);
  CHECK(host.create_instance({{"api_key", "k"}}) == LF_OK);  // base_url and idempotent have defaults
}

TEST_CASE("the manifest file is the one embedded, with the limits and batch sizes the engine tests rely on") {
  const lf_plugin* plugin = sdk::testing::linked_plugin();
  const json manifest = json::parse(std::string_view(plugin->manifest_json.ptr, plugin->manifest_json.len));
  CHECK(manifest == json::parse(read_file(PROBE_MANIFEST_PATH)));
  CHECK(manifest["id"] == "probe");
  CHECK(manifest["config"]["api_key"]["secret"] == true);
  CHECK(manifest["config"]["idempotent"]["default"] == false);
  CHECK(manifest["rate_limits"]["default"] == json{{"per_second", 50}});
  CHECK(manifest["rate_limits"]["lookup"] == json{{"per_second", 20}, {"burst", 2}});
  const auto& capabilities = manifest["capabilities"];
  CHECK_FALSE(capabilities.contains("find_email"));
  CHECK(capabilities["probe.lookup"]["max_batch"] == 1);
  CHECK(capabilities["probe.lookup_batch"]["max_batch"] == 5);
  CHECK(capabilities["probe.job"]["max_in_flight"] == 2);
  for (const char* name : {"probe.lookup", "probe.lookup_batch", "probe.job"}) {
    CAPTURE(name);
    CHECK(capabilities[name]["cost"] == json{{"credits", 1}, {"charged", "on_success"}});
    CHECK(capabilities[name]["input"].contains("key"));
  }
}

TEST_CASE("the built module exports the entry symbol and runs a lookup when loaded with dlopen") {
  void* module = dlopen(PROBE_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(module != nullptr, dlerror());
  auto entry = reinterpret_cast<lf_plugin_entry_v1_fn>(dlsym(module, LF_PLUGIN_ENTRY_V1));
  REQUIRE_MESSAGE(bool(entry), "leadflow_plugin_entry_v1 is not exported");
  ScriptedHost host(entry(LF_ABI_MAJOR, LF_ABI_MINOR));
  REQUIRE(host.create_instance(config()) == LF_OK);
  auto t = host.run("probe.lookup", {{"key", "k"}}, {Reply::json(200, R"({"found":true,"value":"v:k"})")});
  CHECK(t.result()["value"] == "v:k");
}
