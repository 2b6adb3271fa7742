// The ABI contract held by real plugins: a C plugin and a frozen-1.0-header plugin load and run
// through Instance/Operation; every broken plugin is rejected with its own message and path.
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_instance.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace leadflow::plugin;
namespace fs = std::filesystem;

namespace {

const fs::path plugin_dir = ABI_TEST_PLUGIN_DIR;

fs::path plugin_file(const std::string& file_id) { return plugin_dir / ("leadflow-" + file_id + ".so"); }

// The rejection reason for a plugin file, after checking the message names the file.
std::string rejection_of(const std::string& file_id) {
  auto path = plugin_file(file_id);
  try {
    load_plugin(path);
  } catch (const PluginLoadError& e) {
    CHECK(e.path == path);
    CHECK(std::string(e.what()) == "cannot load plugin " + path.string() + ": " + e.reason);
    return e.reason;
  }
  return "loaded";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct LogLine {
  std::string plugin_id, label;
  int level;
  std::string message;
};

class RecordingDelegate : public HostDelegate {
 public:
  void log(const std::string& plugin_id, const std::string& label, int level, std::string_view message) override {
    lines.push_back({plugin_id, label, level, std::string(message)});
  }
  bool log_enabled(int) override { return true; }
  std::int64_t now_unix_ms() override { return 1'700'000'000'000; }
  std::int64_t monotonic_ms() override { return 42; }
  std::optional<std::string> cache_get(std::string_view ns, std::string_view key) override {
    auto it = cache.find(std::string(ns) + "/" + std::string(key));
    if (it == cache.end()) return std::nullopt;
    return it->second;
  }
  void cache_put(std::string_view ns, std::string_view key, std::string_view value, std::uint32_t) override {
    cache[std::string(ns) + "/" + std::string(key)] = std::string(value);
  }

  std::vector<LogLine> lines;
  std::map<std::string, std::string> cache;
};

std::unique_ptr<Instance> echo_instance(RecordingDelegate& delegate, nlohmann::json config = nlohmann::json::object()) {
  auto plugin = load_plugin(plugin_file("echo"));
  auto validated = validate_config(plugin->manifest(), config);
  REQUIRE(validated.ok());
  return Instance::create(plugin, delegate, validated.config, "echo provider");
}

Event event_of(EventKind kind) {
  Event event;
  event.kind = kind;
  return event;
}

}  // namespace

TEST_CASE("a plain C plugin loads with its table, manifest and ABI version") {
  auto plugin = load_plugin(plugin_file("echo"));
  CHECK(plugin->id() == "echo");
  CHECK(plugin->version() == "1.0.0");
  CHECK(plugin->abi_minor() == LF_ABI_MINOR);
  CHECK(plugin->path() == plugin_file("echo"));
  CHECK(plugin->table().abi_major == LF_ABI_MAJOR);
  REQUIRE(plugin->manifest().capability("echo.http"));
  CHECK(plugin->manifest().capability("echo.http")->cost_charged == "on_success");
}

TEST_CASE("a plugin built against the frozen ABI 1.0 header loads and runs in this host") {
  auto plugin = load_plugin(plugin_file("echo_v1_0"));
  CHECK(plugin->id() == "echo_v1_0");
  CHECK(plugin->table().struct_size >= LF_PLUGIN_SIZE_1_0);
  RecordingDelegate delegate;
  auto instance = Instance::create(plugin, delegate, validate_config(plugin->manifest(), {}).config, "frozen");
  auto operation = instance->start("echo", {{"name", "Ada"}}, "", "row 1");
  auto action = operation->step(event_of(EventKind::start));
  CHECK(action.kind == ActionKind::done);
  CHECK(nlohmann::json::parse(action.json) == nlohmann::json{{"name", "Ada"}});
}

TEST_CASE("a file without leadflow_plugin_entry_v1 is not a v1 plugin, and the message names the major it has") {
  auto reason = rejection_of("no_entry");
  CHECK(contains(reason, "it does not export leadflow_plugin_entry_v1, so it is not a leadflow ABI 1 plugin"));
  CHECK(contains(reason, "it exports leadflow_plugin_entry_v2 instead"));
}

TEST_CASE("an entry that returns NULL is rejected naming the symbol and the host version") {
  CHECK(rejection_of("null_entry") ==
        "leadflow_plugin_entry_v1(1, 1) returned NULL: the plugin declines to run in a host speaking ABI 1.1");
}

TEST_CASE("a table built for ABI major 2 is rejected with both versions") {
  CHECK(contains(rejection_of("major_two"), "leadflow_plugin_entry_v1 returned a table built for ABI 2.x, this host speaks 1.1"));
}

TEST_CASE("a plugin that needs a newer host minor asks for an upgrade") {
  CHECK(contains(rejection_of("newer_minor"), "it needs host ABI 1.2 or newer; this host is 1.1 — upgrade leadflow"));
}

TEST_CASE("a NULL required function is named") {
  CHECK(contains(rejection_of("no_step"), "required function operation_step is NULL in the table leadflow_plugin_entry_v1 returned"));
}

TEST_CASE("a table smaller than the 1.0 layout is rejected with both sizes") {
  CHECK(contains(rejection_of("small_table"),
                 "its lf_plugin table is 24 bytes, smaller than the " + std::to_string(LF_PLUGIN_SIZE_1_0) + " bytes of the ABI 1.0 layout"));
}

TEST_CASE("a manifest that is not JSON is a bad manifest") {
  CHECK(rejection_of("manifest_not_json") == "bad manifest: manifest is not valid JSON");
}

TEST_CASE("a manifest whose id differs from the table's is a bad manifest naming both ids") {
  CHECK(rejection_of("manifest_other_id") ==
        "bad manifest: manifest key 'id' is \"somebody_else\" but the plugin table's id is \"manifest_other_id\"");
}

TEST_CASE("a manifest without base_url is a bad manifest naming config.base_url") {
  CHECK(rejection_of("no_base_url") ==
        "bad manifest: manifest key 'config.base_url' is missing: every manifest must declare a base_url config field");
}

TEST_CASE("a plugin whose id does not match its file name is told what to rename the file to") {
  CHECK(rejection_of("misnamed") == "its id is \"echo\" but the file is named leadflow-misnamed.so: rename the file to leadflow-echo.so");
}

TEST_CASE("a file that does not exist is not a loadable library") {
  CHECK(contains(rejection_of("never_built"), "not a loadable shared library"));
}

TEST_CASE("an operation step with an unknown action kind throws a PluginCallError naming the kind") {
  auto plugin = load_plugin(plugin_file("bad_action"));
  RecordingDelegate delegate;
  auto instance = Instance::create(plugin, delegate, validate_config(plugin->manifest(), {}).config, "bad");
  auto operation = instance->start("echo", nlohmann::json::object(), "", "row 1");
  CHECK_THROWS_WITH_AS(operation->step(event_of(EventKind::start)),
                       "plugin bad_action: operation_step(echo) answered an invalid action: it answered unknown action kind 99 "
                       "(this host knows LF_ACTION_HTTP 1 to LF_ACTION_FAIL 5)",
                       PluginCallError);
}

TEST_CASE("an HTTP action round trip: the request is copied out and the response reaches the plugin") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate, {{"base_url", "http://127.0.0.1:8080"}});
  auto operation = instance->start("echo.http", {{"email", "ada@example.com"}}, "", "row 7");

  auto action = operation->step(event_of(EventKind::start));
  REQUIRE(action.kind == ActionKind::http);
  CHECK(action.http.method == "POST");
  CHECK(action.http.url == "http://127.0.0.1:8080/echo");
  CHECK(action.http.headers == std::vector<std::pair<std::string, std::string>>{{"x-echo", "yes"}});
  CHECK(nlohmann::json::parse(action.http.body) == nlohmann::json{{"email", "ada@example.com"}});
  CHECK(action.http.timeout_ms == 1500);
  CHECK(action.http.idempotent);
  CHECK(action.http.rate_limit_key == "default");
  CHECK(action.http.expected_cost == 1);

  Event response = event_of(EventKind::http_response);
  response.http_status = 200;
  response.headers = {{"content-type", "application/json"}};
  response.body = R"({"found":true})";
  response.attempts = 2;
  auto done = operation->step(response);
  CHECK(done.kind == ActionKind::done);
  CHECK(done.credits_spent == 1);
  CHECK(nlohmann::json::parse(done.json) == nlohmann::json{{"status", 200}, {"attempts", 2}, {"response", {{"found", true}}}});
}

