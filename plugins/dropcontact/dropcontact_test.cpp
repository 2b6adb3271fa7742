// The Dropcontact plugin driven through its C table by the scripted host, answering with the
// documented payloads in fixtures/ (results get the custom_fields of the records the plugin sent,
// as Dropcontact echoes them, and come back in another order to prove matching by reference).
#include <doctest/doctest.h>

#include <leadflow/plugin_testing.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

namespace sdk = leadflow::sdk;
using nlohmann::json;
using sdk::testing::Reply;
using sdk::testing::ScriptedHost;
using sdk::testing::SentRequest;

namespace {

constexpr const char* api_key = "dc-s3cr3t-T0KEN-777";
constexpr std::int64_t clock_start_ms = 1700000000000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json fixture(const std::string& name) { return json::parse(read_file(std::string(DROPCONTACT_FIXTURES_DIR) + "/" + name)); }
Reply fixture_reply(int status, const std::string& name) { return Reply::json(status, fixture(name).dump()); }

json config(json overrides = json::object()) {
  json c = {{"api_key", api_key}};
  c.update(overrides);
  return c;
}

json items(std::initializer_list<json> list) {
  json array = json::array();
  for (const auto& item : list) array.push_back(item);
  return {{"items", array}};
}

// The three contacts of the documented POST example, as enrich_person items.
const json documented_items = items({{{"email", "peter.jackson@company.com"}},
                                     {{"first_name", "John"}, {"last_name", "Smith"}, {"website", "corporation.com"}},
                                     {{"first_name", "Samuel"}, {"last_name", "Jones"}, {"email", "contact@bigcorp.com"}}});

// Gives result i the custom_fields of submitted record i, then reverses the list.
json echoed_in_reverse(json results, const json& submitted) {
  for (std::size_t i = 0; i < results.size() && i < submitted.size(); ++i)
    results[i]["custom_fields"] = submitted[i]["custom_fields"];
  std::reverse(results.begin(), results.end());
  return results;
}

// Dropcontact as the docs describe it: the submit answers a request id; polls answer "not ready"
// `not_ready_polls` times, then the data `results` makes of the submitted records.
struct FakeDropcontact {
  int not_ready_polls = 0;
  std::function<json(const json& submitted)> results = [](const json& submitted) {
    return echoed_in_reverse(fixture("results_documented.json")["data"], submitted);
  };
  json submitted_body;
  int posts = 0;
  int gets = 0;

  Reply operator()(const SentRequest& request) {
    if (request.method == "POST") {
      ++posts;
      submitted_body = json::parse(request.body);
      return fixture_reply(200, "submit_accepted.json");
    }
    if (++gets <= not_ready_polls) return fixture_reply(200, "not_ready.json");
    return Reply::json(200, json{{"data", results(submitted_body["data"])}, {"error", false}, {"success", true}}.dump());
  }
  sdk::testing::Responder responder() {
    return [this](const SentRequest& request) { return (*this)(request); };
  }
};

struct DropcontactHost : ScriptedHost {
  explicit DropcontactHost(const json& c = config()) : ScriptedHost(sdk::testing::linked_plugin()) {
    REQUIRE_MESSAGE(create_instance(c) == LF_OK, last_error());
  }
};

void check_no_secret_leaked(const ScriptedHost& host, const sdk::testing::Transcript& t) {
  for (const auto& line : host.logs()) CHECK(line.message.find(api_key) == std::string::npos);
  CHECK(t.result().dump().find(api_key) == std::string::npos);
  CHECK(t.error.find(api_key) == std::string::npos);
}

std::vector<int32_t> action_kinds(const sdk::testing::Transcript& t) {
  std::vector<int32_t> kinds;
  for (const auto& action : t.actions) kinds.push_back(action.kind);
  return kinds;
}

// A verify_email result for `email` with `qualification`, echoing the submitted ref.
json verified(const std::string& email, const std::string& qualification) {
  return json::array({{{"email", json::array({{{"email", email}, {"qualification", qualification}}})}}});
}

}  // namespace

