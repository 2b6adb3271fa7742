// The rest of VoilaNorbert's API in the simulator, seen by a plain HTTP client: the domain
// search, contacts and lists, bulk searches, verification and enrichment jobs, webhooks and their
// retries, the separate balances and the documented error answers.
#include "voilanorbert_simulator.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <mutex>
#include <thread>

using namespace leadflow;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;

namespace {

struct Api {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::map<std::string, std::string> auth{{"Authorization", LoopbackClient::basic_authorization("any_string", "sandbox-voilanorbert-key")}};

  explicit Api(sandbox::SimulatorOptions options = {.time_scale = 2000.0})
      : simulator("voilanorbert", options, voilanorbert_sim::install_routes), client((simulator.start(), simulator.server().port())) {}

  const sandbox::FakeWorld& world() { return simulator.context().world; }
  ClientResponse post(const std::string& path, const std::map<std::string, std::string>& form) {
    return client.post_form("/2018-01-08" + path, form, auth);
  }
  ClientResponse get(const std::string& path) { return client.get("/2018-01-08" + path, auth); }
  ClientResponse send(const std::string& method, const std::string& path, const std::string& body = "") {
    auto headers = auth;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return client.request(method, "/2018-01-08" + path, body, headers);
  }
  void wait_virtual(std::int64_t ms) { std::this_thread::sleep_for(simulator.context().clock.real_duration(ms)); }
  // Polls `path` until its status is `wanted` (bounded).
  nlohmann::json wait_for_status(const std::string& path, const std::string& wanted) {
    for (int i = 0; i < 4000; ++i) {
      auto body = get(path).json();
      if (body["status"] == wanted) return body;
      wait_virtual(1000);
    }
    FAIL("status never became " << wanted);
    return {};
  }
  std::int64_t charged() { return client.get("/_sandbox/ledger").json()["total"]; }
  nlohmann::json webhooks() { return client.get("/_sandbox/webhooks").json()["deliveries"]; }
};

const sandbox::Company& company_with_findable(const sandbox::FakeWorld& world) {
  for (const auto& company : world.companies())
    if (company.kind == sandbox::DomainKind::normal && company.employees.size() > 5) return company;
  throw std::runtime_error("no such company");
}

struct Receiver {
  sandbox::Server server;
  std::mutex mutex;
  std::vector<nlohmann::json> bodies;
  explicit Receiver(int status) {
    server.route("POST", "/hook", [this, status](const sandbox::Request& request) {
      std::lock_guard lock(mutex);
      bodies.push_back(request.json().value_or(nlohmann::json()));
      return sandbox::Response::json(status, {{"status", status}});
    });
    server.start();
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return bodies.size();
  }
};

}  // namespace

TEST_CASE("the domain search pages the company's people, marks new contacts and charges each found email once") {
  Api api;
  const auto& company = company_with_findable(api.world());
  const auto first = api.post("/search/domain", {{"domain", company.domain}});
  REQUIRE(first.status == 200);
  CHECK(first.header("x-ratelimit-limit") == "60");
  const auto body = first.json();
  CHECK(body["total"] == company.employees.size());
  CHECK(body["has_next"] == (company.employees.size() > 5));
  CHECK(body["credits_available"] == true);
  REQUIRE(body["result"].size() == 5);
  std::int64_t found = 0;
  for (const auto& contact : body["result"]) {
    CHECK(contact["is_new"] == true);
    CHECK(contact["searching"] == false);
    const auto* person = api.world().person_by_email(contact["email"].is_object() ? contact["email"]["email"].get<std::string>() : "");
    if (contact["email"].is_object()) {
      ++found;
      REQUIRE(person != nullptr);
      CHECK(person->full_name() == contact["name"]);
    }
  }
  CHECK(api.charged() == found);
  const auto again = api.post("/search/domain", {{"company", company.name}, {"page", "1"}}).json();
  CHECK(again["result"][0]["is_new"] == false);
  CHECK(api.charged() == found);
  CHECK(api.post("/search/domain", {{"domain", company.domain}, {"page", "2"}}).json()["result"].size() ==
        std::min<std::size_t>(5, company.employees.size() - 5));
}

