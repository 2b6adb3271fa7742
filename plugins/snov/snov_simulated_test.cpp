// The Snov.io plugin against its simulator, in one process: the scripted host forwards every
// request the plugin makes to the simulator over loopback, and its clock follows the
// simulator's virtual time. One test (at least) per endpoint of the README's coverage table;
// results are compared with the fake world's truth and credits with the simulator's ledger.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>
#include <leadflow/sandbox/loopback_client.hpp>

#include "email_verifier.hpp"
#include "snov_simulator.hpp"

#include <functional>
#include <set>
#include <thread>

namespace sdk = leadflow::sdk;
namespace sandbox = leadflow::sandbox;
namespace snov_sim = leadflow::snov_sim;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::SentRequest;
using sdk::testing::Transcript;

namespace {

constexpr double fast = 2000.0;  // a virtual minute takes 30 ms

// The plugin, the scripted host and the simulator, wired together.
struct SimulatedSnov {
  sandbox::Simulator simulator;
  sandbox::LoopbackClient client;
  sdk::testing::ScriptedHost host;
  std::vector<std::string> paths;  // every request the plugin sent, "METHOD /path"

  explicit SimulatedSnov(json config = json::object(), sandbox::SimulatorOptions options = {.time_scale = fast},
                         snov_sim::SimulatorSettings settings = {})
      : simulator("snov", options, snov_sim::routes_with(settings)),
        client((simulator.start(), simulator.server().port())),
        host(sdk::testing::linked_plugin(), simulator.context().clock.virtual_now_ms()) {
    json full = simulator.announcement()["config"];
    full["base_url"] = simulator.base_url();
    full["task_poll_ms"] = 2000;
    full.update(config);
    REQUIRE_MESSAGE(host.create_instance(full) == LF_OK, host.last_error());
  }

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  std::int64_t ledger_total() { return client.get("/_sandbox/ledger").json()["total"]; }
  void let_virtual_time_pass(std::int64_t ms) { std::this_thread::sleep_for(simulator.context().clock.real_duration(ms)); }

  // Sends the plugin's request to the simulator once the simulator's clock has caught up with
  // the host's (which jumps forward on every sleep).
  Reply forward(const SentRequest& request) {
    const auto lag = host.now_unix_ms() - simulator.context().clock.virtual_now_ms();
    if (lag > 0) std::this_thread::sleep_for(simulator.context().clock.real_duration(lag));
    const auto origin = simulator.base_url();
    REQUIRE(request.url.starts_with(origin));
    const auto target = request.url.substr(origin.size());
    paths.push_back(request.method + " " + target.substr(0, target.find('?')));
    std::map<std::string, std::string> headers;
    for (const auto& h : request.headers) headers[h.name] = h.value;
    const auto answer = client.request(request.method, target, request.body, headers);
    std::vector<sdk::Header> reply_headers;
    for (const auto& [name, value] : answer.headers) reply_headers.push_back({name, value});
    return Reply::with_status(answer.status, answer.body, reply_headers);
  }

  Transcript run(std::string_view capability, const json& input, const sdk::testing::RunOptions& options = {}) {
    auto t = host.run(capability, input, [this](const SentRequest& r) { return forward(r); }, options);
    CHECK_MESSAGE(t.error == "", t.error);
    return t;
  }

  bool sent(const std::string& method_and_path) const {
    return std::find(paths.begin(), paths.end(), method_and_path) != paths.end();
  }
  std::size_t count(const std::string& method_and_path) const { return std::count(paths.begin(), paths.end(), method_and_path); }