TEST_CASE("a batch is one POST /batch with the records, our references, siren and language, not idempotent, costing one credit per record") {
  DropcontactHost host(config({{"siren", true}, {"language", "fr"}}));
  FakeDropcontact dropcontact;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  const auto requests = t.requests();
  REQUIRE(requests.size() == 2);
  const auto& submit = requests[0];
  CHECK(submit.method == "POST");
  CHECK(submit.url == "https://api.dropcontact.io/batch");
  CHECK(submit.header("x-access-token") == api_key);
  CHECK(submit.header("content-type") == "application/json");
  CHECK_FALSE(submit.idempotent());
  CHECK(submit.rate_limit_key == "default");
  CHECK(submit.expected_cost == 3);
  const auto body = json::parse(submit.body);
  CHECK(body["siren"] == true);
  CHECK(body["language"] == "fr");
  REQUIRE(body["data"].size() == 3);
  CHECK(body["data"][0]["email"] == "peter.jackson@company.com");
  CHECK(body["data"][1]["first_name"] == "John");
  CHECK(body["data"][1]["website"] == "corporation.com");
  CHECK(body["data"][2]["email"] == "contact@bigcorp.com");
  std::set<std::string> refs;
  for (const auto& record : body["data"]) refs.insert(record["custom_fields"]["leadflow_ref"].get<std::string>());
  CHECK(refs.size() == 3);
  CHECK(dropcontact.posts == 1);
}

TEST_CASE("the request_id is checkpointed right after the submit, then polled at the interval Dropcontact asks for") {
  DropcontactHost host(config({{"first_poll_ms", 20000}, {"poll_interval_ms", 45000}}));
  FakeDropcontact dropcontact;
  dropcontact.not_ready_polls = 2;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(action_kinds(t) == std::vector<int32_t>{LF_ACTION_HTTP, LF_ACTION_CHECKPOINT, LF_ACTION_SLEEP, LF_ACTION_HTTP,
                                                LF_ACTION_SLEEP, LF_ACTION_HTTP, LF_ACTION_SLEEP, LF_ACTION_HTTP,
                                                LF_ACTION_DONE});
  REQUIRE(t.checkpoints().size() == 1);
  CHECK(t.checkpoints()[0]["request_id"] == "your-request-id");
  CHECK(t.checkpoints()[0]["credits_left"] == 4250);
  // The first wait is first_poll_ms; then "try again in 30 seconds" wins over poll_interval_ms.
  CHECK(t.sleeps() == std::vector<uint64_t>{20000, 30000, 30000});
  const auto requests = t.requests();
  for (std::size_t i = 1; i < requests.size(); ++i) {
    CHECK(requests[i].method == "GET");
    CHECK(requests[i].url == "https://api.dropcontact.io/batch/your-request-id");
    CHECK(requests[i].idempotent());
    CHECK(requests[i].expected_cost == 0);
    CHECK(requests[i].header("x-access-token") == api_key);
  }
}

TEST_CASE("results answered in another order are matched to their rows by the reference in custom_fields") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"];
  REQUIRE(out.size() == 3);
  CHECK(out[0]["email"] == "peter.jackson@company.com");
  CHECK(out[0]["first_name"] == "Peter");
  CHECK(out[1]["email"] == "johnsmith@corporation.com");
  CHECK(out[1]["domain"] == "corporation.com");
  CHECK(out[2]["email"] == "samuel_jones@bigcorp.com");  // the nominative address before the generic one
  CHECK(out[2]["email_qualification"] == "nominative@pro");
  CHECK(out[2]["emails"].size() == 2);
  CHECK(out[2]["emails"][1] == json{{"email", "contact@bigcorp.com"}, {"qualification", "generic@pro"}, {"status", "deliverable"}});
  for (const auto& item : out) {
    CHECK(item["status"] == "found");
    CHECK(item["request_id"] == "your-request-id");
    CHECK(item["credits_left"] == 4250);
    CHECK(item["raw"].contains("custom_fields"));
  }
  // Two records came with an email (verifying costs the credit), one found its email.
  CHECK(t.credits_spent() == 3);
}

