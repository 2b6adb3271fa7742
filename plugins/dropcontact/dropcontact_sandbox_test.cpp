// The Dropcontact plugin driven through its C table against the Dropcontact simulator running in
// this process: batches of every capability compared with the fake world's truth, credits
// compared with the simulator's ledger, the processing delay, a resumed batch, a refused one.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include "dropcontact_simulator.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>
#include <thread>

namespace sdk = leadflow::sdk;
namespace sandbox = leadflow::sandbox;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::RunOptions;
using sdk::testing::SentRequest;
using sdk::testing::Transcript;

namespace {

constexpr double time_scale = 1000.0;  // one virtual second is one real millisecond

// The simulator, a scripted host whose requests go to it, and the fake world behind both.
struct Sandbox {
  sandbox::Simulator simulator;
  sdk::testing::ScriptedHost host;

  explicit Sandbox(sandbox::SimulatorOptions options = {.time_scale = time_scale})
      : simulator("dropcontact", options, leadflow::dropcontact_sim::install_routes), host(sdk::testing::linked_plugin()) {
    simulator.start();
    const json config = {{"api_key", std::string(leadflow::dropcontact_sim::api_key)},
                         {"base_url", simulator.base_url()},
                         {"siren", true},
                         {"first_poll_ms", 5000}};
    REQUIRE_MESSAGE(host.create_instance(config) == LF_OK, host.last_error());
  }

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  sandbox::LoopbackClient client() { return sandbox::LoopbackClient(simulator.server().port()); }

  // Sends the plugin's request to the simulator. Each request first lets one virtual second pass
  // (the scripted host's sleeps are instant, the simulator's clock is not).
  Reply forward(const SentRequest& sent) {
    std::this_thread::sleep_for(simulator.context().clock.real_duration(1000));
    const auto origin = simulator.server().origin();
    REQUIRE_MESSAGE(sent.url.starts_with(origin), sent.url);
    std::map<std::string, std::string> headers;
    for (const auto& header : sent.headers) headers[header.name] = header.value;
    auto answer = client().request(sent.method, sent.url.substr(origin.size()), sent.body, headers);
    std::vector<sdk::Header> reply_headers;
    for (const auto& [name, value] : answer.headers) reply_headers.push_back({name, value});
    return Reply::with_status(answer.status, answer.body, reply_headers);
  }

  Transcript run(std::string_view capability, const json& input, const RunOptions& options = {}) {
    return host.run(capability, input, [this](const SentRequest& sent) { return forward(sent); }, options);
  }

  std::int64_t charged() { return client().get("/_sandbox/ledger").json()["total"].get<std::int64_t>(); }
  json observed() { return client().get(std::string(leadflow::dropcontact_sim::observation_path)).json(); }

  std::vector<const sandbox::Person*> people(const std::function<bool(const sandbox::Person&)>& wanted, std::size_t count) {
    std::vector<const sandbox::Person*> chosen;
    for (const auto& person : world().people())
      if (chosen.size() < count && wanted(person)) chosen.push_back(&person);
    if (chosen.size() < count) throw std::runtime_error("the fake world has too few people like that");
    return chosen;
  }
};

bool anyone(const sandbox::Person&) { return true; }

// Whether Dropcontact finds this person's address (README: not for a hidden person, a domain
// that does not resolve, or a closed mailbox).
bool offered(const sandbox::Person& p) {
  return p.findable && p.domain_kind != sandbox::DomainKind::nonexistent && p.mailbox != sandbox::MailboxState::disabled;
}

json batch_of(const std::vector<const sandbox::Person*>& people, const std::function<json(const sandbox::Person&)>& item) {
  json items = json::array();
  for (const auto* person : people) items.push_back(item(*person));
  return {{"items", items}};
}

json by_name(const sandbox::Person& p) { return {{"first_name", p.first_name}, {"last_name", p.last_name}, {"domain", p.domain}}; }

// README's qualification table, read from the world's verdict.
std::pair<std::string, std::string> expected_verification(const sandbox::EmailVerdict& verdict) {
  using Kind = sandbox::EmailVerdict::Kind;
  switch (verdict.kind) {
    case Kind::deliverable:
    case Kind::mailbox_full: return {"deliverable", "valid"};
    case Kind::catch_all: return {"risky", "catch_all"};
    case Kind::no_such_user:
    case Kind::mailbox_disabled: return {"undeliverable", "no_such_user"};
    case Kind::domain_nonexistent: return {"undeliverable", "domain_nonexistent"};
    case Kind::syntax_error: return {"undeliverable", "syntax_error"};
  }
  return {"unknown", "other"};
}

}  // namespace