  const sandbox::Person& someone(const std::function<bool(const sandbox::Person&)>& wanted) {
    for (const auto& person : world().people())
      if (wanted(person)) return person;
    throw std::runtime_error("the fake world has nobody like that");
  }
  const sandbox::Company& company(const std::function<bool(const sandbox::Company&)>& wanted) {
    for (const auto& c : world().companies())
      if (wanted(c)) return c;
    throw std::runtime_error("the fake world has no company like that");
  }
};

bool findable_at(const sandbox::Person& p, sandbox::DomainKind kind) { return p.findable && p.domain_kind == kind; }

json name_of(const sandbox::Person& person) {
  return {{"first_name", person.first_name}, {"last_name", person.last_name}, {"domain", person.domain}};
}

// README's mapping of the world's verdicts through Snov's codes.
std::pair<std::string, std::string> expected_verification(const sandbox::EmailVerdict& verdict) {
  using Kind = sandbox::EmailVerdict::Kind;
  if (verdict.disposable) return {"risky", "disposable"};
  switch (verdict.kind) {
    case Kind::deliverable: return {"deliverable", "valid"};
    case Kind::mailbox_full: return {"unknown", "other"};
    case Kind::mailbox_disabled:
    case Kind::no_such_user: return {"undeliverable", "no_such_user"};
    case Kind::catch_all: return {"risky", "catch_all"};
    case Kind::domain_nonexistent: return {"undeliverable", "domain_nonexistent"};
    case Kind::syntax_error: return {"undeliverable", "syntax_error"};
  }
  return {"", ""};
}

// Options whose virtual clock starts 5 s after an hour begins, so that an hourly cap spent in
// the first virtual minutes resets a long wait later: anchor + (real - anchor) * scale = hour + 5 s.
sandbox::SimulatorOptions starting_an_hour(sandbox::SimulatorOptions options) {
  const long double real = sandbox::ScaledClock::real_unix_ms();
  const long double target = (static_cast<std::int64_t>(real) / 3'600'000 + 1) * 3'600'000LL + 5'000;
  options.epoch_anchor_ms = static_cast<std::int64_t>((target - real * options.time_scale) / (1 - options.time_scale));
  return options;
}

}  // namespace

TEST_CASE("find_email pushes an unknown name, polls with backoff and finds the true email for 1 credit") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto t = snov.run("find_email", name_of(person));
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["email"] == person.email);
  CHECK(t.result()["confidence"] == 90);
  CHECK(t.result()["email_status"] == "deliverable");
  CHECK(t.credits_spent() == snov.ledger_total());
  CHECK(t.credits_spent() == 1);
  CHECK(snov.count("POST /v1/oauth/access_token") == 1);
  CHECK(snov.count("POST /v1/add-names-to-find-emails") == 1);
  CHECK(snov.count("POST /v1/get-emails-from-names") >= 2);
  CHECK(t.checkpoints() == std::vector<json>{{{"names_added", true}}});
  const auto sleeps = t.sleeps();
  REQUIRE(sleeps.size() >= 2);
  CHECK(sleeps[1] == 2 * sleeps[0]);  // backoff
}

TEST_CASE("find_email of a person nobody can find ends not_found once the finder's wait is over") {
  SimulatedSnov snov(json{{"finder_max_wait_ms", 150000}});
  const auto& person = snov.someone([](auto& p) { return !p.findable && p.domain_kind == sandbox::DomainKind::normal; });
  auto t = snov.run("find_email", name_of(person));
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "not_found");
  CHECK(t.credits_spent() == 1);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("find_email resumed after add-names polls without pushing (and paying) again") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto first = snov.run("find_email", name_of(person), {.cancel_after = 5});  // token, lookup, push, checkpoint, sleep
  REQUIRE(first.checkpoints().size() == 1);
  auto resumed = snov.run("find_email", name_of(person), {.checkpoint = first.checkpoints()[0]});
  REQUIRE(resumed.succeeded());
  CHECK(resumed.result()["email"] == person.email);
  CHECK(snov.count("POST /v1/add-names-to-find-emails") == 1);
  CHECK(resumed.credits_spent() == snov.ledger_total());
}

TEST_CASE("a token that expires mid-run is refreshed and no row fails") {
  SimulatedSnov snov(json::object(), {.time_scale = fast}, {.token_lifetime_s = 90});
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto t = snov.run("find_email", name_of(person));
  REQUIRE(t.succeeded());
  CHECK(t.result()["email"] == person.email);
  CHECK(snov.count("POST /v1/oauth/access_token") >= 2);
}

