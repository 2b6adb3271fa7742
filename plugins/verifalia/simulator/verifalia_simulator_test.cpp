// The Verifalia simulator answers as Verifalia documents, seen by a plain HTTP client.
#include "verifalia_simulator.hpp"

#include "totp.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <mutex>
#include <thread>

using namespace leadflow;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;
using nlohmann::json;

namespace {

constexpr double fast = 1000.0;  // a 10 s job takes 10 ms

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::map<std::string, std::string> auth{
      {"Authorization", LoopbackClient::basic_authorization(std::string(verifalia_sim::username), std::string(verifalia_sim::password))}};

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = fast})
      : simulator("verifalia", options, verifalia_sim::install_routes), client((simulator.start(), simulator.server().port())) {}

  const sandbox::FakeWorld& world() { return simulator.context().world; }

  ClientResponse send(const std::string& method, const std::string& path, const json& body = nullptr,
                      std::map<std::string, std::string> headers = {}) {
    headers.insert(auth.begin(), auth.end());
    if (!body.is_null()) headers.emplace("Content-Type", "application/json");
    return client.request(method, path, body.is_null() ? "" : body.dump(), headers);
  }
  ClientResponse submit(const std::vector<std::string>& emails, json options = json::object()) {
    json entries = json::array();
    for (std::size_t i = 0; i < emails.size(); ++i) entries.push_back({{"inputData", emails[i]}, {"custom", "row-" + std::to_string(i)}});
    options["entries"] = entries;
    return send("POST", "/v2.6/email-validations?waitTime=30000", options);
  }
  // Polls the job as the SDKs do until it is completed; returns the 200 snapshot.
  json completed(const std::string& id) {
    for (int i = 0; i < 400; ++i) {
      auto response = send("GET", "/v2.6/email-validations/" + id + "?waitTime=30000");
      if (response.status == 200) return response.json();
      REQUIRE(response.status == 202);
      std::this_thread::sleep_for(simulator.context().clock.real_duration(500));
    }
    FAIL("the job was still running after 200 virtual seconds");
    return {};
  }
};

std::string url_encoded(const std::string& text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += char(c);
    else out += {'%', digits[c >> 4], digits[c & 15]};
  }
  return out;
}

std::vector<std::string> world_addresses(const sandbox::FakeWorld& world, std::size_t n) {
  std::vector<std::string> emails;
  for (std::size_t i = 0; i < n && i < world.people().size(); ++i) emails.push_back(world.people()[i].email);
  return emails;
}

}  // namespace

TEST_CASE("a job is accepted with 202 and a Location, polled until 200, and its entries paged through meta.cursor") {
  RunningSimulator sim;
  auto emails = world_addresses(sim.world(), 150);
  emails.push_back("x" + emails[0]);
  emails.push_back("not-an-email");
  const auto accepted = sim.submit(emails, {{"quality", "Standard"}, {"name", "test-job"}});
  REQUIRE(accepted.status == 202);
  const auto overview = accepted.json()["overview"];
  const std::string id = overview["id"];
  CHECK(overview["status"] == "InProgress");
  CHECK(overview["noOfEntries"] == emails.size());
  CHECK(overview["name"] == "test-job");
  CHECK(overview.contains("/progress/estimatedTimeRemaining"_json_pointer));
  CHECK(accepted.header("location") == "/v2.6/email-validations/" + id);

  const auto done = sim.completed(id);
  CHECK(done["overview"]["status"] == "Completed");
  json entries = done["entries"]["data"];
  CHECK(entries.size() == 100);
  CHECK(done["entries"]["meta"]["isTruncated"] == true);
  const std::string cursor = done["entries"]["meta"]["cursor"];
  const auto next = sim.send("GET", "/v2.6/email-validations/" + id + "/entries?cursor=" + url_encoded(cursor));
  REQUIRE(next.status == 200);
  const auto second_page = next.json();
  for (const auto& e : second_page["data"]) entries.push_back(e);
  CHECK(second_page["meta"]["isTruncated"] == false);
  REQUIRE(entries.size() == emails.size());

  for (std::size_t i = 0; i < emails.size(); ++i) {
    CAPTURE(emails[i]);
    const auto& entry = entries[i];
    CHECK(entry["index"] == i);
    CHECK(entry["custom"] == "row-" + std::to_string(i));
    CHECK(entry.contains("completedOn"));
    const auto verdict = sim.world().verdict_of(emails[i]);
    using Kind = sandbox::EmailVerdict::Kind;
    const std::string expected = verdict.kind == Kind::deliverable      ? "Success"
                                 : verdict.kind == Kind::mailbox_full   ? "MailboxHasInsufficientStorage"
                                 : verdict.kind == Kind::catch_all      ? "ServerIsCatchAll"
                                 : verdict.kind == Kind::syntax_error   ? "AtSignNotFound"
                                 : verdict.kind == Kind::domain_nonexistent ? "DomainDoesNotExist"
                                                                            : "MailboxDoesNotExist";
    CHECK(entry["status"] == expected);
  }
  // 150 Standard addresses + 2 others, charged at submission.
  CHECK(sim.client.get("/_sandbox/ledger").json()["total"] == 152);
}

