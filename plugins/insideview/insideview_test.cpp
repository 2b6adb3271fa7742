// The InsideView plugin driven through its C table by the scripted host, answering with the
// documented payloads in fixtures/ (the job submission from the provider docs, the rest from
// the research's sources).
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include "contact_output.hpp"
#include "login.hpp"
#include "session.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using sdk::testing::Reply;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;
using nlohmann::json;

namespace {

constexpr const char* client_id = "iv-client-77";
constexpr const char* client_secret = "iv-s3cr3t-SECRET";
constexpr const char* given_token = "given-TOKEN-123";
constexpr const char* job_id = "v9qh2to86kg85s03trag";
constexpr const char* api = "https://api.insideview.com/api/v1";

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(INSIDEVIEW_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Reply json_reply(int status, const std::string& name) { return Reply::json(status, fixture(name)); }
Reply xml_reply(int status, const std::string& name) {
  return Reply::with_status(status, fixture(name), {{"content-type", "application/xml"}});
}
Reply csv_reply(const std::string& name) { return Reply::with_status(200, fixture(name), {{"content-type", "text/csv"}}); }
Reply token_reply() { return json_reply(200, "token.json"); }

json credentials(json overrides = json::object()) {
  json c = {{"client_id", client_id}, {"client_secret", client_secret}};
  c.update(overrides);
  return c;
}

json ids(std::initializer_list<json> values) {
  json items = json::array();
  for (const auto& v : values) items.push_back({{"id", v}});
  return {{"items", items}};
}

struct InsideViewHost : ScriptedHost {
  explicit InsideViewHost(const json& c = credentials()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

void check_no_secret_leaked(const ScriptedHost& host, const sdk::testing::Transcript& t) {
  for (const char* secret : {client_secret, given_token}) {
    for (const auto& line : host.logs()) CHECK(line.message.find(secret) == std::string::npos);
    CHECK(t.result().dump().find(secret) == std::string::npos);
    CHECK(t.error.find(secret) == std::string::npos);
  }
}

// The happy path of one job: submit, processing, finished, results.
std::deque<Reply> job_replies() {
  return {json_reply(200, "job_accepted.json"), json_reply(200, "job_status_processing.json"),
          json_reply(200, "job_status_finished.json"), csv_reply("results.csv")};
}

std::deque<Reply> with_login(std::deque<Reply> replies) {
  replies.push_front(token_reply());
  return replies;
}

}  // namespace

TEST_CASE("a batch logs in, submits one job, checkpoints its id, polls with a growing wait and reads the CSV by header") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440", "8802619", "225"}), with_login(job_replies()));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 5);

  const auto& login = requests[0];
  CHECK(login.method == "POST");
  CHECK(login.url == "https://login.insideview.com/Auth/login/v1/token.json");
  CHECK(login.body == "clientId=iv-client-77&clientSecret=iv-s3cr3t-SECRET&grantType=cred");
  CHECK(login.header("content-type") == "application/x-www-form-urlencoded");
  CHECK(login.rate_limit_key == "login");

  const auto& submit = requests[1];
  CHECK(submit.method == "POST");
  CHECK(submit.url == std::string(api) + "/contact/job");
  CHECK(submit.body == "13496440\n8802619\n225");
  CHECK(submit.header("content-type") == "text/plain");
  CHECK(submit.header("accept") == "application/json");
  CHECK(submit.header("accesstoken") == "tok-A-4242");
  CHECK_FALSE(submit.idempotent());
  CHECK(submit.expected_cost == 3);
  CHECK(submit.rate_limit_key == "default");

  for (std::size_t i : {2u, 3u}) {
    CHECK(requests[i].method == "GET");
    CHECK(requests[i].url == std::string(api) + "/contact/job/" + job_id);
    CHECK(requests[i].header("accesstoken") == "tok-A-4242");
    CHECK(requests[i].idempotent());
    CHECK(requests[i].expected_cost == 0);
  }
  CHECK(requests[4].url == std::string(api) + "/contact/job/" + job_id + "/results");
  CHECK(t.checkpoints() == std::vector<json>{{{"job_id", job_id}, {"ids", 3}}});
  CHECK(t.sleeps() == std::vector<uint64_t>{30000, 45000});

  std::vector<int32_t> kinds;
  for (const auto& a : t.actions) kinds.push_back(a.kind);
  CHECK(kinds == std::vector<int32_t>{LF_ACTION_HTTP, LF_ACTION_HTTP, LF_ACTION_CHECKPOINT, LF_ACTION_SLEEP, LF_ACTION_HTTP,
                                      LF_ACTION_SLEEP, LF_ACTION_HTTP, LF_ACTION_HTTP, LF_ACTION_DONE});

  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 3);
  const auto& ada = items[0];
  CHECK(ada["status"] == "found");
  CHECK(ada["civility"] == "Ms");
  CHECK(ada["first_name"] == "Ada");
  CHECK(ada["last_name"] == "Lovelace");
  CHECK(ada["full_name"] == "Ada Lovelace");
  CHECK(ada["title"] == "VP Sales, EMEA");
  CHECK(ada["email"] == "ada.lovelace@acme.example");
  CHECK(ada["email_status"] == "deliverable");
  CHECK(ada["email_validation_status"] == "ValidEmail");
  CHECK(ada["confidence"] == 95);
  CHECK(ada["phone"] == "+1 555 0100 1234");
  CHECK(ada["linkedin_url"] == "https://www.linkedin.com/in/ada-lovelace-1a2b");
  CHECK(ada["twitter"] == "@adalovelace");
  CHECK(ada["company"] == "Acme, Inc.");
  CHECK(ada["contact_id"] == "13496440");
  CHECK(ada["company_id"] == "5000001");
  CHECK(ada["job_id"] == job_id);
  CHECK(ada["raw"]["description"] == "Says \"hi\",\nthen leaves");
  CHECK(ada["raw"]["jobLevels"] == "VP");  // a column we do not map stays under raw
  CHECK(items[1]["email_status"] == "risky");
  CHECK_FALSE(items[1].contains("linkedin_url"));  // empty cells are absent, not ""
  CHECK_FALSE(items[1].contains("twitter"));
  CHECK(items[2]["status"] == "not_found");
  CHECK(items[2]["contact_id"] == "225");
  CHECK(t.credits_spent() == 3);
  check_no_secret_leaked(host, t);
}

TEST_CASE("items are matched by id: duplicates share a row, a missing row is not_found, a bad id is the item's own error") {
  InsideViewHost host(credentials({{"access_token", given_token}}));
  auto t = host.run("enrich_person", ids({"8802619", "12ab", 13496440, "8802619", "999"}), job_replies());
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].body == "8802619\n13496440\n999");
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 5);
  CHECK(items[0]["first_name"] == "Bob");
  CHECK(items[1]["error"]["code"] == "invalid_input");
  CHECK(items[2]["first_name"] == "Ada");
  CHECK(items[3]["first_name"] == "Bob");
  CHECK(items[4]["status"] == "not_found");
  CHECK(t.credits_spent() == 3);
}