TEST_CASE("a token the provider already considers expired gets one 401, a fresh token and a resend") {
  SimulatedSnov snov(json{{"token_refresh_margin_ms", 0}}, {.time_scale = fast}, {.token_lifetime_s = 30});
  auto first = snov.run("account", json::object());
  REQUIRE(first.succeeded());
  snov.let_virtual_time_pass(40'000);  // the host's clock stays behind: the plugin still trusts its token
  auto second = snov.run("account", json::object());
  REQUIRE(second.succeeded());
  CHECK(snov.count("POST /v1/oauth/access_token") == 2);
  CHECK(snov.count("GET /v1/get-balance") == 3);
}

TEST_CASE("verify_email maps every verdict of the world through smtpStatus and its flags, 1 credit per pushed address") {
  SimulatedSnov snov;
  const auto& active = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal && p.mailbox == sandbox::MailboxState::active && !p.greylisted; });
  const auto& full = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal && p.mailbox == sandbox::MailboxState::full && !p.greylisted; });
  const auto& disabled = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal && p.mailbox == sandbox::MailboxState::disabled && !p.greylisted; });
  const auto& catch_all = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::catch_all && !p.greylisted; });
  const auto& nowhere = snov.company([](auto& c) { return c.kind == sandbox::DomainKind::nonexistent; });
  const std::vector<std::string> addresses{active.email, full.email, disabled.email, "nobody-at-all@" + active.domain, catch_all.email,
                                           "someone@" + nowhere.domain, "not an address", "throwaway@mailinator.com", "Ada@gmail.com"};
  json items = json::array();
  for (const auto& address : addresses) items.push_back({{"email", address}});
  auto t = snov.run("verify_email", {{"items", items}});
  REQUIRE(t.succeeded());
  const auto& results = t.result()["items"];
  REQUIRE(results.size() == addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const auto expected = expected_verification(snov.world().verdict_of(addresses[i]));
    CHECK_MESSAGE(results[i]["status"] == expected.first, addresses[i]);
    CHECK_MESSAGE(results[i]["reason"] == expected.second, addresses[i]);
  }
  CHECK(results[4]["catch_all"] == true);
  CHECK(results[6]["syntax_ok"] == false);
  CHECK(results[7]["disposable"] == true);
  CHECK(results[8]["free"] == true);
  CHECK(t.credits_spent() == addresses.size());
  CHECK(t.credits_spent() == snov.ledger_total());
  CHECK(snov.count("POST /v1/add-emails-to-verification") == 1);
  CHECK(t.checkpoints().size() == 1);
}

