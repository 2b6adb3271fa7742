// The InsideView simulator answers as InsideView documents (and the research completes), seen
// by a plain HTTP client.
#include "insideview_simulator.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>

using namespace leadflow;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;

namespace {

constexpr double fast = 1000.0;  // a 5-minute lock lasts 300 ms; a 40 s job 40 ms

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::string token;

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = fast})
      : simulator("insideview", options, insideview_sim::install_routes), client((simulator.start(), simulator.server().port())) {
    token = log_in(std::string(insideview_sim::client_id));
  }

  std::string log_in(const std::string& id) {
    const auto answer = client.post_form(std::string(insideview_sim::token_json_path),
                                         {{"clientId", id}, {"clientSecret", std::string(insideview_sim::client_secret)}, {"grantType", "cred"}});
    REQUIRE(answer.status == 200);
    return answer.json()["accessTokenDetails"]["accessToken"].get<std::string>();
  }

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  std::map<std::string, std::string> headers(bool json = true, const std::string& with_token = "") {
    std::map<std::string, std::string> h{{"accessToken", with_token.empty() ? token : with_token}};
    if (json) h["Accept"] = "application/json";
    return h;
  }
  ClientResponse submit(const std::string& ids, bool json = true, const std::string& content_type = "text/plain") {
    auto h = headers(json);
    if (!content_type.empty()) h["Content-Type"] = content_type;
    return client.request("POST", "/api/v1/contact/job", ids, h);
  }
  ClientResponse status(const std::string& job_id) { return client.get("/api/v1/contact/job/" + job_id, headers()); }
  std::string finished(const std::string& job_id) {
    for (int i = 0; i < 400; ++i) {
      if (status(job_id).json()["status"] == "finished") return client.get("/api/v1/contact/job/" + job_id + "/results", headers()).body;
      std::this_thread::sleep_for(simulator.context().clock.real_duration(1000));
    }
    FAIL("the job did not finish within 400 virtual seconds");
    return {};
  }
  std::int64_t charged() { return client.get("/_sandbox/ledger").json()["total"]; }
  std::string id_of(std::size_t person) { return std::to_string(world().people()[person].id); }
};

}  // namespace

TEST_CASE("the token endpoint answers accessTokenDetails in JSON, or XML at /token, and refuses wrong credentials") {
  RunningSimulator sim;
  const auto json = sim.client.post_form(std::string(insideview_sim::token_json_path),
                                         {{"clientId", "sandbox-insideview-client"}, {"clientSecret", "sandbox-insideview-secret"}, {"grantType", "cred"}});
  CHECK(json.header("content-type") == "application/json");
  const auto details = json.json()["accessTokenDetails"];
  CHECK(details["tokenType"] == "bearer");
  CHECK(details["expirationTime"].get<std::string>().ends_with(" GMT"));
  const auto xml = sim.client.request("POST", std::string(insideview_sim::token_xml_path) +
                                                  "?clientId=sandbox-insideview-client&clientSecret=sandbox-insideview-secret&grantType=cred");
  CHECK(xml.status == 200);
  CHECK(xml.body.find("<accessTokenDetails><accessToken>") != std::string::npos);
  const auto wrong = sim.client.post_form(std::string(insideview_sim::token_json_path),
                                          {{"clientId", "sandbox-insideview-client"}, {"clientSecret", "nope"}, {"grantType", "cred"}});
  CHECK(wrong.status == 401);
}

TEST_CASE("without a valid accessToken the API answers 401, in XML unless JSON is asked for") {
  RunningSimulator sim;
  const auto xml = sim.client.get("/api/v1/contact/job/x", {{"accessToken", "forged"}});
  CHECK(xml.status == 401);
  CHECK(xml.header("content-type") == "application/xml");
  CHECK(xml.body.find("<message>Unauthorized Error") != std::string::npos);
  const auto json = sim.client.get("/api/v1/contact/job/x", {{"Accept", "application/json"}});
  CHECK(json.status == 401);
  CHECK(json.json()["message"].get<std::string>().starts_with("Unauthorized Error"));
}

