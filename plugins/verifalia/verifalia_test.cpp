// The Verifalia plugin driven through its C table by the scripted host: verify_email jobs
// (submission, checkpoint, polling, paging, matching, failover, errors), account and the job
// operations, answered with the documented payloads in fixtures/.
#include "verifalia_test_support.hpp"

#include <dlfcn.h>

#include <cstddef>
#include <cstring>

using namespace verifalia_test;

namespace {

const json three = items_of({"batman@gmail.com", "steve.vai@best.music", "foo@inv@lid.tld"});

std::vector<int32_t> kinds_of(const sdk::testing::Transcript& t) {
  std::vector<int32_t> kinds;
  for (const auto& a : t.actions) kinds.push_back(a.kind);
  return kinds;
}

// A completed snapshot holding every entry of `emails`, one page.
Reply completed_with(const std::vector<json>& entries) {
  json body = json::parse(fixture("poll_completed_truncated_200.json"));
  body["entries"] = {{"data", entries}};
  body["overview"]["noOfEntries"] = entries.size();
  return Reply::json(200, body.dump());
}

json entry(int index, const std::string& email, const std::string& status, const std::string& classification) {
  return {{"index", index}, {"inputData", email}, {"emailAddress", email}, {"custom", std::to_string(index)},
          {"status", status}, {"classification", classification}};
}

}  // namespace

TEST_CASE("a batch is submitted as one job with every entry, its row index as custom, and the config's job options") {
  VerifaliaHost host(config({{"quality", "High"}, {"deduplication", "Safe"}, {"priority", 100}, {"retention", "1:0:0"},
                             {"job_name", "crm-export"}, {"callback_url", "https://hooks.example.com/verifalia"}}));
  auto t = host.run("verify_email", three, {fixture_reply(202, "submit_in_progress_202.json"), Reply::cancel()});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 2);
  const auto& sent = requests[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == std::string(host1) + "/email-validations?waitTime=30000");
  CHECK(sent.header("content-type") == "application/json");
  CHECK(sent.header("authorization") == sdk::basic_auth(username, password));
  CHECK(sent.expected_cost == 6);  // 3 addresses at High (2 credits each)
  CHECK_FALSE(sent.idempotent());
  CHECK(sent.timeout_ms == 60000);
  json body = json::parse(sent.body);
  // The name carries a reference to the batch's addresses (to find the job if an answer is lost).
  CHECK(body["name"].get<std::string>().starts_with("crm-export #"));
  CHECK(body["name"].get<std::string>().size() == std::string("crm-export #").size() + 8);
  body.erase("name");
  CHECK(body == json::parse(R"({
    "entries": [{"inputData": "batman@gmail.com", "custom": "0"}, {"inputData": "steve.vai@best.music", "custom": "1"},
                {"inputData": "foo@inv@lid.tld", "custom": "2"}],
    "quality": "High", "deduplication": "Safe", "priority": 100, "retention": "1:0:0",
    "callback": {"url": "https://hooks.example.com/verifalia", "version": "1.1"}})"));
}