TEST_CASE("entries can be filtered by status, limited, and reached by index through a 303") {
  RunningSimulator sim({.time_scale = fast, .job_ms = 0});
  const auto accepted = sim.submit(world_addresses(sim.world(), 30));
  REQUIRE(accepted.status == 200);  // done within waitTime
  const std::string id = accepted.json()["overview"]["id"];
  const auto success = sim.send("GET", "/v2.6/email-validations/" + id + "/entries?status=Success&limit=5");
  REQUIRE(success.status == 200);
  const auto successes = success.json()["data"];
  CHECK(successes.size() <= 5);
  CHECK_FALSE(successes.empty());
  for (const auto& e : successes) CHECK(e["status"] == "Success");
  const auto excluded = sim.send("GET", "/v2.6/email-validations/" + id + "/entries?status:exclude=Success");
  const auto others = excluded.json()["data"];
  CHECK_FALSE(others.empty());
  for (const auto& e : others) CHECK(e["status"] != "Success");

  const auto by_index = sim.send("GET", "/v2.6/email-validations/" + id + "/entries/7");
  CHECK(by_index.status == 303);
  CHECK(by_index.header("location").starts_with("/v2.6/email-validations/" + id + "/entries?cursor="));
  CHECK(sim.send("GET", "/v2.6/email-validations/" + id + "/entries/99").status == 404);

  const auto csv = sim.send("GET", "/v2.6/email-validations/" + id + "/entries", nullptr, {{"Accept", "text/csv"}});
  CHECK(csv.status == 200);
  CHECK(csv.header("content-type").starts_with("text/csv"));
  CHECK(csv.body.starts_with("Index,Input,Custom,Email address,Classification,Status"));
}

TEST_CASE("a running job cannot be deleted (406); a completed one can, once (200 then 410); unknown jobs are 404") {
  RunningSimulator sim({.time_scale = 1.0, .job_ms = 3'600'000});
  const std::string id = sim.submit({"a@b.com"}).json()["overview"]["id"];
  const auto running = sim.send("DELETE", "/v2.6/email-validations/" + id);
  CHECK(running.status == 406);
  CHECK(running.header("content-type") == "application/problem+json");
  CHECK(running.json()["status"] == 406);
  CHECK(sim.send("GET", "/v2.6/email-validations/nope").status == 404);

  RunningSimulator quick({.time_scale = fast, .job_ms = 0});
  const std::string done = quick.submit({"a@b.com"}).json()["overview"]["id"];
  CHECK(quick.send("DELETE", "/v2.6/email-validations/" + done).status == 200);
  CHECK(quick.send("DELETE", "/v2.6/email-validations/" + done).status == 410);
  CHECK(quick.send("GET", "/v2.6/email-validations/" + done).status == 410);
  CHECK(quick.send("GET", "/v2.6/email-validations/" + done + "/overview").status == 410);
}

TEST_CASE("a job past its retention period has expired: 410") {
  RunningSimulator sim({.time_scale = 1000.0, .job_ms = 0});  // the 5 minutes of retention last 300 ms
  const std::string id = sim.submit({"a@b.com"}, {{"retention", "0:5:0"}}).json()["overview"]["id"];
  CHECK(sim.send("GET", "/v2.6/email-validations/" + id).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(sim.send("GET", "/v2.6/email-validations/" + id).status == 410);
}

TEST_CASE("bad submissions: 400 with a problem, 415 for another content type, 402 without credits, 401 without credentials") {
  RunningSimulator sim({.time_scale = fast, .credits = 3});
  CHECK(sim.send("POST", "/v2.6/email-validations", json{{"entries", json::array()}}).status == 400);
  CHECK(sim.submit({"a@b.com"}, {{"quality", "Ultra"}}).status == 400);
  CHECK(sim.submit({"a@b.com"}, {{"retention", "0:1:0"}}).status == 400);
  CHECK(sim.send("POST", "/v2.6/email-validations?waitTime=40000", json{{"entries", {{{"inputData", "a@b.com"}}}}}).status == 400);
  const auto xml = sim.client.request("POST", "/v2.6/email-validations", "<x/>", {{"Content-Type", "text/xml"}, {"Authorization", sim.auth["Authorization"]}});
  CHECK(xml.status == 415);
  const auto broke = sim.submit({"a@b.com", "b@b.com"}, {{"quality", "High"}});
  CHECK(broke.status == 402);
  CHECK(broke.json()["title"] == "Payment required");
  const auto anonymous = sim.client.get("/v2.6/credits/balance");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.header("content-type") == "application/problem+json");
}