TEST_CASE("a transport error event lets the plugin fail with its error object") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  auto operation = instance->start("echo.http", nlohmann::json::object(), "", "row 1");
  operation->step(event_of(EventKind::start));
  Event error = event_of(EventKind::http_error);
  error.transport_error = LF_TRANSPORT_CONNECT;
  error.error_message = "connection refused";
  auto action = operation->step(error);
  CHECK(action.kind == ActionKind::fail);
  CHECK(nlohmann::json::parse(action.json)["code"] == "transport");
}

TEST_CASE("sleep, then checkpoint, then done; and a resumed operation continues from its checkpoint") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  auto operation = instance->start("echo.wait", nlohmann::json::object(), "", "row 3");

  auto sleep = operation->step(event_of(EventKind::start));
  CHECK(sleep.kind == ActionKind::sleep);
  CHECK(sleep.sleep_ms == 250);
  auto checkpoint = operation->step(event_of(EventKind::timer));
  CHECK(checkpoint.kind == ActionKind::checkpoint);
  CHECK(checkpoint.json == R"({"slept":true})");
  auto done = operation->step(event_of(EventKind::checkpointed));
  CHECK(done.kind == ActionKind::done);
  CHECK(done.json == R"({"resumed":false})");

  auto resumed = instance->start("echo.wait", nlohmann::json::object(), checkpoint.json, "row 3 resumed");
  CHECK(resumed->step(event_of(EventKind::start)).json == R"({"resumed":true,"from":{"slept":true}})");
}

