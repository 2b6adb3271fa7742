// The Snov.io simulator answers as Snov.io documents, seen by a plain HTTP client.
#include "snov_simulator.hpp"
#include "email_verifier.hpp"

#include <leadflow/sandbox/form_encoding.hpp>
#include <leadflow/sandbox/loopback_client.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <thread>

using namespace leadflow;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;
using nlohmann::json;

namespace {

constexpr double fast = 2000.0;  // a virtual minute takes 30 ms

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::string token;

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = fast}, snov_sim::SimulatorSettings settings = {})
      : simulator("snov", options, snov_sim::routes_with(settings)), client((simulator.start(), simulator.server().port())) {
    token = client.post_form("/v1/oauth/access_token", {{"grant_type", "client_credentials"},
                                                        {"client_id", std::string(snov_sim::client_id)},
                                                        {"client_secret", std::string(snov_sim::client_secret)}})
                .json()
                .value("access_token", "");
  }

  std::map<std::string, std::string> bearer() const { return {{"Authorization", "Bearer " + token}}; }
  const sandbox::FakeWorld& world() { return simulator.context().world; }
  ClientResponse post(const std::string& path, const std::map<std::string, std::string>& form) { return client.post_form(path, form, bearer()); }
  ClientResponse get(const std::string& path) { return client.get(path, bearer()); }
  std::int64_t charged() { return client.get("/_sandbox/ledger").json()["total"]; }
  void wait_virtual_ms(std::int64_t ms) { std::this_thread::sleep_for(simulator.context().clock.real_duration(ms)); }

  const sandbox::Person& someone(const std::function<bool(const sandbox::Person&)>& wanted) {
    for (const auto& person : world().people())
      if (wanted(person)) return person;
    throw std::runtime_error("the fake world has nobody like that");
  }
  const sandbox::Company& company_with_people() {
    for (const auto& company : world().companies())
      if (company.kind == sandbox::DomainKind::normal && company.employees.size() >= 5) return company;
    throw std::runtime_error("no company with people");
  }

  // Reads a v2 result URL (absolute) until it is completed.
  json completed(const std::string& url) {
    const auto path = url.substr(url.find('/', std::string("http://").size()));
    for (int i = 0; i < 100; ++i) {
      auto body = get(path).json();
      if (body["status"] == "completed") return body;
      CHECK(body["status"] == "in progress");
      wait_virtual_ms(1000);
    }
    FAIL("the task was still in progress after 100 virtual seconds");
    return {};
  }
};

bool findable_at(const sandbox::Person& p, sandbox::DomainKind kind) { return p.findable && p.domain_kind == kind; }

}  // namespace

TEST_CASE("the token endpoint issues a Bearer token for an hour and refuses wrong credentials") {
  RunningSimulator sim;
  const auto answer = sim.client.post_form("/v1/oauth/access_token", {{"grant_type", "client_credentials"},
                                                                       {"client_id", std::string(snov_sim::client_id)},
                                                                       {"client_secret", std::string(snov_sim::client_secret)}});
  REQUIRE(answer.status == 200);
  CHECK(answer.json()["token_type"] == "Bearer");
  CHECK(answer.json()["expires_in"] == 3600);
  CHECK(answer.json()["access_token"].get<std::string>().size() == 40);
  const auto wrong = sim.client.post_form("/v1/oauth/access_token", {{"grant_type", "client_credentials"},
                                                                      {"client_id", std::string(snov_sim::client_id)},
                                                                      {"client_secret", "guess"}});
  CHECK(wrong.status == 401);
  CHECK(sim.client.get("/v1/get-balance").status == 401);
  CHECK(sim.get("/v1/get-balance").status == 200);
  // The v1 samples pass the token as access_token instead of the header.
  CHECK(sim.client.get("/v1/get-balance?access_token=" + sim.token).status == 200);
}