TEST_CASE("every documented response field is mapped onto the vocabulary and the raw record is kept") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) { return echoed_in_reverse(json::array({fixture("result_all_fields.json")}), submitted); };
  auto t = host.run("enrich_person", items({{{"full_name", "Denis Dupont"}, {"company", "Dropcontact"}}}), dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"][0];
  const json expected = {{"status", "found"},
                         {"civility", "M"},
                         {"first_name", "Denis"},
                         {"last_name", "Dupont"},
                         {"full_name", "Denis Dupont"},
                         {"email", "denis@companyTest.com"},
                         {"email_status", "deliverable"},
                         {"email_qualification", "nominative@pro"},
                         {"phone", "0707070707"},
                         {"company", "companyTest"},
                         {"website", "www.companyTest.fr"},
                         {"domain", "companytest.fr"},
                         {"linkedin_url", "https://fr.linkedin.com/in/denis.dupont"},
                         {"facebook", "https://www.facebook.com/denis.dupont"},
                         {"twitter", "https://twitter.com/denis.dupont"},
                         {"siren", "500 500 500"},
                         {"siret", "222 222 222 00022"},
                         {"siret_address", "2 Rue Rotland, 67140 Mittelbergheim"},
                         {"vat", "79"},
                         {"nb_employees", "202"},
                         {"naf5_code", "01.22E"},
                         {"naf5_des", "Culture de la vigne"},
                         {"request_id", "your-request-id"},
                         {"credits_left", 4250}};
  for (const auto& [key, value] : expected.items()) CHECK_MESSAGE(out[key] == value, key);
  CHECK(out["emails"].size() == 2);
  auto raw = out["raw"];
  raw.erase("custom_fields");
  CHECK(raw == fixture("result_all_fields.json"));
}

TEST_CASE("a contact without an email that gets none back is not_found and refunded, and fields Dropcontact lacks are absent") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) {
    return echoed_in_reverse(json::array({{{"first_name", "Zed"}, {"last_name", "Nobody"}, {"company", "Nope"}, {"email", json::array()}}}),
                             submitted);
  };
  auto t = host.run("enrich_person", items({{{"first_name", "Zed"}, {"last_name", "Nobody"}, {"company", "Nope"}}}),
                    dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"][0];
  CHECK(out["status"] == "not_found");
  CHECK_FALSE(out.contains("email"));
  CHECK_FALSE(out.contains("emails"));
  CHECK_FALSE(out.contains("civility"));
  CHECK_FALSE(out.contains("siren"));
  CHECK(t.credits_spent() == 0);
}

TEST_CASE("a given address qualified invalid, with nobody recognised, is not_found but keeps the qualification") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) { return echoed_in_reverse(verified("nobody@acme.com", "invalid@pro"), submitted); };
  auto t = host.run("enrich_person", items({{{"email", "nobody@acme.com"}}}), dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"][0];
  CHECK(out["status"] == "not_found");
  CHECK_FALSE(out.contains("email"));
  CHECK(out["emails"] == json::array({{{"email", "nobody@acme.com"}, {"qualification", "invalid@pro"}, {"status", "undeliverable"}}}));
  CHECK(t.credits_spent() == 1);  // verifying the given address is paid all the same
}

TEST_CASE("unusable items fail alone as invalid_input and are not sent, and a batch of only those sends nothing") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) {
    return echoed_in_reverse(json::array({fixture("results_documented.json")["data"][1]}), submitted);
  };
  auto t = host.run("enrich_person",
                    items({{{"first_name", "Nobody"}}, {{"first_name", "John"}, {"last_name", "Smith"}, {"domain", "corporation.com"}},
                           json::object()}),
                    dropcontact.responder());
  REQUIRE(t.succeeded());
  CHECK(json::parse(t.requests()[0].body)["data"].size() == 1);
  CHECK(t.requests()[0].expected_cost == 1);
  const auto& out = t.result()["items"];
  REQUIRE(out.size() == 3);
  CHECK(out[0]["error"]["code"] == "invalid_input");
  CHECK(out[0]["error"]["message"].get<std::string>().find("needs an email, a linkedin_url, or a company") != std::string::npos);
  CHECK(out[1]["email"] == "johnsmith@corporation.com");
  CHECK(out[2]["error"]["code"] == "invalid_input");

  auto none = host.run("find_email", items({{{"full_name", "Ada Lovelace"}}, {{"domain", "acme.com"}}}), std::deque<Reply>{});
  REQUIRE(none.succeeded());
  CHECK(none.requests().empty());
  CHECK(none.result()["items"][0]["error"]["message"].get<std::string>().find("domain, a website or a company") != std::string::npos);
  CHECK(none.result()["items"][1]["error"]["message"].get<std::string>().find("full_name") != std::string::npos);
  CHECK(none.credits_spent() == 0);
}

