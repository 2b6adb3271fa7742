// The VoilaNorbert simulator answers as VoilaNorbert documents, seen by a plain HTTP client.
#include "voilanorbert_simulator.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <thread>

extern char** environ;

using namespace leadflow;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;

namespace {

constexpr double fast = 2000.0;  // a 40 s search takes 20 ms

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::map<std::string, std::string> auth{{"Authorization", LoopbackClient::basic_authorization("any_string", "sandbox-voilanorbert-key")}};

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = fast})
      : simulator("voilanorbert", options, voilanorbert_sim::install_routes), client((simulator.start(), simulator.server().port())) {}

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  ClientResponse search_form(const std::map<std::string, std::string>& form) { return client.post_form("/2018-01-08/search/name", form, auth); }
  ClientResponse search(const sandbox::Person& person) { return search_form({{"name", person.full_name()}, {"domain", person.domain}}); }
  ClientResponse contact(std::int64_t id) { return client.get("/2018-01-08/contacts/" + std::to_string(id), auth); }
  std::int64_t charged() { return client.get("/_sandbox/ledger").json()["total"]; }

  // Polls as the docs' sample does, until searching is false.
  nlohmann::json finished_contact(std::int64_t id) {
    for (int i = 0; i < 200; ++i) {
      auto body = contact(id).json();
      if (body["searching"] == false) return body;
      std::this_thread::sleep_for(simulator.context().clock.real_duration(1000));
    }
    FAIL("the contact was still searching after 200 virtual seconds");
    return {};
  }

  const sandbox::Person& someone(const std::function<bool(const sandbox::Person&)>& wanted) {
    for (const auto& person : world().people())
      if (wanted(person)) return person;
    throw std::runtime_error("the fake world has nobody like that");
  }
};

bool findable_at(const sandbox::Person& p, sandbox::DomainKind kind) { return p.findable && p.domain_kind == kind; }

}  // namespace

TEST_CASE("a search answers searching, then after the search delay the contact holds the true email") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto searched = sim.search(person);
  REQUIRE(searched.status == 200);
  CHECK(searched.header("content-type") == "application/json");
  const auto body = searched.json();
  CHECK(body["searching"] == true);
  CHECK(body["email"].is_null());
  CHECK(body["status"] == "LEAD");
  CHECK(body["company"]["raw_url"] == person.domain);
  for (const char* key : {"company", "created", "email", "id", "lists", "name", "owner", "searching", "status"}) CHECK(body.contains(key));

  const auto done = sim.finished_contact(body["id"]);
  CHECK(done["email"]["email"] == person.email);
  CHECK(done["email"]["score"] == 100);
  CHECK(done["email"]["is_done"] == true);
  CHECK(sim.charged() == 1);
}

TEST_CASE("on a catch-all domain the address is the true one with score 80") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::catch_all); });
  const auto done = sim.finished_contact(sim.search(person).json()["id"]);
  CHECK(done["email"]["email"] == person.email);
  CHECK(done["email"]["score"] == 80);
}

TEST_CASE("searching the same person again gives the same contact and one credit in all") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto id = sim.search(person).json()["id"].get<std::int64_t>();
  sim.finished_contact(id);
  sim.contact(id);
  const auto again = sim.search_form({{"name", "  " + person.full_name() + " "}, {"domain", "WWW." + person.domain}});
  CHECK(again.json()["id"] == id);
  CHECK(again.json()["searching"] == false);
  CHECK(sim.charged() == 1);
  CHECK(sim.client.get("/2018-01-08/organization/credits/", sim.auth).json()["remains"] == 100'000 - 1);
}

TEST_CASE("a search by company name finds the person at the company's domain") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto done = sim.finished_contact(sim.search_form({{"name", person.full_name()}, {"company", person.company}}).json()["id"]);
  CHECK(done["email"]["email"] == person.email);
}