TEST_CASE("a given access_token is sent as is and no login happens") {
  InsideViewHost host(json{{"access_token", given_token}});
  auto t = host.run("enrich_person", ids({"13496440"}), job_replies());
  REQUIRE(t.succeeded());
  for (const auto& request : t.requests()) {
    CHECK(request.url.find("login") == std::string::npos);
    CHECK(request.header("accesstoken") == given_token);
  }
  check_no_secret_leaked(host, t);
}

TEST_CASE("a batch without any usable id answers every item without a request") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"", "x-1"}), std::deque<Reply>{});
  REQUIRE(t.succeeded());
  CHECK(t.requests().empty());
  CHECK(t.result()["items"][0]["error"]["code"] == "invalid_input");
  CHECK(t.credits_spent() == 0);
}

TEST_CASE("a resumed batch polls its checkpointed job and never submits again") {
  InsideViewHost host;
  sdk::testing::RunOptions options;
  options.checkpoint = {{"job_id", job_id}, {"ids", 3}};
  auto t = host.run("enrich_person", ids({"13496440", "8802619", "225"}),
                    with_login({json_reply(200, "job_status_finished.json"), csv_reply("results.csv")}), options);
  REQUIRE(t.succeeded());
  const std::string submit_url = std::string(api) + "/contact/job";
  const auto requests = t.requests();
  for (const auto& request : requests) CHECK(request.url != submit_url);
  CHECK(t.checkpoints().empty());
  CHECK(t.result()["items"][0]["first_name"] == "Ada");
}