TEST_CASE("a payload that is not 1 to 250 items is invalid_input naming the batch convention") {
  DropcontactHost host;
  json too_many = {{"items", json::array()}};
  for (int i = 0; i < 251; ++i) too_many["items"].push_back({{"email", "a" + std::to_string(i) + "@b.com"}});
  for (const json& input : {json{{"email", "a@b.com"}}, json{{"items", json::array()}}, too_many}) {
    auto t = host.run("verify_email", input, std::deque<Reply>{});
    CHECK(t.fail_code() == "invalid_input");
    CHECK(t.result()["message"].get<std::string>().find("{\"items\": [...]} with 1 to 250 items") != std::string::npos);
    CHECK(t.requests().empty());
  }
}

TEST_CASE("a resumed batch polls its checkpointed request at once and never submits again") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  sdk::testing::RunOptions resume;
  resume.checkpoint = {{"request_id", "your-request-id"}, {"credits_left", 4100}, {"submitted_ms", clock_start_ms}};
  // The results of the batch as first submitted: the refs the plugin computes again from the same items.
  FakeDropcontact first;
  DropcontactHost first_host;
  REQUIRE(first_host.run("enrich_person", documented_items, first.responder()).succeeded());
  dropcontact.submitted_body = first.submitted_body;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder(), resume);
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(dropcontact.posts == 0);
  REQUIRE(t.requests().size() == 1);
  CHECK(t.requests()[0].url == "https://api.dropcontact.io/batch/your-request-id");
  CHECK(t.checkpoints().empty());
  CHECK(t.sleeps().empty());
  CHECK(t.result()["items"][1]["email"] == "johnsmith@corporation.com");
  CHECK(t.result()["items"][1]["credits_left"] == 4100);
  CHECK(t.credits_spent() == 3);
  bool logged = false;
  for (const auto& line : host.logs()) logged = logged || line.message.find("without submitting the batch again") != std::string::npos;
  CHECK(logged);
}

TEST_CASE("a request still not ready at max_wait_ms fails as a retryable timeout naming it (an unknown id looks the same)") {
  DropcontactHost host(config({{"first_poll_ms", 30000}, {"max_wait_ms", 100000}}));
  FakeDropcontact dropcontact;
  dropcontact.not_ready_polls = 1000;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  CHECK(t.error == "");
  CHECK(t.fail_code() == "timeout");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find("request your-request-id after waiting 100000 ms") != std::string::npos);
  CHECK(t.sleeps() == std::vector<uint64_t>{30000, 30000, 30000, 10000});
  CHECK(dropcontact.posts == 1);
  CHECK(dropcontact.gets == 4);
}

TEST_CASE("HTTP errors of the submit map onto leadflow error codes, and the submit is never resent") {
  struct Case {
    int status;
    const char* fixture;
    const char* code;
    bool retryable;
  };
  for (const Case& c : {Case{400, "too_many_records_400.json", "invalid_input", false},
                        Case{401, "unauthorized_401.json", "auth_failed", false},
                        Case{403, "quota_exceeded_403.json", "out_of_credits", true},
                        Case{404, "not_found_404.json", "bad_response", false},
                        Case{429, "rate_limited_429.json", "rate_limited", true}, Case{500, "", "provider_unavailable", true},
                        Case{503, "", "provider_unavailable", true}, Case{504, "", "provider_unavailable", true},
                        Case{524, "", "provider_unavailable", true}}) {
    CAPTURE(c.status);
    DropcontactHost host;
    const Reply reply = *c.fixture ? fixture_reply(c.status, c.fixture) : Reply::with_status(c.status, "<html>down</html>");
    auto t = host.run("enrich_person", documented_items, {reply});
    CHECK(t.error == "");
    CHECK(t.fail_code() == c.code);
    CHECK(t.result()["retryable"] == c.retryable);
    CHECK(t.result()["provider_status"] == c.status);
    CHECK(t.requests().size() == 1);
    CHECK(t.checkpoints().empty());
    CHECK(t.credits_spent() == 0);
    check_no_secret_leaked(host, t);
  }
}