TEST_CASE("an unfindable person ends with email null and costs nothing") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return !p.findable && p.domain_kind == sandbox::DomainKind::normal; });
  const auto done = sim.finished_contact(sim.search(person).json()["id"]);
  CHECK(done["email"].is_null());
  CHECK(sim.charged() == 0);
}

TEST_CASE("a domain that does not resolve, or is unknown, is a 400 on the domain field") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::nonexistent; });
  const auto response = sim.search(person);
  CHECK(response.status == 400);
  CHECK(response.json()["domain"].is_array());
  CHECK(sim.search_form({{"name", "Ada Lovelace"}, {"domain", "no-such-company.example"}}).json().contains("domain"));
}

TEST_CASE("missing fields are form errors") {
  RunningSimulator sim;
  const auto no_name = sim.search_form({{"domain", "example.com"}});
  CHECK(no_name.status == 400);
  CHECK(no_name.json()["name"] == nlohmann::json::array({"This field is required."}));
  const auto no_domain = sim.search_form({{"name", "Ada Lovelace"}});
  CHECK(no_domain.status == 400);
  CHECK(no_domain.json()["domain"] == nlohmann::json::array({"This field is required."}));
  const auto json_body = sim.client.request("POST", "/2018-01-08/search/name", R"({"name":"Ada Lovelace","domain":"x.example"})",
                                            {{"Content-Type", "application/json"}, {"Authorization", sim.auth.begin()->second}});
  CHECK(json_body.status == 400);
}

TEST_CASE("a wrong or missing key is 401 Account not found") {
  RunningSimulator sim;
  const auto wrong = sim.client.get("/2018-01-08/account/", {{"Authorization", LoopbackClient::basic_authorization("x", "nope")}});
  CHECK(wrong.status == 401);
  CHECK(wrong.json() == nlohmann::json({{"code", 401}, {"error", "Account not found"}}));
  CHECK(sim.client.get("/2018-01-08/account/").status == 401);
  CHECK(sim.client.get("/2018-01-08/account/", sim.auth).status == 200);
}

TEST_CASE("with no credits left a search is 402") {
  RunningSimulator sim({.time_scale = fast, .credits = 1});
  const auto& first = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  sim.finished_contact(sim.search(first).json()["id"]);
  const auto& second = sim.someone([&](auto& p) { return findable_at(p, sandbox::DomainKind::normal) && &p != &first; });
  const auto refused = sim.search(second);
  CHECK(refused.status == 402);
  CHECK(refused.json() == nlohmann::json({{"code", 402}, {"error", "No credits left"}}));
  const auto account = sim.client.get("/2018-01-08/account/", sim.auth).json();
  CHECK(account["credits"]["remains"] == 0);
  CHECK(account["credits"]["total"] == 1);
}

TEST_CASE("the 121st request in a minute is 429 with X-RateLimit headers and no Retry-After") {
  RunningSimulator sim({.time_scale = 20.0});  // one virtual minute = 3 real seconds
  std::map<std::string, int> served_per_window;
  std::optional<ClientResponse> refused;
  for (int i = 0; i < 400 && !refused; ++i) {
    auto response = sim.client.get("/2018-01-08/organization/", sim.auth);
    if (response.status == 429) refused = response;
    else ++served_per_window[response.header("x-ratelimit-reset")];
  }
  REQUIRE(refused);
  CHECK(served_per_window[refused->header("x-ratelimit-reset")] == 120);
  CHECK(refused->header("x-ratelimit-limit") == "120");
  CHECK(refused->header("x-ratelimit-remaining") == "0");
  CHECK(refused->header("retry-after").empty());
  CHECK(refused->json() == nlohmann::json({{"code", 429}, {"error", "Too many requests in the allowed time frame (120 requests per minutes)"}}));

  const auto search = sim.search(sim.world().people().front());
  CHECK(search.header("x-ratelimit-limit") == "300");  // the search endpoint has its own limit

  const auto reset_ms = std::stoll(refused->header("x-ratelimit-reset")) * 1000;
  std::this_thread::sleep_for(sim.simulator.context().clock.real_duration(reset_ms - sim.simulator.context().clock.virtual_now_ms() + 50));
  CHECK(sim.client.get("/2018-01-08/organization/", sim.auth).status == 200);
}

