// The VoilaNorbert plugin driven through its C table against the VoilaNorbert simulator running
// in this process: every endpoint of the README's coverage table, with results compared to the
// fake world's truth and credits compared to the simulator's ledger.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include "voilanorbert_simulator.hpp"

#include <map>
#include <mutex>
#include <set>
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
constexpr const char* default_hook = "https://hooks.example.invalid/voilanorbert";

// A receiver for webhooks on loopback, answering `status` and keeping every body.
struct WebhookReceiver {
  sandbox::Server server;
  std::mutex mutex;
  std::vector<json> bodies;

  explicit WebhookReceiver(int status = 200) {
    server.route("POST", "/hook", [this, status](const sandbox::Request& request) {
      std::lock_guard lock(mutex);
      bodies.push_back(request.json().value_or(json()));
      return sandbox::Response::json(status, {{"ok", status < 300}});
    });
    server.start();
  }
  std::string url() const { return server.origin() + "/hook"; }
  std::vector<json> received() {
    std::lock_guard lock(mutex);
    return bodies;
  }
};

// The simulator, a scripted host whose requests go to it, and the fake world behind both.
struct Sandbox {
  sandbox::Simulator simulator;
  sdk::testing::ScriptedHost host;

  explicit Sandbox(sandbox::SimulatorOptions options = {.time_scale = time_scale}, json overrides = json::object())
      : simulator("voilanorbert", options, leadflow::voilanorbert_sim::install_routes), host(sdk::testing::linked_plugin()) {
    simulator.start();
    json config = {{"api_key", "sandbox-voilanorbert-key"},
                   {"base_url", simulator.base_url()},
                   {"webhook_url", default_hook},
                   {"first_poll_ms", 1000},
                   {"poll_interval_ms", 1000},
                   {"job_poll_interval_ms", 1000},
                   {"max_wait_ms", 600000},
                   {"job_max_wait_ms", 600000}};
    config.update(overrides);
    REQUIRE_MESSAGE(host.create_instance(config) == LF_OK, host.last_error());
  }

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  sandbox::LoopbackClient client() { return sandbox::LoopbackClient(simulator.server().port()); }

  // Sends the plugin's request to the simulator. Each request first lets one virtual second pass,
  // as the host's sleep would have (the scripted host's sleeps are instant).
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

  json ledger() { return client().get("/_sandbox/ledger").json(); }
  std::int64_t charged() { return ledger()["total"].get<std::int64_t>(); }
  std::int64_t charged_for(const std::string& operation) {
    std::int64_t total = 0;
    const auto entries = ledger()["entries"];
    for (const auto& entry : entries)
      if (entry["operation"] == operation) total += entry["credits"].get<std::int64_t>();
    return total;
  }

  const sandbox::Person& someone(const std::function<bool(const sandbox::Person&)>& wanted, std::size_t skip = 0) {
    for (const auto& person : world().people())
      if (wanted(person) && skip-- == 0) return person;
    throw std::runtime_error("the fake world has nobody like that");
  }
};

bool findable_normal(const sandbox::Person& p) { return p.findable && p.domain_kind == sandbox::DomainKind::normal; }

json find_input(const sandbox::Person& person) { return {{"full_name", person.full_name()}, {"domain", person.domain}}; }

// The verify_email status and reason docs/vocabulary.md expects for the world's verdict.
std::pair<std::string, std::string> expected_verification(const sandbox::EmailVerdict& verdict) {
  using Kind = sandbox::EmailVerdict::Kind;
  if (verdict.disposable) return {"risky", "disposable"};
  switch (verdict.kind) {
    case Kind::deliverable: return {"deliverable", "valid"};
    case Kind::mailbox_full: return {"risky", "mailbox_full"};
    case Kind::catch_all: return {"risky", "catch_all"};
    case Kind::mailbox_disabled: return {"undeliverable", "mailbox_disabled"};
    case Kind::no_such_user: return {"undeliverable", "no_such_user"};
    case Kind::domain_nonexistent: return {"undeliverable", "domain_nonexistent"};
    case Kind::syntax_error: return {"undeliverable", "syntax_error"};
  }
  return {"", ""};
}