TEST_CASE("stepping an operation after it answered done is refused by the host") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  auto operation = instance->start("echo", nlohmann::json::object(), "", "row 1");
  operation->step(event_of(EventKind::start));
  CHECK_THROWS_WITH_AS(operation->step(event_of(EventKind::timer)),
                       "plugin echo: operation_step(echo) called after the operation already answered done or fail", PluginCallError);
}

TEST_CASE("ABI 1.1: a plugin's client certificate and key reach the host's HTTP action") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate, {{"base_url", "http://127.0.0.1:8080"}});
  auto operation = instance->start("echo.mtls", nlohmann::json::object(), "", "row 1");
  auto action = operation->step(event_of(EventKind::start));
  REQUIRE(action.kind == ActionKind::http);
  CHECK(action.http.client_certificate == "/etc/leadflow/client.pem");
  CHECK(action.http.client_key == "/etc/leadflow/client.key");

  auto plain = instance->start("echo.http", nlohmann::json::object(), "", "row 2");
  auto plain_action = plain->step(event_of(EventKind::start));
  CHECK(plain_action.http.client_certificate.empty());
  CHECK(plain_action.http.client_key.empty());
}

TEST_CASE("a 1.0 plugin's HTTP request ends before the 1.1 fields, which read as no client certificate") {
  auto plugin = load_plugin(plugin_file("echo_v1_0"));
  RecordingDelegate delegate;
  auto instance = Instance::create(plugin, delegate, validate_config(plugin->manifest(), {}).config, "frozen");
  auto operation = instance->start("echo.mtls", nlohmann::json::object(), "", "row 1");
  auto action = operation->step(event_of(EventKind::start));
  REQUIRE(action.kind == ActionKind::http);
  CHECK(action.http.url == "http://127.0.0.1:9/echo");
  CHECK(action.http.client_certificate.empty());
  CHECK(action.http.client_key.empty());
}

TEST_CASE("an HTTP request with a non-zero field this host does not know is rejected as unsupported") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  auto operation = instance->start("echo.future_http", nlohmann::json::object(), "", "row 1");
  try {
    operation->step(event_of(EventKind::start));
    FAIL("the request from the future was accepted");
  } catch (const PluginCallError& e) {
    CHECK(contains(e.what(), "unsupported HTTP request: it sets fields beyond the " + std::to_string(sizeof(lf_http_request)) +
                                 " bytes this host knows"));
  }
}