TEST_CASE("'2 jobs are already running' waits busy_retry_ms and submits again") {
  InsideViewHost host(credentials({{"busy_retry_ms", 60000}}));
  std::deque<Reply> replies = job_replies();
  replies.push_front(json_reply(400, "error_400_jobs_running.json"));
  replies.push_front(json_reply(400, "error_400_jobs_running.json"));
  auto t = host.run("enrich_person", ids({"13496440"}), with_login(replies));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  CHECK(requests[1].url == std::string(api) + "/contact/job");
  CHECK(requests[2].url == std::string(api) + "/contact/job");
  CHECK(requests[3].url == std::string(api) + "/contact/job");
  CHECK(t.sleeps() == std::vector<uint64_t>{60000, 60000, 30000, 45000});
}

TEST_CASE("a job refused as busy for longer than max_wait_ms fails timeout, retryable") {
  InsideViewHost host(credentials({{"busy_retry_ms", 60000}, {"max_wait_ms", 120000}}));
  auto t = host.run("enrich_person", ids({"13496440"}), [](const SentRequest& r) {
    return r.url.find("token") != std::string::npos ? token_reply() : json_reply(400, "error_400_jobs_running.json");
  });
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.requests().size() == 4);  // login + 3 submissions
}

TEST_CASE("a quota 400 in the default XML stops the provider with out_of_credits") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440"}), with_login({xml_reply(400, "error_400_quota.xml")}));
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "out_of_credits");
  CHECK(t.result()["provider_status"] == 400);
  CHECK(t.result()["message"].get<std::string>().find("Insufficient transaction quota available.") != std::string::npos);
}

TEST_CASE("a validation 400 is invalid_input with InsideView's message") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440"}), with_login({json_reply(400, "error_400_validation.json")}));
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "invalid_input");
  CHECK(t.result()["message"].get<std::string>().find("Validation of input data failed") != std::string::npos);
}

TEST_CASE("a 401 logs in again once and resends; a second 401 is auth_failed") {
  InsideViewHost host;
  std::deque<Reply> replies = job_replies();
  replies.push_front(json_reply(200, "token.json"));
  replies.push_front(xml_reply(401, "error_401.xml"));
  auto t = host.run("enrich_person", ids({"13496440"}), with_login(replies));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  CHECK(requests[0].url.find("token.json") != std::string::npos);
  CHECK(requests[1].url == std::string(api) + "/contact/job");
  CHECK(requests[2].url.find("token.json") != std::string::npos);
  CHECK(requests[3].url == std::string(api) + "/contact/job");

  InsideViewHost refused;
  auto twice = refused.run("enrich_person", ids({"13496440"}),
                           with_login({xml_reply(401, "error_401.xml"), token_reply(), xml_reply(401, "error_401.xml")}));
  REQUIRE(twice.failed());
  CHECK(twice.fail_code() == "auth_failed");
  CHECK(twice.result()["message"].get<std::string>().find("Cannot use API's without setting a valid accessToken") != std::string::npos);
  CHECK(twice.requests().size() == 4);
}

TEST_CASE("a given access_token answered 401 is auth_failed at once: there is nothing to log in with") {
  InsideViewHost host(json{{"access_token", given_token}});
  auto t = host.run("enrich_person", ids({"13496440"}), {xml_reply(401, "error_401.xml")});
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "auth_failed");
  CHECK(t.requests().size() == 1);
  check_no_secret_leaked(host, t);
}

TEST_CASE("refused client credentials are auth_failed naming the config keys, without leaking them") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440"}), {Reply::json(401, R"({"message":"Invalid clientId or clientSecret."})")});
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "auth_failed");
  CHECK(t.result()["message"].get<std::string>().find("client_id and client_secret") != std::string::npos);
  check_no_secret_leaked(host, t);
}

TEST_CASE("one token serves every operation of the instance until it nears its expiry") {
  InsideViewHost host;
  auto first = host.run("insideview.job_status", {{"job_id", job_id}}, with_login({json_reply(200, "job_status_finished.json")}));
  auto second = host.run("insideview.job_status", {{"job_id", job_id}}, {json_reply(200, "job_status_finished.json")});
  REQUIRE(first.succeeded());
  REQUIRE(second.succeeded());
  CHECK(second.requests().size() == 1);
  CHECK(second.requests()[0].header("accesstoken") == "tok-A-4242");
}

