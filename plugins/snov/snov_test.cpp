// The Snov.io plugin driven through its C table by the scripted host, answering with the
// documented payloads in fixtures/ (URLs the docs' copy lost are filled in from the research).
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <dlfcn.h>

#include <fstream>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;

namespace {

constexpr const char* client_id = "c57a0459f6t141659ea75cccb393c5111";
constexpr const char* client_secret = "77cbf92b71553e85ce3bfd505214f40b";
constexpr const char* token = "QSlHffXmCAILIOHNGXToq4LsP2yX64VQhEBZ7Ei4";

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SNOV_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Reply ok(const std::string& name) { return Reply::json(200, fixture(name)); }
Reply token_reply(int expires_in = 3600) {
  return Reply::json(200, json{{"access_token", token}, {"token_type", "Bearer"}, {"expires_in", expires_in}}.dump());
}

json config(json overrides = json::object()) {
  json c = {{"client_id", client_id}, {"client_secret", client_secret}};
  c.update(overrides);
  return c;
}

struct SnovHost : ScriptedHost {
  explicit SnovHost(const json& c = config()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

const json gavin = {{"first_name", "Gavin"}, {"last_name", "Vanrooyen"}, {"domain", "octagon.com"}};

void check_no_secret_leaked(const ScriptedHost& host, const sdk::testing::Transcript& t) {
  for (const auto& line : host.logs()) {
    CHECK(line.message.find(client_secret) == std::string::npos);
    CHECK(line.message.find(client_id) == std::string::npos);
  }
  CHECK(t.result().dump().find(client_secret) == std::string::npos);
  CHECK(t.result().dump().find(token) == std::string::npos);
  CHECK(t.error.find(client_secret) == std::string::npos);
}

}  // namespace

TEST_CASE("the first request fetches a client-credentials token, and the call carries it as a Bearer header") {
  SnovHost host;
  auto t = host.run("find_email", gavin, {ok("access_token.json"), ok("finder_complete.json")});  // the docs' token
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].url == "https://api.snov.io/v1/oauth/access_token");
  CHECK(requests[0].body == std::string("grant_type=client_credentials&client_id=") + client_id + "&client_secret=" + client_secret);
  CHECK(requests[0].header("content-type") == "application/x-www-form-urlencoded");
  CHECK(requests[0].expected_cost == 0);
  CHECK(requests[1].url == "https://api.snov.io/v1/get-emails-from-names");
  CHECK(requests[1].header("authorization") == std::string("Bearer ") + token);
  CHECK(requests[1].body == "firstName=Gavin&lastName=Vanrooyen&domain=octagon.com");
  CHECK(requests[1].rate_limit_key == "default");
  check_no_secret_leaked(host, t);
}