TEST_CASE("a job still running is checkpointed, polled at the SDKs' delay, paged through meta.cursor and matched back by custom") {
  VerifaliaHost host;
  auto t = host.run("verify_email", three,
                    {fixture_reply(202, "submit_in_progress_202.json"), fixture_reply(202, "poll_in_progress_202.json"),
                     fixture_reply(200, "poll_completed_truncated_200.json"), fixture_reply(200, "entries_last_page_200.json")});
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(kinds_of(t) == std::vector<int32_t>{LF_ACTION_HTTP, LF_ACTION_CHECKPOINT, LF_ACTION_SLEEP, LF_ACTION_HTTP, LF_ACTION_SLEEP,
                                            LF_ACTION_HTTP, LF_ACTION_HTTP, LF_ACTION_DONE});
  REQUIRE(t.checkpoints().size() == 1);
  CHECK(t.checkpoints()[0]["job_id"] == job_id);
  // The ETA (4.5 s), then 2^(log10(3) - 1) s for a job of 3 entries without an ETA.
  CHECK(t.sleeps() == std::vector<uint64_t>{4500, 695});
  const auto requests = t.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[1].method == "GET");
  CHECK(requests[1].url.ends_with(std::string("/email-validations/") + job_id + "?waitTime=30000"));
  CHECK(requests[1].expected_cost == 0);
  CHECK(requests[3].url.ends_with(std::string("/email-validations/") + job_id + "/entries?cursor=14l%2FsrjfPJo7fP0hFuHsXA%3D%3D"));

  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[0]["status"] == "deliverable");
  CHECK(items[0]["reason"] == "valid");
  CHECK(items[0]["free"] == true);
  CHECK(items[0]["provider_status"] == "Success");
  CHECK(items[0]["job_id"] == job_id);
  CHECK(items[1]["status"] == "undeliverable");
  CHECK(items[1]["reason"] == "domain_nonexistent");
  CHECK(items[1]["raw"]["custom"] == "1");
  CHECK(items[2]["status"] == "undeliverable");
  CHECK(items[2]["reason"] == "syntax_error");
  CHECK(items[2]["syntax_ok"] == false);
  CHECK(t.credits_spent() == 3);
}

TEST_CASE("a job completed within waitTime (200) is read at once, without checkpoint-then-poll") {
  VerifaliaHost host;
  auto t = host.run("verify_email", items_of({"batman@gmail.com"}),
                    {completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})});
  REQUIRE(t.succeeded());
  CHECK(t.requests().size() == 1);
  CHECK(t.sleeps().empty());
  CHECK(t.checkpoints().size() == 1);  // the id is kept the moment it is known
  CHECK(t.result()["items"][0]["status"] == "deliverable");
}

TEST_CASE("a resumed operation reads the checkpointed job instead of submitting the batch again") {
  VerifaliaHost host;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"job_id", job_id}};
  auto t = host.run("verify_email", three,
                    {fixture_reply(200, "poll_completed_truncated_200.json"), fixture_reply(200, "entries_last_page_200.json")}, resume);
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].url == std::string(host1) + "/email-validations/" + job_id + "?waitTime=30000");
  CHECK(t.checkpoints().empty());
  CHECK(t.sleeps().empty());
  CHECK(t.result()["items"][2]["reason"] == "syntax_error");
}

TEST_CASE("a resumed job Verifalia no longer has (404/410) is submitted again; a job lost mid-poll fails retryable") {
  for (int status : {404, 410}) {
    CAPTURE(status);
    VerifaliaHost host;
    sdk::testing::RunOptions resume;
    resume.checkpoint = {{"job_id", "gone-job"}};
    auto t = host.run("verify_email", items_of({"batman@gmail.com"}),
                      {Reply::json(status, R"({"type":"/problems/not-found","title":"Not found","status":404})"),
                       completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})},
                      resume);
    REQUIRE(t.succeeded());
    REQUIRE(t.requests().size() == 2);
    CHECK(t.requests()[1].method == "POST");
    CHECK(t.checkpoints().size() == 1);
    CHECK(t.result()["items"][0]["status"] == "deliverable");
  }
  VerifaliaHost host;
  auto lost = host.run("verify_email", three, {fixture_reply(202, "submit_in_progress_202.json"), Reply::json(410, "{}")});
  CHECK(lost.fail_code() == "provider_unavailable");
  CHECK(lost.result()["retryable"] == true);
  CHECK(lost.result()["message"].get<std::string>().find("deleted or expired") != std::string::npos);
}

TEST_CASE("a resumed batch holding only some of the job's rows finds each row's entry by its address") {
  VerifaliaHost host;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"job_id", job_id}};
  auto t = host.run("verify_email", items_of({"batman@gmail.com", "foo@inv@lid.tld"}),
                    {fixture_reply(200, "poll_completed_truncated_200.json"), fixture_reply(200, "entries_last_page_200.json")}, resume);
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["provider_status"] == "Success");
  CHECK(items[1]["provider_status"] == "InvalidCharacterInSequence");  // custom "1" is another row's: matched by address
  CHECK(t.credits_spent() == 2);
}