TEST_CASE("more than 15 requests in a second are refused with 429, and a refused request changes nothing") {
  RunningSimulator sim({.time_scale = 1.0});
  int refused = 0;
  for (int i = 0; i < 20; ++i) refused += sim.send("GET", "/v2.6/credits/balance").status == 429 ? 1 : 0;
  CHECK(refused >= 5);
  const auto stats = sim.client.get("/_sandbox/stats").json();
  CHECK(stats["classes"]["default"]["refused"] == refused);
}

TEST_CASE("bearer tokens: POST /auth/tokens issues a JWT; the MFA user completes it with a TOTP code") {
  RunningSimulator sim;
  auto token_for = [&](std::string_view user, std::string_view secret) {
    return sim.client.post_json("/v2.6/auth/tokens", {{"username", user}, {"password", secret}});
  };
  CHECK(token_for(verifalia_sim::username, "wrong").status == 401);
  const auto issued = token_for(verifalia_sim::username, verifalia_sim::password);
  REQUIRE(issued.status == 200);
  const std::string jwt = issued.json()["accessToken"];
  CHECK(std::count(jwt.begin(), jwt.end(), '.') == 2);
  CHECK(sim.client.get("/v2.6/credits/balance", {{"Authorization", "Bearer " + jwt}}).status == 200);
  CHECK(sim.client.get("/v2.6/credits/balance", {{"Authorization", "Bearer forged.token.here"}}).status == 401);

  const std::string pending = token_for(verifalia_sim::mfa_username, verifalia_sim::password).json()["accessToken"];
  CHECK(sim.client.get("/v2.6/credits/balance", {{"Authorization", "Bearer " + pending}}).status == 401);
  const auto key = verifalia::decode_base32(verifalia_sim::mfa_totp_secret).value();
  const auto now_s = sim.simulator.context().clock.virtual_now_s();
  auto verify = [&](const std::string& code) {
    return sim.client.request("POST", "/v2.6/auth/totp/verifications", json{{"passCode", code}}.dump(),
                              {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + pending}});
  };
  CHECK(verify("000000").status == 401);
  const auto verified = verify(verifalia::totp_code(key, now_s));
  REQUIRE(verified.status == 200);
  const std::string full = verified.json()["accessToken"];
  CHECK(sim.client.get("/v2.6/credits/balance", {{"Authorization", "Bearer " + full}}).status == 200);
}