TEST_CASE("error messages carry Dropcontact's reason and say what to do") {
  DropcontactHost host;
  auto too_many = host.run("enrich_person", documented_items, {fixture_reply(400, "too_many_records_400.json")});
  CHECK(too_many.result()["message"] ==
        "Dropcontact rejected the batch submit as invalid (HTTP 400); it is not resent unchanged. Dropcontact says: Too many "
        "records, you can only submit up to 250 records.");
  auto quota = host.run("enrich_person", documented_items, {fixture_reply(403, "quota_exceeded_403.json")});
  CHECK(quota.result()["message"].get<std::string>().find("cannot cover the whole batch") != std::string::npos);
  auto server = host.run("enrich_person", documented_items, {Reply::with_status(503)});
  CHECK(server.result()["message"].get<std::string>().find("not resent") != std::string::npos);
  auto refused = host.run("enrich_person", documented_items,
                          {Reply::json(200, R"({"error": true, "reason": "Missing data in JSON", "success": false})")});
  CHECK(refused.fail_code() == "invalid_input");
  CHECK(refused.result()["message"].get<std::string>().find("Missing data in JSON") != std::string::npos);
}

TEST_CASE("a transport failure of the submit is retryable and says the batch was not sent again") {
  DropcontactHost host;
  auto t = host.run("enrich_person", documented_items, {Reply::transport(LF_TRANSPORT_CONNECT, "connection reset", 1)});
  CHECK(t.fail_code() == "transport");
  CHECK(t.result()["retryable"] == true);
  CHECK(t.result()["message"].get<std::string>().find("not sent again") != std::string::npos);
  CHECK(t.requests().size() == 1);
}

TEST_CASE("a paid batch survives passing poll failures (5xx, 429, transport) and is polled again") {
  DropcontactHost host(config({{"first_poll_ms", 1000}, {"poll_interval_ms", 5000}}));
  FakeDropcontact dropcontact;
  int polls = 0;
  auto t = host.run("enrich_person", documented_items, [&](const SentRequest& request) {
    if (request.method == "GET" && ++polls <= 3)
      return polls == 1 ? Reply::with_status(524) : polls == 2 ? fixture_reply(429, "rate_limited_429.json")
                                                                 : Reply::transport(LF_TRANSPORT_TIMEOUT, "no answer", 4);
    return dropcontact(request);
  });
  CHECK(t.error == "");
  REQUIRE(t.succeeded());
  CHECK(dropcontact.posts == 1);
  CHECK(t.sleeps() == std::vector<uint64_t>{1000, 5000, 5000, 5000});
  CHECK(t.result()["items"][0]["status"] == "found");
}

TEST_CASE("a poll answered 404 or with an unreadable body fails the batch") {
  DropcontactHost host;
  auto gone = host.run("enrich_person", documented_items,
                       {fixture_reply(200, "submit_accepted.json"), fixture_reply(404, "not_found_404.json")});
  CHECK(gone.fail_code() == "bad_response");
  CHECK(gone.result()["message"].get<std::string>().find("no longer knows this batch") != std::string::npos);
  auto garbled = host.run("enrich_person", documented_items,
                          {fixture_reply(200, "submit_accepted.json"), Reply::json(200, "<html>maintenance</html>")});
  CHECK(garbled.fail_code() == "bad_response");
  auto no_id = host.run("enrich_person", documented_items, {Reply::json(200, R"({"error": false, "success": true})")});
  CHECK(no_id.fail_code() == "bad_response");
  CHECK(no_id.checkpoints().empty());
}