TEST_CASE("rows without an address fail alone and are not sent") {
  VerifaliaHost host;
  auto t = host.run("verify_email", items_of({nullptr, "batman@gmail.com"}),
                    {completed_with({entry(1, "batman@gmail.com", "Success", "Deliverable")})});
  REQUIRE(t.succeeded());
  CHECK(json::parse(t.requests()[0].body)["entries"] == json::parse(R"([{"inputData":"batman@gmail.com","custom":"1"}])"));
  const auto& items = t.result()["items"];
  CHECK(items[0]["error"]["code"] == "invalid_input");
  CHECK(items[1]["status"] == "deliverable");
  CHECK(t.credits_spent() == 1);

  auto empty = host.run("verify_email", items_of({nullptr}), std::deque<Reply>{});
  REQUIRE(empty.succeeded());
  CHECK(empty.requests().empty());
  auto garbage = host.run("verify_email", {{"email", "not a batch"}}, std::deque<Reply>{});
  CHECK(garbage.fail_code() == "invalid_input");
}

TEST_CASE("a Duplicate entry takes the verdict of the entry it repeats; an entry missing from the job fails its row alone") {
  VerifaliaHost host(config({{"deduplication", "Safe"}}));
  json duplicate = entry(1, "batman@gmail.com", "Duplicate", "Unknown");
  duplicate["duplicateOf"] = 0;
  auto t = host.run("verify_email", items_of({"Batman@gmail.com", "batman@gmail.com", "robin@gmail.com"}),
                    {completed_with({entry(0, "Batman@gmail.com", "MailboxDoesNotExist", "Undeliverable"), duplicate})});
  REQUIRE(t.succeeded());
  const auto& items = t.result()["items"];
  CHECK(items[1]["status"] == "undeliverable");
  CHECK(items[1]["reason"] == "no_such_user");
  CHECK(items[1]["duplicate_of"] == 0);
  CHECK(items[1]["raw"]["status"] == "Duplicate");
  CHECK(items[2]["error"]["code"] == "bad_response");
}

TEST_CASE("a 5xx or a refused connection moves the request to the next host; reads go round again after a pause") {
  VerifaliaHost host;
  auto t = host.run("verify_email", items_of({"batman@gmail.com"}),
                    {Reply::json(503, R"({"title":"Service unavailable","status":503})"),
                     Reply::transport(LF_TRANSPORT_CONNECT, "connection refused"),
                     completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url.starts_with(host1));
  CHECK(requests[1].url.starts_with(host2));
  CHECK(requests[2].url.starts_with(host3));
  CHECK(requests[2].method == "POST");

  // Every host down: a poll goes round five times (waiting 1, 2, 4 and 8 s), then fails.
  VerifaliaHost down;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"job_id", job_id}};
  auto failing = down.run("verify_email", three, [](const SentRequest&) { return Reply::with_status(502, "<html>bad gateway</html>"); },
                          resume);
  CHECK(failing.fail_code() == "provider_unavailable");
  CHECK(failing.result()["retryable"] == true);
  CHECK(failing.requests().size() == 15);
  CHECK(failing.sleeps() == std::vector<uint64_t>{1000, 2000, 4000, 8000});
  CHECK(failing.result()["message"].get<std::string>().find("Every one of the 3 Verifalia host(s) failed") == 0);
}