// One address of each verdict the world knows, plus webmail, disposable, unknown and broken ones.
std::vector<std::string> addresses_of_every_kind(const sandbox::FakeWorld& world) {
  std::set<std::string> kinds;
  std::vector<std::string> emails{"someone@gmail.com", "throwaway@mailinator.com", "nobody@unknown-domain.example", "not-an-email",
                                  "two@@signs.example"};
  for (const auto& person : world.people()) {
    const auto kind = std::string(sandbox::to_string(world.verdict_of(person.email).kind));
    if (kinds.insert(kind).second) emails.push_back(person.email);
  }
  emails.push_back("x" + world.people().front().email);
  emails.push_back(world.companies().front().generic_emails.front());
  return emails;
}

json items_of(const std::vector<std::string>& emails) {
  json items = json::array();
  for (const auto& email : emails) items.push_back({{"email", email}});
  return {{"items", items}};
}

}  // namespace

TEST_CASE("sandbox: find_email polls the searching contact and returns the world's true email, charged once") {
  Sandbox sb;
  const auto& person = sb.someone(findable_normal);
  auto t = sb.run("find_email", find_input(person));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["email"] == person.email);
  CHECK(t.result()["confidence"] == 100);
  CHECK(t.checkpoints().size() == 1);
  CHECK(t.requests().size() >= 2);  // POST /search/name, then GET /contacts/{id} until searching is false
  CHECK(t.requests()[1].url.find("/contacts/") != std::string::npos);
  CHECK(t.credits_spent() == 1);
  CHECK(sb.charged() == 1);
}

TEST_CASE("sandbox: find_email by company name, an unfindable person, an unlocatable domain") {
  Sandbox sb;
  const auto& person = sb.someone(findable_normal, 1);
  auto by_company = sb.run("find_email", {{"full_name", person.full_name()}, {"company", person.company}});
  REQUIRE(by_company.succeeded());
  CHECK(by_company.result()["email"] == person.email);

  const auto& hidden = sb.someone([](auto& p) { return !p.findable && p.domain_kind == sandbox::DomainKind::normal; });
  auto not_found = sb.run("find_email", find_input(hidden));
  REQUIRE(not_found.succeeded());
  CHECK(not_found.result()["status"] == "not_found");
  CHECK(not_found.credits_spent() == 0);

  const auto& lost = sb.someone([](auto& p) { return p.domain_kind == sandbox::DomainKind::nonexistent; });
  auto unlocatable = sb.run("find_email", find_input(lost));
  CHECK(unlocatable.fail_code() == "invalid_input");
  CHECK(unlocatable.result()["provider_status"] == 400);
  CHECK(unlocatable.result()["message"].get<std::string>().find("could not locate the domain") != std::string::npos);
  CHECK(sb.charged() == 1);
}

TEST_CASE("sandbox: with no credits left find_email fails out_of_credits (402)") {
  Sandbox sb({.time_scale = time_scale, .credits = 0});
  auto t = sb.run("find_email", find_input(sb.someone(findable_normal)));
  CHECK(t.fail_code() == "out_of_credits");
  CHECK(t.result()["provider_status"] == 402);
}

TEST_CASE("sandbox: find_email with list_id attaches the contact to that list") {
  Sandbox sb;
  const auto unknown = sb.run("add_to_list", {{"list", "Prospects"}, {"email", "nobody@nowhere.example"}});
  CHECK(unknown.fail_code() == "invalid_input");  // an unknown contact and no name: nothing to search
  CHECK(unknown.requests().size() == 1);          // and no list was created for it
  auto made = sb.client().post_form("/2018-01-08/lists/", {{"name", "Inbound"}},
                                    {{"Authorization", sandbox::LoopbackClient::basic_authorization("x", "sandbox-voilanorbert-key")}});
  const auto list_id = made.json()["id"].get<std::int64_t>();
  auto input = find_input(sb.someone(findable_normal));
  input["list_id"] = std::to_string(list_id);
  auto t = sb.run("find_email", input);
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].body.find("list_id=" + std::to_string(list_id)) != std::string::npos);
  CHECK(t.result()["raw"]["lists"] == json::array({list_id}));
}