TEST_CASE("a batch of 250 enrichments matches the world row by row and costs what the ledger says") {
  Sandbox sandbox;
  const auto people = sandbox.people(anyone, 250);
  auto t = sandbox.run("enrich_person", batch_of(people, by_name));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"];
  REQUIRE(out.size() == 250);
  int found_emails = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& person = *people[i];
    const auto& row = out[i];
    CAPTURE(person.email);
    CHECK(row["status"] == "found");
    CHECK(row["civility"] == person.civility);
    CHECK(row["title"] == person.title);
    CHECK(row["linkedin_url"] == person.linkedin_url);
    if (offered(person)) {
      ++found_emails;
      CHECK(row["email"] == person.email);
    } else {
      CHECK_FALSE(row.contains("email"));
    }
    if (person.domain_kind != sandbox::DomainKind::nonexistent) {
      const auto* company = sandbox.world().company_by_domain(person.domain);
      CHECK(row["domain"] == person.domain);
      CHECK(row["siren"] == company->siren);
      CHECK(row["phone"] == company->phone);
    }
  }
  CHECK(t.credits_spent() == found_emails);
  CHECK(sandbox.charged() == found_emails);
  CHECK(sandbox.observed()["submits"] == 1);
}

TEST_CASE("the plugin waits out the documented not-ready answers, 30 seconds at a time") {
  Sandbox sandbox;  // processing takes 10 s + 0.1 s per record of virtual time
  const auto people = sandbox.people(anyone, 100);
  auto t = sandbox.run("enrich_person", batch_of(people, by_name));
  REQUIRE(t.succeeded());
  const auto sleeps = t.sleeps();
  REQUIRE_FALSE(sleeps.empty());
  CHECK(sleeps.front() == 5000);
  CHECK(std::count(sleeps.begin(), sleeps.end(), 30000) >= 1);
  CHECK(sandbox.observed()["polls_not_ready"].get<int>() >= 1);
}

TEST_CASE("find_email finds the world's addresses, and verify_email qualifies them as the README says") {
  Sandbox sandbox({.time_scale = time_scale, .job_ms = 0});
  const auto people = sandbox.people(anyone, 120);
  auto found = sandbox.run("find_email", batch_of(people, [](const sandbox::Person& p) {
                             return json{{"full_name", p.full_name()}, {"company", p.company}};
                           }));
  REQUIRE(found.succeeded());
  json emails = json::array();
  int charged = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& row = found.result()["items"][i];
    CAPTURE(people[i]->email);
    if (!offered(*people[i])) {
      CHECK(row["status"] == "not_found");
      continue;
    }
    ++charged;
    CHECK(row["status"] == "found");
    CHECK(row["email"] == people[i]->email);
    CHECK(row["confidence"] == (people[i]->domain_kind == sandbox::DomainKind::catch_all ? 50 : 95));
    emails.push_back({{"email", people[i]->email}});
  }
  CHECK(found.credits_spent() == charged);
  for (const char* extra : {"someone@gmail.com", "throwaway@mailinator.com", "nobody@unknown-domain.example", "not-an-email"})
    emails.push_back({{"email", extra}});

  auto verified = sandbox.run("verify_email", {{"items", emails}});
  REQUIRE(verified.succeeded());
  for (std::size_t i = 0; i < emails.size(); ++i) {
    const auto email = emails[i]["email"].get<std::string>();
    CAPTURE(email);
    const auto [status, reason] = expected_verification(sandbox.world().verdict_of(email));
    CHECK(verified.result()["items"][i]["status"] == status);
    CHECK(verified.result()["items"][i]["reason"] == reason);
  }
  CHECK(verified.credits_spent() == emails.size());
  CHECK(sandbox.charged() == charged + static_cast<int>(emails.size()));
}

TEST_CASE("a batch cancelled after its submit and resumed from the checkpoint is submitted once") {
  Sandbox sandbox;
  const auto people = sandbox.people(offered, 20);
  const auto input = batch_of(people, by_name);
  RunOptions cancel_in_sleep;
  cancel_in_sleep.cancel_after = 3;  // submit, checkpoint, sleep
  auto interrupted = sandbox.run("enrich_person", input, cancel_in_sleep);
  CHECK(interrupted.fail_code() == "cancelled");
  REQUIRE(interrupted.checkpoints().size() == 1);

  RunOptions resume;
  resume.checkpoint = interrupted.checkpoints()[0];
  auto resumed = sandbox.run("enrich_person", input, resume);
  REQUIRE(resumed.succeeded());
  CHECK(sandbox.observed()["submits"] == 1);
  for (std::size_t i = 0; i < people.size(); ++i) CHECK(resumed.result()["items"][i]["email"] == people[i]->email);
  CHECK(resumed.credits_spent() == 20);
  CHECK(sandbox.charged() == 20);
}

TEST_CASE("a batch the account cannot cover fails out_of_credits and costs nothing") {
  Sandbox sandbox({.time_scale = time_scale, .credits = 10, .job_ms = 0});
  auto t = sandbox.run("enrich_person", batch_of(sandbox.people(anyone, 11), by_name));
  CHECK(t.fail_code() == "out_of_credits");
  CHECK(t.result()["provider_status"] == 403);
  CHECK(sandbox.charged() == 0);
  auto fits = sandbox.run("enrich_person", batch_of(sandbox.people(anyone, 10), by_name));
  CHECK(fits.succeeded());
}
