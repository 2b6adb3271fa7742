// The InsideView plugin against its simulator, in one process: the scripted host hands every
// request the plugin makes to the simulator over loopback, and the answers are compared with
// the fake world's truth. Virtual time runs fast, so jobs finish within milliseconds.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include "insideview_simulator.hpp"

#include <chrono>
#include <memory>
#include <thread>
#include <string>

namespace sdk = leadflow::sdk;
namespace sandbox = leadflow::sandbox;
namespace sim = leadflow::insideview_sim;
using sdk::testing::Reply;
using sdk::testing::SentRequest;
using nlohmann::json;

namespace {

struct Sandbox {
  sandbox::Simulator simulator;
  sandbox::LoopbackClient control;
  sandbox::LoopbackClient api;

  explicit Sandbox(sandbox::SimulatorOptions options)
      : simulator("insideview", options, sim::install_routes),
        control((simulator.start(), simulator.server().port())),
        api(simulator.server().port()) {}

  const sandbox::FakeWorld& world() { return simulator.context().world; }

  // The provider config as `leadflow run --sandbox` builds it: the announcement over the defaults.
  json config(json extra = json::object()) {
    json config = simulator.announcement()["config"];
    config["base_url"] = simulator.base_url();
    config.update(extra);
    return config;
  }

  Reply forward(const SentRequest& request) {
    const auto origin = simulator.server().origin();
    REQUIRE_MESSAGE(request.url.rfind(origin, 0) == 0, "the plugin sent a request outside the sandbox: " << request.url);
    std::map<std::string, std::string> headers;
    for (const auto& header : request.headers) headers[header.name] = header.value;
    const auto answer = api.request(request.method, request.url.substr(origin.size()), request.body, headers);
    std::vector<sdk::Header> reply_headers;
    for (const auto& [name, value] : answer.headers) reply_headers.push_back({name, value});
    return Reply::with_status(answer.status, answer.body, reply_headers);
  }

  json observed() { return control.get(std::string(sim::observation_path)).json(); }
  std::int64_t charged() { return control.get("/_sandbox/ledger").json()["total"]; }
};

struct PluginHost : sdk::testing::ScriptedHost {
  explicit PluginHost(const json& config) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(config) == LF_OK, last_error());
  }
};

sandbox::SimulatorOptions fast() {
  sandbox::SimulatorOptions options;
  options.time_scale = 100000;  // a 5-minute window lasts 3 ms
  return options;
}

json items_of(const std::vector<std::string>& ids) {
  json items = json::array();
  for (const auto& id : ids) items.push_back({{"id", id}});
  return {{"items", items}};
}

std::string expected_email_status(const sandbox::FakeWorld& world, const sandbox::Person& person) {
  switch (world.verdict_of(person.email).kind) {
    case sandbox::EmailVerdict::Kind::deliverable:
    case sandbox::EmailVerdict::Kind::mailbox_full: return "deliverable";
    case sandbox::EmailVerdict::Kind::catch_all: return "risky";
    default: return "undeliverable";
  }
}

}  // namespace

TEST_CASE("enrich_person on the simulator gives every world person's details and not_found for unknown ids") {
  Sandbox sandbox(fast());
  PluginHost host(sandbox.config());
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 60; ++i) ids.push_back(std::to_string(sandbox.world().people()[i].id));
  ids.push_back("10000002");  // not a world id
  ids.push_back("42");
  auto t = host.run("enrich_person", items_of(ids), [&](const SentRequest& r) { return sandbox.forward(r); });
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == ids.size());
  for (std::size_t i = 0; i < 60; ++i) {
    const auto& person = sandbox.world().people()[i];
    const auto& item = items[i];
    CAPTURE(item.dump());
    CHECK(item["status"] == "found");
    CHECK(item["first_name"] == person.first_name);
    CHECK(item["last_name"] == person.last_name);
    CHECK(item["full_name"] == person.full_name());
    CHECK(item["civility"] == person.civility);
    CHECK(item["title"] == person.title);
    CHECK(item["email"] == person.email);
    CHECK(item["email_status"] == expected_email_status(sandbox.world(), person));
    CHECK(item["phone"] == person.phone);
    CHECK(item["linkedin_url"] == person.linkedin_url);
    CHECK(item["company"] == person.company);
    if (person.twitter.empty())
      CHECK_FALSE(item.contains("twitter"));
    else
      CHECK(item["twitter"] == person.twitter);
    CHECK(item["raw"]["description"].get<std::string>().find('\n') != std::string::npos);
  }
  CHECK(items[60]["status"] == "not_found");
  CHECK(items[61]["status"] == "not_found");
  CHECK(t.credits_spent() == 62);
  CHECK(sandbox.charged() == 62);
  CHECK(sandbox.observed()["jobs"]["jobs_submitted"] == 1);
  CHECK(sandbox.observed()["tokens_issued"] == 1);
}

TEST_CASE("a revoked token is replaced by one new login and the batch goes on") {
  Sandbox sandbox(fast());
  PluginHost host(sandbox.config());
  const auto id = std::to_string(sandbox.world().people()[3].id);
  auto first = host.run("insideview.contact_details", {{"id", id}}, [&](const SentRequest& r) { return sandbox.forward(r); });
  REQUIRE(first.succeeded());
  sandbox.control.request("POST", std::string(sim::observation_path) + "/revoke-tokens");
  auto second = host.run("enrich_person", items_of({id}), [&](const SentRequest& r) { return sandbox.forward(r); });
  CHECK(second.error == "");
  REQUIRE(second.succeeded());
  CHECK(second.result()["items"][0]["email"] == sandbox.world().people()[3].email);
  CHECK(sandbox.observed()["tokens_issued"] == 2);
}