TEST_CASE("a submission whose answer was lost is looked up by its name: found, it is read; absent, it is sent to the next host") {
  // The responder plays Verifalia: the first POST times out after creating (or not) the job.
  for (const bool created : {true, false}) {
    CAPTURE(created);
    VerifaliaHost host;
    std::string submitted_name;
    int posts = 0;
    auto t = host.run("verify_email", items_of({"batman@gmail.com"}), [&](const SentRequest& sent) {
      if (sent.method == "POST") {
        submitted_name = json::parse(sent.body)["name"];
        if (++posts == 1) return Reply::transport(LF_TRANSPORT_TIMEOUT, "no answer in 60 s");
        return completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")});
      }
      if (sent.url.find("/email-validations?") != std::string::npos) {
        json jobs = json::array();
        jobs.push_back({{"id", "someone-elses-job"}, {"name", "other"}, {"status", "Completed"}});
        if (created) jobs.push_back({{"id", job_id}, {"name", submitted_name}, {"status", "InProgress"}});
        return Reply::json(200, json{{"meta", json::object()}, {"data", jobs}}.dump());
      }
      return completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")});
    });
    CHECK(t.error == "");
    REQUIRE(t.succeeded());
    CHECK(t.result()["items"][0]["status"] == "deliverable");
    const auto requests = t.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[1].url.find("/email-validations?createdOn:since=") != std::string::npos);
    CHECK(requests[1].url.ends_with("&sort=-createdOn"));
    CHECK(posts == (created ? 1 : 2));
    if (created) {
      CHECK(requests[2].url == std::string(host3) + "/email-validations/" + job_id + "?waitTime=30000");
      REQUIRE(t.checkpoints().size() == 1);
      CHECK(t.checkpoints()[0]["job_id"] == job_id);
    } else {
      CHECK(requests[2].method == "POST");
      CHECK(requests[2].url.starts_with(host3));
    }
  }
}

TEST_CASE("a lost submission that cannot be looked up fails without being sent again, so a job is never paid twice") {
  VerifaliaHost host;
  auto t = host.run("verify_email", three, {Reply::transport(LF_TRANSPORT_TIMEOUT, "no answer in 60 s"), problem_reply(403, "forbidden_403.json")});
  CHECK(t.fail_code() == "transport");
  CHECK(t.result()["retryable"] == false);
  CHECK(t.requests().size() == 2);
  CHECK(t.result()["message"].get<std::string>().find("verifalia.list_jobs") != std::string::npos);
}

TEST_CASE("HTTP errors map onto leadflow codes with Verifalia's problem details in the message") {
  struct Case {
    int status;
    const char* fixture;
    const char* code;
    bool retryable;
    const char* says;
  };
  for (const Case& c : {Case{401, "", "auth_failed", false, ""},
                        Case{402, "payment_required_402.json", "out_of_credits", false, "credit of the account is too low"},
                        Case{403, "forbidden_403.json", "auth_failed", false, "Access denied: The user or browser app"},
                        Case{400, "", "invalid_input", false, ""},
                        Case{415, "", "invalid_input", false, ""},
                        Case{429, "", "rate_limited", true, ""}}) {
    CAPTURE(c.status);
    VerifaliaHost host;
    const Reply reply = *c.fixture ? problem_reply(c.status, c.fixture) : Reply::with_status(c.status, "");
    auto t = host.run("verify_email", three, {reply});
    CHECK(t.error == "");
    CHECK(t.fail_code() == c.code);
    CHECK(t.result()["retryable"] == c.retryable);
    CHECK(t.result()["provider_status"] == c.status);
    CHECK(t.result()["message"].get<std::string>().find(c.says) != std::string::npos);
    CHECK(t.requests().size() == 1);
    check_no_secret_leaked(host, t);
  }
}