TEST_CASE("verify_email asks again later about a greylisted address instead of reporting it") {
  SimulatedSnov snov(json{{"greylist_retry_ms", 900000}});
  const auto& person = snov.someone([](auto& p) { return p.greylisted && p.domain_kind == sandbox::DomainKind::normal && p.mailbox == sandbox::MailboxState::active; });
  auto t = snov.run("verify_email", {{"items", json::array({{{"email", person.email}}})}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["items"][0]["status"] == "deliverable");
  CHECK(t.result()["items"][0]["provider_status"] == "valid");
  const auto sleeps = t.sleeps();
  CHECK(std::find(sleeps.begin(), sleeps.end(), 900000u) != sleeps.end());
  CHECK(t.credits_spent() == 1);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("verify_email reports unknown / greylisted when the greylist outlasts its wait, and is not charged for it") {
  SimulatedSnov snov(json{{"greylist_retry_ms", 600000}, {"greylist_max_wait_ms", 600000}});
  const auto& person = snov.someone([](auto& p) { return p.greylisted && p.domain_kind == sandbox::DomainKind::normal; });
  auto t = snov.run("verify_email", {{"items", json::array({{{"email", person.email}}})}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["items"][0]["status"] == "unknown");
  CHECK(t.result()["items"][0]["reason"] == "greylisted");
  CHECK(t.credits_spent() == 0);
  CHECK(snov.ledger_total() == 0);
}

TEST_CASE("an address Snov already verified costs nothing") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal && !p.greylisted; });
  const json input{{"items", json::array({{{"email", person.email}}})}};
  auto first = snov.run("verify_email", input);
  auto second = snov.run("verify_email", input);
  REQUIRE(second.succeeded());
  CHECK(second.credits_spent() == 0);
  CHECK(second.result()["items"][0]["status"] == first.result()["items"][0]["status"]);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("find_domain_emails prospects a domain by position, every page, with each prospect's email, as the world has them") {
  SimulatedSnov snov;
  const auto& company = snov.company([](auto& c) { return c.kind == sandbox::DomainKind::normal && c.employees.size() >= 5; });
  const auto title = snov.world().people()[company.employees[0]].title;
  auto t = snov.run("find_domain_emails", {{"domain", company.domain}, {"positions", title}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["company"]["name"] == company.name);
  CHECK(t.result()["company"]["industry"] == company.industry);
  std::set<std::string> expected, got;
  for (const auto index : company.employees) {
    const auto& person = snov.world().people()[index];
    if (person.title.find(title) != std::string::npos) expected.insert(person.full_name() + "|" + (person.findable ? person.email : ""));
  }
  for (const auto& person : t.result()["people"]) {
    CHECK(person["position"].get<std::string>().find(title) != std::string::npos);
    got.insert(person["full_name"].get<std::string>() + "|" + person.value("email", ""));
  }
  CHECK(got == expected);
  CHECK(t.result()["total"] == expected.size());
  CHECK(snov.sent("POST /v2/domain-search/start"));
  CHECK(snov.sent("POST /v2/domain-search/prospects/start"));
  CHECK(t.credits_spent() == snov.ledger_total());
  // Searching again is "the same unique request": no credit.
  auto again = snov.run("find_domain_emails", {{"domain", company.domain}, {"positions", title}});
  CHECK(again.credits_spent() == 0);
  CHECK(snov.ledger_total() == t.credits_spent());
}

TEST_CASE("find_domain_emails without positions adds the domain's emails and generic contacts, up to the limit") {
  SimulatedSnov snov;
  const auto& company = snov.company([](auto& c) { return c.kind == sandbox::DomainKind::normal && !c.generic_emails.empty(); });
  auto everyone = snov.run("find_domain_emails", {{"domain", company.domain}});
  REQUIRE(everyone.succeeded());
  std::size_t generic = 0;
  for (const auto& person : everyone.result()["people"]) generic += person["type"] == "generic" ? 1 : 0;
  CHECK(generic == company.generic_emails.size());
  CHECK(everyone.result()["people"].size() == company.employees.size() + company.generic_emails.size());
  CHECK(snov.sent("POST /v2/domain-search/domain-emails/start"));
  CHECK(snov.sent("POST /v2/domain-search/generic-contacts/start"));
  CHECK(everyone.credits_spent() == snov.ledger_total());

  auto limited = snov.run("find_domain_emails", {{"domain", company.domain}, {"limit", "3"}});
  CHECK(limited.result()["people"].size() == 3);
}

TEST_CASE("an unknown domain gives not_found and costs nothing") {
  SimulatedSnov snov;
  auto t = snov.run("find_domain_emails", {{"domain", "no-such-company.example"}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "not_found");
  CHECK(t.credits_spent() == 0);
  CHECK(snov.ledger_total() == 0);
}

TEST_CASE("snov.company_info and snov.email_count read the domain search and the free count") {
  SimulatedSnov snov;
  const auto& company = snov.company([](auto& c) { return c.kind == sandbox::DomainKind::normal; });
  auto info = snov.run("snov.company_info", {{"domain", "https://www." + company.domain + "/about"}});
  REQUIRE(info.succeeded());
  CHECK(info.result()["company"]["name"] == company.name);
  CHECK(info.result()["prospects_count"] == company.employees.size());
  CHECK(info.credits_spent() == 1);
  auto count = snov.run("snov.email_count", {{"domain", company.domain}});
  REQUIRE(count.succeeded());
  std::size_t findable = 0;
  for (const auto index : company.employees) findable += snov.world().people()[index].findable ? 1 : 0;
  CHECK(count.result()["count"] == findable);
  CHECK(count.result()["webmail"] == false);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("enrich_person by email returns the person's job and company, and an unknown address is free") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal; });
  auto t = snov.run("enrich_person", {{"email", person.email}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["title"] == person.title);
  CHECK(t.result()["company"] == person.company);
  CHECK(t.result()["linkedin_url"] == person.linkedin_url);
  CHECK(t.result()["domain"] == person.domain);
  CHECK(t.credits_spent() == 1);
  auto unknown = snov.run("enrich_person", {{"email", "nobody@nowhere.example"}});
  CHECK(unknown.result()["status"] == "not_found");
  CHECK(unknown.credits_spent() == 0);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("enrich_person by LinkedIn URL pushes the URL, then polls get-emails-from-url for the profile and email") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto t = snov.run("enrich_person", {{"linkedin_url", person.linkedin_url}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["email"] == person.email);
  CHECK(t.result()["full_name"] == person.full_name());
  CHECK(t.checkpoints() == std::vector<json>{{{"url_added", true}}});
  CHECK(snov.sent("POST /v1/add-url-for-search"));
  CHECK(snov.sent("POST /v1/get-emails-from-url"));
  CHECK(t.credits_spent() == 1);
  CHECK(snov.ledger_total() == 1);
}

TEST_CASE("add_to_list creates a missing list once, then adds and updates prospects in it") {
  SimulatedSnov snov;
  auto first = snov.run("add_to_list", {{"list", "Leadflow prospects"}, {"email", "ada@acme.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"},
                                        {"custom_fields", R"({"company": "Acme"})"}, {"linkedin_url", "https://www.linkedin.com/in/ada"}});
  REQUIRE(first.succeeded());
  CHECK(first.result()["status"] == "added");
  const auto list_id = first.result()["list_id"];
  auto second = snov.run("add_to_list", {{"list", "leadflow PROSPECTS"}, {"email", "bob@acme.example"}});
  CHECK(second.result()["list_id"] == list_id);
  auto again = snov.run("add_to_list", {{"list_id", list_id.dump()}, {"email", "ada@acme.example"}, {"position", "CTO"}, {"update", "true"}});
  CHECK(again.result()["status"] == "updated");
  CHECK(snov.count("POST /v1/lists") == 1);
  CHECK(snov.count("GET /v1/get-user-lists") == 1);

  auto lists = snov.run("snov.lists", json::object());
  bool listed = false;
  for (const auto& list : lists.result()["lists"]) listed |= list["id"] == list_id && list["contacts"] == 2;
  CHECK(listed);
  auto members = snov.run("snov.list_prospects", {{"list_id", list_id.dump()}});
  REQUIRE(members.result()["prospects"].size() == 2);
  CHECK(members.result()["prospects"][0]["emails"][0]["email"] == "bob@acme.example");  // newest first
  auto by_id = snov.run("snov.prospect_by_id", {{"id", first.result()["prospect_id"]}});
  CHECK(by_id.result()["status"] == "found");
  CHECK(by_id.result()["prospect"]["customFields"]["company"] == "Acme");
  auto by_email = snov.run("snov.prospects_by_email", {{"email", "ada@acme.example"}});
  CHECK(by_email.result()["count"] == 1);
  CHECK(snov.run("snov.prospect_by_id", {{"id", "nope"}}).result()["status"] == "not_found");
  auto fields = snov.run("snov.custom_fields", json::object());
  CHECK(fields.result()["count"] == 3);
  auto bad_field = snov.run("add_to_list", {{"list_id", list_id.dump()}, {"email", "eve@acme.example"}, {"custom_fields", R"({"nope": "x"})"}});
  CHECK(bad_field.fail_code() == "invalid_input");
  auto created = snov.run("snov.create_list", {{"name", "Another"}});
  CHECK(created.result()["list_id"].get<std::int64_t>() > 0);
}

TEST_CASE("add_to_campaign feeds the campaign's list, which starts the campaign that the campaign operations then see") {
  SimulatedSnov snov;
  auto campaigns = snov.run("snov.campaigns", json::object());
  REQUIRE(campaigns.result()["count"] == 2);
  auto added = snov.run("add_to_campaign", {{"campaign", "Sandbox outreach"}, {"email", "ada@acme.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"}});
  REQUIRE(added.succeeded());
  CHECK(added.result()["campaign_id"] == 237945);
  CHECK(added.result()["list_id"] == 1818597);
  CHECK(added.result()["campaign_status"] == "Active");
  snov.let_virtual_time_pass(120'000);
  auto sent = snov.run("snov.sent_emails", {{"campaign_id", "237945"}});
  REQUIRE(sent.result()["count"] == 1);
  CHECK(sent.result()["emails"][0]["userEmail"] == "ada@acme.example");
  auto progress = snov.run("snov.campaign_progress", {{"campaign_id", "237945"}});
  CHECK(progress.result()["unfinished"] == 1);
  auto analytics = snov.run("snov.campaign_analytics", {{"campaign_id", "237945"}});
  CHECK(analytics.result()["emails_sent"] == 1);
  auto paused = snov.run("snov.change_recipient_status", {{"email", "ada@acme.example"}, {"campaign_id", "237945"}, {"status", "Paused"}});
  CHECK(paused.succeeded());
  CHECK(snov.run("snov.campaign_progress", {{"campaign_id", "237945"}}).result()["unfinished"] == 0);
  CHECK(snov.run("add_to_campaign", {{"campaign", "No such"}, {"email", "x@y.example"}}).fail_code() == "invalid_input");
}

TEST_CASE("a finished campaign lists its completed prospects, replies, opens and clicks") {
  SimulatedSnov snov(json::object(), {.time_scale = 400'000}, {.token_lifetime_s = 100'000'000});
  for (int i = 0; i < 12; ++i) snov.run("add_to_campaign", {{"campaign_id", "237945"}, {"email", "p" + std::to_string(i) + "@acme.example"}});
  snov.let_virtual_time_pass(4LL * 86'400'000);
  auto completed = snov.run("snov.completed_prospects", {{"campaign_id", "237945"}});
  CHECK(completed.result()["count"] == 12);
  const auto replies = snov.run("snov.campaign_replies", {{"campaign_id", "237945"}}).result()["count"].get<int>();
  const auto opens = snov.run("snov.campaign_opens", {{"campaign_id", "237945"}}).result()["count"].get<int>();
  const auto clicks = snov.run("snov.campaign_clicks", {{"campaign_id", "237945"}}).result()["count"].get<int>();
  CHECK(replies > 0);
  CHECK(opens > 0);
  CHECK(clicks >= 0);
  auto analytics = snov.run("snov.campaign_analytics", {{"campaign_id", "237945"}});
  CHECK(analytics.result()["email_replies"] == replies);
  CHECK(analytics.result()["email_opens"] == opens);
  CHECK(snov.run("snov.campaign_progress", {{"campaign_id", "237945"}}).result()["progress"] == "100%");
  auto finished_change = snov.run("snov.change_recipient_status", {{"email", "p0@acme.example"}, {"campaign_id", "237945"}, {"status", "Paused"}});
  CHECK(finished_change.fail_code() == "invalid_input");
}

TEST_CASE("an address on a do-not-email list is kept out of the campaign") {
  SimulatedSnov snov(json{{"do_not_email_list_id", 4242}});
  auto suppressed = snov.run("snov.do_not_email", {{"items", "eve@acme.example, spam.example"}});
  REQUIRE(suppressed.succeeded());
  CHECK(suppressed.result()["duplicates"].empty());
  CHECK(snov.run("snov.do_not_email", {{"email", "eve@acme.example"}}).result()["duplicates"].size() == 1);
  snov.run("add_to_campaign", {{"campaign_id", "237945"}, {"email", "eve@acme.example"}});
  snov.run("add_to_campaign", {{"campaign_id", "237945"}, {"email", "joe@spam.example"}});
  snov.let_virtual_time_pass(120'000);
  CHECK(snov.run("snov.sent_emails", {{"campaign_id", "237945"}}).result()["count"] == 0);
}

TEST_CASE("webhooks are listed, added, deactivated and deleted") {
  SimulatedSnov snov;
  auto added = snov.run("snov.add_webhook", {{"event_object", "campaign_reply"}, {"event_action", "received"}, {"endpoint_url", "https://hooks.example/snov"}});
  REQUIRE(added.succeeded());
  const auto id = added.result()["webhook"]["id"].dump();
  CHECK(snov.run("snov.change_webhook_status", {{"id", id}, {"status", "deactivated"}}).result()["webhook"]["status"] == "deactivated");
  auto listed = snov.run("snov.webhooks", json::object());
  REQUIRE(listed.result()["count"] == 1);
  CHECK(listed.result()["webhooks"][0]["status"] == "deactivated");
  CHECK(snov.run("snov.delete_webhook", {{"id", id}}).result()["deleted"] == true);
  CHECK(snov.run("snov.webhooks", json::object()).result()["count"] == 0);
  CHECK(snov.run("snov.add_webhook", {{"event_object", "campaign_email"}, {"event_action", "exploded"}, {"endpoint_url", "https://x.example"}}).fail_code() ==
        "invalid_input");
}

TEST_CASE("account reads the balance left after the run's charges") {
  SimulatedSnov snov;
  const auto& person = snov.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::normal; });
  snov.run("enrich_person", {{"email", person.email}});
  auto t = snov.run("account", json::object());
  REQUIRE(t.succeeded());
  CHECK(t.result()["credits_remaining"] == 100'000 - 1);
}

TEST_CASE("Snov's hourly finder cap refusal pauses until the next hour and the row still succeeds") {
  // The plugin thinks the plan allows 1000 requests an hour; the account's real cap is 3.
  // (The scripted host's clock only follows the simulator's when it is behind: a generous
  // cap_max_wait_ms absorbs a machine so loaded that the simulator runs an hour ahead.)
  SimulatedSnov snov(json{{"finder_requests_per_hour", 1000}, {"cap_max_wait_ms", 6 * 3'600'000}}, starting_an_hour({.time_scale = 5'000}),
                     {.token_lifetime_s = 100'000'000, .plan = {.finder_requests_per_hour = 3}});
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto t = snov.run("find_email", name_of(person));
  REQUIRE_MESSAGE(t.succeeded(), t.result().dump());
  CHECK(t.result()["email"] == person.email);
  const auto sleeps = t.sleeps();
  CHECK(std::any_of(sleeps.begin(), sleeps.end(), [](auto ms) { return ms > 60'000; }));  // waited for the next hour
  CHECK(t.credits_spent() == snov.ledger_total());
}

TEST_CASE("the configured hourly cap keeps the plugin under Snov's refusal") {
  // Every search takes 30 s: lookup, push, a first poll at +10 s, and the answer at the 4th
  // finder request (or later), which the plan's 3 per hour make wait for the next hour.
  SimulatedSnov snov(json{{"finder_requests_per_hour", 3}, {"cap_max_wait_ms", 6 * 3'600'000}}, starting_an_hour({.time_scale = 5'000, .job_ms = 30'000}),
                     {.token_lifetime_s = 100'000'000, .plan = {.finder_requests_per_hour = 3}});
  const auto& person = snov.someone([](auto& p) { return findable_at(p, sandbox::DomainKind::normal); });
  auto t = snov.run("find_email", name_of(person));
  REQUIRE(t.succeeded());
  CHECK(t.result()["email"] == person.email);
  CHECK(snov.count("POST /v1/get-emails-from-names") + snov.count("POST /v1/add-names-to-find-emails") >= 4);
  const auto sleeps = t.sleeps();
  CHECK(std::any_of(sleeps.begin(), sleeps.end(), [](auto ms) { return ms > 60'000; }));
}
