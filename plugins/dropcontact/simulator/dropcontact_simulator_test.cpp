// The Dropcontact simulator seen by a plain HTTP client: the documented submit and poll answers,
// the batch limit, the processing delay, 403 when the credits cannot cover a whole batch, the
// charging rules in the ledger, rate limits, and answers that agree with the fake world.
#include "contact_enrichment.hpp"
#include "dropcontact_simulator.hpp"

#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <thread>

using namespace leadflow;
using nlohmann::json;
using sandbox::ClientResponse;
using sandbox::LoopbackClient;

namespace {

struct RunningSimulator {
  sandbox::Simulator simulator;
  LoopbackClient client;
  std::string token = std::string(dropcontact_sim::api_key);

  explicit RunningSimulator(sandbox::SimulatorOptions options = {.time_scale = 1.0, .job_ms = 0})
      : simulator("dropcontact", options, dropcontact_sim::install_routes),
        client((simulator.start(), simulator.server().port())) {}

  ClientResponse submit(const json& body, const std::string& path = "/batch") {
    return client.request("POST", path, body.dump(), {{"Content-Type", "application/json"}, {"X-Access-Token", token}});
  }
  ClientResponse poll(const std::string& request_id, const std::string& path = "/batch/") {
    return client.get(path + request_id, {{"X-Access-Token", token}});
  }
  // Submits and returns the finished data (the simulator runs with --job-ms 0 unless told otherwise).
  json enrich(const json& records, bool siren = false, const std::string& language = "en") {
    const auto submitted = submit({{"data", records}, {"siren", siren}, {"language", language}});
    REQUIRE(submitted.status == 200);
    const auto answer = poll(submitted.json()["request_id"].get<std::string>()).json();
    REQUIRE(answer["success"] == true);
    return answer["data"];
  }
  json ledger() { return client.get("/_sandbox/ledger").json(); }
  json observed() { return client.get(std::string(dropcontact_sim::observation_path)).json(); }
  const sandbox::FakeWorld& world() { return simulator.context().world; }
};

json records_of(std::size_t count) {
  json records = json::array();
  for (std::size_t i = 0; i < count; ++i) records.push_back({{"first_name", "P" + std::to_string(i)}, {"last_name", "Q"}, {"company", "None"}});
  return records;
}

// The first person of the world matching `wanted`.
const sandbox::Person& person_where(const sandbox::FakeWorld& world, const std::function<bool(const sandbox::Person&)>& wanted) {
  for (const auto& person : world.people())
    if (wanted(person)) return person;
  FAIL("the world has no such person");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a submit answers request_id and credits_left, and the poll answers the documented not-ready body until the batch is done") {
  RunningSimulator sim({.time_scale = 100.0});
  const auto& person = person_where(sim.world(), [](const auto& p) { return p.findable && p.mailbox == sandbox::MailboxState::active && p.domain_kind == sandbox::DomainKind::normal; });
  const json records = {{{"first_name", person.first_name}, {"last_name", person.last_name}, {"website", person.domain},
                         {"custom_fields", {{"leadflow_ref", "r1"}}}}};
  const auto submitted = sim.submit({{"data", records}});
  REQUIRE(submitted.status == 200);
  const auto body = submitted.json();
  CHECK(body["error"] == false);
  CHECK(body["success"] == true);
  CHECK(body["credits_left"] == 100'000 - 1);
  const auto request_id = body["request_id"].get<std::string>();
  CHECK_FALSE(request_id.empty());

  CHECK(sim.poll(request_id).json() ==
        json{{"error", false}, {"reason", "Request not ready yet, try again in 30 seconds"}, {"success", false}});
  std::this_thread::sleep_for(sim.simulator.context().clock.real_duration(dropcontact_sim::processing_ms(1) + 500));
  const auto done = sim.poll(request_id).json();
  REQUIRE(done["success"] == true);
  CHECK(done["error"] == false);
  REQUIRE(done["data"].size() == 1);
  const auto& result = done["data"][0];
  CHECK(result["custom_fields"] == json{{"leadflow_ref", "r1"}});
  CHECK(result["email"] == json::array({{{"email", person.email}, {"qualification", "nominative@pro"}}}));
  CHECK(result["civility"] == person.civility);
  CHECK(result["linkedin"] == person.linkedin_url);
  CHECK(result["job"] == person.title);
  CHECK(result["website"] == "www." + person.domain);
  CHECK_FALSE(result.contains("siren"));
}

TEST_CASE("an unknown request id gets the same not-ready answer, as Dropcontact gives it") {
  RunningSimulator sim;
  const auto answer = sim.poll("no-such-request");
  CHECK(answer.status == 200);
  CHECK(answer.json()["reason"] == "Request not ready yet, try again in 30 seconds");
  CHECK(answer.json()["success"] == false);
}

TEST_CASE("more than 250 records, no data, or a record over 15 kB is a 400 that charges nothing") {
  RunningSimulator sim;
  const auto too_many = sim.submit({{"data", records_of(251)}});
  CHECK(too_many.status == 400);
  CHECK(too_many.json() == json{{"error", true}, {"reason", "Too many records, you can only submit up to 250 records"}, {"success", false}});
  CHECK(sim.submit({{"siren", true}}).json()["reason"] == "Missing data in JSON");
  CHECK(sim.submit({{"data", json::array()}}).status == 400);
  CHECK(sim.submit({{"data", json::array({{{"company", std::string(16 * 1024, 'x')}}})}}).status == 400);
  CHECK(sim.submit({{"data", records_of(1)}, {"language", "de"}}).status == 400);
  CHECK(sim.submit({{"data", records_of(250)}}).status == 200);
  CHECK(sim.observed()["refused"]["400"] == 5);
  CHECK(sim.observed()["batch_sizes"] == json::array({250}));
}

TEST_CASE("a batch the credits cannot cover entirely is refused with 403 and charges nothing") {
  RunningSimulator sim({.time_scale = 1.0, .credits = 3, .job_ms = 0});
  const auto refused = sim.submit({{"data", records_of(4)}});
  CHECK(refused.status == 403);
  CHECK(refused.json()["error"] == true);
  CHECK(sim.ledger()["total"] == 0);
  const auto accepted = sim.submit({{"data", records_of(3)}});
  CHECK(accepted.status == 200);
  CHECK(accepted.json()["credits_left"] == 0);
}

TEST_CASE("credits are taken at submit and refunded when no email is found, unless an email was given") {
  RunningSimulator sim;
  const auto& found = person_where(sim.world(), [](const auto& p) {
    return p.findable && p.mailbox == sandbox::MailboxState::active && p.domain_kind == sandbox::DomainKind::normal;
  });
  const auto& hidden = person_where(sim.world(), [](const auto& p) { return !p.findable; });
  const json records = {{{"full_name", found.full_name()}, {"company", found.company}},
                        {{"full_name", hidden.full_name()}, {"website", hidden.domain}},
                        {{"email", "nobody-at-all@" + found.domain}},
                        {{"first_name", "Zed"}, {"last_name", "Nobody"}, {"company", "No Such Company"}}};
  const auto data = sim.enrich(records);
  CHECK(data[0]["email"][0]["email"] == found.email);
  CHECK(data[1]["email"].empty());
  CHECK(data[2]["email"][0]["qualification"] == "invalid@pro");
  CHECK(data[3]["email"].empty());
  const auto ledger = sim.ledger();
  CHECK(ledger["total"] == 2);  // 4 taken, 2 refunded (the hidden person, the unknown one)
  REQUIRE(ledger["entries"].size() == 2);
  CHECK(ledger["entries"][0]["credits"] == 4);
  CHECK(ledger["entries"][1]["credits"] == -2);
  CHECK(sim.observed()["refunded"] == 2);
}

TEST_CASE("the siren option adds the company's registry fields and language fr writes the civility in French") {
  RunningSimulator sim;
  const auto& person = person_where(sim.world(), [](const auto& p) { return p.domain_kind == sandbox::DomainKind::normal; });
  const auto* company = sim.world().company_by_domain(person.domain);
  REQUIRE(company);
  const auto data = sim.enrich({{{"first_name", person.first_name}, {"last_name", person.last_name}, {"website", "https://www." + person.domain}}},
                               true, "fr");
  const auto& result = data[0];
  CHECK(result["siren"] == company->siren);
  CHECK(result["siret"] == company->siret);
  CHECK(result["siret_address"] == company->siret_address);
  CHECK(result["vat"] == company->vat);
  CHECK(result["naf5_code"] == company->naf5_code);
  CHECK(result["naf5_des"] == company->naf5_des);
  CHECK(result["nb_employees"] == company->nb_employees);
  CHECK(result["phone"] == company->phone);
  CHECK(result["company"] == company->name);
  CHECK(result["civility"] == (person.civility == "Mr" ? "M" : "Mme"));
}

TEST_CASE("given emails are qualified from the world's verdict") {
  RunningSimulator sim;
  const auto& world = sim.world();
  const auto& active = person_where(world, [](const auto& p) { return p.mailbox == sandbox::MailboxState::active && p.domain_kind == sandbox::DomainKind::normal; });
  const auto& disabled = person_where(world, [](const auto& p) { return p.mailbox == sandbox::MailboxState::disabled && p.domain_kind == sandbox::DomainKind::normal; });
  const auto& catch_all = person_where(world, [](const auto& p) { return p.domain_kind == sandbox::DomainKind::catch_all; });
  const auto* company = world.company_by_domain(active.domain);
  CHECK(dropcontact_sim::qualification_of(world, active.email) == "nominative@pro");
  CHECK(dropcontact_sim::qualification_of(world, disabled.email) == "invalid@pro");
  CHECK(dropcontact_sim::qualification_of(world, catch_all.email) == "non_confirm@pro");
  CHECK(dropcontact_sim::qualification_of(world, company->generic_emails.at(0)) == "generic@pro");
  CHECK(dropcontact_sim::qualification_of(world, "zz-nobody@" + active.domain) == "invalid@pro");
  CHECK(dropcontact_sim::qualification_of(world, "throwaway@mailinator.com") == "non_confirm@perso");
  CHECK(dropcontact_sim::qualification_of(world, "nobody@unknown-domain.example") == "invalid@invalid");
  CHECK(dropcontact_sim::qualification_of(world, "not-an-email") == "invalid@invalid");
  const auto webmail = dropcontact_sim::qualification_of(world, "someone@gmail.com");
  CHECK((webmail == "nominative@perso" || webmail == "invalid@perso"));

  // An email given with the name: the person's own address first, then the given one (the docs' example).
  const auto data = sim.enrich({{{"first_name", active.first_name}, {"last_name", active.last_name}, {"email", company->generic_emails.at(0)}}});
  REQUIRE(data[0]["email"].size() == 2);
  CHECK(data[0]["email"][0]["email"] == active.email);
  CHECK(data[0]["email"][1] == json{{"email", company->generic_emails.at(0)}, {"qualification", "generic@pro"}});
}

TEST_CASE("a wrong or missing access token is a 401, and past 60 requests in a second comes a 429, counted before the token") {
  RunningSimulator sim({.time_scale = 0.0001, .job_ms = 0});  // virtual time all but stands still
  sim.token = "wrong";
  const auto unauthorized = sim.submit({{"data", records_of(1)}});
  CHECK(unauthorized.status == 401);
  CHECK(unauthorized.json()["error"] == true);
  sim.token = std::string(dropcontact_sim::api_key);
  int refused = 0;
  for (int i = 0; i < 70; ++i) {
    const auto answer = sim.poll("any");
    if (answer.status == 429) {
      ++refused;
      CHECK(answer.json()["reason"] == "Too many requests, or temporary error on our side: try again in a few seconds");
    }
  }
  CHECK(refused == 70 - 60);  // the 401 counted against the unauthenticated caller, not this account
  CHECK(sim.ledger()["total"] == 0);
}

TEST_CASE("the current API's paths answer the same shapes, with credits_left, and /v1/account/credits") {
  RunningSimulator sim;
  const auto submitted = sim.submit({{"data", records_of(2)}}, "/v1/enrich/all");
  REQUIRE(submitted.status == 200);
  const auto done = sim.poll(submitted.json()["request_id"].get<std::string>(), "/v1/enrich/all/").json();
  CHECK(done["success"] == true);
  CHECK(done["data"].size() == 2);
  CHECK(done["credits_left"] == 100'000);  // both refunded: nobody known
  const auto credits = sim.client.get("/v1/account/credits", {{"X-Access-Token", sim.token}});
  CHECK(credits.status == 200);
  CHECK(credits.json()["credits"] == 100'000);
}

TEST_CASE("POST /_sandbox/reset forgets the batches and what was observed") {
  RunningSimulator sim;
  const auto submitted = sim.submit({{"data", records_of(2)}});
  REQUIRE(sim.client.post_json("/_sandbox/reset", json::object()).status == 200);
  CHECK(sim.observed()["submits"] == 0);
  CHECK(sim.poll(submitted.json()["request_id"].get<std::string>()).json()["success"] == false);
}
