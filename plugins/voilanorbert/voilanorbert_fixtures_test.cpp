// The payloads the docs record for the rest of the API (domain search, contacts, lists, bulk
// searches, verification and enrichment jobs, organization) read into our vocabulary through the
// plugin's C table, with the requests the plugin sends for them.
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::RunOptions;
using sdk::testing::ScriptedHost;

namespace {

constexpr const char* hook = "https://hooks.example.com/voilanorbert";

std::string recorded(const std::string& name) {
  std::ifstream in(std::string(VOILANORBERT_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Reply doc(int status, const std::string& name) { return Reply::json(status, recorded(name)); }
Reply csv(const std::string& name) { return Reply::with_status(200, recorded(name), {{"content-type", "application/csv"}}); }

struct Host : ScriptedHost {
  explicit Host(json overrides = json::object()) : ScriptedHost(sdk::testing::linked_plugin()) {
    json config = {{"api_key", "s3cr3t-KEY-4242"}, {"webhook_url", hook}, {"first_poll_ms", 2000}, {"job_poll_interval_ms", 5000}};
    config.update(overrides);
    REQUIRE_MESSAGE(create_instance(config) == LF_OK, last_error());
  }
};

std::string path_of(const sdk::testing::SentRequest& request) {
  const std::string root = "https://api.voilanorbert.com/2018-01-08";
  return request.method + " " + request.url.substr(request.url.starts_with(root) ? root.size() : 0);
}

std::vector<std::string> paths_of(const sdk::testing::Transcript& t) {
  std::vector<std::string> paths;
  for (const auto& request : t.requests()) paths.push_back(path_of(request));
  return paths;
}

json emails(std::initializer_list<const char*> list) {
  json items = json::array();
  for (const char* email : list) items.push_back({{"email", email}});
  return {{"items", items}};
}

}  // namespace

TEST_CASE("fixtures: the domain search's pages become people with emails, only new contacts cost a credit") {
  Host host;
  auto t = host.run("find_domain_emails", {{"domain", "example.com"}},
                    {doc(200, "search_domain.json"), Reply::json(200, R"({"has_next": false, "result": [], "credits_available": true, "total": 2})")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(paths_of(t) == std::vector<std::string>{"POST /search/domain", "POST /search/domain"});
  CHECK(t.requests()[0].body == "domain=example.com&page=1");
  CHECK(t.requests()[1].body == "domain=example.com&page=2");
  CHECK(t.requests()[0].rate_limit_key == "search_domain");
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["people"] == json::array({{{"email", "second@example.com"}, {"full_name", "Second User"}, {"type", "personal"},
                                              {"confidence", 100}, {"contact_id", 12345}}}));
  CHECK(t.result()["total"] == 2);
  CHECK(t.result()["company"] == json({{"name", "Example Website"}, {"domain", "example.com"}}));
  CHECK(t.credits_spent() == 0);  // second@example.com is not new: paid for before
  CHECK(t.result()["raw"].size() == 2);

  auto bad = host.run("find_domain_emails", {{"domain", "nowhere.example"}}, {doc(400, "search_name_400_domain.json")});
  CHECK(bad.fail_code() == "invalid_input");
  CHECK(host.run("find_domain_emails", {{"limit", "3"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
  CHECK(host.run("find_domain_emails", {{"domain", "a.example"}, {"limit", "-3"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("fixtures: a verification is uploaded, checkpointed, polled until ENDED and its CSV mapped back by email") {
  Host host;
  const auto input = emails({"bran@voilanorbert.com", "NedStark@voilanorbert.com", "aryastark@voilanorbert.com", "nedstark@voilanorbert.com",
                             "sansa,stark@voilanorbert.com", "ghost@voilanorbert.com"});
  auto t = host.run("verify_email", input,
                    {doc(200, "upload_processing.json"), Reply::json(200, R"({"status": "PROCESSING", "token": "unique_token"})"),
                     doc(200, "verify_status_ended.json"), csv("verify_download.csv")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(paths_of(t) == std::vector<std::string>{"POST /verifier/upload", "GET /verifier/unique_token", "GET /verifier/unique_token",
                                                "GET /verifier/unique_token/download"});
  const auto upload = t.requests()[0];
  CHECK(upload.body == "data=bran%40voilanorbert.com%0ANedStark%40voilanorbert.com%0Aaryastark%40voilanorbert.com%0A"
                       "ghost%40voilanorbert.com&webhook=https%3A%2F%2Fhooks.example.com%2Fvoilanorbert");
  CHECK(upload.expected_cost == 4);
  CHECK_FALSE(upload.idempotent());
  CHECK(t.checkpoints() == std::vector<json>{{{"token", "unique_token"}}});
  CHECK(t.sleeps() == std::vector<uint64_t>{2000, 5000});
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 6);
  CHECK(items[0]["status"] == "undeliverable");
  CHECK(items[0]["reason"] == "no_such_user");
  CHECK(items[0]["provider_status"] == "bounce");
  CHECK(items[1]["status"] == "deliverable");
  CHECK(items[1]["reason"] == "valid");
  CHECK(items[1] == items[3]);  // the same address in two rows, matched by email whatever its case
  CHECK(items[2]["status"] == "risky");
  CHECK(items[2]["reason"] == "catch_all");
  CHECK(items[2]["catch_all"] == true);
  CHECK(items[2]["raw"]["error_msg"] == "Catch-all domain");
  CHECK(items[4]["error"]["code"] == "invalid_input");   // a comma cannot travel in the upload
  CHECK(items[5]["error"]["code"] == "bad_response");    // VoilaNorbert's file has no line for it
  CHECK(t.credits_spent() == 4);
}

TEST_CASE("fixtures: upload errors: no webhook is 402 but not a credit problem, too big is 400, no balance is 402") {
  Host host;
  auto webhook = host.run("verify_email", emails({"a@b.example"}), {doc(402, "upload_402_webhook.json")});
  CHECK(webhook.fail_code() == "invalid_input");
  CHECK(webhook.result()["message"].get<std::string>().find("webhook_url") != std::string::npos);
  CHECK(webhook.checkpoints().empty());
  auto size = host.run("enrich_person", emails({"a@b.example"}), {doc(400, "upload_400_size.json")});
  CHECK(size.fail_code() == "invalid_input");
  CHECK(size.result()["message"].get<std::string>().find("lower than 100Mb") != std::string::npos);
  auto broke = host.run("verify_email", emails({"a@b.example"}), {doc(402, "no_credits_402.json")});
  CHECK(broke.fail_code() == "out_of_credits");

  Host without_hook(json{{"webhook_url", ""}});
  CHECK(without_hook.run("enrich_person", emails({"a@b.example"}), std::deque<Reply>{}).fail_code() == "invalid_input");
  CHECK(without_hook.run("verify_email", json{{"email", "a@b.example"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("fixtures: a verification that never ends times out naming its token and a resumed one skips the upload") {
  Host host(json{{"job_max_wait_ms", 12000}});
  auto t = host.run("verify_email", emails({"a@b.example"}), [](const sdk::testing::SentRequest& request) {
    if (request.method == "POST") return doc(200, "upload_processing.json");
    return Reply::json(200, R"({"status": "PAUSED", "token": "unique_token"})");
  });
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find("unique_token") != std::string::npos);
  CHECK(t.sleeps() == std::vector<uint64_t>{2000, 5000, 5000});
  CHECK(t.credits_spent() == 1);  // the upload was paid, whatever became of the job

  RunOptions resume;
  resume.checkpoint = {{"token", "unique_token"}};
  auto resumed = host.run("verify_email", emails({"nedstark@voilanorbert.com"}), {doc(200, "verify_status_ended.json"), csv("verify_download.csv")}, resume);
  REQUIRE(resumed.succeeded());
  CHECK(paths_of(resumed) == std::vector<std::string>{"GET /verifier/unique_token", "GET /verifier/unique_token/download"});
  CHECK(resumed.result()["items"][0]["status"] == "deliverable");
  CHECK(resumed.credits_spent() == 1);
}

TEST_CASE("fixtures: an enrichment's CSV becomes person and company fields and empty cells stay absent") {
  Host host;
  auto t = host.run("enrich_person", emails({"nobody@voilanorbert.com", "testme@voilanorbert.com"}),
                    {doc(200, "upload_processing.json"), doc(200, "enrich_status_ended.json"), csv("enrich_download.csv")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(paths_of(t) == std::vector<std::string>{"POST /enrich/upload", "GET /enrich/unique_token", "GET /enrich/unique_token/download"});
  const auto& items = t.result()["items"];
  CHECK(items[0]["status"] == "not_found");
  CHECK(items[0]["raw"]["error_msg"] == "No information found for this email");
  CHECK(items[1]["status"] == "found");
  CHECK(items[1]["full_name"] == "Ned Stark");
  CHECK(items[1]["title"] == "Lord");
  CHECK(items[1]["company"] == "VoilaNorbert");
  CHECK(items[1]["location"] == "Winterfell, North");
  CHECK(items[1]["twitter"] == "@ned");
  CHECK(items[1]["linkedin_url"] == "https://www.linkedin.com/in/ned-stark");
  CHECK_FALSE(items[1].contains("facebook"));
  CHECK(t.credits_spent() == 2);
}

TEST_CASE("fixtures: add_to_list finds the contact by email, the list by name, and attaches the contact") {
  Host host;
  auto t = host.run("add_to_list", {{"list", "awesome leads"}, {"email", "Second@Example.com"}},
                    {doc(200, "contacts.json"), doc(200, "lists.json"), doc(200, "list_attached.json")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(paths_of(t) == std::vector<std::string>{"GET /contacts/?email=Second%40Example.com&page=1", "GET /lists/", "POST /lists/1"});
  CHECK(t.requests()[2].body == "ids=12345");
  CHECK(t.result()["status"] == "added");
  CHECK(t.result()["list_id"] == 1);
  CHECK(t.result()["prospect_id"] == 12345);
  CHECK(t.credits_spent() == 0);

  auto created = host.run("add_to_list", {{"list", "Brand new"}, {"email", "second@example.com"}},
                          {doc(200, "contacts.json"), doc(200, "lists.json"), doc(200, "list_created.json"), doc(200, "list_attached.json")});
  REQUIRE(created.succeeded());
  CHECK(path_of(created.requests()[2]) == "POST /lists/");
  CHECK(created.requests()[2].body == "name=Brand+new");
  CHECK_FALSE(created.requests()[2].idempotent());
  CHECK(created.result()["list_id"] == 2);

  auto missing = host.run("add_to_list", {{"list_id", "7"}, {"email", "second@example.com"}}, {doc(200, "contacts.json"), doc(404, "list_404.json")});
  CHECK(missing.fail_code() == "invalid_input");
  CHECK(missing.result()["provider_status"] == 404);
  CHECK(host.run("add_to_list", {{"email", "a@b.example"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
  CHECK(host.run("add_to_list", {{"list", "x"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("fixtures: a bulk search submission is checkpointed by id and listing, status and delete read the documented bodies") {
  Host host;
  auto t = host.run("voilanorbert.massive_submit", {{"content", "Ned,Stark,voilanorbert.com,VoilaNorbert\nArya,Stark,voilanorbert.com,VoilaNorbert"},
                                                    {"col_name", "0,1"}, {"col_company", "3"}, {"rerun_frequency", "720"}},
                    {doc(200, "massive_queued.json")});
  REQUIRE(t.succeeded());
  CHECK(path_of(t.requests()[0]) == "POST /massives/");
  CHECK(t.requests()[0].rate_limit_key == "massives");
  CHECK(t.requests()[0].expected_cost == 2);
  CHECK(t.requests()[0].body.find("col_name=0%2C1&col_company=3&webhook=https%3A%2F%2Fhooks.example.com%2Fvoilanorbert&content=Ned") == 0);
  CHECK(t.requests()[0].body.ends_with("&rerun_frequency=720"));
  CHECK(t.checkpoints() == std::vector<json>{{{"massive_id", 779}}});
  CHECK(t.result()["massive_id"] == 779);
  CHECK(t.result()["massive_status"] == "QUEUED");
  CHECK(t.result()["list_id"] == 787);

  auto listing = host.run("voilanorbert.massives", json::object(), {doc(200, "massives.json")});
  REQUIRE(listing.succeeded());
  CHECK(path_of(listing.requests()[0]) == "GET /massives/?offset=0&limit=100");
  CHECK(listing.result()["massives"].size() == 3);
  auto status = host.run("voilanorbert.massive_status", {{"massive_id", "779"}}, {doc(200, "massive_queued.json")});
  CHECK(status.result()["massive_status"] == "QUEUED");
  auto deleted = host.run("voilanorbert.massive_delete", {{"massive_id", "779"}}, {doc(200, "massive_deleted.json")});
  CHECK(path_of(deleted.requests()[0]) == "DELETE /massives/779");
  CHECK(deleted.requests()[0].body == "recursive=false");
  CHECK(deleted.result()["deleted"] == true);
  CHECK(host.run("voilanorbert.massive_pause", {{"massive_id", "x"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
  CHECK(host.run("voilanorbert.massive_submit", {{"content", "a,b"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("fixtures: organization, organization credits, lists and contacts read the documented bodies") {
  Host host;
  auto organization = host.run("voilanorbert.organization", json::object(), {doc(200, "organization.json")});
  REQUIRE(organization.succeeded());
  CHECK(organization.result()["credits_remaining"] == 1234);
  CHECK(organization.result()["plan"] == "Advisor");
  auto credits = host.run("voilanorbert.organization_credits", json::object(), {doc(200, "organization_credits.json")});
  CHECK(credits.result()["credits_remaining"] == 467999);
  auto lists = host.run("voilanorbert.lists", json::object(), {doc(200, "lists.json")});
  CHECK(lists.result()["lists"][1]["name"] == "Awesome leads");
  auto contacts = host.run("voilanorbert.contacts", {{"query", "larry page"}, {"order_by", "-name"}}, {doc(200, "contacts.json")});
  REQUIRE(contacts.succeeded());
  CHECK(path_of(contacts.requests()[0]) == "GET /contacts/?query=larry%20page&order_by=-name");
  CHECK(contacts.result()["contacts"].size() == 2);
  CHECK(contacts.result()["has_next"] == true);
  auto removed = host.run("voilanorbert.list_update", {{"list_id", "1"}, {"removed", "true"}}, {Reply::with_status(202)});
  REQUIRE(removed.succeeded());
  CHECK(removed.requests()[0].body == "removed=1");
  CHECK(removed.result()["removed"] == true);
  auto required = host.run("voilanorbert.list_update", {{"list_id", "1"}, {"name", " "}}, std::deque<Reply>{});
  CHECK(required.fail_code() == "invalid_input");
}