TEST_CASE("tokens expire in virtual time") {
  RunningSimulator sim({.time_scale = 100'000.0});
  CHECK(sim.client.post_json("/_sandbox/verifalia/tokens", {{"lifetime_s", 60}}).status == 200);
  const std::string jwt = sim.client.post_json("/v2.6/auth/tokens", {{"username", verifalia_sim::username}, {"password", verifalia_sim::password}})
                              .json()["accessToken"];
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // 500 virtual seconds
  CHECK(sim.client.get("/v2.6/credits/balance", {{"Authorization", "Bearer " + jwt}}).status == 401);
}

TEST_CASE("the three hosts serve the same account; a host made to fail answers 503 while the others go on") {
  RunningSimulator sim({.time_scale = fast, .job_ms = 0});
  const std::string id = sim.submit({"a@b.com"}).json()["overview"]["id"];
  CHECK(sim.send("GET", "/api-1/v2.6/email-validations/" + id).status == 200);
  CHECK(sim.client.post_json("/_sandbox/verifalia/hosts", {{"down", {"api-2"}}}).status == 200);
  const auto down = sim.send("GET", "/api-2/v2.6/email-validations/" + id);
  CHECK(down.status == 503);
  CHECK(down.header("content-type") == "application/problem+json");
  CHECK(sim.send("GET", "/api-3/v2.6/email-validations/" + id).status == 200);
  const auto observed = sim.client.get("/_sandbox/verifalia/jobs").json();
  CHECK(observed["job_count"] == 1);
  CHECK(observed["requests_by_host"]["api-2"] == 1);
  sim.client.post_json("/_sandbox/verifalia/hosts", {{"down", json::array()}});
  CHECK(sim.send("GET", "/api-2/v2.6/email-validations/" + id).status == 200);
}

TEST_CASE("a CSV file submitted as multipart is imported with its settings") {
  RunningSimulator sim({.time_scale = fast, .job_ms = 0});
  const std::string boundary = "XyZ";
  const std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"settings\"\r\nContent-Type: application/json\r\n\r\n"
                           "{\"startingRow\": 1, \"column\": 1, \"delimiter\": \";\", \"quality\": \"High\"}\r\n"
                           "--XyZ\r\nContent-Disposition: form-data; name=\"inputFile\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                           "name;email\nAda;ada@example.com\nBob;bob@example.com\r\n--XyZ--\r\n";
  auto headers = sim.auth;
  headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
  const auto accepted = sim.client.request("POST", "/v2.6/email-validations", body, headers);
  REQUIRE(accepted.status == 200);
  CHECK(accepted.json()["overview"]["noOfEntries"] == 2);
  CHECK(accepted.json()["overview"]["quality"] == "High");
  CHECK(accepted.json()["entries"]["data"][1]["inputData"] == "bob@example.com");

  headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
  std::string excel = body;
  excel.replace(excel.find("text/csv"), 8, "application/vnd.ms-excel");
  CHECK(sim.client.request("POST", "/v2.6/email-validations", excel, headers).status == 415);
}

TEST_CASE("credits: the balance falls with each job, the daily usage shows it, quality levels carry unit prices, jobs are listed") {
  RunningSimulator sim({.time_scale = fast, .credits = 1000, .job_ms = 0});
  sim.submit({"a@b.com", "c@d.com"}, {{"quality", "High"}});
  CHECK(sim.send("GET", "/v2.6/credits/balance").json()["creditPacks"] == 996);
  const auto usage = sim.send("GET", "/v2.6/credits/daily-usage").json();
  REQUIRE(usage["data"].size() == 1);
  CHECK(usage["data"][0]["creditPacks"] == 4);
  CHECK(sim.send("GET", "/v2.6/credits/daily-usage?date:since=2999-01-01").json()["data"].empty());
  const auto levels = sim.send("GET", "/v2.6/email-validations/quality-levels").json()["data"];
  CHECK(levels[0]["unitPrice"] == 1);
  CHECK(levels[1]["id"] == "High");
  for (int i = 0; i < 60; ++i) sim.submit({"a@b.com"});
  const auto page1 = sim.send("GET", "/v2.6/email-validations?status=Completed").json();
  CHECK(page1["data"].size() == 50);
  CHECK(page1["meta"]["isTruncated"] == true);
  const auto page2 = sim.send("GET", "/v2.6/email-validations?cursor=" + url_encoded(page1["meta"]["cursor"].get<std::string>()));
  CHECK(page2.json()["data"].size() == 11);
  CHECK(sim.send("GET", "/v2.6/email-validations?status=InProgress").json()["data"].empty());
}

TEST_CASE("a job submitted with a callback URL is announced there once completed, with an Idempotency-Key") {
  // The callback receiver: a second sandbox server recording what it is sent.
  sandbox::Server receiver;
  std::mutex mutex;
  std::vector<sandbox::Request> received;
  receiver.route("POST", "/hooks/verifalia", [&](const sandbox::Request& request) {
    std::lock_guard lock(mutex);
    received.push_back(request);
    return sandbox::Response::json(received.size() == 1 ? 500 : 200, json::object());  // the first delivery fails
  });
  receiver.start();
  RunningSimulator sim({.time_scale = fast, .job_ms = 100});
  const auto url = receiver.origin() + "/hooks/verifalia";
  const std::string id = sim.submit({"a@b.com"}, {{"name", "crm"}, {"callback", {{"url", url}, {"version", "1.1"}}}}).json()["overview"]["id"];
  for (int i = 0; i < 300; ++i) {
    {
      std::lock_guard lock(mutex);
      if (received.size() >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::lock_guard lock(mutex);
  REQUIRE(received.size() == 2);
  const auto event = received[1].json().value();
  CHECK(event["event"]["type"] == "email-validation.completed");
  CHECK(event["event"]["version"] == "1.1");
  CHECK(event["event"]["data"]["id"] == id);
  CHECK(event["event"]["data"]["name"] == "crm");
  CHECK(received[0].header("idempotency-key") == received[1].header("idempotency-key"));
  CHECK_FALSE(received[1].header("idempotency-key").empty());
  const auto report = sim.client.get("/_sandbox/verifalia/jobs").json()["callbacks"];
  REQUIRE(report.size() == 1);
  CHECK(report[0]["delivered"] == true);
  CHECK(report[0]["attempts"] == 2);
}