TEST_CASE("with delete_after_read the job is deleted after reading; a 406 is logged and the results still returned") {
  VerifaliaHost host(config({{"delete_after_read", true}}));
  auto t = host.run("verify_email", items_of({"batman@gmail.com"}),
                    {completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")}), Reply::json(200, "{}")});
  REQUIRE(t.succeeded());
  REQUIRE(t.requests().size() == 2);
  CHECK(t.requests()[1].method == "DELETE");
  CHECK(t.requests()[1].url == std::string(host2) + "/email-validations/" + job_id);

  auto running = host.run("verify_email", items_of({"batman@gmail.com"}),
                          {completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")}),
                           Reply::json(406, R"({"title":"Not acceptable","detail":"The job is still in progress."})")});
  REQUIRE(running.succeeded());
  bool warned = false;
  for (const auto& line : host.logs()) warned = warned || line.message.find("HTTP 406") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("a job still running after max_wait_ms fails as a retryable timeout naming the job") {
  VerifaliaHost host(config({{"max_wait_ms", 10000}}));
  auto t = host.run("verify_email", three, [](const SentRequest& sent) {
    return sent.method == "POST" ? fixture_reply(202, "submit_in_progress_202.json") : fixture_reply(202, "poll_in_progress_202.json");
  });
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find(job_id) != std::string::npos);
  CHECK(t.checkpoints().size() == 1);
}

TEST_CASE("a quality without a documented price is priced from the quality levels list, once a day") {
  VerifaliaHost host(config({{"quality", "Extreme"}}));
  auto t = host.run("verify_email", items_of({"batman@gmail.com"}),
                    {fixture_reply(200, "quality_levels_200.json"), completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})});
  REQUIRE(t.succeeded());
  REQUIRE(t.requests().size() == 2);
  CHECK(t.requests()[0].url.ends_with("/email-validations/quality-levels"));
  CHECK(t.requests()[1].expected_cost == 5);
  CHECK(t.credits_spent() == 5);
  auto again = host.run("verify_email", items_of({"batman@gmail.com"}), {completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})});
  CHECK(again.requests().size() == 1);
  CHECK(again.credits_spent() == 5);
}

