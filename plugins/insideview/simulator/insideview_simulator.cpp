// InsideView's routes over the sandbox kit; see insideview_simulator.hpp. Every API route goes
// through the same gate: the accessToken header (401), the account's throttle lock (429), then
// the route. Answers are JSON when the Accept header asks for it and XML otherwise (the
// documented default). Error bodies are not documented: {"code", "message"} or
// <error><code/><message/></error>.
#include "insideview_simulator.hpp"

#include "contact_record.hpp"
#include "job_board.hpp"
#include "throttle_lock.hpp"
#include "xml_answer.hpp"

#include <charconv>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace leadflow::insideview_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

// Everyone who logs in with the sandbox client is this one account; the "limited" client is a
// second account whose contract does not include the bulk jobs (405).
constexpr const char* sandbox_account = "insideview-sandbox";
constexpr const char* limited_client_id = "sandbox-insideview-limited";
constexpr const char* limited_account = "insideview-limited";
constexpr std::int64_t token_ttl_s = 1'209'600;  // 14 days, as observed in public tokens
constexpr std::size_t max_job_ids = 10'000;
constexpr std::size_t max_bulk_ids = 50;
constexpr int max_results_per_page = 50;

bool wants_json(const Request& request) { return request.header("accept").find("application/json") != std::string::npos; }

Response answer(const Request& request, int status, const nlohmann::ordered_json& body, const std::string& xml_root) {
  if (wants_json(request)) {
    Response response;
    response.status = status;
    response.body = body.dump();
    response.set_header("Content-Type", "application/json");
    return response;
  }
  return Response::text(status, xml_document(xml_root, body), "application/xml");
}