TEST_CASE("a result without our reference fails its row alone as bad_response, its credit counted") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) {
    auto results = echoed_in_reverse(fixture("results_documented.json")["data"], submitted);
    results[0].erase("custom_fields");  // the reversed list starts with item 2's result
    return results;
  };
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto& out = t.result()["items"];
  CHECK(out[0]["status"] == "found");
  CHECK(out[1]["status"] == "found");
  CHECK(out[2]["error"]["code"] == "bad_response");
  CHECK(out[2]["error"]["message"].get<std::string>().find("item 2") != std::string::npos);
  CHECK(t.credits_spent() == 3);

  FakeDropcontact no_echo;
  no_echo.results = [](const json&) { return fixture("results_documented.json")["data"]; };
  auto unmatched = host.run("enrich_person", documented_items, no_echo.responder());
  REQUIRE(unmatched.succeeded());
  for (const auto& item : unmatched.result()["items"]) {
    CHECK(item["error"]["code"] == "bad_response");
    CHECK(item["error"]["message"].get<std::string>().find("batch_path /v1/enrich/all") != std::string::npos);
  }
}

TEST_CASE("find_email sends names and company without an email and keeps only the person's own address") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) {
    const json results = json::array(
        {{{"email", json::array({{{"email", "ada@acme.com"}, {"qualification", "nominative@pro"}}})}},
         {{"email", json::array({{{"email", "grace@catchall.com"}, {"qualification", "non_confirm@pro"}}})}},
         {{"email", json::array({{{"email", "contact@bigcorp.com"}, {"qualification", "generic@pro"}}})}},
         {{"email", json::array()}}});
    return echoed_in_reverse(results, submitted);
  };
  auto t = host.run("find_email",
                    items({{{"full_name", "Ada Lovelace"}, {"domain", "acme.com"}},
                           {{"first_name", "Grace"}, {"last_name", "Hopper"}, {"website", "https://catchall.com"}},
                           {{"full_name", "Sam Jones"}, {"company", "Big Corp"}},
                           {{"full_name", "Nobody Known"}, {"domain", "acme.com"}}}),
                    dropcontact.responder());
  REQUIRE(t.succeeded());
  const auto data = json::parse(t.requests()[0].body)["data"];
  CHECK(data[0] == json{{"full_name", "Ada Lovelace"}, {"website", "acme.com"}, {"custom_fields", data[0]["custom_fields"]}});
  for (const auto& record : data) CHECK_FALSE(record.contains("email"));
  const auto& out = t.result()["items"];
  CHECK(out[0] == json{{"status", "found"}, {"email", "ada@acme.com"}, {"confidence", 95}, {"email_status", "deliverable"},
                       {"qualification", "nominative@pro"}, {"request_id", "your-request-id"}, {"credits_left", 4250},
                       {"raw", out[0]["raw"]}});
  CHECK(out[1]["status"] == "found");
  CHECK(out[1]["confidence"] == 50);
  CHECK(out[1]["email_status"] == "risky");
  CHECK(out[2]["status"] == "not_found");  // a generic address is not the person's
  CHECK(out[3]["status"] == "not_found");
  // Dropcontact charges a found email (generic included) and refunds the record without one.
  CHECK(t.credits_spent() == 3);
}