TEST_CASE("an expired token (the research's 2015 example) is replaced before the next call") {
  InsideViewHost host;
  auto first = host.run("insideview.job_status", {{"job_id", job_id}},
                        {json_reply(200, "token_expired_2015.json"), json_reply(200, "job_status_finished.json")});
  auto second = host.run("insideview.job_status", {{"job_id", job_id}}, with_login({json_reply(200, "job_status_finished.json")}));
  REQUIRE(first.succeeded());
  REQUIRE(second.succeeded());
  REQUIRE(second.requests().size() == 2);
  CHECK(second.requests()[0].url.find("token.json") != std::string::npos);
  CHECK(second.requests()[1].header("accesstoken") == "tok-A-4242");
}

TEST_CASE("a token is refreshed when its expirationTime comes within five minutes, during a long job") {
  InsideViewHost host(credentials({{"first_poll_ms", 600000}}));
  // The scripted clock starts at 2023-11-14 22:13:20 UTC; this token expires ten minutes later.
  const auto soon = Reply::json(200, R"({"accessTokenDetails":{"accessToken":"tok-soon","tokenType":"bearer",
      "expirationTime":"Tue, Nov 14, 2023 10:23:20 PM GMT"}})");
  auto t = host.run("enrich_person", ids({"13496440"}),
                    {soon, json_reply(200, "job_accepted.json"), token_reply(), json_reply(200, "job_status_finished.json"),
                     csv_reply("results.csv")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  CHECK(requests[1].header("accesstoken") == "tok-soon");
  CHECK(requests[2].url.find("token.json") != std::string::npos);
  CHECK(requests[3].header("accesstoken") == "tok-A-4242");
}

TEST_CASE("the token endpoint's expirationTime format is read as UTC") {
  CHECK(leadflow::insideview::parse_expiration_time("Tue, Jul 21, 2015 09:08:17 PM GMT") == 1437512897000);
  CHECK(leadflow::insideview::parse_expiration_time("Wed, Jan 01, 2025 12:00:00 AM GMT") == 1735689600000);
  CHECK_FALSE(leadflow::insideview::parse_expiration_time("2015-07-21T21:08:17Z"));
}

TEST_CASE("a token answered in XML (the /token variant) is used") {
  InsideViewHost host;
  auto t = host.run("insideview.job_status", {{"job_id", job_id}}, {xml_reply(200, "token.xml"), json_reply(200, "job_status_finished.json")});
  REQUIRE(t.succeeded());
  CHECK(t.requests()[1].header("accesstoken") == "tok-X-xml");
}

TEST_CASE("a 429 that reaches the plugin holds every request of the account for throttle_lock_ms, then resends") {
  InsideViewHost host(credentials({{"throttle_lock_ms", 300000}}));
  auto t = host.run("enrich_person", ids({"13496440"}),
                    with_login({json_reply(429, "error_429.json"), json_reply(200, "job_accepted.json"),
                                json_reply(200, "job_status_finished.json"), csv_reply("results.csv")}));
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(t.sleeps() == std::vector<uint64_t>{300000, 30000});
  CHECK(t.requests()[2].url == std::string(api) + "/contact/job");
}

TEST_CASE("after three lock windows the call fails rate_limited, and the next operation waits out the lock before sending") {
  InsideViewHost host(credentials({{"throttle_lock_ms", 300000}}));
  auto throttled = host.run("insideview.job_status", {{"job_id", job_id}}, [](const SentRequest& r) {
    return r.url.find("token") != std::string::npos ? token_reply() : json_reply(429, "error_429.json");
  });
  REQUIRE(throttled.failed());
  CHECK(throttled.fail_code() == "rate_limited");
  CHECK(throttled.result()["retryable"] == true);
  CHECK(throttled.sleeps() == std::vector<uint64_t>{300000, 300000, 300000});

  auto next = host.run("insideview.job_status", {{"job_id", job_id}}, {json_reply(200, "job_status_finished.json")});
  REQUIRE(next.succeeded());
  CHECK(next.sleeps() == std::vector<uint64_t>{300000});
  CHECK(next.actions.front().kind == LF_ACTION_SLEEP);
}

TEST_CASE("405 means the API is not in the contract: unsupported; 415 is a plugin bug: internal") {
  InsideViewHost host;
  auto not_allowed = host.run("enrich_person", ids({"13496440"}), with_login({json_reply(405, "error_405.json")}));
  REQUIRE(not_allowed.failed());
  CHECK(not_allowed.fail_code() == "unsupported");
  CHECK(not_allowed.result()["provider_status"] == 405);
  auto no_type = host.run("enrich_person", ids({"13496440"}), {json_reply(415, "error_415.json")});
  REQUIRE(no_type.failed());
  CHECK(no_type.fail_code() == "internal");
}

TEST_CASE("a failed job fails the batch, retryable, with the transactions debited; an aborted one debits nothing") {
  InsideViewHost host;
  auto failed = host.run("enrich_person", ids({"13496440", "225"}),
                         with_login({json_reply(200, "job_accepted.json"), json_reply(200, "job_status_failed.json")}));
  REQUIRE(failed.failed());
  CHECK(failed.fail_code() == "provider_unavailable");
  CHECK(failed.result()["retryable"] == true);
  CHECK(failed.credits_spent() == 2);
  auto aborted = host.run("enrich_person", ids({"13496440"}),
                          {json_reply(200, "job_accepted.json"), json_reply(200, "job_status_aborted.json")});
  REQUIRE(aborted.failed());
  CHECK(aborted.credits_spent() == 0);
  CHECK(aborted.result()["message"].get<std::string>().find("aborted") != std::string::npos);
}

TEST_CASE("a job still running after max_wait_ms fails timeout naming the job") {
  InsideViewHost host(credentials({{"first_poll_ms", 30000}, {"max_wait_ms", 100000}}));
  auto t = host.run("enrich_person", ids({"13496440"}), [](const SentRequest& r) {
    if (r.url.find("token") != std::string::npos) return token_reply();
    if (r.method == "POST") return json_reply(200, "job_accepted.json");
    return json_reply(200, "job_status_processing.json");
  });
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["message"].get<std::string>().find(job_id) != std::string::npos);
  CHECK(t.sleeps() == std::vector<uint64_t>{30000, 45000, 25000});
  CHECK(t.credits_spent() == 1);
}