TEST_CASE("a known name is found at once for free, with emailStatus mapped") {
  SnovHost host;
  auto t = host.run("find_email", {{"full_name", "Gavin Vanrooyen"}, {"website", "https://www.octagon.com/"}}, {token_reply(), ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["email"] == "Gavin@octagon.com");
  CHECK(t.result()["confidence"] == 90);
  CHECK(t.result()["email_status"] == "deliverable");
  CHECK(t.result()["raw"]["status"]["identifier"] == "complete");
  CHECK(t.credits_spent() == 0);
  CHECK(t.requests()[1].body == "firstName=Gavin&lastName=Vanrooyen&domain=octagon.com");
}

TEST_CASE("the token is cached across operations until it is about to expire") {
  SnovHost host;
  host.run("find_email", gavin, {token_reply(), ok("finder_complete.json")});
  auto second = host.run("find_email", gavin, {ok("finder_complete.json")});
  CHECK(second.succeeded());
  CHECK(second.requests().size() == 1);
}

TEST_CASE("a token within token_refresh_margin_ms of expires_in is replaced before the next request") {
  SnovHost host(config({{"finder_first_poll_ms", 80000}}));
  // expires_in 130 s with the default 60 s margin: after the 80 s poll wait the token is too old.
  auto t = host.run("find_email", gavin,
                    {token_reply(130), ok("finder_not_found.json"), ok("add_names_sent.json"), token_reply(), ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 5);
  CHECK(requests[3].url == "https://api.snov.io/v1/oauth/access_token");
  CHECK(t.credits_spent() == 1);
}

TEST_CASE("a 401 drops the token, fetches a new one and resends the call once") {
  SnovHost host;
  auto t = host.run("account", json::object(), {token_reply(), Reply::json(401, fixture("unauthorized_401.json")), token_reply(), ok("balance.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["credits_remaining"] == 25000.0);
  CHECK(t.requests().size() == 4);
}

TEST_CASE("a second 401 after a fresh token is auth_failed") {
  SnovHost host;
  auto t = host.run("account", json::object(),
                    {token_reply(), Reply::json(401, fixture("unauthorized_401.json")), token_reply(), Reply::json(401, fixture("unauthorized_401.json"))});
  CHECK(t.fail_code() == "auth_failed");
  CHECK(t.result()["retryable"] == false);
  check_no_secret_leaked(host, t);
}

TEST_CASE("refused client credentials fail auth_failed, naming the config fields and never their values") {
  SnovHost host;
  auto t = host.run("find_email", gavin, {Reply::json(401, fixture("access_token_401.json"))});
  CHECK(t.fail_code() == "auth_failed");
  CHECK(t.result()["message"].get<std::string>().find("client_id") != std::string::npos);
  check_no_secret_leaked(host, t);
}

TEST_CASE("an unknown name is pushed with add-names-to-find-emails, checkpointed, and polled with doubling waits") {
  SnovHost host(config({{"finder_first_poll_ms", 10000}}));
  auto t = host.run("find_email", gavin,
                    {token_reply(), ok("finder_not_found.json"), ok("add_names_sent.json"), ok("finder_not_found.json"), ok("finder_not_found.json"),
                     ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["email"] == "Gavin@octagon.com");
  CHECK(t.credits_spent() == 1);
  CHECK(t.checkpoints() == std::vector<json>{{{"names_added", true}}});
  CHECK(t.sleeps() == std::vector<uint64_t>{10000, 20000, 40000});
  const auto push = t.requests()[2];
  CHECK(push.url == "https://api.snov.io/v1/add-names-to-find-emails");
  CHECK(!push.idempotent());
  CHECK(push.expected_cost == 1);
}

TEST_CASE("a resumed find_email polls without pushing the name again and reports the credit paid before") {
  SnovHost host;
  auto t = host.run("find_email", gavin, {token_reply(), ok("finder_complete.json")}, {.checkpoint = {{"names_added", true}}});
  REQUIRE(t.succeeded());
  CHECK(t.sleeps().size() == 1);
  CHECK(t.requests()[1].url == "https://api.snov.io/v1/get-emails-from-names");
  CHECK(t.credits_spent() == 1);
}

TEST_CASE("find_email without a domain is invalid_input before any request") {
  SnovHost host;
  auto t = host.run("find_email", {{"full_name", "Gavin Vanrooyen"}, {"company", "Octagon"}}, std::deque<Reply>{});
  CHECK(t.fail_code() == "invalid_input");
  CHECK(t.requests().empty());
}

TEST_CASE("too many prospects processing pauses until the next hour and resends") {
  SnovHost host;
  auto t = host.run("find_email", gavin, {token_reply(), ok("too_many_prospects.json"), ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  REQUIRE(t.sleeps().size() == 1);
  const auto next_hour = (1700000000000 / 3600000 + 1) * 3600000 - 1700000000000;
  CHECK(t.sleeps()[0] == static_cast<uint64_t>(next_hour));
}

TEST_CASE("the configured hourly cap makes a row wait for the next hour instead of being refused") {
  SnovHost host(config({{"finder_requests_per_hour", 1}}));
  host.run("find_email", gavin, {token_reply(), ok("finder_complete.json")});
  auto t = host.run("find_email", gavin, {ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  CHECK(t.sleeps().size() == 1);
}

TEST_CASE("HTTP failures map onto the closed error codes") {
  SnovHost host;
  CHECK(host.run("account", json::object(), {token_reply(), Reply::json(429, R"({"message":"Too many requests"})")}).fail_code() == "rate_limited");
  CHECK(host.run("account", json::object(), {Reply::json(503, "{}")}).fail_code() == "provider_unavailable");
  CHECK(host.run("account", json::object(), {Reply::json(403, "{}")}).fail_code() == "auth_failed");
  CHECK(host.run("account", json::object(), {Reply::transport(LF_TRANSPORT_CONNECT, "refused", 4)}).fail_code() == "transport");
  CHECK(host.run("account", json::object(), {Reply::with_status(200, "<html>")}).fail_code() == "bad_response");
  CHECK(host.run("snov.email_count", {{"domain", "octagon.com"}}, {Reply::json(200, R"({"success": false, "message": "You don't have enough credits"})")})
            .fail_code() == "out_of_credits");
}

TEST_CASE("verify_email asks about the batch in one request, pushes the not_verified ones together and polls") {
  SnovHost host(config({{"verifier_first_poll_ms", 5000}}));
  auto t = host.run("verify_email", {{"items", json::array({{{"email", "gavin@octagon.com"}}, {{"email", "lizi@octagon.com"}}, json::object()})}},
                    {token_reply(), ok("verification_not_verified.json"), ok("add_emails_sent.json"), ok("verification_complete.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[1].url == "https://api.snov.io/v1/get-emails-verification-status?emails%5B0%5D=gavin%40octagon.com&emails%5B1%5D=lizi%40octagon.com");
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].expected_cost == 0);
  CHECK(requests[2].url.starts_with("https://api.snov.io/v1/add-emails-to-verification?emails%5B0%5D="));
  CHECK(requests[2].expected_cost == 2);
  CHECK(!requests[2].idempotent());
  CHECK(t.checkpoints() == std::vector<json>{{{"pushed", {"gavin@octagon.com", "lizi@octagon.com"}}}});
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[0]["status"] == "deliverable");
  CHECK(items[0]["provider_status"] == "valid");
  CHECK(items[1]["status"] == "undeliverable");
  CHECK(items[1]["reason"] == "no_such_user");
  CHECK(items[2]["error"]["code"] == "invalid_input");
  CHECK(t.credits_spent() == 2);
}

TEST_CASE("verify_email rejects a payload that is not a batch of at most 10") {
  SnovHost host;
  json items = json::array();
  for (int i = 0; i < 11; ++i) items.push_back({{"email", "a" + std::to_string(i) + "@x.com"}});
  CHECK(host.run("verify_email", {{"items", items}}, std::deque<Reply>{}).fail_code() == "invalid_input");
  CHECK(host.run("verify_email", {{"email", "a@x.com"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("find_domain_emails follows links.next to the last page and searches each prospect's email") {
  SnovHost host(config({{"task_poll_ms", 2000}}));
  auto t = host.run("find_domain_emails", {{"domain", "octagon.com"}, {"positions", "Web developer, QA Engineer"}},
                    {token_reply(), ok("domain_search_start.json"), ok("domain_search_in_progress.json"), ok("domain_search_result.json"),
                     ok("prospects_start.json"), ok("prospects_result_page1.json"), ok("prospect_emails_start.json"), ok("prospect_emails_result.json"),
                     ok("prospects_start_page2.json"), ok("prospects_result_page2.json"), ok("prospect_emails_start.json"),
                     ok("prospect_emails_result_empty.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  CHECK(requests[4].url == "https://api.snov.io/v2/domain-search/prospects/start");
  CHECK(requests[4].body == "domain=octagon.com&page=1&positions%5B0%5D=Web+developer&positions%5B1%5D=QA+Engineer");
  CHECK(requests[6].url.starts_with("https://api.snov.io/v2/domain-search/prospects/search-emails/start/41627edb"));
  CHECK(requests[8].url == "https://api.snov.io/v2/domain-search/prospects/start?domain=octagon.com&page=2&positions%5B0%5D=Web+developer&positions%5B1%5D=QA+Engineer");
  CHECK(requests[8].method == "POST");
  const auto& people = t.result()["people"];
  REQUIRE(people.size() == 2);
  CHECK(people[0]["email"] == "john.doe@octagon.com");
  CHECK(people[0]["position"] == "Web developer");
  CHECK(people[0]["type"] == "personal");
  CHECK(!people[1].contains("email"));
  CHECK(t.result()["total"] == 2);
  CHECK(t.result()["company"]["name"] == "Octagon");
  CHECK(t.result()["company"]["size"] == "51-200");
  CHECK(t.credits_spent() == 4);  // company info, two prospect pages, one prospect with an email
}

TEST_CASE("a v2 task answering not_enough_credits fails out_of_credits") {
  SnovHost host;
  auto t = host.run("snov.company_info", {{"domain", "octagon.com"}}, {token_reply(), ok("domain_search_start.json"), ok("task_not_enough_credits.json")});
  CHECK(t.fail_code() == "out_of_credits");
}

TEST_CASE("enrich_person by email maps the profile onto the vocabulary and costs 1 credit") {
  SnovHost host;
  auto t = host.run("enrich_person", {{"email", "lizi@octagon.com"}}, {token_reply(), ok("profile_by_email.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["full_name"] == "Lizi Hamer");
  CHECK(t.result()["title"] == "Regional Creative Director");
  CHECK(t.result()["company"] == "Octagon");
  CHECK(t.result()["domain"] == "octagon.com");
  CHECK(t.result()["linkedin_url"] == "https://www.linkedin.com/in/lizihamer");
  CHECK(t.result()["country"] == "Singapore");
  CHECK(t.credits_spent() == 1);
  CHECK(!t.requests()[1].idempotent());
}

TEST_CASE("add_to_list finds the list by name and sends the prospect's fields, custom fields and social links") {
  SnovHost host;
  auto t = host.run("add_to_list",
                    {{"list", "firstsend"}, {"email", "john@octagon.com"}, {"first_name", "John"}, {"last_name", "Doe"}, {"domain", "octagon.com"},
                     {"position", "CEO"}, {"linkedin_url", "https://www.linkedin.com/in/john"}, {"custom_fields", R"({"company": "Octagon"})"}},
                    {token_reply(), ok("user_lists.json"), ok("add_prospect.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "added");
  CHECK(t.result()["list_id"] == 1818597);
  CHECK(t.result()["prospect_id"] == "0Y2QzowWL1rHpIptwaRp0Q==");
  CHECK(t.requests()[2].body ==
        "email=john%40octagon.com&listId=1818597&fullName=John+Doe&firstName=John&lastName=Doe&position=CEO&companySite=https%3A%2F%2Foctagon.com"
        "&socialLinks%5BlinkedIn%5D=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fjohn&customFields%5Bcompany%5D=Octagon&updateContact=false");
}

TEST_CASE("add_to_list creates a missing list with POST /v1/lists and reuses its id") {
  SnovHost host;
  auto t = host.run("add_to_list", {{"list", "All prospects"}, {"email", "john@octagon.com"}},  // deleted: it does not count
                    {token_reply(), ok("user_lists.json"), ok("create_list.json"), ok("add_prospect.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["list_id"] == 1234567);
  CHECK(t.requests()[2].url == "https://api.snov.io/v1/lists");
  CHECK(t.requests()[2].body == "name=All+prospects");
  auto again = host.run("add_to_list", {{"list", "all PROSPECTS"}, {"email", "jane@octagon.com"}}, {ok("add_prospect.json")});
  CHECK(again.result()["list_id"] == 1234567);
}

TEST_CASE("add_to_campaign adds to the list of the campaign found by id or name") {
  SnovHost host;
  auto t = host.run("add_to_campaign", {{"campaign", "new campaign"}, {"email", "john@octagon.com"}},
                    {token_reply(), ok("user_campaigns.json"), ok("add_prospect.json")});
  REQUIRE(t.succeeded());
  CHECK(t.result()["campaign_id"] == 237945);
  CHECK(t.result()["list_id"] == 8512947);
  CHECK(t.result()["campaign_status"] == "Paused");
  CHECK(t.requests()[2].body.find("listId=8512947") != std::string::npos);
}

TEST_CASE("provider operations build their documented requests") {
  SnovHost host;
  auto analytics = host.run("snov.campaign_analytics", {{"campaign_id", "1,2"}, {"date_from", "2024-06-15"}}, {token_reply(), Reply::json(200, R"({"emails_sent": 31})")});
  CHECK(analytics.requests()[1].url == "https://api.snov.io/v2/statistics/campaign-analytics?campaign_id=1%2C2&date_from=2024-06-15");
  CHECK(analytics.result()["emails_sent"] == 31);
  auto replies = host.run("snov.campaign_replies", {{"campaign_id", "1234567"}, {"offset", "10000"}}, {Reply::json(200, "[]")});
  CHECK(replies.requests()[0].url == "https://api.snov.io/v1/get-emails-replies?campaignId=1234567&offset=10000");
  auto progress = host.run("snov.campaign_progress", {{"campaign_id", "7"}}, {Reply::json(200, R"({"status":"Active","unfinished":1,"progress":"90%"})")});
  CHECK(progress.requests()[0].url == "https://api.snov.io/v2/campaigns/7/progress");
  CHECK(progress.result()["progress"] == "90%");
  auto webhook = host.run("snov.change_webhook_status", {{"id", "14"}, {"status", "deactivated"}}, {Reply::json(200, R"({"data":{"id":14,"status":"deactivated"}})")});
  CHECK(webhook.requests()[0].method == "PUT");
  CHECK(webhook.requests()[0].url == "https://api.snov.io/v2/webhooks/14");
  CHECK(webhook.requests()[0].body == R"({"status":"deactivated"})");
  CHECK(host.run("snov.campaign_progress", json::object(), std::deque<Reply>{}).fail_code() == "invalid_input");
  auto dne = host.run("snov.do_not_email", {{"items", "a@b.com, spam.com"}, {"list_id", "9"}}, {Reply::json(200, R"([{"success":true,"data":{"duplicates":[]}}])")});
  CHECK(dne.requests()[0].body == "listId=9&items%5B0%5D=a%40b.com&items%5B1%5D=spam.com");
}

TEST_CASE("a bad config is refused at instance creation with the field named") {
  ScriptedHost host(sdk::testing::linked_plugin());
  CHECK(host.create_instance({{"client_id", client_id}}) != LF_OK);
  CHECK(host.last_error().find("client_secret") != std::string::npos);
  CHECK(host.create_instance(config({{"plan", "gold"}})) != LF_OK);
  CHECK(host.last_error().find("plan") != std::string::npos);
  CHECK(host.create_instance(config({{"base_url", "ftp://x"}})) != LF_OK);
}

TEST_CASE("the built module exports the entry symbol and names itself snov") {
  void* module = dlopen(SNOV_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(module != nullptr, dlerror());
  using Entry = const lf_plugin* (*)(uint32_t, uint32_t);
  auto entry = reinterpret_cast<Entry>(dlsym(module, "leadflow_plugin_entry_v1"));
  REQUIRE(reinterpret_cast<void*>(entry) != nullptr);
  const lf_plugin* plugin = entry(LF_ABI_MAJOR, LF_ABI_MINOR);
  REQUIRE(plugin != nullptr);
  CHECK(std::string_view(plugin->id.ptr, plugin->id.len) == "snov");
  const auto manifest = json::parse(std::string_view(plugin->manifest_json.ptr, plugin->manifest_json.len));
  CHECK(manifest["capabilities"]["verify_email"]["max_batch"] == 10);
  CHECK(manifest["config"]["client_secret"]["secret"] == true);
  CHECK(manifest["rate_limits"]["default"]["per_minute"] == 60);
}

TEST_CASE("a token living less than twice the refresh margin is used for half its life, not fetched again and again") {
  SnovHost host;  // margin 60 s
  auto t = host.run("find_email", gavin, {token_reply(30), ok("finder_complete.json")});
  REQUIRE(t.succeeded());
  CHECK(t.requests().size() == 2);
}

TEST_CASE("a resumed verify_email polls the addresses pushed before the interruption without pushing them again") {
  SnovHost host(config({{"verifier_first_poll_ms", 5000}}));
  auto t = host.run("verify_email", {{"items", json::array({{{"email", "gavin@octagon.com"}}, {{"email", "lizi@octagon.com"}}})}},
                    {token_reply(), ok("verification_complete.json")}, {.checkpoint = {{"pushed", {"gavin@octagon.com", "lizi@octagon.com"}}}});
  REQUIRE(t.succeeded());
  REQUIRE(t.requests().size() == 2);
  CHECK(t.requests()[1].url.starts_with("https://api.snov.io/v1/get-emails-verification-status?"));
  CHECK(t.sleeps() == std::vector<uint64_t>{5000});
  CHECK(t.credits_spent() == 2);  // paid before the interruption
  CHECK(t.result()["items"][0]["status"] == "deliverable");
}

TEST_CASE("the verifier's hourly cap counts emails, not requests") {
  SnovHost host(config({{"verifier_emails_per_hour", 3}}));
  // Two addresses asked about (2 of 3), then pushing both would make 4: wait for the next hour;
  // polling both after the push makes 4 again: another hour (and by then a new token).
  auto t = host.run("verify_email", {{"items", json::array({{{"email", "gavin@octagon.com"}}, {{"email", "lizi@octagon.com"}}})}},
                    {token_reply(), ok("verification_not_verified.json"), ok("add_emails_sent.json"), token_reply(), ok("verification_complete.json")});
  REQUIRE(t.succeeded());
  const auto next_hour = (1700000000000 / 3600000 + 1) * 3600000 - 1700000000000;
  CHECK(t.sleeps() == std::vector<uint64_t>{static_cast<uint64_t>(next_hour), 5000, 3600000 - 5000});
}