TEST_CASE("a token is refused with 401 once expires_in has passed") {
  RunningSimulator sim({.time_scale = 100}, {.token_lifetime_s = 20});
  REQUIRE(sim.get("/v1/get-balance").status == 200);
  sim.wait_virtual_ms(25'000);
  const auto expired = sim.get("/v1/get-balance");
  CHECK(expired.status == 401);
  CHECK(expired.json()["success"] == false);
}

TEST_CASE("the finder knows nothing until the name is added, then searches for a while and finds the true email") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  const std::map<std::string, std::string> name{{"firstName", person.first_name}, {"lastName", person.last_name}, {"domain", person.domain}};
  auto before = sim.post("/v1/get-emails-from-names", name).json();
  CHECK(before["status"]["identifier"] == "not_found");
  CHECK(before["data"]["emails"].empty());
  CHECK(sim.charged() == 0);

  const auto added = sim.post("/v1/add-names-to-find-emails", name).json();
  CHECK(added["sent"] == true);
  CHECK(sim.charged() == 1);
  CHECK(sim.post("/v1/get-emails-from-names", name).json()["status"]["identifier"] == "in_progress");
  sim.wait_virtual_ms(61'000);
  const auto after = sim.post("/v1/get-emails-from-names", name).json();
  CHECK(after["status"]["identifier"] == "complete");
  CHECK(after["data"]["emails"][0]["email"] == person.email);
  CHECK(after["data"]["emails"][0]["emailStatus"] == "valid");
  CHECK(sim.charged() == 1);  // the finder itself is free
}

TEST_CASE("the verifier answers not_verified until the email is added, charges 1 per added email, and maps the world's verdict") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal && !p.greylisted && p.mailbox == sandbox::MailboxState::active; });
  const auto bogus = "nobody-here@" + person.domain;
  const auto query = "?emails%5B0%5D=" + sandbox::percent_encode(person.email) + "&emails%5B1%5D=" + sandbox::percent_encode(bogus);
  auto before = sim.client.request("POST", "/v1/get-emails-verification-status" + query, "", sim.bearer()).json();
  CHECK(before[person.email]["status"]["identifier"] == "not_verified");
  CHECK(before[bogus]["status"]["identifier"] == "not_verified");
  CHECK(sim.charged() == 0);

  CHECK(sim.client.request("POST", "/v1/add-emails-to-verification" + query, "", sim.bearer()).json()["sent"] == true);
  CHECK(sim.charged() == 2);
  sim.wait_virtual_ms(26'000);
  auto after = sim.client.request("POST", "/v1/get-emails-verification-status" + query, "", sim.bearer()).json();
  CHECK(after[person.email]["status"]["identifier"] == "complete");
  CHECK(after[person.email]["data"]["smtpStatus"] == "valid");
  CHECK(after[bogus]["data"]["smtpStatus"] == "not_valid");
  CHECK(after[bogus]["data"]["isValidFormat"] == true);
}

TEST_CASE("add-emails-to-verification takes at most 10 emails per request") {
  RunningSimulator sim;
  std::map<std::string, std::string> form;
  for (int i = 0; i < 11; ++i) form["emails[" + std::to_string(i) + "]"] = "a" + std::to_string(i) + "@example.com";
  const auto answer = sim.post("/v1/add-emails-to-verification", form).json();
  CHECK(answer["success"] == false);
  CHECK(sim.charged() == 0);
}

