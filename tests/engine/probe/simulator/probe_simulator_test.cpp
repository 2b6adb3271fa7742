// The probe simulator seen by a plain HTTP client: answers chosen by the key, batches answered
// out of order, jobs, rate limits with headers, and the observation route the engine tests read.
#include "probe_simulator.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <thread>

extern char** environ;

using namespace leadflow;
using nlohmann::json;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;

namespace {

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::map<std::string, std::string> auth{{"Authorization", "Bearer probe-key"}};

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = 1.0})
      : simulator("probe", options, probe_sim::install_routes), client((simulator.start(), simulator.server().port())) {}

  ClientResponse post(const std::string& path, const json& body) {
    return client.request("POST", "/v1" + path, body.dump(), {{"Content-Type", "application/json"}, {"Authorization", auth.begin()->second}});
  }
  ClientResponse lookup(const std::string& key) { return post("/lookup", {{"key", key}}); }
  ClientResponse batch(const std::vector<std::string>& keys) {
    json items = json::array();
    for (std::size_t i = 0; i < keys.size(); ++i) items.push_back({{"ref", std::to_string(i)}, {"key", keys[i]}});
    return post("/batch", {{"items", items}});
  }
  ClientResponse poll(const std::string& id) { return client.get("/v1/jobs/" + id, auth); }
  json observed() { return client.get("/_sandbox/probe").json(); }
  void wait_virtual(std::int64_t ms) { std::this_thread::sleep_for(simulator.context().clock.real_duration(ms)); }
};

}  // namespace