TEST_CASE("a third job waits while two run on the account, then goes through") {
  auto options = fast();
  options.time_scale = 1000;
  options.job_ms = 100000;  // 100 ms of real time
  Sandbox sandbox(options);
  // The scripted host's sleeps take no real time, so the plugin's wait budget is made endless
  // and each request waits a real millisecond for the simulator's clock to move on.
  const auto config = sandbox.config({{"busy_retry_ms", 1000}, {"first_poll_ms", 1000}, {"max_wait_ms", 1000000000000}});
  PluginHost host(config);
  // Two jobs already submitted by someone else on the same account.
  const auto token = sandbox.api
                         .post_form(std::string(sim::token_json_path),
                                    {{"clientId", std::string(sim::client_id)}, {"clientSecret", std::string(sim::client_secret)}, {"grantType", "cred"}})
                         .json()["accessTokenDetails"]["accessToken"].get<std::string>();
  for (const char* ids : {"10000001", "10000008"})
    REQUIRE(sandbox.api.request("POST", "/api/v1/contact/job", ids, {{"accessToken", token}, {"Content-Type", "text/plain"}}).status == 200);

  const auto id = std::to_string(sandbox.world().people()[5].id);
  sdk::testing::RunOptions options_run;
  options_run.max_steps = 100000;
  auto t = host.run("enrich_person", items_of({id}), [&](const SentRequest& r) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return sandbox.forward(r);
      }, options_run);
  CAPTURE(t.result().dump());
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.result()["items"][0]["email"] == sandbox.world().people()[5].email);
  const auto observed = sandbox.observed();
  CHECK(observed["jobs"]["refused_jobs_running"].get<int>() >= 1);
  CHECK(observed["jobs"]["max_jobs_running"] == 2);
  CHECK(observed["jobs"]["jobs_submitted"] == 3);
}

TEST_CASE("the synchronous lookups, job status and jobs list work against the simulator") {
  Sandbox sandbox(fast());
  PluginHost host(sandbox.config());
  const auto forward = [&](const SentRequest& r) { return sandbox.forward(r); };
  const auto& ada = sandbox.world().people()[7];
  const auto& bob = sandbox.world().people()[8];

  auto single = host.run("insideview.contact_details", {{"id", std::to_string(ada.id)}}, forward);
  REQUIRE(single.succeeded());
  CHECK(single.result()["email"] == ada.email);
  CHECK(single.result()["title"] == ada.title);
  auto unknown = host.run("insideview.contact_details", {{"id", "3"}}, forward);
  REQUIRE(unknown.succeeded());
  CHECK(unknown.result()["status"] == "not_found");

  auto bulk = host.run("insideview.contact_details_bulk", items_of({std::to_string(bob.id), "3", std::to_string(ada.id)}), forward);
  REQUIRE(bulk.succeeded());
  CHECK(bulk.result()["items"][0]["email"] == bob.email);
  CHECK(bulk.result()["items"][1]["status"] == "not_found");
  CHECK(bulk.result()["items"][2]["email"] == ada.email);
  CHECK(bulk.credits_spent() == 2);

  auto job = host.run("enrich_person", items_of({std::to_string(ada.id)}), forward);
  REQUIRE(job.succeeded());
  const auto job_id = job.result()["items"][0]["job_id"].get<std::string>();
  auto status = host.run("insideview.job_status", {{"job_id", job_id}}, forward);
  REQUIRE(status.succeeded());
  CHECK(status.result()["job_status"] == "finished");
  CHECK(status.result()["total_processed"] == 1);

  auto list = host.run("insideview.jobs_list", {{"job_statuses", "3"}}, forward);
  REQUIRE(list.succeeded());
  REQUIRE(list.result()["jobs"].size() == 1);
  CHECK(list.result()["jobs"][0]["job_id"] == job_id);
  CHECK(list.result()["jobs"][0]["job_status"] == "finished");
  CHECK(list.result()["jobs"][0]["credits_consumed"] == 1);
  CHECK(sandbox.charged() == 1 + 2 + 1);
}

TEST_CASE("a job InsideView fails fails the batch, retryable, with its transactions reported as debited") {
  Sandbox sandbox(fast());
  PluginHost host(sandbox.config());
  sandbox.control.request("POST", std::string(sim::observation_path) + "/fail-next-job");
  const auto ids = std::vector<std::string>{std::to_string(sandbox.world().people()[1].id), std::to_string(sandbox.world().people()[2].id)};
  auto t = host.run("enrich_person", items_of(ids), [&](const SentRequest& r) { return sandbox.forward(r); });
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "provider_unavailable");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.credits_spent() == 2);
  CHECK(sandbox.charged() == 2);
  auto again = host.run("enrich_person", items_of(ids), [&](const SentRequest& r) { return sandbox.forward(r); });
  REQUIRE(again.succeeded());
  CHECK(again.result()["items"][1]["email"] == sandbox.world().people()[2].email);
}