TEST_CASE("verify_email maps every qualification onto the verify scale") {
  struct Case {
    const char* email;
    const char* qualification;
    const char* status;
    const char* reason;
    bool catch_all, role, free, syntax_ok;
  };
  for (const Case& c : {Case{"ada@acme.com", "nominative@pro", "deliverable", "valid", false, false, false, true},
                        Case{"ada.l@gmail.com", "nominative@perso", "deliverable", "valid", false, false, true, true},
                        Case{"x@catchall.com", "non_confirm@pro", "risky", "catch_all", true, false, false, true},
                        Case{"x@catchall.com", "catch_all@pro", "risky", "catch_all", true, false, false, true},
                        Case{"sales@acme.com", "generic@pro", "deliverable", "valid", false, true, false, true},
                        Case{"qz8k2@acme.com", "random@pro", "risky", "other", false, false, false, true},
                        Case{"nobody@acme.com", "invalid@pro", "undeliverable", "no_such_user", false, false, false, true},
                        Case{"nobody@gmail.com", "invalid@perso", "undeliverable", "no_such_user", false, false, true, true},
                        Case{"a@nowhere.example", "invalid@invalid", "undeliverable", "domain_nonexistent", false, false, false, true},
                        Case{"not-an-email", "invalid@invalid", "undeliverable", "syntax_error", false, false, false, false},
                        Case{"ada@acme.com", "strange", "unknown", "other", false, false, false, true}}) {
    CAPTURE(c.qualification);
    CAPTURE(c.email);
    DropcontactHost host;
    FakeDropcontact dropcontact;
    const std::string email = c.email, qualification = c.qualification;
    dropcontact.results = [&](const json& submitted) { return echoed_in_reverse(verified(email, qualification), submitted); };
    auto t = host.run("verify_email", items({{{"email", c.email}}}), dropcontact.responder());
    REQUIRE(t.succeeded());
    const auto& out = t.result()["items"][0];
    CHECK(out["status"] == c.status);
    CHECK(out["reason"] == c.reason);
    CHECK(out["provider_status"] == c.qualification);
    CHECK(out["catch_all"] == c.catch_all);
    CHECK(out["role"] == c.role);
    CHECK(out["free"] == c.free);
    CHECK(out["syntax_ok"] == c.syntax_ok);
    CHECK(out["disposable"] == false);
    CHECK(t.credits_spent() == 1);  // verifying a given email is never refunded
  }
}

TEST_CASE("verify_email of an address Dropcontact left out of its answer is unknown") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  dropcontact.results = [](const json& submitted) { return echoed_in_reverse(verified("other@acme.com", "nominative@pro"), submitted); };
  auto t = host.run("verify_email", items({{{"email", "Ada@Acme.com"}}}), dropcontact.responder());
  REQUIRE(t.succeeded());
  CHECK(t.result()["items"][0]["status"] == "unknown");
  CHECK_FALSE(t.result()["items"][0].contains("provider_status"));
}

TEST_CASE("batch_path /v1/enrich/all targets Dropcontact's current API") {
  DropcontactHost host(config({{"base_url", "https://api.dropcontact.com/"}, {"batch_path", "/v1/enrich/all"}}));
  FakeDropcontact dropcontact;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].url == "https://api.dropcontact.com/v1/enrich/all");
  CHECK(t.requests()[1].url == "https://api.dropcontact.com/v1/enrich/all/your-request-id");
}

TEST_CASE("a cancelled batch answers cancelled, while waiting between polls") {
  DropcontactHost host;
  FakeDropcontact dropcontact;
  sdk::testing::RunOptions cancel_in_sleep;
  cancel_in_sleep.cancel_after = 3;  // submit, checkpoint, sleep
  auto t = host.run("enrich_person", documented_items, dropcontact.responder(), cancel_in_sleep);
  CHECK(t.error == "");
  CHECK(t.fail_code() == "cancelled");
  CHECK(dropcontact.posts == 1);
}

TEST_CASE("account reads GET /v1/account/credits, free and idempotent") {
  DropcontactHost host;
  auto t = host.run("account", json::object(), {fixture_reply(200, "account_credits.json")});
  REQUIRE(t.succeeded());
  CHECK(t.requests()[0].method == "GET");
  CHECK(t.requests()[0].url == "https://api.dropcontact.io/v1/account/credits");
  CHECK(t.requests()[0].idempotent());
  CHECK(t.requests()[0].expected_cost == 0);
  CHECK(t.result()["status"] == "done");
  CHECK(t.result()["credits_remaining"] == 4250);
  auto missing = host.run("account", json::object(), {fixture_reply(404, "not_found_404.json")});
  CHECK(missing.fail_code() == "unsupported");
  CHECK(missing.result()["message"].get<std::string>().find("https://api.dropcontact.com") != std::string::npos);
  auto refused = host.run("account", json::object(), {fixture_reply(401, "unauthorized_401.json")});
  CHECK(refused.fail_code() == "auth_failed");
  check_no_secret_leaked(host, refused);
}