TEST_CASE("job answers in InsideView's default XML are read too") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440"}),
                    with_login({xml_reply(200, "job_accepted.xml"), xml_reply(200, "job_status_finished.xml"), csv_reply("results.csv")}));
  REQUIRE(t.succeeded());
  CHECK(t.requests()[2].url == std::string(api) + "/contact/job/ado2umlpg5c2gef2qc2g");
  CHECK(t.result()["items"][0]["job_id"] == "ado2umlpg5c2gef2qc2g");
}

TEST_CASE("results that are not CSV with a contactId column are bad_response") {
  InsideViewHost host;
  auto t = host.run("enrich_person", ids({"13496440"}),
                    with_login({json_reply(200, "job_accepted.json"), json_reply(200, "job_status_finished.json"),
                                Reply::with_status(200, "id,name\r\n\"13496440,Ada\r\n")}));
  REQUIRE(t.failed());
  CHECK(t.fail_code() == "bad_response");
}

TEST_CASE("a webhook in the config is passed as the webhook query parameter") {
  InsideViewHost host(credentials({{"webhook", "https://hooks.example/iv?x=1"}}));
  auto t = host.run("enrich_person", ids({"13496440"}), with_login(job_replies()));
  REQUIRE(t.succeeded());
  CHECK(t.requests()[1].url == std::string(api) + "/contact/job?webhook=https%3A%2F%2Fhooks.example%2Fiv%3Fx%3D1");
}

TEST_CASE("contact details of one id: found with its fields, or not_found on a 404") {
  InsideViewHost host;
  auto t = host.run("insideview.contact_details", {{"id", "13496440"}}, with_login({json_reply(200, "contact_details.json")}));
  REQUIRE(t.succeeded());
  CHECK(t.requests()[1].url == std::string(api) + "/contact/13496440");
  CHECK(t.requests()[1].header("accept") == "application/json");
  CHECK(t.result()["status"] == "found");
  CHECK(t.result()["title"] == "VP Sales, EMEA");
  CHECK(t.result()["email_status"] == "undeliverable");
  CHECK(t.result()["facebook"] == "ada.l");
  CHECK(t.result()["confidence"] == 20);
  CHECK(t.result()["raw"]["imageUrl"] == "https://img.example/ada.png");
  CHECK(t.credits_spent() == 1);

  auto missing = host.run("insideview.contact_details", {{"id", "1"}}, {Reply::json(404, R"({"code":404,"message":"Contact 1 was not found."})")});
  REQUIRE(missing.succeeded());
  CHECK(missing.result()["status"] == "not_found");
  CHECK(missing.credits_spent() == 0);
  auto bad = host.run("insideview.contact_details", {{"id", "abc"}}, std::deque<Reply>{});
  CHECK(bad.fail_code() == "invalid_input");
}