TEST_CASE("sandbox: find_domain_emails reads every page and returns the findable people of the domain") {
  Sandbox sb;
  const auto& company = *sb.world().company_by_domain(sb.someone(findable_normal).domain);
  std::set<std::string> expected;
  for (auto index : company.employees)
    if (sb.world().people()[index].findable) expected.insert(sb.world().people()[index].email);

  auto t = sb.run("find_domain_emails", {{"domain", company.domain}});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.requests().size() == (company.employees.size() + 4) / 5);  // 5 contacts a page
  for (const auto& request : t.requests()) {
    CHECK(request.rate_limit_key == "search_domain");
    CHECK(request.url.ends_with("/search/domain"));
  }
  std::set<std::string> found;
  for (const auto& person : t.result()["people"]) found.insert(person["email"].get<std::string>());
  CHECK(found == expected);
  CHECK(t.result()["total"] == company.employees.size());
  CHECK(t.result()["company"]["domain"] == company.domain);
  CHECK(t.credits_spent() == expected.size());
  CHECK(sb.charged() == static_cast<std::int64_t>(expected.size()));

  auto again = sb.run("find_domain_emails", {{"website", "https://www." + company.domain + "/about"}, {"limit", "2"}});
  REQUIRE(again.succeeded());
  CHECK(again.result()["people"].size() == 2);
  CHECK(again.requests().size() == 1);
  CHECK(again.credits_spent() == 0);  // the contacts are not new: not charged again
  CHECK(sb.charged() == static_cast<std::int64_t>(expected.size()));
}