TEST_CASE("the domain search answers 400 for a domain it cannot locate and 402 without credits") {
  Api api;
  CHECK(api.post("/search/domain", {{"domain", "nowhere.example"}}).json().contains("domain"));
  CHECK(api.post("/search/domain", {}).status == 400);
  Api broke({.time_scale = 2000.0, .credits = 0});
  const auto refused = broke.post("/search/domain", {{"domain", company_with_findable(broke.world()).domain}});
  CHECK(refused.status == 402);
}

// Counts the requests served in the window that refused one; fixed windows may roll over
// during the loop, so the count is per X-RateLimit-Reset.
int served_before_refusal(const std::function<ClientResponse()>& send, ClientResponse& refused) {
  std::map<std::string, int> served_per_window;
  for (int i = 0; i < 400; ++i) {
    auto response = send();
    if (response.status == 429) {
      refused = response;
      return served_per_window[response.header("x-ratelimit-reset")];
    }
    ++served_per_window[response.header("x-ratelimit-reset")];
  }
  return -1;
}

TEST_CASE("the domain search allows 60 requests a minute and the bulk search submission 5") {
  Api api({.time_scale = 1.0});
  const auto& company = company_with_findable(api.world());
  ClientResponse refused;
  CHECK(served_before_refusal([&] { return api.post("/search/domain", {{"domain", company.domain}}); }, refused) == 60);
  CHECK(refused.header("x-ratelimit-limit") == "60");
  // Counted even when the form is wrong: the limit comes first.
  CHECK(served_before_refusal([&] { return api.post("/massives/", {}); }, refused) == 5);
  CHECK(refused.json()["error"] == "Too many requests in the allowed time frame (5 requests per minutes)");
  CHECK(api.get("/massives/").status == 200);  // listing is in the default class
}