TEST_CASE("a greylisted mailbox answers greylisted first and is charged only when its final status is known") {
  RunningSimulator sim;
  const auto& person = sim.someone([](auto& p) { return p.greylisted && p.domain_kind == sandbox::DomainKind::normal; });
  const std::map<std::string, std::string> form{{"emails[0]", person.email}};
  sim.post("/v1/add-emails-to-verification", form);
  CHECK(sim.charged() == 0);
  sim.wait_virtual_ms(26'000);
  CHECK(sim.post("/v1/get-emails-verification-status", form).json()[person.email]["data"]["smtpStatus"] == "greylisted");
  CHECK(sim.charged() == 0);
  sim.wait_virtual_ms(snov_sim::greylist_ms);
  CHECK(sim.post("/v1/get-emails-verification-status", form).json()[person.email]["data"]["smtpStatus"] != "greylisted");
  CHECK(sim.charged() == 1);
}

TEST_CASE("past the plan's hourly finder cap the finder answers too many prospects processing") {
  RunningSimulator sim({.time_scale = 1.0}, {.plan = {.finder_requests_per_hour = 2, .verifier_emails_per_hour = 500}});
  const std::map<std::string, std::string> name{{"firstName", "Ada"}, {"lastName", "Lovelace"}, {"domain", "example.com"}};
  CHECK(sim.post("/v1/get-emails-from-names", name).json()["success"] == true);
  CHECK(sim.post("/v1/get-emails-from-names", name).json()["success"] == true);
  const auto refused = sim.post("/v1/get-emails-from-names", name).json();
  CHECK(refused["success"] == false);
  CHECK(refused["message"] == std::string(snov_sim::too_many_prospects));
}

TEST_CASE("more than 60 requests in a minute are refused with 429") {
  RunningSimulator sim({.time_scale = 1.0});
  int refused = 0;
  for (int i = 0; i < 61; ++i) refused += sim.get("/v1/get-balance").status == 429 ? 1 : 0;
  CHECK(refused == 1);  // the token request counted as one of the 60
}

TEST_CASE("the domain search is in progress for a while, then gives company info and charges once per unique request") {
  RunningSimulator sim;
  const auto& company = sim.company_with_people();
  const auto started = sim.post("/v2/domain-search/start", {{"domain", company.domain}}).json();
  CHECK(started["meta"]["task_hash"].get<std::string>().size() == 32);
  const auto result = sim.completed(started["links"]["result"]);
  CHECK(result["data"]["company_name"] == company.name);
  CHECK(result["data"]["industry"] == company.industry);
  CHECK(result["meta"]["prospects_count"] == company.employees.size());
  CHECK(result["meta"]["generic_contacts_count"] == company.generic_emails.size());
  CHECK(sim.charged() == 1);
  sim.post("/v2/domain-search/start", {{"domain", company.domain}});
  CHECK(sim.charged() == 1);
}

TEST_CASE("prospects are filtered by positions and each prospect's email search finds the true email") {
  RunningSimulator sim;
  const auto& company = sim.company_with_people();
  const auto& person = sim.world().people()[company.employees[0]];
  const auto started = sim.post("/v2/domain-search/prospects/start", {{"domain", company.domain}, {"positions[0]", person.title}}).json();
  const auto page = sim.completed(started["links"]["result"]);
  REQUIRE(!page["data"].empty());
  for (const auto& prospect : page["data"]) CHECK(prospect["position"] == person.title);
  CHECK(page["meta"]["total_count"] == page["data"].size());
  CHECK(page["links"]["next"] == "");
  const auto& first = page["data"][0];
  const auto start_url = first["search_emails_start"].get<std::string>();
  const auto search = sim.client.request("POST", start_url.substr(start_url.find("/v2/")), "", sim.bearer()).json();
  const auto emails = sim.completed(search["links"]["result"]);
  const auto* found = sim.world().find_person(first["first_name"].get<std::string>(), first["last_name"].get<std::string>(), company.domain);
  REQUIRE(found);
  if (found->findable) CHECK(emails["data"]["emails"][0]["email"] == found->email);
  else CHECK(emails["data"]["emails"].empty());
}

TEST_CASE("domain emails and generic contacts list the company's addresses") {
  RunningSimulator sim;
  const auto& company = sim.company_with_people();
  const auto started = sim.post("/v2/domain-search/generic-contacts/start", {{"domain", company.domain}}).json();
  CHECK(started["meta"]["tab"] == "service");
  const auto result = sim.completed(started["links"]["result"]);
  CHECK(result["data"].size() == company.generic_emails.size());
  CHECK(result["meta"]["next"] == "");
  const auto emails = sim.completed(sim.post("/v2/domain-search/domain-emails/start", {{"domain", company.domain}}).json()["links"]["result"]);
  for (const auto& entry : emails["data"]) CHECK(sim.world().person_by_email(entry["email"].get<std::string>())->findable);
}

TEST_CASE("a prospect added to the list of an active campaign becomes a recipient who is sent the first email") {
  RunningSimulator sim;
  const auto added = sim.post("/v1/add-prospect-to-list", {{"email", "ada@example.com"}, {"firstName", "Ada"}, {"lastName", "Lovelace"},
                                                           {"listId", "1818597"}, {"customFields[company]", "Acme"}, {"socialLinks[linkedIn]", "https://www.linkedin.com/in/ada"}})
                         .json();
  CHECK(added["success"] == true);
  CHECK(added["added"] == true);
  CHECK(added["updated"] == false);
  sim.wait_virtual_ms(61'000);
  const auto sent = sim.get("/v1/emails-sent?campaignId=237945").json();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["userEmail"] == "ada@example.com");
  CHECK(sim.get("/v2/campaigns/237945/progress").json()["unfinished"] == 1);
  const auto again = sim.post("/v1/add-prospect-to-list", {{"email", "ada@example.com"}, {"listId", "1818597"}, {"position", "CEO"}, {"updateContact", "true"}}).json();
  CHECK(again["added"] == false);
  CHECK(again["updated"] == true);
  const auto unknown_field = sim.post("/v1/add-prospect-to-list", {{"email", "bob@example.com"}, {"listId", "1818597"}, {"customFields[nope]", "x"}}).json();
  CHECK(unknown_field["success"] == false);
}

TEST_CASE("webhooks can be added, deactivated, listed and deleted") {
  RunningSimulator sim;
  auto headers = sim.bearer();
  headers["Content-Type"] = "application/json";
  const auto added = sim.client.request("POST", "/v2/webhooks", json{{"event_object", "campaign_email"}, {"event_action", "sent"}, {"endpoint_url", "https://example.com/hook"}}.dump(), headers);
  REQUIRE(added.status == 200);
  const auto id = added.json()["data"]["id"].get<std::int64_t>();
  CHECK(sim.client.request("PUT", "/v2/webhooks/" + std::to_string(id), json{{"status", "deactivated"}}.dump(), headers).json()["data"]["status"] == "deactivated");
  CHECK(sim.get("/v2/webhooks").json()["meta"]["webhooks_count"] == 1);
  CHECK(sim.client.request("DELETE", "/v2/webhooks/" + std::to_string(id), "", headers).json()["data"]["success"] == true);
  CHECK(sim.get("/v2/webhooks").json()["data"].empty());
  CHECK(sim.client.request("POST", "/v2/webhooks", json{{"event_object", "campaign_email"}, {"event_action", "exploded"}, {"endpoint_url", "https://x.y"}}.dump(), headers).status == 422);
}

TEST_CASE("the simulator reports the tokens it issued and refused, and the cap refusals, under /_sandbox/snov") {
  RunningSimulator sim({.time_scale = 1.0}, {.plan = {.finder_requests_per_hour = 0, .verifier_emails_per_hour = 500}});
  sim.client.get("/v1/get-balance");
  sim.post("/v1/get-emails-from-names", {{"firstName", "Ada"}, {"lastName", "Lovelace"}, {"domain", "example.com"}});
  const auto observed = sim.client.get(std::string(snov_sim::observed_path)).json();
  CHECK(observed["tokens_issued"] == 1);
  CHECK(observed["expired_or_unknown_tokens_refused"] == 1);
  CHECK(observed["hourly_cap_refusals"] == 1);
  CHECK(sim.simulator.announcement()["observe"][0] == std::string(snov_sim::observed_path));
}