TEST_CASE("the access token never appears in a log line, a message or an output, even when echoed") {
  DropcontactHost host;
  auto echoed = host.run("enrich_person", documented_items,
                         {Reply::json(401, std::string(R"({"error":true,"reason":"Unknown token )") + api_key + R"(","success":false})")});
  CHECK(echoed.fail_code() == "auth_failed");
  check_no_secret_leaked(host, echoed);
  FakeDropcontact dropcontact;
  auto fine = host.run("enrich_person", documented_items, dropcontact.responder());
  check_no_secret_leaked(host, fine);
  CHECK_FALSE(host.logs().empty());
}

TEST_CASE("a config without api_key, or with a bad base_url, batch_path, language or wait, is rejected clearly") {
  ScriptedHost host(sdk::testing::linked_plugin());
  CHECK(host.create_instance(json::object()) == LF_E_INVALID_ARGUMENT);
  CHECK(host.last_error().find("api_key") != std::string::npos);
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{{"base_url", "ftp://example.com"},
                                                                             {"batch_path", "batch"},
                                                                             {"language", "de"},
                                                                             {"max_wait_ms", 0},
                                                                             {"siren", "yes"}}) {
    CAPTURE(key);
    CHECK(host.create_instance(config({{key, value}})) == LF_E_INVALID_ARGUMENT);
    CHECK(host.last_error().find(key) != std::string::npos);
  }
}

TEST_CASE("the manifest parses, declares the batch capabilities with max_batch 250, and agrees with the plugin table") {
  const lf_plugin* plugin = sdk::testing::linked_plugin();
  REQUIRE(plugin != nullptr);
  const json manifest = json::parse(std::string_view(plugin->manifest_json.ptr, plugin->manifest_json.len));
  CHECK(manifest == json::parse(read_file(DROPCONTACT_MANIFEST_PATH)));
  CHECK(manifest["schema"] == "leadflow.manifest.v1");
  CHECK(manifest["id"] == std::string_view(plugin->id.ptr, plugin->id.len));
  CHECK(manifest["version"] == std::string_view(plugin->version.ptr, plugin->version.len));
  CHECK(manifest["config"]["api_key"]["secret"] == true);
  CHECK(manifest["config"]["base_url"]["default"] == "https://api.dropcontact.io");
  CHECK(manifest["config"]["language"]["default"] == "en");
  CHECK(manifest["config"]["siren"]["type"] == "boolean");
  CHECK(manifest["rate_limits"]["default"]["per_second"] == 60);
  for (const char* capability : {"enrich_person", "find_email", "verify_email"}) {
    CAPTURE(capability);
    CHECK(manifest["capabilities"][capability]["max_batch"] == 250);
  }
  CHECK(manifest["capabilities"]["verify_email"]["cost"]["charged"] == "always");
  CHECK(manifest["capabilities"]["enrich_person"]["cost"]["charged"] == "on_success");
}

TEST_CASE("the built module exports the entry symbol and runs a batch when loaded with dlopen") {
  void* module = dlopen(DROPCONTACT_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(module != nullptr, dlerror());
  auto entry = reinterpret_cast<lf_plugin_entry_v1_fn>(dlsym(module, LF_PLUGIN_ENTRY_V1));
  REQUIRE_MESSAGE(bool(entry), "leadflow_plugin_entry_v1 is not exported");
  CHECK(entry(LF_ABI_MAJOR + 1, 0) == nullptr);
  ScriptedHost host(entry(LF_ABI_MAJOR, LF_ABI_MINOR));
  REQUIRE(host.create_instance(config()) == LF_OK);
  FakeDropcontact dropcontact;
  auto t = host.run("enrich_person", documented_items, dropcontact.responder());
  CHECK(t.succeeded());
  // The host keeps plugins loaded for the life of the process (plugin.h), so no dlclose.
}