Response error(const Request& request, int status, const std::string& message) {
  return answer(request, status, nlohmann::ordered_json{{"code", status}, {"message", message}}, "error");
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// "13496440,8802619,225" or one id per line: the distinct ids in order, and the pieces that are
// not ids.
struct IdList {
  std::vector<std::string> ids;
  std::vector<std::string> invalid;
};

IdList parse_id_list(const std::string& body) {
  IdList list;
  std::set<std::string> seen;
  std::size_t start = 0;
  while (start <= body.size()) {
    const auto end = std::min(body.find_first_of(",\n", start), body.size());
    const auto piece = trimmed(std::string_view(body).substr(start, end - start));
    if (!piece.empty()) {
      if (!all_digits(piece))
        list.invalid.push_back(piece);
      else if (seen.insert(piece).second)
        list.ids.push_back(piece);
    }
    start = end + 1;
  }
  return list;
}

// "Tue, Jul 21, 2015 09:08:17 PM GMT", the expirationTime format of the token endpoint.
std::string expiration_time(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %b %d, %Y %I:%M:%S %p GMT", &utc);
  return text;
}

std::string created_date(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<int> positive_int(const std::string& text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

std::int64_t requests_per_window_from_environment() {
  const char* value = std::getenv(requests_per_window_variable);
  if (!value || !*value) return 1000;
  const auto parsed = positive_int(value);
  if (!parsed) throw std::invalid_argument(std::string(requests_per_window_variable) + " must be a positive integer, got '" + value + "'.");
  return *parsed;
}

class InsideView {
 public:
  explicit InsideView(sandbox::SimulatorContext& context)
      : context_(context),
        jobs_(context.options.seed, context.options.job_ms),
        throttle_(requests_per_window_from_environment(), context.options.rate_limits) {}

  using Route = Response (InsideView::*)(const Request&, const std::string& account);

  // accessToken, then the throttle lock, then the route.
  Response gate(const Request& request, Route route) {
    const auto now = context_.clock.virtual_now_ms();
    jobs_.debit_started(context_.ledger, now);
    const auto token = request.header("accesstoken");
    const auto account = account_of(token, now);
    if (!account) return error(request, 401, "Unauthorized Error - Cannot use API's without setting a valid accessToken in header.");
    const auto decision = throttle_.admit(*account, token, now);
    if (!decision.allowed) {
      auto response = error(request, 429, "Request is throttled.");
      // Not documented: the seconds left in the lock, so a client knows how long to keep quiet.
      response.set_header("Retry-After", std::to_string(decision.retry_after_s));
      return response;
    }
    return (this->*route)(request, *account);
  }

  // POST the token endpoint: clientId, clientSecret, grantType=cred, as query parameters or
  // form fields. `json` selects token.json over the XML /token.
  Response new_token(const Request& request, bool json) {
    auto parameters = request.query;
    if (request.has_form_body())
      for (auto& [name, value] : request.form()) parameters[name] = value;
    const auto id = parameters["clientId"];
    const bool known = (id == client_id || id == limited_client_id) && parameters["clientSecret"] == client_secret;
    const auto respond = [&](int status, const nlohmann::ordered_json& body, const std::string& root) {
      if (json) return Response::json(status, nlohmann::json(body));
      return Response::text(status, xml_document(root, body), "application/xml");
    };
    if (parameters["grantType"] != "cred")
      return respond(400, {{"code", 400}, {"message", "grantType must be cred."}}, "error");
    if (!known) return respond(401, {{"code", 401}, {"message", "Invalid clientId or clientSecret."}}, "error");

    const auto now = context_.clock.virtual_now_ms();
    std::string token;
    {
      std::lock_guard lock(mutex_);
      token = "sbx-iv-" + std::to_string(++tokens_issued_) + "-" + std::to_string(context_.random() % 1'000'000'007);
      tokens_[token] = Token{id == client_id ? sandbox_account : limited_account, now + token_ttl_s * 1000};
    }
    nlohmann::ordered_json details{{"accessToken", token}, {"tokenType", "bearer"}, {"expirationTime", expiration_time(now + token_ttl_s * 1000)}};
    return respond(200, {{"accessTokenDetails", details}}, "accessTokenDetails");
  }

  Response submit_job(const Request& request, const std::string& account) {
    if (account == limited_account) return not_allowed(request);
    const auto content_type = request.header("content-type");
    if (content_type.rfind("text/plain", 0) != 0 && content_type.rfind("application/octet-stream", 0) != 0)
      return error(request, 415, "The Content-Type mandatory header is not provided.");
    const auto list = parse_id_list(request.body);
    if (!list.invalid.empty()) return error(request, 400, "Validation of input data failed: '" + list.invalid.front() + "' is not a contact id.");
    if (list.ids.empty()) return error(request, 400, "Validation of input data failed: no contact ids were given.");
    if (list.ids.size() > max_job_ids)
      return error(request, 400, "Validation of input data failed: the request can contain up to 10,000 contact ids.");
    std::string webhook;
    if (auto it = request.query.find("webhook"); it != request.query.end()) {
      webhook = it->second;
      if (webhook.rfind("http://", 0) != 0 && webhook.rfind("https://", 0) != 0)
        return error(request, 400, "Validation of input data failed: webhook must be an http(s) URL.");
    }
    const auto now = context_.clock.virtual_now_ms();
    const auto credits_left = context_.starting_credits() - context_.ledger.total_for(account);
    auto submitted = jobs_.submit(account, list.ids, webhook, now, credits_left);
    if (auto* refusal = std::get_if<Refusal>(&submitted)) return error(request, 400, refusal->message);
    const auto& job = std::get<Job>(submitted);
    return answer(request, 200, {{"jobId", job.id}, {"status", "accepted"}, {"type", "contacts"}}, "BulkLeadEnrichmentStatus");
  }

  Response job_status(const Request& request, const std::string& account) {
    const auto job = jobs_.find(account, request.path_params.at("jobId"));
    if (!job) return error(request, 404, "Job not found.");
    const auto now = context_.clock.virtual_now_ms();
    const auto status = job->status_at(now);
    nlohmann::ordered_json body{{"jobId", job->id}, {"status", to_string(status)}};
    if (status == JobStatus::finished || status == JobStatus::failed) body["totalProcessed"] = job->ids.size();
    body["type"] = "contact";
    return answer(request, 200, body, "BulkLeadEnrichmentStatus");
  }

  Response job_results(const Request& request, const std::string& account) {
    const auto job = jobs_.find(account, request.path_params.at("jobId"));
    if (!job) return error(request, 404, "Job not found.");
    const auto status = job->status_at(context_.clock.virtual_now_ms());
    // "failed (see the results file)": the file says why.
    if (status == JobStatus::failed) return Response::text(200, "error\r\nThe job failed while processing; submit it again.\r\n", "text/csv");
    if (status != JobStatus::finished) return error(request, 400, "Job " + job->id + " is not finished yet.");
    return Response::text(200, results_csv(context_.world, job->ids), "text/csv");
  }

  // GET /admin/jobs?period=&start=&end=&jobStatuses=&jobTypes=&page=&resultsPerPage=
  Response jobs_list(const Request& request, const std::string& account) {
    if (account == limited_account) return not_allowed(request);
    const auto parameter = [&](const char* name) {
      const auto it = request.query.find(name);
      return it == request.query.end() ? std::string() : it->second;
    };
    const auto page = parameter("page").empty() ? std::optional<int>(1) : positive_int(parameter("page"));
    const auto per_page = parameter("resultsPerPage").empty() ? std::optional<int>(max_results_per_page) : positive_int(parameter("resultsPerPage"));
    if (!page || !per_page || *per_page > max_results_per_page)
      return error(request, 400, "Validation of input data failed: page must be at least 1 and resultsPerPage between 1 and 50.");
    const auto wanted_statuses = split_set(parameter("jobStatuses"));
    const auto wanted_types = split_set(parameter("jobTypes"));
    const auto start = parameter("start");
    const auto end = parameter("end");

    const auto now = context_.clock.virtual_now_ms();
    nlohmann::ordered_json listed = nlohmann::ordered_json::array();
    int matched = 0;
    for (const auto& job : jobs_.jobs_of(account)) {
      const auto status = job.status_at(now);
      const auto created = created_date(job.created_ms);
      if (!wanted_statuses.empty() && !wanted_statuses.count(std::to_string(status_code(status)))) continue;
      if (!wanted_types.empty() && !wanted_types.count("contacts")) continue;
      if (!start.empty() && created.substr(0, start.size()) < start) continue;
      if (!end.empty() && created.substr(0, end.size()) > end) continue;
      if (matched++ / *per_page != *page - 1) continue;
      const bool debited = status != JobStatus::accepted;
      listed.push_back({{"jobId", job.id},
                        {"jobType", "contacts"},
                        {"jobStatus", status_code(status)},
                        {"createdDate", created},
                        {"creditsConsumed", debited ? job.ids.size() : 0}});
    }
    return answer(request, 200, {{"bulkJobs", listed}, {"totalResults", matched}, {"page", *page}}, "bulkJobsList");
  }

  // GET /contact/{contactId}: one transaction per contact returned.
  Response contact_details(const Request& request, const std::string& account) {
    const auto id = request.path_params.at("contactId");
    const auto* person = person_of(id);
    if (!person) return error(request, 404, "Contact " + id + " was not found.");
    if (!charge_lookup(account, id)) return error(request, 400, "Insufficient transaction quota available.");
    return answer(request, 200, contact_json(context_.world, *person), "contact");
  }

  // POST /contact/bulk {"contactIds": [...]} (at most 50): the contacts found, in request order.
  Response contact_bulk(const Request& request, const std::string& account) {
    const auto body = request.json();
    if (!body || !body->is_object() || !body->contains("contactIds") || !(*body)["contactIds"].is_array())
      return error(request, 400, "Validation of input data failed: send {\"contactIds\": [...]} as JSON.");
    const auto& ids = (*body)["contactIds"];
    if (ids.empty() || ids.size() > max_bulk_ids)
      return error(request, 400, "Validation of input data failed: send between 1 and 50 contactIds.");
    nlohmann::ordered_json contacts = nlohmann::ordered_json::array();
    for (const auto& entry : ids) {
      const auto id = entry.is_string() ? entry.get<std::string>() : entry.is_number_unsigned() ? std::to_string(entry.get<std::uint64_t>()) : "";
      if (!all_digits(id)) return error(request, 400, "Validation of input data failed: " + entry.dump() + " is not a contact id.");
      const auto* person = person_of(id);
      if (!person) continue;
      if (!charge_lookup(account, id)) return error(request, 400, "Insufficient transaction quota available.");
      contacts.push_back(contact_json(context_.world, *person));
    }
    return answer(request, 200, {{"contacts", contacts}}, "contacts");
  }

  nlohmann::json observation() const {
    std::lock_guard lock(mutex_);
    return {{"jobs", jobs_.stats()}, {"job_list", job_timeline()}, {"throttle", throttle_.stats()}, {"tokens_issued", tokens_issued_}};
  }

  // Forgets every token issued so far, as a revocation would: the next API call answers 401.
  void revoke_tokens() {
    std::lock_guard lock(mutex_);
    tokens_.clear();
  }

  void fail_next_job() { jobs_.fail_next_job(); }

  void clear() {
    jobs_.clear();
    throttle_.clear();
    std::lock_guard lock(mutex_);
    tokens_.clear();
    tokens_issued_ = 0;
  }

 private:
  struct Token {
    std::string account;
    std::int64_t expires_ms = 0;
  };

  std::optional<std::string> account_of(const std::string& token, std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    const auto it = tokens_.find(token);
    if (token.empty() || it == tokens_.end() || now_ms >= it->second.expires_ms) return std::nullopt;
    return it->second.account;
  }

  // The world person whose InsideView contact id is `id`; nullptr for any other text.
  const sandbox::Person* person_of(const std::string& id) const {
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
    if (id.empty() || ec != std::errc() || end != id.data() + id.size()) return nullptr;
    return context_.world.person_by_id(number);
  }

  Response not_allowed(const Request& request) const {
    return error(request, 405, "Method Not Allowed - Your are not allowed to access this API.");
  }

  // One transaction, unless the quota is spent.
  bool charge_lookup(const std::string& account, const std::string& id) {
    if (context_.ledger.total_for(account) + jobs_.reserved(account, context_.clock.virtual_now_ms()) >= context_.starting_credits()) return false;
    context_.ledger.charge(account, "contact", id, 1);
    return true;
  }

  static std::set<std::string> split_set(const std::string& text) {
    std::set<std::string> values;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto end = std::min(text.find(',', start), text.size());
      if (auto value = trimmed(std::string_view(text).substr(start, end - start)); !value.empty()) values.insert(value);
      start = end + 1;
    }
    return values;
  }

  nlohmann::json job_timeline() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& account : {sandbox_account, limited_account})
      for (const auto& job : jobs_.jobs_of(account))
        list.push_back({{"job_id", job.id}, {"ids", job.ids.size()}, {"created_ms", job.created_ms},
                        {"processing_ms", job.processing_ms}, {"finished_ms", job.finished_ms}});
    return list;
  }

  sandbox::SimulatorContext& context_;
  JobBoard jobs_;
  ThrottleLock throttle_;
  mutable std::mutex mutex_;
  std::map<std::string, Token> tokens_;
  std::int64_t tokens_issued_ = 0;
};

}  // namespace

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = std::string(api_root);
  context.announced_config = {{"client_id", std::string(client_id)},
                              {"client_secret", std::string(client_secret)},
                              {"login_url", std::string(token_json_path)}};
  context.observed_paths = {std::string(observation_path)};

  auto simulator = std::make_shared<InsideView>(context);
  context.on_reset([simulator] { simulator->clear(); });

  server.route("POST", std::string(token_json_path), [simulator](const Request& r) { return simulator->new_token(r, true); });
  server.route("POST", std::string(token_xml_path), [simulator](const Request& r) { return simulator->new_token(r, false); });
  auto add = [&](const char* method, const std::string& path, InsideView::Route route) {
    server.route(method, std::string(api_root) + path, [simulator, route](const Request& r) { return simulator->gate(r, route); });
  };
  add("POST", "/contact/job", &InsideView::submit_job);
  add("GET", "/contact/job/{jobId}", &InsideView::job_status);
  add("GET", "/contact/job/{jobId}/results", &InsideView::job_results);
  add("POST", "/contact/bulk", &InsideView::contact_bulk);
  add("GET", "/contact/{contactId}", &InsideView::contact_details);
  add("GET", "/admin/jobs", &InsideView::jobs_list);

  server.route("GET", std::string(observation_path), [simulator](const Request&) { return Response::json(200, simulator->observation()); });
  server.route("POST", std::string(observation_path) + "/revoke-tokens", [simulator](const Request&) {
    simulator->revoke_tokens();
    return Response::json(200, {{"revoked", true}});
  });
  server.route("POST", std::string(observation_path) + "/fail-next-job", [simulator](const Request&) {
    simulator->fail_next_job();
    return Response::json(200, {{"fail_next_job", true}});
  });
}

}  // namespace leadflow::insideview_sim