TEST_CASE("a submission is accepted in the documented XML by default and JSON when asked") {
  RunningSimulator sim;
  const auto xml = sim.submit(sim.id_of(0) + "," + sim.id_of(1), false);
  CHECK(xml.status == 200);
  CHECK(xml.body.rfind(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><BulkLeadEnrichmentStatus><jobId>)", 0) == 0);
  CHECK(xml.body.find("<status>accepted</status><type>contacts</type></BulkLeadEnrichmentStatus>") != std::string::npos);
  const auto json = sim.submit(sim.id_of(2) + "\n" + sim.id_of(3));
  CHECK(json.json()["status"] == "accepted");
  CHECK(json.json()["type"] == "contacts");
  CHECK(json.json()["jobId"].get<std::string>().size() == 20);
}

TEST_CASE("submissions without Content-Type, with bad ids or too many ids are refused as documented") {
  RunningSimulator sim;
  CHECK(sim.submit(sim.id_of(0), true, "").status == 415);
  CHECK(sim.submit(sim.id_of(0), true, "application/json").status == 415);
  CHECK(sim.submit("12ab,3").status == 400);
  CHECK(sim.submit(" , \n").status == 400);
  std::string many;
  for (int i = 0; i < 10'001; ++i) many += std::to_string(1000 + i) + ",";
  const auto too_many = sim.submit(many);
  CHECK(too_many.status == 400);
  CHECK(too_many.json()["message"].get<std::string>().find("10,000") != std::string::npos);
  CHECK(sim.client.request("POST", "/api/v1/contact/job?webhook=ftp://x", sim.id_of(0), {{"accessToken", sim.token}, {"Content-Type", "text/plain"}}).status == 400);
}

TEST_CASE("a job goes accepted, processing, finished, debits one transaction per id when processing starts, and serves CSV") {
  RunningSimulator sim;
  const auto job_id = sim.submit(sim.id_of(0) + "," + sim.id_of(1) + ",7," + sim.id_of(0)).json()["jobId"].get<std::string>();
  CHECK(sim.status(job_id).json()["status"] == "accepted");
  CHECK(sim.charged() == 0);
  CHECK(sim.client.get("/api/v1/contact/job/" + job_id + "/results", sim.headers()).status == 400);
  const auto csv = sim.finished(job_id);
  const auto done = sim.status(job_id).json();
  CHECK(done["totalProcessed"] == 3);
  CHECK(done["type"] == "contact");
  CHECK(sim.charged() == 3);
  const auto& ada = sim.world().people()[0];
  CHECK(csv.rfind("contactId,companyId,companyName,firstName,lastName,fullName,salutation,titles,email,emailValidationStatus,", 0) == 0);
  CHECK(csv.find(ada.email) != std::string::npos);
  CHECK(csv.find("\r\n7,,,,,,,,,,,,,,,\r\n") != std::string::npos);
  CHECK(sim.client.get("/api/v1/contact/job/nope", sim.headers()).status == 404);
}

TEST_CASE("a third job is refused while two run, with InsideView's message") {
  sandbox::SimulatorOptions options{.time_scale = fast};
  options.job_ms = 100'000;
  RunningSimulator sim(options);
  CHECK(sim.submit(sim.id_of(0)).status == 200);
  CHECK(sim.submit(sim.id_of(1)).status == 200);
  const auto third = sim.submit(sim.id_of(2));
  CHECK(third.status == 400);
  CHECK(third.json()["message"] == "2 jobs are already running. Please try again once the previous jobs are finished.");
  CHECK(sim.client.get(std::string(insideview_sim::observation_path)).json()["jobs"]["refused_jobs_running"] == 1);
}

TEST_CASE("a job over the remaining transaction quota is refused") {
  sandbox::SimulatorOptions options{.time_scale = fast};
  options.credits = 2;
  RunningSimulator sim(options);
  const auto refused = sim.submit(sim.id_of(0) + "," + sim.id_of(1) + "," + sim.id_of(2));
  CHECK(refused.status == 400);
  CHECK(refused.json()["message"] == "Insufficient transaction quota available.");
  CHECK(sim.submit(sim.id_of(0) + "," + sim.id_of(1)).status == 200);
  CHECK(sim.submit(sim.id_of(3)).status == 400);  // the first job's ids are reserved
}

TEST_CASE("over the window's allowance, the whole account is locked out for five minutes, then served again") {
  ::setenv(insideview_sim::requests_per_window_variable, "3", 1);
  RunningSimulator sim;
  ::unsetenv(insideview_sim::requests_per_window_variable);
  const auto other_token = sim.log_in(std::string(insideview_sim::client_id));
  for (int i = 0; i < 3; ++i) CHECK(sim.status("x").status == 404);
  const auto throttled = sim.status("x");
  CHECK(throttled.status == 429);
  CHECK(throttled.header("retry-after") == "300");
  CHECK(throttled.json()["message"] == "Request is throttled.");
  const auto locked = sim.client.get("/api/v1/contact/job/x", sim.headers(true, other_token));
  CHECK(locked.status == 429);
  CHECK(std::stoi(locked.header("retry-after")) <= 300);
  const auto observed = sim.client.get(std::string(insideview_sim::observation_path)).json();
  CHECK(observed["throttle"]["locks"].size() == 1);
  CHECK(observed["throttle"]["refused_during_locks"] == 1);
  std::this_thread::sleep_for(sim.simulator.context().clock.real_duration(300'000));
  CHECK(sim.status("x").status == 404);
  const auto lock = sim.client.get(std::string(insideview_sim::observation_path)).json()["throttle"]["locks"][0];
  CHECK(lock["resumed_at_ms"].get<std::int64_t>() >= lock["until_ms"].get<std::int64_t>());
  CHECK(lock["until_ms"].get<std::int64_t>() - lock["from_ms"].get<std::int64_t>() == 300'000);
}

TEST_CASE("an account without the bulk APIs in its contract gets 405") {
  RunningSimulator sim;
  const auto limited = sim.log_in("sandbox-insideview-limited");
  CHECK(sim.client.request("POST", "/api/v1/contact/job", sim.id_of(0), {{"accessToken", limited}, {"Content-Type", "text/plain"}}).status == 405);
  CHECK(sim.client.get("/api/v1/admin/jobs", {{"accessToken", limited}}).status == 405);
}

TEST_CASE("the jobs list filters by numeric status and pages by at most 50") {
  RunningSimulator sim;
  const auto job_id = sim.submit(sim.id_of(0)).json()["jobId"].get<std::string>();
  sim.finished(job_id);
  sim.submit(sim.id_of(1));
  const auto all = sim.client.get("/api/v1/admin/jobs", sim.headers()).json()["bulkJobs"];
  REQUIRE(all.size() == 2);
  CHECK(all[0]["jobStatus"] == 3);
  CHECK(all[0]["creditsConsumed"] == 1);
  CHECK(all[1]["jobStatus"] == 1);
  const auto finished = sim.client.get("/api/v1/admin/jobs?jobStatuses=3", sim.headers()).json()["bulkJobs"];
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["jobId"] == job_id);
  CHECK(sim.client.get("/api/v1/admin/jobs?resultsPerPage=1&page=2", sim.headers()).json()["bulkJobs"].size() == 1);
  CHECK(sim.client.get("/api/v1/admin/jobs?resultsPerPage=51", sim.headers()).status == 400);
}

TEST_CASE("contact details come one by id, or up to 50 in bulk, one transaction per contact returned") {
  RunningSimulator sim;
  const auto& person = sim.world().people()[4];
  const auto one = sim.client.get("/api/v1/contact/" + sim.id_of(4), sim.headers()).json();
  CHECK(one["email"] == person.email);
  CHECK(one["titles"][0] == person.title);
  CHECK(sim.client.get("/api/v1/contact/3", sim.headers()).status == 404);
  const auto xml = sim.client.get("/api/v1/contact/" + sim.id_of(4), sim.headers(false));
  CHECK(xml.body.find("<firstName>" + person.first_name + "</firstName>") != std::string::npos);
  auto bulk_headers = sim.headers();
  bulk_headers["Content-Type"] = "application/json";
  const auto bulk = sim.client.request("POST", "/api/v1/contact/bulk",
                                       nlohmann::json{{"contactIds", {sim.id_of(5), "3", sim.id_of(6)}}}.dump(), bulk_headers);
  CHECK(bulk.json()["contacts"].size() == 2);
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 51; ++i) many.push_back(sim.id_of(i));
  CHECK(sim.client.request("POST", "/api/v1/contact/bulk", nlohmann::json{{"contactIds", many}}.dump(), bulk_headers).status == 400);
  CHECK(sim.charged() == 2 + 2);
}