TEST_CASE("an unknown capability fails operation_start with the plugin's own message") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  CHECK_THROWS_WITH_AS(instance->start("find_email", nlohmann::json::object(), "", "row 1"),
                       "plugin echo: operation_start(find_email) failed with status -1 (invalid argument): echo has no such capability",
                       PluginCallError);
}

TEST_CASE("a refused instance throws the plugin's message with the secret redacted") {
  RecordingDelegate delegate;
  CHECK_THROWS_WITH_AS(echo_instance(delegate, {{"api_key", "bad-key-123"}}),
                       "plugin echo: instance_create failed with status -1 (invalid argument): the provider refused the key ***",
                       PluginCallError);
}

TEST_CASE("plugin log lines reach the delegate with plugin id and label, secrets redacted") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate, {{"api_key", "sk-live-123"}});
  REQUIRE(delegate.lines.size() == 1);
  CHECK(delegate.lines[0].plugin_id == "echo");
  CHECK(delegate.lines[0].label == "echo provider");
  CHECK(delegate.lines[0].level == LF_LOG_INFO);
  CHECK(delegate.lines[0].message == "ready, using key ***");

  auto operation = instance->start("echo", nlohmann::json::object(), "", "row 9 echo");
  operation->step(event_of(EventKind::start));
  REQUIRE(delegate.lines.size() == 2);
  CHECK(delegate.lines[1].label == "row 9 echo");
  CHECK(delegate.lines[1].message == "echoing");
}

TEST_CASE("the plugin's cache goes through the delegate under the plugin's namespace") {
  RecordingDelegate delegate;
  auto instance = echo_instance(delegate);
  auto operation = instance->start("echo.cache", {{"n", 1}}, "", "row 1");
  auto done = operation->step(event_of(EventKind::start));
  CHECK(delegate.cache.at("echo/seen") == R"({"n":1})");
  CHECK(nlohmann::json::parse(done.json) == nlohmann::json{{"cached", {{"n", 1}}}});
}

TEST_CASE("an operation keeps its plugin loaded after the instance and plugin handles are gone") {
  RecordingDelegate delegate;
  std::unique_ptr<Operation> operation;
  {
    auto instance = echo_instance(delegate);
    operation = instance->start("echo", {{"still", "here"}}, "", "row 1");
  }
  CHECK(nlohmann::json::parse(operation->step(event_of(EventKind::start)).json) == nlohmann::json{{"still", "here"}});
}

TEST_CASE("a catalog finds a plugin once and hands out the same loaded plugin") {
  PluginCatalog catalog(SearchPath{{plugin_dir}});
  auto first = catalog.find("echo");
  CHECK(first == catalog.find("echo"));
  CHECK(first->id() == "echo");
}

TEST_CASE("two catalogs in one process load independently") {
  PluginCatalog first(SearchPath{{plugin_dir}});
  PluginCatalog second(SearchPath{{plugin_dir}});
  auto from_first = first.find("parrot");
  auto from_second = second.find("parrot");
  CHECK(from_first != from_second);
  CHECK(from_first->id() == from_second->id());
  from_first.reset();
  { PluginCatalog discarded = std::move(first); }
  RecordingDelegate delegate;
  auto instance = Instance::create(from_second, delegate, validate_config(from_second->manifest(), {}).config, "second");
  CHECK(instance->start("echo", nlohmann::json::object(), "", "r")->step(event_of(EventKind::start)).kind == ActionKind::done);
}

TEST_CASE("load_all reports every broken plugin in the directory with its reason and loads the good ones") {
  PluginCatalog catalog(SearchPath{{plugin_dir}});
  std::map<std::string, LoadOutcome> by_id;
  for (auto& outcome : catalog.load_all()) by_id[outcome.file.id] = outcome;
  REQUIRE(by_id.count("echo"));
  CHECK(by_id["echo"].plugin);
  CHECK(by_id["echo"].error.empty());
  REQUIRE(by_id.count("major_two"));
  CHECK_FALSE(by_id["major_two"].plugin);
  CHECK(contains(by_id["major_two"].error, "cannot load plugin " + plugin_file("major_two").string() + ": "));
}