TEST_CASE("with job_ms 0 the search answer already has searching false and the email") {
  RunningSimulator sim({.time_scale = 1.0, .job_ms = 0});
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto body = sim.search(person).json();
  CHECK(body["searching"] == false);
  CHECK(body["email"]["email"] == person.email);
  CHECK(sim.charged() == 1);
}

TEST_CASE("with job_ms set every search takes exactly that long") {
  RunningSimulator sim({.time_scale = fast, .job_ms = 60'000});
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto searched = sim.search(person).json();
  CHECK(searched["searching"] == true);
  std::this_thread::sleep_for(sim.simulator.context().clock.real_duration(60'000));
  CHECK(sim.contact(searched["id"]).json()["email"]["email"] == person.email);
}

TEST_CASE("with rate limits off the 121st request in a minute is served, and /_sandbox/stats saw them all") {
  RunningSimulator sim({.time_scale = 1.0, .rate_limits = false});
  for (int i = 0; i < 121; ++i) {
    const auto response = sim.client.get("/2018-01-08/organization/", sim.auth);
    REQUIRE(response.status == 200);
    CHECK(response.header("x-ratelimit-limit") == "");  // nothing enforced, nothing announced
  }
  const auto stats = sim.client.get("/_sandbox/stats").json();
  CHECK(stats["classes"]["default"]["allowed"] == 121);
  CHECK(stats["classes"]["default"]["refused"] == 0);
  CHECK(stats["classes"]["search_name"]["allowed"] == 0);
}

TEST_CASE("faulted requests change nothing and charge nothing") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const auto id = sim.search(person).json()["id"].get<std::int64_t>();
  std::this_thread::sleep_for(sim.simulator.context().clock.real_duration(41'000));
  sim.client.post_json("/_sandbox/faults", {{"spec", "5xx-burst:2,malformed-burst:1,429-burst:1,drop-burst:1"}});
  CHECK(sim.contact(id).status == 503);
  CHECK(sim.contact(id).status == 503);
  CHECK_THROWS(sim.contact(id).json());
  CHECK(sim.contact(id).status == 429);
  CHECK_THROWS_AS(sim.contact(id), sandbox::ConnectionDropped);
  CHECK(sim.charged() == 0);
  CHECK(sim.contact(id).json()["email"]["email"] == person.email);
  CHECK(sim.charged() == 1);
}

TEST_CASE("the executable announces one JSON line, serves, and exits 0 when stdin closes") {
  int to_child[2], from_child[2];
  REQUIRE(pipe(to_child) == 0);
  REQUIRE(pipe(from_child) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::string path = VOILANORBERT_SIMULATOR_PATH, scale = "--time-scale", scale_value = "50";
  char* argv[] = {path.data(), scale.data(), scale_value.data(), nullptr};
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);

  std::string line;
  char c = 0;
  pollfd readable{from_child[0], POLLIN, 0};
  while (poll(&readable, 1, 10'000) > 0 && read(from_child[0], &c, 1) == 1 && c != '\n') line += c;
  const auto announcement = nlohmann::json::parse(line);
  CHECK(announcement["simulator"] == "voilanorbert");
  CHECK(announcement["config"]["api_key"] == "sandbox-voilanorbert-key");
  const std::string base_url = announcement["base_url"];
  REQUIRE(base_url.starts_with("http://127.0.0.1:"));
  CHECK(base_url.ends_with("/2018-01-08"));
  const auto port = static_cast<std::uint16_t>(std::stoi(base_url.substr(17)));
  LoopbackClient client(port);
  CHECK(client.get("/2018-01-08/account/", {{"Authorization", LoopbackClient::basic_authorization("", "sandbox-voilanorbert-key")}}).status == 200);

  close(to_child[1]);
  int status = -1;
  for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (status == -1) kill(pid, SIGKILL), waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  close(from_child[0]);
}