TEST_CASE("bulk contact details post the distinct ids as JSON and match the answer by contactId") {
  InsideViewHost host;
  auto t = host.run("insideview.contact_details_bulk", ids({"13496440", "8802619", "13496440", "7"}),
                    with_login({json_reply(200, "contact_bulk.json")}));
  REQUIRE(t.succeeded());
  const auto sent = t.requests()[1];
  CHECK(sent.url == std::string(api) + "/contact/bulk");
  CHECK(json::parse(sent.body) == json{{"contactIds", {"13496440", "8802619", "7"}}});
  CHECK(sent.header("content-type") == "application/json");
  const auto& items = t.result()["items"];
  CHECK(items[0]["first_name"] == "Ada");
  CHECK(items[1]["first_name"] == "Bob");
  CHECK(items[2]["first_name"] == "Ada");
  CHECK(items[3]["status"] == "not_found");
  CHECK(t.credits_spent() == 2);
}

TEST_CASE("job status reports the job's state and total") {
  InsideViewHost host;
  auto t = host.run("insideview.job_status", {{"job_id", job_id}}, with_login({json_reply(200, "job_status_finished.json")}));
  REQUIRE(t.succeeded());
  CHECK(t.result()["status"] == "done");
  CHECK(t.result()["job_status"] == "finished");
  CHECK(t.result()["total_processed"] == 3);
  CHECK(t.result()["type"] == "contact");
  auto gone = host.run("insideview.job_status", {{"job_id", "nope"}}, {Reply::json(404, R"({"code":404,"message":"Job not found."})")});
  CHECK(gone.fail_code() == "bad_response");
}

TEST_CASE("jobs list sends only the filters given and names the numeric statuses") {
  InsideViewHost host;
  auto t = host.run("insideview.jobs_list", {{"job_statuses", "1,3"}, {"page", "2"}, {"results_per_page", "50"}},
                    with_login({json_reply(200, "jobs_list.json")}));
  REQUIRE(t.succeeded());
  CHECK(t.requests()[1].url == std::string(api) + "/admin/jobs?jobStatuses=1%2C3&page=2&resultsPerPage=50");
  const auto& jobs = t.result()["jobs"];
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0]["job_status"] == "finished");
  CHECK(jobs[0]["job_status_code"] == 3);
  CHECK(jobs[0]["credits_consumed"] == 3);
  CHECK(jobs[1]["job_status"] == "accepted");
  CHECK(t.result()["count"] == 2);
  auto too_many = host.run("insideview.jobs_list", {{"results_per_page", "51"}}, std::deque<Reply>{});
  CHECK(too_many.fail_code() == "invalid_input");
}

TEST_CASE("emailValidationStatus maps onto the verify_email scale") {
  using leadflow::insideview::email_status_of;
  CHECK(email_status_of("ValidEmail") == "deliverable");
  CHECK(email_status_of("ValidDomain") == "risky");
  CHECK(email_status_of("InvalidEmail") == "undeliverable");
  CHECK(email_status_of("FailedValidation") == "unknown");
  CHECK(email_status_of("Processing") == "unknown");
}

TEST_CASE("the config needs a token or both client credentials, and takes a login_url path on base_url's host") {
  ScriptedHost none(sdk::testing::linked_plugin());
  CHECK(none.create_instance(json{{"client_id", client_id}}) == LF_E_INVALID_ARGUMENT);
  CHECK(none.last_error().find("client_secret") != std::string::npos);
  CHECK(none.last_error().find(client_id) == std::string::npos);

  InsideViewHost local(credentials({{"base_url", "http://127.0.0.1:9000/api/v1/"}, {"login_url", "/Auth/login/v1/token.json"}}));
  auto t = local.run("insideview.job_status", {{"job_id", job_id}}, {token_reply(), json_reply(200, "job_status_finished.json")});
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].url == "http://127.0.0.1:9000/Auth/login/v1/token.json");
  CHECK(t.requests()[1].url == "http://127.0.0.1:9000/api/v1/contact/job/v9qh2to86kg85s03trag");
}

TEST_CASE("one login at a time per account: a second operation waits for the first one's token") {
  leadflow::insideview::Session session;
  CHECK(session.claim_login(1000));
  CHECK_FALSE(session.claim_login(1500));
  session.remember_token("tok", std::nullopt);
  session.release_login();
  CHECK(session.token(2000) == "tok");
  CHECK(session.claim_login(2000));
  CHECK(session.claim_login(2000 + leadflow::insideview::login_claim_ms));  // a stale claim no longer holds others back
}