TEST_CASE("contacts are listed with filters and pages, and lists gather them") {
  Api api({.time_scale = 2000.0, .job_ms = 0});
  const auto& company = company_with_findable(api.world());
  for (int page = 1; page <= 10; ++page) api.post("/search/domain", {{"domain", company.domain}, {"page", std::to_string(page)}});
  const auto all = api.get("/contacts/").json();
  CHECK(all["total"] == company.employees.size());
  CHECK(all["page"] == 1);
  CHECK(all["has_prev"] == false);
  const auto& someone = api.world().people()[company.employees[0]];
  const auto by_name = api.get("/contacts/?name=" + someone.last_name + "&order_by=-name").json();
  CHECK(by_name["result"][0]["name"] == someone.full_name());
  CHECK(api.get("/contacts/?status=WON").json()["total"] == 0);
  CHECK(api.get("/contacts/?status=MAYBE").status == 400);
  CHECK(api.get("/contacts/?created=%3E%3D2000-01-01").json()["total"] == company.employees.size());
  CHECK(api.get("/contacts/?created=%3C2000-01-01").json()["total"] == 0);

  const auto list = api.post("/lists/", {{"name", "Awesome leads"}}).json();
  CHECK(list["contacts"] == 0);
  CHECK(api.post("/lists/", {}).json() == nlohmann::json({{"name", {"This field is required."}}}));
  const auto id = std::to_string(list["id"].get<int>());
  const auto filled = api.post("/lists/" + id, {{"company", company.name.substr(0, 4)}, {"found", "1"}}).json();
  const auto found = api.get("/contacts/?found=true").json()["total"];
  CHECK(filled["contacts"] == found);
  CHECK(api.get("/lists/").json()["result"][0]["contacts"] == found);
  CHECK(api.get("/lists/" + id).json()["name"] == "Awesome leads");
  CHECK(api.send("PUT", "/lists/" + id, "name=My+New+Name").json()["name"] == "My New Name");
  const auto removed = api.send("PUT", "/lists/" + id, "removed=1");
  CHECK(removed.status == 202);
  CHECK(removed.body.empty());
  const auto gone = api.get("/lists/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json() == nlohmann::json({{"code", 404}, {"error", "Page not found."}}));
}

TEST_CASE("a verification needs a webhook (402), runs, pauses, resumes, ends and downloads as CSV") {
  Api api({.time_scale = 2000.0, .job_ms = 600'000});  // 300 ms: long enough to be paused
  const auto no_hook = api.post("/verifier/upload", {{"data", "a@b.example"}});
  CHECK(no_hook.status == 402);
  CHECK(no_hook.json() == nlohmann::json({{"code", "402"}, {"error", "Please provide a webhook to which we will post the verify results"}}));
  CHECK(api.post("/verifier/upload", {{"webhook", "https://x.invalid"}}).status == 400);
  CHECK(api.get("/verifier/unknown").status == 404);
  CHECK(api.get("/verifier/unknown/download").status == 404);

  const auto& person = api.world().people().front();
  const auto uploaded = api.post("/verifier/upload", {{"data", person.email + ",not-an-email\nthrowaway@mailinator.com"}, {"webhook", "https://x.invalid"}}).json();
  CHECK(uploaded["success"] == true);
  CHECK(uploaded["status"] == "Processing ...");
  const auto token = uploaded["token"].get<std::string>();
  CHECK(api.client.get("/_sandbox/ledger").json()["entries"][0]["credits"] == 3);
  CHECK(api.get("/account/").json()["balance"]["verify"]["remaining"] == 100'000 - 3);
  CHECK(api.get("/account/").json()["credits"]["remains"] == 100'000);

  const auto paused = api.send("PUT", "/verifier/" + token + "/pause").json();
  CHECK(paused["status"] == "PAUSED");
  api.wait_virtual(60'000);
  CHECK(api.get("/verifier/" + token).json()["status"] == "PAUSED");
  CHECK(api.get("/verifier/" + token + "/download").status == 400);
  CHECK(api.send("PUT", "/verifier/" + token + "/resume").json()["status"] == "PROCESSING");
  const auto ended = api.wait_for_status("/verifier/" + token, "ENDED");
  CHECK(ended["entries"] == 3);
  CHECK(ended["treated"] == 3);
  CHECK(ended["deliverables"].get<int>() + ended["risky"].get<int>() + ended["bounces"].get<int>() == 3);
  const auto csv = api.get("/verifier/" + token + "/download");
  CHECK(csv.header("content-type") == "application/csv");
  CHECK(csv.body.starts_with("email,is_deliverable,is_risky,is_bounce,error_msg\r\n"));
  CHECK(csv.body.find("not-an-email,false,false,true,Invalid email syntax") != std::string::npos);
  CHECK(csv.body.find("throwaway@mailinator.com,false,true,false,Disposable email address") != std::string::npos);
}

TEST_CASE("an enrichment charges its own balance and downloads the people's details") {
  Api api({.time_scale = 2000.0, .job_ms = 0});
  const auto& person = api.world().people().front();
  CHECK(api.post("/enrich/upload", {{"data", person.email}}).json()["error"] == "Please provide a webhook to which we will post the enrich results");
  const auto token = api.post("/enrich/upload", {{"file", "email\n" + person.email + "\nnobody@x.example"}, {"webhook", "https://x.invalid"}})
                         .json()["token"].get<std::string>();
  const auto status = api.get("/enrich/" + token).json();
  CHECK(status["status"] == "ENDED");
  CHECK(status["entries"] == 2);
  CHECK(status["success"] == 1);
  const auto csv = api.get("/enrich/" + token + "/download").body;
  CHECK(csv.starts_with("email,fullName,title,organization,location,twitter,linkedin,facebook,error_msg\r\n"));
  CHECK(csv.find(person.full_name()) != std::string::npos);
  CHECK(csv.find(person.linkedin_url) != std::string::npos);
  CHECK(api.get("/account/").json()["balance"]["enrich"]["remaining"] == 100'000 - 2);
  Api broke({.time_scale = 2000.0, .credits = 1});
  CHECK(broke.post("/enrich/upload", {{"data", "a@b.example\nc@d.example"}, {"webhook", "https://x.invalid"}}).status == 402);
}

TEST_CASE("a webhook answered 2xx is sent once and one never answered 2xx is tried three times, 30 s then 60 s apart") {
  Api api({.time_scale = 500.0, .job_ms = 0});
  Receiver happy(200), failing(500);
  api.post("/verifier/upload", {{"data", "a@b.example"}, {"webhook", "http://127.0.0.1:" + std::to_string(happy.server.port()) + "/hook"}});
  api.post("/enrich/upload", {{"data", "a@b.example"}, {"webhook", "http://127.0.0.1:" + std::to_string(failing.server.port()) + "/hook"}});
  api.wait_virtual(120'000);
  for (int i = 0; i < 200 && failing.count() < 3; ++i) api.wait_virtual(1000);
  CHECK(happy.count() == 1);
  CHECK(failing.count() == 3);
  api.wait_virtual(120'000);
  CHECK(failing.count() == 3);
  const auto deliveries = api.webhooks();
  REQUIRE(deliveries.size() == 2);
  const auto& failed = deliveries[0]["delivered"] == true ? deliveries[1] : deliveries[0];
  REQUIRE(failed["attempts"].size() == 3);
  const auto due = [&](int i) { return failed["attempts"][i]["due_ms"].get<std::int64_t>(); };
  CHECK(due(1) - due(0) == 30'000);
  CHECK(due(2) - due(1) == 60'000);
  for (const auto& attempt : failed["attempts"]) CHECK(attempt["at_ms"] >= attempt["due_ms"]);
  CHECK(failed["attempts"][0]["status"] == 500);
}

TEST_CASE("a name search with a webhook POSTs the finished contact object and off-machine URLs count as failed") {
  Api api({.time_scale = 2000.0, .job_ms = 5000});
  Receiver receiver(202);
  const auto& person = api.world().people().front();
  const auto id = api.post("/search/name", {{"name", person.full_name()}, {"domain", person.domain},
                                            {"webhook", "http://127.0.0.1:" + std::to_string(receiver.server.port()) + "/hook"}})
                      .json()["id"];
  for (int i = 0; i < 200 && receiver.count() == 0; ++i) api.wait_virtual(1000);
  REQUIRE(receiver.count() == 1);
  std::lock_guard lock(receiver.mutex);
  CHECK(receiver.bodies[0]["id"] == id);
  CHECK(receiver.bodies[0]["searching"] == false);
  CHECK(api.charged() == (person.findable && person.domain_kind != sandbox::DomainKind::nonexistent ? 1 : 0));

  api.post("/search/name", {{"name", "Someone Else"}, {"domain", person.domain}, {"webhook", "https://hooks.example.com/x"}});
  for (int i = 0; i < 200 && (api.webhooks().size() < 2 || api.webhooks()[1]["attempts"].empty()); ++i) api.wait_virtual(1000);
  const auto deliveries = api.webhooks();
  REQUIRE(deliveries.size() == 2);
  CHECK(deliveries[1]["attempts"][0]["error"].get<std::string>().find("only calls webhooks on http://127.0.0.1") != std::string::npos);
}

TEST_CASE("a bulk search is queued, processed, paused, resumed, ended with a webhook, rerun and deleted") {
  Api api({.time_scale = 50.0});  // the 5 virtual seconds it runs last 100 ms: long enough to be paused
  Receiver receiver(200);
  const auto& a = api.world().people()[0];
  const auto& b = api.world().people()[13];
  const auto content = a.first_name + "," + a.last_name + "," + a.domain + "," + a.company + "\n" + b.first_name + "," + b.last_name + "," + b.domain +
                       ",\"" + b.company + "\"";
  CHECK(api.post("/massives/", {{"col_name", "0,1"}, {"col_company", "2"}, {"content", content}}).json().contains("webhook"));
  CHECK(api.post("/massives/", {{"col_company", "2"}, {"content", content}, {"webhook", "x"}}).json()["col_name"] ==
        nlohmann::json::array({"This field is required."}));
  const auto submitted = api.post("/massives/", {{"col_name", "0,1"}, {"col_company", "3"}, {"content", content}, {"rerun_frequency", "0"},
                                                 {"webhook", "http://127.0.0.1:" + std::to_string(receiver.server.port()) + "/hook"}})
                             .json();
  CHECK(submitted["status"] == "QUEUED");
  CHECK(submitted["quantity"] == 2);
  CHECK(submitted["rerun_frequency"].is_null());
  const auto id = std::to_string(submitted["id"].get<int>());
  CHECK(api.post("/massives/" + id + "/pause", {}).json()["status"] == "PAUSED");
  CHECK(api.send("PUT", "/massives/" + id + "/resume").json()["status"] != "PAUSED");
  const auto ended = api.wait_for_status("/massives/" + id, "ENDED");
  std::int64_t expected = 0;
  for (const auto* person : {&a, &b}) expected += person->findable && person->domain_kind != sandbox::DomainKind::nonexistent ? 1 : 0;
  CHECK(ended["success"] == expected);
  CHECK(ended["treated"] == 2);
  CHECK(api.charged() == expected);
  for (int i = 0; i < 200 && receiver.count() == 0; ++i) api.wait_virtual(1000);
  REQUIRE(receiver.count() == 1);
  {
    std::lock_guard lock(receiver.mutex);
    CHECK(receiver.bodies[0]["id"] == submitted["id"]);
    CHECK(receiver.bodies[0]["success"] == expected);
    CHECK(receiver.bodies[0]["result_file"].get<std::string>().ends_with("/massives/download/" + id + "-result.csv"));
  }
  const auto file = api.get("/massives/download/" + id + "-result.csv");
  CHECK(file.status == 200);
  CHECK(file.body.starts_with("name,company,email,score\r\n" + a.full_name() + ","));
  CHECK(file.body.find(a.full_name()) != std::string::npos);
  if (a.findable) CHECK(file.body.find(a.email) != std::string::npos);
  CHECK(api.get("/massives/download/999-result.csv").status == 404);
  CHECK(api.get("/massives/?offset=0&limit=100").json()["result"].size() == 1);
  CHECK(api.get("/massives/?offset=1").json()["result"].empty());
  CHECK(api.send("PUT", "/massives/" + id + "/rerun", "rerun_frequency=720").json()["rerun_frequency"] == 720);
  CHECK(api.send("PUT", "/massives/" + id + "/rerun").json() == nlohmann::json({{"rerun_frequency", {"This field is required."}}}));
  CHECK(api.send("DELETE", "/massives/" + id + "/rerun").json()["rerun_frequency"].is_null());
  const auto list_id = std::to_string(submitted["list_id"].get<int>());
  CHECK(api.get("/contacts/?lists=" + list_id).json()["total"] == 2);
  CHECK(api.send("DELETE", "/massives/" + id, "recursive=true").json() == nlohmann::json({{"result", "success"}}));
  CHECK(api.get("/contacts/?lists=" + list_id).json()["total"] == 0);
  CHECK(api.get("/lists/" + list_id).status == 404);
  const auto missing = api.get("/massives/" + id);
  CHECK(missing.status == 400);
  CHECK(missing.json()["error"] == "Massive not found.");
}

TEST_CASE("a reset forgets contacts, lists, jobs and webhooks") {
  Api api({.time_scale = 2000.0, .job_ms = 0});
  api.post("/lists/", {{"name", "x"}});
  api.post("/verifier/upload", {{"data", "a@b.example"}, {"webhook", "https://x.invalid"}});
  api.client.post_json("/_sandbox/reset", nlohmann::json::object());
  CHECK(api.get("/lists/").json()["result"].empty());
  CHECK(api.webhooks().empty());
  CHECK(api.get("/account/").json()["balance"]["verify"]["remaining"] == 100'000);
}