TEST_CASE("account reads the balance, every page of daily usage and the quality levels, for free") {
  VerifaliaHost host;
  json usage_page1 = json::parse(fixture("daily_usage_200.json"));
  usage_page1["meta"] = {{"isTruncated", true}, {"cursor", "next-page"}};
  auto t = host.run("account", {{"usage_since", "2023-01-01"}},
                    {fixture_reply(200, "balance_200.json"), Reply::json(200, usage_page1.dump()), fixture_reply(200, "daily_usage_200.json"),
                     fixture_reply(200, "quality_levels_200.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url.ends_with("/credits/balance"));
  CHECK(requests[1].url.ends_with("/credits/daily-usage?date%3Asince=2023-01-01") == false);
  CHECK(requests[1].url.ends_with("/credits/daily-usage?date:since=2023-01-01"));
  CHECK(requests[2].url.find("cursor=next-page") != std::string::npos);
  CHECK(t.result()["credits_remaining"] == 9633.516);
  CHECK(t.result()["free_credits_remaining"] == 28.962);
  CHECK(t.result()["free_credits_reset_in"] == "14:29:15");
  CHECK(t.result()["daily_usage"].size() == 4);
  CHECK(t.result()["daily_usage"][0] == json::parse(R"({"date":"2023-01-09","free_credits":50,"credit_packs":2.352})"));
  CHECK(t.result()["quality_levels"][2]["unit_price"] == 5);
  CHECK(t.result()["quality_levels"][0]["default"] == true);
  CHECK(t.credits_spent() == 0);

  auto refused = host.run("account", json::object(), {problem_reply(403, "forbidden_403.json")});
  CHECK(refused.fail_code() == "auth_failed");
}

TEST_CASE("list_jobs follows the cursor with the filters on the first page only and stops at limit") {
  VerifaliaHost host;
  auto t = host.run("verifalia.list_jobs", {{"created_on", "2022-06-18"}, {"job_status", "Completed,InProgress"}, {"sort", "-createdOn"}},
                    {fixture_reply(200, "job_list_page1_200.json"), fixture_reply(200, "job_list_page2_200.json")});
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url.ends_with("/email-validations?createdOn=2022-06-18&status=Completed%2CInProgress&sort=-createdOn"));
  CHECK(requests[1].url.ends_with("/email-validations?cursor=tkxhHTv5xjrGLbtDAzY0IA%3D%3D"));
  CHECK(t.result()["count"] == 3);
  CHECK(t.result()["truncated"] == false);

  auto limited = host.run("verifalia.list_jobs", {{"limit", "2"}}, {fixture_reply(200, "job_list_page1_200.json")});
  REQUIRE(limited.succeeded());
  CHECK(limited.requests().size() == 1);
  CHECK(limited.result()["count"] == 2);
  CHECK(limited.result()["truncated"] == true);
}

TEST_CASE("job_overview, export_entries and delete_job answer as documented, 404/410 as not_found, 406 as in_progress") {
  VerifaliaHost host;
  json overview = json::parse(fixture("poll_in_progress_202.json"))["overview"];
  auto o = host.run("verifalia.job_overview", {{"job_id", job_id}, {"wait_ms", "5000"}}, {Reply::json(202, overview.dump())});
  REQUIRE(o.succeeded());
  CHECK(o.requests()[0].url.ends_with(std::string(job_id) + "/overview?waitTime=5000"));
  CHECK(o.result()["job_status"] == "InProgress");
  CHECK(o.result()["progress"] == 0.6);
  CHECK(o.result()["no_of_entries"] == 3);
  auto missing = host.run("verifalia.job_overview", {{"job_id", "nope"}}, {Reply::json(404, "{}")});
  CHECK(missing.result()["status"] == "not_found");
  CHECK(host.run("verifalia.job_overview", json::object(), std::deque<Reply>{}).fail_code() == "invalid_input");

  auto csv = host.run("verifalia.export_entries", {{"job_id", job_id}},
                      {Reply::with_status(200, "Input,Status\nbatman@gmail.com,Success\n", {{"content-type", "text/csv"}})});
  REQUIRE(csv.succeeded());
  CHECK(csv.requests()[0].header("accept") == "text/csv");
  CHECK(csv.result()["csv"] == "Input,Status\nbatman@gmail.com,Success\n");

  for (const auto& [status, expected] : {std::pair{200, "deleted"}, std::pair{410, "already_deleted"}, std::pair{406, "in_progress"}}) {
    auto d = host.run("verifalia.delete_job", {{"job_id", job_id}}, {Reply::json(status, "{}")});
    REQUIRE(d.succeeded());
    CHECK(d.requests()[0].method == "DELETE");
    CHECK(d.result()["status"] == expected);
  }
  CHECK(host.run("verifalia.delete_job", {{"job_id", job_id}}, {problem_reply(403, "forbidden_403.json")}).fail_code() == "auth_failed");
}

TEST_CASE("submit_file uploads the file as multipart with its MIME type and settings, and checkpoints the job") {
  const auto path = std::string(VERIFALIA_FIXTURES_DIR) + "/import_list.csv";
  VerifaliaHost host(config({{"quality", "High"}}));
  auto t = host.run("verifalia.submit_file",
                    {{"path", path}, {"starting_row", "1"}, {"column", "1"}, {"delimiter", ";"}},
                    {fixture_reply(202, "submit_in_progress_202.json")});
  REQUIRE(t.succeeded());
  const auto sent = t.requests()[0];
  CHECK(sent.method == "POST");
  REQUIRE(sent.header("content-type"));
  CHECK(sent.header("content-type")->starts_with("multipart/form-data; boundary="));
  CHECK(sent.body.find("Content-Disposition: form-data; name=\"inputFile\"; filename=\"import_list.csv\"\r\nContent-Type: text/csv\r\n\r\nname;email\n") !=
        std::string::npos);
  CHECK(sent.body.find(R"({"column":1,"delimiter":";","name":"leadflow","quality":"High","startingRow":1})") != std::string::npos);
  CHECK(t.result()["job_id"] == job_id);
  CHECK(t.result()["status"] == "submitted");
  CHECK(t.checkpoints().size() == 1);

  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"job_id", job_id}};
  auto resumed = host.run("verifalia.submit_file", {{"path", path}}, std::deque<Reply>{}, resume);
  CHECK(resumed.requests().empty());
  CHECK(resumed.result()["job_id"] == job_id);

  CHECK(host.run("verifalia.submit_file", {{"path", "/no/such/file.csv"}}, std::deque<Reply>{}).fail_code() == "invalid_input");
  const auto json_file = std::string(VERIFALIA_FIXTURES_DIR) + "/balance_200.json";
  CHECK(host.run("verifalia.submit_file", {{"path", json_file}}, std::deque<Reply>{}).fail_code() == "invalid_input");
}