TEST_CASE("sandbox: verify_email maps every world verdict onto the vocabulary, by email, charged per distinct email") {
  Sandbox sb;
  auto emails = addresses_of_every_kind(sb.world());
  std::vector<std::string> batch = emails;
  batch.push_back(emails.front());  // a duplicate row: one upload line, one charge
  std::reverse(batch.begin(), batch.end());
  auto input = items_of(batch);
  input["items"].push_back({{"email", ""}});
  auto t = sb.run("verify_email", input);
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == batch.size() + 1);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    CAPTURE(batch[i]);
    const auto verdict = sb.world().verdict_of(batch[i]);
    const auto [status, reason] = expected_verification(verdict);
    CHECK(items[i]["status"] == status);
    CHECK(items[i]["reason"] == reason);
    CHECK(items[i]["email"] == batch[i]);
    CHECK(items[i]["catch_all"] == (reason == "catch_all"));
    CHECK(items[i]["disposable"] == verdict.disposable);
    CHECK(items[i]["syntax_ok"] == (verdict.kind != sandbox::EmailVerdict::Kind::syntax_error));
  }
  CHECK(items.back()["error"]["code"] == "invalid_input");
  CHECK(t.credits_spent() == emails.size());
  CHECK(sb.charged_for("verifier/upload") == static_cast<std::int64_t>(emails.size()));
  CHECK(t.checkpoints().size() == 1);
  const auto token = t.checkpoints()[0]["token"].get<std::string>();
  const auto requests = t.requests();
  CHECK(requests.front().url.ends_with("/verifier/upload"));
  CHECK(requests.front().body.find("webhook=https%3A%2F%2Fhooks.example.invalid") != std::string::npos);
  CHECK_FALSE(requests.front().idempotent());
  CHECK(requests[requests.size() - 2].url.ends_with("/verifier/" + token));
  CHECK(requests.back().url.ends_with("/verifier/" + token + "/download"));

  // The account's verify balance is separate from the search credits.
  auto account = sb.run("account", json::object());
  REQUIRE(account.succeeded());
  CHECK(account.result()["verify_remaining"] == 100'000 - static_cast<std::int64_t>(emails.size()));
  CHECK(account.result()["credits_remaining"] == 100'000);
  CHECK(account.result()["enrich_remaining"] == 100'000);

  // Resumed from its checkpoint, the same job is read again and nothing is uploaded or paid twice.
  RunOptions resume;
  resume.checkpoint = {{"token", token}};
  auto resumed = sb.run("verify_email", input, resume);
  REQUIRE(resumed.succeeded());
  CHECK(resumed.result()["items"] == items);
  for (const auto& request : resumed.requests()) CHECK(request.method == "GET");
  CHECK(sb.charged_for("verifier/upload") == static_cast<std::int64_t>(emails.size()));
}

TEST_CASE("sandbox: verify_email without webhook_url fails before any request and an unknown token is a 404") {
  Sandbox sb({.time_scale = time_scale}, {{"webhook_url", ""}});
  auto t = sb.run("verify_email", items_of({"a@b.example"}));
  CHECK(t.fail_code() == "invalid_input");
  CHECK(t.requests().empty());
  CHECK(t.result()["message"].get<std::string>().find("webhook_url") != std::string::npos);

  Sandbox with_hook;
  RunOptions resume;
  resume.checkpoint = {{"token", "no-such-token"}};
  auto lost = with_hook.run("verify_email", items_of({"a@b.example"}), resume);
  CHECK(lost.fail_code() == "invalid_input");
  CHECK(lost.result()["provider_status"] == 404);
}

TEST_CASE("sandbox: verify_email results are also POSTed to a webhook on loopback") {
  WebhookReceiver receiver;
  Sandbox sb({.time_scale = time_scale}, {{"webhook_url", receiver.url()}});
  const auto& person = sb.someone(findable_normal);
  auto t = sb.run("verify_email", items_of({person.email}));
  REQUIRE(t.succeeded());
  for (int i = 0; i < 400 && receiver.received().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(receiver.received().size() == 1);
  const auto body = receiver.received()[0];
  CHECK(body["token"] == t.checkpoints()[0]["token"]);
  CHECK(body["results"][0]["email"] == person.email);
  CHECK(body["results"][0].contains("is_deliverable"));
}

TEST_CASE("sandbox: enrich_person returns the world's details for known emails and not_found for others") {
  Sandbox sb;
  const auto& person = sb.someone(findable_normal);
  auto t = sb.run("enrich_person", {{"items", {{{"email", "nobody@unknown-domain.example"}}, {{"email", person.email}}, {{"full_name", "No Email"}}}}});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[0]["status"] == "not_found");
  CHECK_FALSE(items[0].contains("full_name"));
  CHECK(items[1]["status"] == "found");
  CHECK(items[1]["full_name"] == person.full_name());
  CHECK(items[1]["title"] == person.title);
  CHECK(items[1]["company"] == person.company);
  CHECK(items[1]["linkedin_url"] == person.linkedin_url);
  CHECK(items[1].contains("twitter") == !person.twitter.empty());
  CHECK(items[2]["error"]["code"] == "invalid_input");
  CHECK(t.credits_spent() == 2);
  CHECK(sb.charged_for("enrich/upload") == 2);
  CHECK(t.requests().front().url.ends_with("/enrich/upload"));
  CHECK(t.requests().back().url.ends_with("/download"));
  auto account = sb.run("account", json::object());
  CHECK(account.result()["enrich_remaining"] == 100'000 - 2);
}

TEST_CASE("sandbox: add_to_list creates a missing list, attaches a known contact, then reports it updated") {
  Sandbox sb;
  const auto& person = sb.someone(findable_normal);
  REQUIRE(sb.run("find_email", find_input(person)).succeeded());

  auto added = sb.run("add_to_list", {{"list", "Hot leads"}, {"email", person.email}});
  CHECK(added.error == "");
  REQUIRE(added.succeeded());
  CHECK(added.result()["status"] == "added");
  const auto list_id = added.result()["list_id"].get<std::int64_t>();
  std::vector<std::string> calls;
  for (const auto& r : added.requests()) calls.push_back(r.method + " " + r.url.substr(r.url.find("/2018-01-08") + 11));
  CHECK(calls == std::vector<std::string>{"GET /contacts/?email=" + sdk::encode_path_segment(person.email) + "&page=1", "GET /lists/",
                                          "POST /lists/", "POST /lists/" + std::to_string(list_id)});

  auto again = sb.run("add_to_list", {{"list", "hot LEADS"}, {"email", person.email}});
  REQUIRE(again.succeeded());
  CHECK(again.result()["status"] == "updated");
  CHECK(again.result()["list_id"] == list_id);
  CHECK(again.result()["prospect_id"] == added.result()["prospect_id"]);

  auto by_id = sb.run("add_to_list", {{"list_id", std::to_string(list_id)}, {"email", person.email}});
  CHECK(by_id.result()["status"] == "updated");
  auto lists = sb.run("voilanorbert.lists", json::object());
  REQUIRE(lists.succeeded());
  REQUIRE(lists.result()["lists"].size() == 1);
  CHECK(lists.result()["lists"][0]["contacts"] == 1);

  auto missing = sb.run("add_to_list", {{"list_id", "999"}, {"email", person.email}});
  CHECK(missing.fail_code() == "invalid_input");
  CHECK(missing.result()["provider_status"] == 404);
  CHECK(sb.charged() == 1);
}

TEST_CASE("sandbox: add_to_list searches a person VoilaNorbert does not know into the list") {
  Sandbox sb({.time_scale = time_scale, .job_ms = 0});
  const auto& person = sb.someone(findable_normal);
  auto t = sb.run("add_to_list", {{"list", "New"}, {"email", person.email}, {"first_name", person.first_name},
                                  {"last_name", person.last_name}, {"domain", person.domain}});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "added");
  CHECK(t.requests().back().url.ends_with("/search/name"));
  CHECK(t.requests().back().body.find("list_id=") != std::string::npos);
  CHECK(t.credits_spent() == 1);
  CHECK(sb.charged() == 1);
  auto listed = sb.run("voilanorbert.contacts", {{"lists", std::to_string(t.result()["list_id"].get<int>())}});
  REQUIRE(listed.succeeded());
  CHECK(listed.result()["total"] == 1);
}

TEST_CASE("sandbox: account, organization and organization credits agree with the ledger") {
  Sandbox sb;
  REQUIRE(sb.run("find_email", find_input(sb.someone(findable_normal))).succeeded());
  auto account = sb.run("account", json::object());
  REQUIRE(account.succeeded());
  CHECK(account.result()["credits_remaining"] == 100'000 - 1);
  CHECK_FALSE(account.result()["raw"].contains("api_token"));
  auto organization = sb.run("voilanorbert.organization", json::object());
  REQUIRE(organization.succeeded());
  CHECK(organization.result()["status"] == "done");
  CHECK(organization.result()["credits_remaining"] == 100'000 - 1);
  CHECK(organization.requests()[0].url.ends_with("/organization/"));
  auto credits = sb.run("voilanorbert.organization_credits", json::object());
  REQUIRE(credits.succeeded());
  CHECK(credits.result()["credits_remaining"] == 100'000 - 1);
  CHECK(credits.result()["credits_total"] == 100'000);
  CHECK(credits.requests()[0].url.ends_with("/organization/credits/"));
}

TEST_CASE("sandbox: contacts listing filters by found and name, and lists are renamed and removed") {
  Sandbox sb({.time_scale = time_scale, .job_ms = 0});
  const auto& found = sb.someone(findable_normal);
  const auto& hidden = sb.someone([](auto& p) { return !p.findable && p.domain_kind == sandbox::DomainKind::normal; });
  REQUIRE(sb.run("find_email", find_input(found)).succeeded());
  REQUIRE(sb.run("find_email", find_input(hidden)).succeeded());

  auto all = sb.run("voilanorbert.contacts", json::object());
  REQUIRE(all.succeeded());
  CHECK(all.result()["total"] == 2);
  auto only_found = sb.run("voilanorbert.contacts", {{"found", "true"}, {"order_by", "-created"}});
  REQUIRE(only_found.result()["contacts"].size() == 1);
  CHECK(only_found.result()["contacts"][0]["email"]["email"] == found.email);
  auto by_name = sb.run("voilanorbert.contacts", {{"name", hidden.last_name}});
  CHECK(by_name.requests()[0].url.find("name=") != std::string::npos);
  CHECK(by_name.result()["contacts"][0]["name"] == hidden.full_name());

  REQUIRE(sb.run("add_to_list", {{"list", "Old name"}, {"email", found.email}}).succeeded());
  const auto id = sb.run("voilanorbert.lists", json::object()).result()["lists"][0]["id"].get<std::int64_t>();
  auto renamed = sb.run("voilanorbert.list_update", {{"list_id", std::to_string(id)}, {"name", "New name"}});
  REQUIRE(renamed.succeeded());
  CHECK(renamed.result()["name"] == "New name");
  CHECK(renamed.requests()[0].method == "PUT");
  auto removed = sb.run("voilanorbert.list_update", {{"list_id", std::to_string(id)}, {"removed", "true"}});
  REQUIRE(removed.succeeded());
  CHECK(removed.result()["removed"] == true);
  CHECK(sb.run("voilanorbert.lists", json::object()).result()["lists"].empty());
  CHECK(sb.run("voilanorbert.list_update", {{"list_id", "x"}}).fail_code() == "invalid_input");
}

TEST_CASE("sandbox: a bulk search is submitted, checkpointed, waited for, and its contacts land in its list") {
  Sandbox sb;
  std::string content;
  std::size_t findable = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& person = sb.world().people()[i * 7];
    content += person.first_name + "," + person.last_name + "," + person.domain + "\n";
    findable += person.findable && person.domain_kind != sandbox::DomainKind::nonexistent ? 1 : 0;
  }
  auto t = sb.run("voilanorbert.massive_submit", {{"content", content}, {"col_name", "0,1"}, {"col_company", "2"}, {"wait", "true"}});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].rate_limit_key == "massives");
  CHECK(t.requests()[0].body.find("webhook=") != std::string::npos);
  CHECK(t.checkpoints() == std::vector<json>{{{"massive_id", t.result()["massive_id"]}}});
  CHECK(t.result()["massive_status"] == "ENDED");
  CHECK(t.result()["quantity"] == 4);
  CHECK(t.result()["success"] == findable);
  CHECK(t.credits_spent() == findable);
  CHECK(sb.charged() == static_cast<std::int64_t>(findable));
  const auto list_id = t.result()["list_id"].get<std::int64_t>();
  auto contacts = sb.run("voilanorbert.contacts", {{"lists", std::to_string(list_id)}, {"found", "1"}});
  CHECK(contacts.result()["total"] == findable);

  auto listing = sb.run("voilanorbert.massives", {{"offset", "0"}, {"limit", "10"}});
  REQUIRE(listing.succeeded());
  CHECK(listing.result()["massives"].size() == 1);
  CHECK(listing.requests()[0].url.ends_with("/massives/?offset=0&limit=10"));

  const auto id = std::to_string(t.result()["massive_id"].get<std::int64_t>());
  auto rerun = sb.run("voilanorbert.massive_rerun", {{"massive_id", id}, {"rerun_frequency", "720"}});
  REQUIRE(rerun.succeeded());
  CHECK(rerun.result()["rerun_frequency"] == 720);
  CHECK(rerun.requests()[0].method == "PUT");
  auto no_rerun = sb.run("voilanorbert.massive_cancel_rerun", {{"massive_id", id}});
  REQUIRE(no_rerun.succeeded());
  CHECK(no_rerun.result()["rerun_frequency"].is_null());
  CHECK(no_rerun.requests()[0].method == "DELETE");

  auto deleted = sb.run("voilanorbert.massive_delete", {{"massive_id", id}, {"recursive", "true"}});
  REQUIRE(deleted.succeeded());
  CHECK(deleted.result()["deleted"] == true);
  CHECK(sb.run("voilanorbert.contacts", {{"lists", std::to_string(list_id)}}).result()["total"] == 0);
  auto gone = sb.run("voilanorbert.massive_status", {{"massive_id", id}});
  CHECK(gone.fail_code() == "invalid_input");
  CHECK(gone.result()["provider_status"] == 400);
}

TEST_CASE("sandbox: a bulk search is paused and resumed and a resumed submission polls instead of submitting again") {
  Sandbox sb({.time_scale = time_scale, .job_ms = 300'000});  // 300 ms: long enough to be paused
  const auto& person = sb.someone(findable_normal);
  auto submitted = sb.run("voilanorbert.massive_submit",
                          {{"content", person.full_name() + "," + person.company}, {"col_name", "0"}, {"col_company", "1"}});
  REQUIRE(submitted.succeeded());
  CHECK(submitted.result()["massive_status"] == "PROCESSING");
  CHECK(submitted.credits_spent() == 0);
  const auto id = std::to_string(submitted.result()["massive_id"].get<std::int64_t>());

  auto paused = sb.run("voilanorbert.massive_pause", {{"massive_id", id}});
  REQUIRE(paused.succeeded());
  CHECK(paused.result()["massive_status"] == "PAUSED");
  CHECK(paused.requests()[0].method == "POST");
  CHECK(paused.requests()[0].url.ends_with("/massives/" + id + "/pause"));
  CHECK(sb.run("voilanorbert.massive_status", {{"massive_id", id}}).result()["massive_status"] == "PAUSED");
  auto resumed = sb.run("voilanorbert.massive_resume", {{"massive_id", id}});
  REQUIRE(resumed.succeeded());
  CHECK(resumed.result()["massive_status"] != "PAUSED");

  RunOptions from_checkpoint;
  from_checkpoint.checkpoint = {{"massive_id", std::stoll(id)}};
  auto waited = sb.run("voilanorbert.massive_submit",
                       {{"content", "ignored"}, {"col_name", "0"}, {"col_company", "1"}, {"wait", "true"}}, from_checkpoint);
  REQUIRE(waited.succeeded());
  CHECK(waited.result()["massive_status"] == "ENDED");
  for (const auto& request : waited.requests()) CHECK(request.method == "GET");
  CHECK(sb.charged() == 1);
}

TEST_CASE("sandbox: verifications and enrichments are paused and resumed by token") {
  Sandbox sb({.time_scale = time_scale, .job_ms = 3'600'000});  // jobs that outlast the test
  auto client = sb.client();
  const auto auth = std::map<std::string, std::string>{
      {"Authorization", sandbox::LoopbackClient::basic_authorization("x", "sandbox-voilanorbert-key")}};
  for (const std::string service : {"verify", "enrich"}) {
    CAPTURE(service);
    const std::string path = service == "verify" ? "/2018-01-08/verifier/upload" : "/2018-01-08/enrich/upload";
    const auto token = client.post_form(path, {{"data", "a@b.example\nc@d.example"}, {"webhook", default_hook}}, auth).json()["token"].get<std::string>();
    auto paused = sb.run("voilanorbert." + service + "_pause", {{"token", token}});
    REQUIRE(paused.succeeded());
    CHECK(paused.result()["job_status"] == "PAUSED");
    CHECK(paused.requests()[0].method == "PUT");
    auto resumed = sb.run("voilanorbert." + service + "_resume", {{"token", token}});
    REQUIRE(resumed.succeeded());
    CHECK(resumed.result()["job_status"] != "PAUSED");
    CHECK(sb.run("voilanorbert." + service + "_pause", {{"token", "nope"}}).result()["provider_status"] == 404);
  }
}