TEST_CASE("a plain key is found with value v:key, charged once in the ledger however often it is asked") {
  RunningSimulator sim;
  const auto first = sim.lookup("k1");
  REQUIRE(first.status == 200);
  CHECK(first.json() == json{{"key", "k1"}, {"found", true}, {"value", "v:k1"}});
  CHECK(sim.lookup("k1").status == 200);
  const auto seen = sim.observed();
  CHECK(seen["requests"]["k1"] == 2);
  CHECK(seen["charged"] == 2);
  CHECK(seen["ledger_total"] == 1);
  CHECK(sim.client.get("/_sandbox/ledger").json()["total"] == 1);
  CHECK(sim.client.get("/v1/account", sim.auth).json()["credits"] == 100'000 - 1);
}

TEST_CASE("an nf- key is not found and costs nothing; a bad- key is 400 invalid key") {
  RunningSimulator sim;
  const auto missing = sim.lookup("nf-1");
  CHECK(missing.status == 200);
  CHECK(missing.json()["found"] == false);
  CHECK(missing.json()["value"].is_null());
  const auto bad = sim.lookup("bad-1");
  CHECK(bad.status == 400);
  CHECK(bad.json() == json{{"error", "invalid key"}});
  CHECK(sim.observed()["ledger_total"] == 0);
  CHECK(sim.observed()["requests"]["bad-1"] == 1);
}

TEST_CASE("an e5xx-2- key answers 503 twice, then is found") {
  RunningSimulator sim;
  CHECK(sim.lookup("e5xx-2-x").status == 503);
  CHECK(sim.lookup("e5xx-2-x").status == 503);
  CHECK(sim.observed()["ledger_total"] == 0);
  const auto third = sim.lookup("e5xx-2-x");
  CHECK(third.status == 200);
  CHECK(third.json()["value"] == "v:e5xx-2-x");
}

TEST_CASE("an e429-3- key answers its first request 429 with Retry-After: 3, with rate-limit headers, then is found") {
  RunningSimulator sim;
  const auto throttled = sim.lookup("e429-3-x");
  CHECK(throttled.status == 429);
  CHECK(throttled.header("retry-after") == "3");
  CHECK(throttled.header("x-ratelimit-limit") == "20");
  CHECK(sim.lookup("e429-3-x").status == 200);
  const auto seen = sim.observed();
  CHECK(seen["requests"]["e429-3-x"] == 2);
  REQUIRE(seen["times_ms"]["e429-3-x"].size() == 2);
  CHECK(seen["times_ms"]["e429-3-x"][0] <= seen["times_ms"]["e429-3-x"][1]);
}

TEST_CASE("a wrong or missing Bearer key is 401 and not counted against the key") {
  RunningSimulator sim;
  CHECK(sim.client.request("POST", "/v1/lookup", R"({"key":"k"})", {{"Authorization", "Bearer nope"}}).status == 401);
  CHECK(sim.client.request("POST", "/v1/lookup", R"({"key":"k"})").status == 401);
  CHECK(sim.client.get("/v1/account", {{"Authorization", "Basic cHJvYmUta2V5Og=="}}).status == 401);
  CHECK_FALSE(sim.observed()["requests"].contains("k"));
}

TEST_CASE("a body without a key is 400") {
  RunningSimulator sim;
  CHECK(sim.post("/lookup", {{"kee", "k"}}).status == 400);
  CHECK(sim.post("/jobs", json::array()).status == 400);
  CHECK(sim.post("/batch", {{"items", json::array()}}).status == 400);
}

TEST_CASE("the 21st lookup in one second is 429 with X-RateLimit headers and no Retry-After; the refusal is counted") {
  RunningSimulator sim;
  std::map<std::string, int> served_per_window;
  std::optional<ClientResponse> refused;
  for (int i = 0; i < 200 && !refused; ++i) {
    auto response = sim.lookup("k" + std::to_string(i));
    if (response.status == 429)
      refused = response;
    else
      ++served_per_window[response.header("x-ratelimit-reset")];
  }
  REQUIRE(refused);
  CHECK(served_per_window[refused->header("x-ratelimit-reset")] == 20);
  CHECK(refused->header("x-ratelimit-remaining") == "0");
  CHECK(refused->header("retry-after").empty());
  const auto seen = sim.observed();
  CHECK(seen["rate_limits"]["lookup"]["refused"] == 1);
  CHECK(sim.batch({"x"}).header("x-ratelimit-limit") == "50");  // batches are in the default class
}

TEST_CASE("a batch is answered out of order, each result with its ref; a bad- key is that item's error") {
  RunningSimulator sim;
  bool some_batch_out_of_order = false;
  for (int round = 0; round < 4; ++round) {
    const auto answer = sim.batch({"a" + std::to_string(round), "bad-" + std::to_string(round), "c", "nf-d", "e"});
    REQUIRE(answer.status == 200);
    const auto results = answer.json()["results"];
    REQUIRE(results.size() == 5);
    std::vector<std::string> refs;
    for (const auto& result : results) refs.push_back(result["ref"]);
    some_batch_out_of_order |= !std::is_sorted(refs.begin(), refs.end());
    CHECK(std::set<std::string>(refs.begin(), refs.end()) == std::set<std::string>{"0", "1", "2", "3", "4"});
    for (const auto& result : results) {
      if (result["ref"] == "1") CHECK(result == json{{"ref", "1"}, {"error", "invalid key"}});
      if (result["ref"] == "2") CHECK(result["value"] == "v:c");
      if (result["ref"] == "3") CHECK(result["found"] == false);
    }
  }
  CHECK(some_batch_out_of_order);
  const auto seen = sim.observed();
  CHECK(seen["batch_sizes"] == json::array({5, 5, 5, 5}));
  CHECK(seen["max_batch_items"] == 5);
  CHECK(seen["requests"]["c"] == 4);
  CHECK(seen["ledger_total"] == 4 + 1 + 1);  // a0..a3, c, e
}

TEST_CASE("a batch of more than 5 items is 400 but its size is observed") {
  RunningSimulator sim;
  const auto answer = sim.batch({"a", "b", "c", "d", "e", "f"});
  CHECK(answer.status == 400);
  CHECK(answer.json()["error"].get<std::string>().find("at most 5") != std::string::npos);
  CHECK(sim.observed()["max_batch_items"] == 6);
  CHECK_FALSE(sim.observed()["requests"].contains("a"));
}

TEST_CASE("a batch naming a key scripted to fail fails as a whole") {
  RunningSimulator sim;
  CHECK(sim.batch({"a", "e5xx-1-b"}).status == 503);
  CHECK(sim.batch({"a", "e5xx-1-b"}).status == 200);
}

TEST_CASE("a job runs 2 s (a slow- job 30 s), is charged when a poll first sees it done, and leaves the jobs in flight") {
  RunningSimulator sim({.time_scale = 10.0});
  const auto submitted = sim.post("/jobs", {{"key", "k1"}});
  REQUIRE(submitted.status == 202);
  const std::string id = submitted.json()["id"];
  CHECK(submitted.json()["ready_in_ms"] == 2000);
  CHECK(sim.post("/jobs", {{"key", "slow-2"}}).json()["ready_in_ms"] == 30000);
  CHECK(sim.poll(id).json() == json{{"id", id}, {"state", "running"}});
  auto seen = sim.observed();
  CHECK(seen["max_concurrent_jobs"] == 2);
  CHECK(seen["jobs_in_flight"] == 2);
  CHECK(seen["ledger_total"] == 0);

  sim.wait_virtual(2100);
  const auto done = sim.poll(id).json();
  CHECK(done["state"] == "done");
  CHECK(done["found"] == true);
  CHECK(done["value"] == "v:k1");
  CHECK(sim.poll(id).json()["state"] == "done");
  seen = sim.observed();
  CHECK(seen["jobs_in_flight"] == 1);
  CHECK(seen["job_submits"] == 2);
  CHECK(seen["charged"] == 1);
  CHECK(seen["ledger_total"] == 1);
  CHECK(sim.poll("J999").status == 404);
}

TEST_CASE("--job-ms sets every job's duration") {
  RunningSimulator sim({.time_scale = 1.0, .job_ms = 10});
  CHECK(sim.post("/jobs", {{"key", "slow-1"}}).json()["ready_in_ms"] == 10);
}

TEST_CASE("with no credits left, lookups, batches and job submits are 402") {
  RunningSimulator sim({.time_scale = 1.0, .credits = 1});
  CHECK(sim.lookup("k1").status == 200);
  CHECK(sim.lookup("k2").status == 402);
  CHECK(sim.batch({"k3"}).status == 402);
  CHECK(sim.post("/jobs", {{"key", "k4"}}).status == 402);
  CHECK(sim.client.get("/v1/account", sim.auth).json()["credits"] == 0);
}

TEST_CASE("faulted requests never reach the probe API: they are counted as injected, not per key") {
  RunningSimulator sim;
  REQUIRE(sim.client.post_json("/_sandbox/faults", {{"spec", "5xx-burst:1"}}).status == 200);
  CHECK(sim.lookup("k1").status == 503);
  const auto seen = sim.observed();
  CHECK(seen["faults_injected"] == 1);
  CHECK_FALSE(seen["requests"].contains("k1"));
}

TEST_CASE("POST /_sandbox/reset clears the observations and the jobs") {
  RunningSimulator sim;
  sim.lookup("k1");
  sim.batch({"a", "b"});
  const auto id = sim.post("/jobs", {{"key", "k"}}).json()["id"].get<std::string>();
  REQUIRE(sim.client.post_json("/_sandbox/reset", json::object()).status == 200);
  const auto seen = sim.observed();
  CHECK(seen["requests"].empty());
  CHECK(seen["times_ms"].empty());
  CHECK(seen["batch_sizes"].empty());
  CHECK(seen["max_batch_items"] == 0);
  CHECK(seen["job_submits"] == 0);
  CHECK(seen["max_concurrent_jobs"] == 0);
  CHECK(seen["charged"] == 0);
  CHECK(seen["ledger_total"] == 0);
  CHECK(sim.poll(id).status == 404);
}

TEST_CASE("the executable announces base_url .../v1 and api_key probe-key, and exits 0 when stdin closes") {
  int to_child[2], from_child[2];
  REQUIRE(pipe(to_child) == 0);
  REQUIRE(pipe(from_child) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::string path = PROBE_SIMULATOR_PATH;
  char* argv[] = {path.data(), nullptr};
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);

  std::string line;
  char c = 0;
  pollfd readable{from_child[0], POLLIN, 0};
  while (poll(&readable, 1, 10'000) > 0 && read(from_child[0], &c, 1) == 1 && c != '\n') line += c;
  const auto announcement = json::parse(line);
  CHECK(announcement["simulator"] == "probe");
  CHECK(announcement["config"] == json{{"api_key", "probe-key"}});
  const std::string base_url = announcement["base_url"];
  REQUIRE(base_url.starts_with("http://127.0.0.1:"));
  CHECK(base_url.ends_with("/v1"));
  LoopbackClient client(static_cast<std::uint16_t>(std::stoi(base_url.substr(17))));
  CHECK(client.get("/v1/account", {{"Authorization", "Bearer probe-key"}}).status == 200);

  close(to_child[1]);
  int status = -1;
  for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (status == -1) kill(pid, SIGKILL), waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  close(from_child[0]);
}