TEST_CASE("a config without credentials, with bad options or bad hosts is rejected with a message naming the key") {
  ScriptedHost host(sdk::testing::linked_plugin());
  auto rejects = [&](const json& c, const char* key) {
    CAPTURE(c.dump());
    CHECK(host.create_instance(c) == LF_E_INVALID_ARGUMENT);
    CHECK(host.last_error().find(key) != std::string::npos);
    CHECK(host.last_error().find(password) == std::string::npos);
  };
  rejects(json::object(), "username");
  rejects(config({{"auth", "oauth"}}), "auth");
  rejects(config({{"base_url", "ftp://example.com"}}), "base_url");
  rejects(config({{"deduplication", "Maybe"}}), "deduplication");
  rejects(config({{"priority", 256}}), "priority");
  rejects(config({{"retention", "0:1:0"}}), "retention");
  rejects(config({{"retention", "31.0:0:0"}}), "retention");
  rejects(config({{"submission_wait_ms", 30001}}), "submission_wait_ms");
  rejects(config({{"totp_secret", "not base32!"}}), "totp_secret");
  CHECK(host.create_instance(config({{"retention", "30.0:0:0"}, {"base_url", "http://127.0.0.1:9/a, http://127.0.0.1:9/b"}})) == LF_OK);
}

TEST_CASE("the password never appears in a log line, a message or an output, even when Verifalia echoes it") {
  VerifaliaHost host;
  auto echoed = host.run("verify_email", three,
                         {Reply::json(401, std::string(R"({"title":"Unauthorized","detail":"Unknown user samantha / )") + password + R"("})")});
  CHECK(echoed.fail_code() == "auth_failed");
  check_no_secret_leaked(host, echoed);
  check_no_secret_leaked(host, echoed, sdk::basic_auth(username, password).substr(6));
}

TEST_CASE("the manifest parses as leadflow.manifest.v1 and agrees with the plugin table") {
  const lf_plugin* plugin = sdk::testing::linked_plugin();
  REQUIRE(plugin != nullptr);
  const json manifest = json::parse(std::string_view(plugin->manifest_json.ptr, plugin->manifest_json.len));
  CHECK(manifest == json::parse(read_file(VERIFALIA_MANIFEST_PATH)));
  CHECK(manifest["id"] == std::string_view(plugin->id.ptr, plugin->id.len));
  CHECK(manifest["version"] == std::string_view(plugin->version.ptr, plugin->version.len));
  CHECK(manifest["config"]["password"]["secret"] == true);
  CHECK(manifest["config"]["totp_secret"]["secret"] == true);
  CHECK(manifest["rate_limits"]["default"] == json::parse(R"({"per_second": 6, "burst": 15})"));
  CHECK(manifest["capabilities"]["verify_email"]["max_batch"] == 1000);
  for (const char* capability : {"account", "verifalia.list_jobs", "verifalia.job_overview", "verifalia.export_entries",
                                 "verifalia.delete_job", "verifalia.submit_file"})
    CHECK_MESSAGE(manifest["capabilities"].contains(capability), capability);
}

TEST_CASE("the built module exports the entry symbol and runs verify_email when loaded with dlopen") {
  void* module = dlopen(VERIFALIA_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(module != nullptr, dlerror());
  auto entry_point = reinterpret_cast<lf_plugin_entry_v1_fn>(dlsym(module, LF_PLUGIN_ENTRY_V1));
  REQUIRE_MESSAGE(bool(entry_point), "leadflow_plugin_entry_v1 is not exported");
  ScriptedHost host(entry_point(LF_ABI_MAJOR, LF_ABI_MINOR));
  REQUIRE(host.create_instance(config()) == LF_OK);
  auto t = host.run("verify_email", items_of({"batman@gmail.com"}), {completed_with({entry(0, "batman@gmail.com", "Success", "Deliverable")})});
  CHECK(t.succeeded());
}
