// Verifalia's routes over the sandbox kit; see verifalia_simulator.hpp. Every API route goes
// through the same gate: a host made to fail answers 5xx; then the rate limit (6 requests/s,
// bursts of 15, per client IP: 429, the request changes nothing); then authentication (Basic or
// a bearer JWT); then the route. Errors are problem+json documents (RFC 9457), as in v2.6.
#include "verifalia_simulator.hpp"

#include "completion_callbacks.hpp"
#include "file_import.hpp"
#include "job_book.hpp"
#include "token_issuer.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <map>
#include <memory>
#include <set>

namespace leadflow::verifalia_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

constexpr std::array<std::string_view, 4> host_prefixes{"", "/api-1", "/api-2", "/api-3"};
constexpr const char* client_ip = "127.0.0.1";  // the rate limit is per IP address
constexpr std::size_t default_page_size = 100;
constexpr std::size_t max_page_size = 1000;
constexpr std::size_t jobs_page_size = 50;

Response problem(int status, const std::string& type, const std::string& title, const std::string& detail = "") {
  nlohmann::json body{{"type", type}, {"title", title}, {"status", status}};
  if (!detail.empty()) body["detail"] = detail;
  auto response = Response::json(status, body);
  response.set_header("Content-Type", "application/problem+json");
  return response;
}

Response bad_request(const std::string& detail) { return problem(400, "/problems/bad-request", "Bad request", detail); }

std::optional<long long> whole_number(const std::string& text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string base64(const std::string& bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63];
  while (out.size() % 4) out += '=';
  return out;
}

std::string unbase64(const std::string& text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '+') value = 62;
    else if (c == '/') value = 63;
    if (value < 0) continue;
    buffer = (buffer << 6) | std::uint32_t(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Opaque cursors: the offset and the filters of the listing they continue.
std::string cursor_for(std::size_t offset, const std::string& filter) { return base64(std::to_string(offset) + "|" + filter); }
std::optional<std::pair<std::size_t, std::string>> read_cursor(const std::string& cursor) {
  const auto text = unbase64(cursor);
  const auto bar = text.find('|');
  if (bar == std::string::npos) return std::nullopt;
  const auto offset = whole_number(text.substr(0, bar));
  if (!offset || *offset < 0) return std::nullopt;
  return std::make_pair(std::size_t(*offset), text.substr(bar + 1));
}

std::set<std::string> comma_list(const std::string& text) {
  std::set<std::string> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    if (comma > start) values.insert(text.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

std::optional<long long> retention_seconds(const std::string& text) {
  long long days = 0;
  std::string rest = text;
  const auto colon = rest.find(':');
  if (const auto dot = rest.find('.'); dot != std::string::npos && dot < colon) {
    const auto d = whole_number(rest.substr(0, dot));
    if (!d) return std::nullopt;
    days = *d;
    rest = rest.substr(dot + 1);
  }
  std::vector<long long> parts;
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto next = std::min(rest.find(':', start), rest.size());
    const auto part = whole_number(rest.substr(start, next - start));
    if (!part || *part < 0) return std::nullopt;
    parts.push_back(*part);
    start = next + 1;
  }
  if (parts.size() != 3 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return ((days * 24 + parts[0]) * 60 + parts[1]) * 60 + parts[2];
}

struct Caller {
  std::string user;
  std::string host;       // "api-1", "api-2", "api-3" or "api" (the alias)
  std::string base_path;  // e.g. "/api-2/v2.6"
};

class Verifalia {
 public:
  explicit Verifalia(sandbox::SimulatorContext& context)
      : context_(context), jobs_(context.world, context.options.seed, context.options.job_ms), callbacks_(jobs_, context.clock) {}

  using Route = Response (Verifalia::*)(const Request&, const Caller&);
  enum class Access { open, mfa_pending, authenticated };

  Response gate(const Request& request, std::string_view prefix, Access access, Route route) {
    const std::string host = prefix.empty() ? "api" : std::string(prefix.substr(1));
    count_request(host);
    if (const auto failure = down_status(host))
      return problem(*failure, "/problems/service-unavailable", "Service unavailable", "The API host " + host + " is not available.");
    const auto decision = context_.rate_limits.check(client_ip, "default");
    if (!decision.allowed)
      return problem(429, "/problems/too-many-requests", "Too many requests",
                     "A single IP address can't issue more than 6 requests per second, with bursts of 15.");
    Caller caller{"", host, std::string(prefix) + std::string(api_version)};
    if (access != Access::open) {
      auto user = authenticate(request, access == Access::mfa_pending);
      if (!user) return problem(401, "/problems/unauthorized", "Unauthorized", "No valid credentials were provided.");
      caller.user = *user;
    }
    return (this->*route)(request, caller);
  }

  // ---- authentication ----

  Response issue_token(const Request& request, const Caller&) {
    const auto body = request.json();
    if (!body || !body->is_object()) return bad_request("Send {\"username\", \"password\"} as JSON.");
    const auto user = body->value("username", ""), secret = body->value("password", "");
    if (secret != password || (user != username && user != mfa_username))
      return problem(401, "/problems/unauthorized", "Unauthorized", "Wrong user name or password.");
    const auto token = tokens_.issue(user, user == mfa_username, context_.clock.virtual_now_ms());
    return Response::json(200, {{"accessToken", token}});
  }

  Response verify_totp(const Request& request, const Caller& caller) {
    const auto body = request.json();
    if (!body || !body->is_object() || !(*body).contains("passCode") || !(*body)["passCode"].is_string())
      return bad_request("Send {\"passCode\": \"123456\"} as JSON.");
    if (caller.user != mfa_username || !totp_matches(std::string(mfa_totp_secret), (*body)["passCode"].get<std::string>(),
                                                     context_.clock.virtual_now_ms()))
      return problem(401, "/problems/unauthorized", "Unauthorized", "The one-time password is not valid.");
    return Response::json(200, {{"accessToken", tokens_.issue(caller.user, false, context_.clock.virtual_now_ms())}});
  }

  // ---- email validations ----

  Response submit(const Request& request, const Caller& caller) {
    const auto wait = wait_time(request);
    if (!wait) return bad_request("waitTime must be a number of milliseconds from 0 to 30000.");
    const auto content_type = request.header("content-type");
    JobRequest job_request;
    nlohmann::json options;
    if (content_type.starts_with("application/json")) {
      const auto body = request.json();
      if (!body || !body->is_object()) return bad_request("The body is not a JSON object.");
      if (!body->contains("entries") || !(*body)["entries"].is_array() || (*body)["entries"].empty())
        return bad_request("entries must be a non-empty array of {inputData, custom?}.");
      for (const auto& entry : (*body)["entries"]) {
        if (!entry.is_object() || !entry.contains("inputData") || !entry["inputData"].is_string())
          return bad_request("Each entry needs inputData, a string.");
        std::optional<std::string> custom;
        if (entry.contains("custom")) {
          if (!entry["custom"].is_string() || entry["custom"].get<std::string>().size() > 50)
            return bad_request("custom must be a string of at most 50 characters.");
          custom = entry["custom"].get<std::string>();
        }
        job_request.inputs.push_back(entry["inputData"].get<std::string>());
        job_request.customs.push_back(custom);
      }
      options = *body;
    } else if (content_type.starts_with("multipart/form-data")) {
      if (auto refusal = read_file_submission(request, job_request, options)) return *refusal;
    } else {
      return problem(415, "/problems/unsupported-media-type", "Unsupported media type",
                     "Submit application/json or multipart/form-data.");
    }
    if (auto refusal = apply_options(options, job_request)) return *refusal;

    const auto cost = unit_price(job_request.quality) * std::int64_t(job_request.inputs.size());
    if (credits_remaining() < cost)
      return problem(402, "/problems/insufficient-credit", "Payment required",
                     "The credit of the account is too low to process the validation request.");
    job_request.owner = caller.user;
    job_request.host = caller.host;
    const auto now = context_.clock.virtual_now_ms();
    const auto job = jobs_.submit(std::move(job_request), now);
    context_.ledger.charge(std::string(username), "email-validations", job.id, cost);
    auto response = snapshot(job, now, caller);
    if (response.status == 202) response.set_header("Location", caller.base_path + "/email-validations/" + job.id);
    return response;
  }

  Response get_job(const Request& request, const Caller& caller) {
    if (!wait_time(request)) return bad_request("waitTime must be a number of milliseconds from 0 to 30000.");
    const auto now = context_.clock.virtual_now_ms();
    const auto job = jobs_.find(request.path_params.at("id"));
    if (auto missing = absent(job, now)) return *missing;
    return snapshot(*job, now, caller);
  }

  Response get_overview(const Request& request, const Caller&) {
    if (!wait_time(request)) return bad_request("waitTime must be a number of milliseconds from 0 to 30000.");
    const auto now = context_.clock.virtual_now_ms();
    const auto job = jobs_.find(request.path_params.at("id"));
    if (auto missing = absent(job, now)) return *missing;
    return Response::json(job->completed_at(now) ? 200 : 202, job->overview_at(now));
  }

  Response get_entries(const Request& request, const Caller& caller) {
    const auto now = context_.clock.virtual_now_ms();
    const auto job = jobs_.find(request.path_params.at("id"));
    if (auto missing = absent(job, now)) return *missing;
    if (!job->completed_at(now)) return Response::json(202, {{"overview", job->overview_at(now)}});
    const auto accept = request.header("accept");
    if (accept.find("text/csv") != std::string::npos) return export_csv(*job);
    if (accept.find("spreadsheetml") != std::string::npos || accept.find("ms-excel") != std::string::npos)
      return problem(406, "/problems/not-acceptable", "Not acceptable", "The sandbox exports entries as text/csv only.");

    std::size_t offset = 0;
    std::string filter = (request.query.count("status") ? request.query.at("status") : "") + "|" +
             (request.query.count("status:exclude") ? request.query.at("status:exclude") : "") + "|" +
             (request.query.count("limit") ? request.query.at("limit") : "");
    if (request.query.count("cursor") || request.query.count("cursor:prev")) {
      const bool previous = !request.query.count("cursor");
      const auto cursor = read_cursor(request.query.at(previous ? "cursor:prev" : "cursor"));
      if (!cursor) return bad_request("The cursor is not one this API returned.");
      offset = cursor->first;
      filter = cursor->second;
      if (previous) offset = offset >= 2 * page_size(filter) ? offset - 2 * page_size(filter) : 0;
    }
    if (page_size(filter) == 0) return bad_request("limit must be a whole number from 1 to 1000.");
    return Response::json(200, entries_page(*job, filter, offset));
  }

  // "Getting an entry from its index": 303 to the entries page that holds it.
  Response get_entry(const Request& request, const Caller& caller) {
    const auto now = context_.clock.virtual_now_ms();
    const auto job = jobs_.find(request.path_params.at("id"));
    if (auto missing = absent(job, now)) return *missing;
    const auto index = whole_number(request.path_params.at("index"));
    if (!index || *index < 0 || std::size_t(*index) >= job->request.inputs.size())
      return problem(404, "/problems/not-found", "Not found", "The job has no entry at that index.");
    const std::string filter = "||";
    const auto page_start = std::size_t(*index) / default_page_size * default_page_size;
    Response response = Response::json(303, nlohmann::json::object());
    response.set_header("Location", caller.base_path + "/email-validations/" + job->id + "/entries?cursor=" +
                                        percent_encode(cursor_for(page_start, filter)));
    return response;
  }

  Response delete_job(const Request& request, const Caller&) {
    const auto status = jobs_.remove(request.path_params.at("id"), context_.clock.virtual_now_ms());
    if (status == 200) return Response::json(200, nlohmann::json::object());
    if (status == 404) return problem(404, "/problems/not-found", "Not found", "There is no such job.");
    if (status == 406)
      return problem(406, "/problems/not-acceptable", "Not acceptable", "The job is still in progress and cannot be deleted yet.");
    return problem(410, "/problems/gone", "Gone", "The job has already been deleted or has expired.");
  }

  Response list_jobs(const Request& request, const Caller&) {
    const auto now = context_.clock.virtual_now_ms();
    std::map<std::string, std::string> filters = request.query;
    std::size_t offset = 0;
    if (request.query.count("cursor")) {
      const auto cursor = read_cursor(request.query.at("cursor"));
      if (!cursor) return bad_request("The cursor is not one this API returned.");
      offset = cursor->first;
      filters = nlohmann::json::parse(cursor->second, nullptr, false).get<std::map<std::string, std::string>>();
    }
    filters.erase("cursor");
    auto jobs = jobs_.all();
    std::erase_if(jobs, [&](const Job& job) { return !listed(job, filters, now); });
    if (filters.count("sort") && filters.at("sort") == "-createdOn") std::reverse(jobs.begin(), jobs.end());
    nlohmann::json data = nlohmann::json::array();
    for (std::size_t i = offset; i < jobs.size() && i < offset + jobs_page_size; ++i) data.push_back(jobs[i].overview_at(now));
    nlohmann::json body{{"data", data}, {"meta", nlohmann::json::object()}};
    if (offset + jobs_page_size < jobs.size())
      body["meta"] = {{"isTruncated", true}, {"cursor", cursor_for(offset + jobs_page_size, nlohmann::json(filters).dump())}};
    return Response::json(200, body);
  }

  Response quality_levels(const Request&, const Caller&) {
    return Response::json(200, {{"meta", nlohmann::json::object()},
                                {"data",
                                 {{{"id", "Standard"}, {"displayName", "Standard"}, {"unitPrice", 1}, {"isDefault", true}},
                                  {{"id", "High"}, {"displayName", "High"}, {"unitPrice", 2}},
                                  {{"id", "Extreme"}, {"displayName", "Extreme"}, {"unitPrice", 5}}}}});
  }

  // ---- credits ----

  Response balance(const Request&, const Caller&) {
    const auto now_s = context_.clock.virtual_now_ms() / 1000;
    return Response::json(200, {{"creditPacks", credits_remaining()},
                                {"freeCredits", 0},
                                {"freeCreditsResetIn", duration_text((86400 - now_s % 86400) * 1000)}});
  }

  Response daily_usage(const Request& request, const Caller&) {
    std::map<std::string, std::int64_t> by_day;
    for (const auto& entry : context_.ledger.entries()) by_day[iso_timestamp(entry.at_ms).substr(0, 10)] += entry.credits;
    auto query = [&](const char* key) { return request.query.count(key) ? request.query.at(key) : std::string(); };
    nlohmann::json data = nlohmann::json::array();
    for (auto it = by_day.rbegin(); it != by_day.rend(); ++it) {
      const auto& day = it->first;
      if (!query("date").empty() && day != query("date")) continue;
      if (!query("date:since").empty() && day < query("date:since")) continue;
      if (!query("date:until").empty() && day > query("date:until")) continue;
      data.push_back({{"date", day}, {"freeCredits", 0}, {"creditPacks", it->second}});
    }
    return Response::json(200, {{"meta", nlohmann::json::object()}, {"data", data}});
  }

  // ---- control ----

  Response set_hosts_down(const Request& request) {
    const auto body = request.json();
    if (!body || !body->is_object() || !body->contains("down") || !(*body)["down"].is_array())
      return Response::json(400, {{"error", R"(Send {"down": ["api-2"], "status": 503}; an empty list brings every host back.)"}});
    std::lock_guard lock(mutex_);
    down_.clear();
    for (const auto& host : (*body)["down"])
      if (host.is_string()) down_.insert(host.get<std::string>());
    down_status_ = body->value("status", 503);
    return Response::json(200, {{"down", down_}, {"status", down_status_}});
  }

  Response set_token_lifetime(const Request& request) {
    const auto body = request.json();
    if (!body || !body->is_object() || !body->contains("lifetime_s") || !(*body)["lifetime_s"].is_number_integer())
      return Response::json(400, {{"error", R"(Send {"lifetime_s": 60}.)"}});
    tokens_.set_lifetime_s((*body)["lifetime_s"].get<std::int64_t>());
    return Response::json(200, *body);
  }

  Response observed(const Request&) {
    const auto now = context_.clock.virtual_now_ms();
    nlohmann::json jobs = nlohmann::json::array();
    std::size_t entries = 0;
    for (const auto& job : jobs_.all()) {
      jobs.push_back({{"id", job.id}, {"entries", job.request.inputs.size()}, {"host", job.request.host}, {"status", job.status_at(now)}});
      entries += job.request.inputs.size();
    }
    std::lock_guard lock(mutex_);
    return Response::json(200, {{"jobs", jobs},
                                {"job_count", jobs.size()},
                                {"entries", entries},
                                {"requests_by_host", requests_by_host_},
                                {"callbacks", callbacks_.report()}});
  }

  void forget() {
    callbacks_.clear();
    jobs_.clear();
    tokens_.clear();
    std::lock_guard lock(mutex_);
    down_.clear();
    requests_by_host_ = nlohmann::json::object();
  }

 private:
  std::optional<std::string> authenticate(const Request& request, bool mfa_pending_allowed) {
    const auto authorization = request.header("authorization");
    if (authorization.starts_with("Bearer ")) {
      const auto token = tokens_.check(authorization.substr(7), context_.clock.virtual_now_ms());
      if (!token || token->mfa_pending != mfa_pending_allowed) return std::nullopt;
      return token->user;
    }
    if (mfa_pending_allowed) return std::nullopt;
    const auto credentials = request.basic_auth();
    if (!credentials || credentials->user != username || credentials->password != password) return std::nullopt;
    return credentials->user;
  }

  std::optional<int> down_status(const std::string& host) {
    std::lock_guard lock(mutex_);
    if (!down_.count(host)) return std::nullopt;
    return down_status_;
  }

  void count_request(const std::string& host) {
    std::lock_guard lock(mutex_);
    requests_by_host_[host] = requests_by_host_.value(host, 0) + 1;
  }

  static std::optional<long long> wait_time(const Request& request) {
    if (!request.query.count("waitTime")) return 0;
    // The API "may choose to ignore this parameter and consider a lower waiting time (or no
    // waiting time at all)": the simulator answers at once, after checking the range.
    const auto value = whole_number(request.query.at("waitTime"));
    if (!value || *value < 0 || *value > 30000) return std::nullopt;
    return *value;
  }

  static std::int64_t unit_price(const std::string& quality) { return quality == "High" ? 2 : quality == "Extreme" ? 5 : 1; }

  std::int64_t credits_remaining() const {
    return std::max<std::int64_t>(0, context_.starting_credits() - context_.ledger.total_for(std::string(username)));
  }

  std::optional<Response> apply_options(const nlohmann::json& options, JobRequest& job) {
    if (options.contains("quality")) {
      if (!options["quality"].is_string() || unit_price(options["quality"]) == 1 && options["quality"] != "Standard")
        return bad_request("quality must be Standard, High or Extreme.");
      job.quality = options["quality"].get<std::string>();
    }
    if (options.contains("deduplication")) {
      const auto value = options["deduplication"];
      if (value != "Off" && value != "Safe" && value != "Relaxed") return bad_request("deduplication must be Off, Safe or Relaxed.");
      job.deduplication = value.get<std::string>();
    }
    if (options.contains("priority")) {
      if (!options["priority"].is_number_integer() || options["priority"].get<int>() < 0 || options["priority"].get<int>() > 255)
        return bad_request("priority must be a whole number from 0 to 255.");
      job.priority = options["priority"].get<int>();
    }
    if (options.contains("name")) {
      if (!options["name"].is_string()) return bad_request("name must be a string.");
      job.name = options["name"].get<std::string>();
    }
    if (options.contains("retention")) {
      const auto seconds = options["retention"].is_string() ? retention_seconds(options["retention"].get<std::string>()) : std::nullopt;
      if (!seconds || *seconds < 300 || *seconds > 30LL * 86400)
        return bad_request("retention must be dd.hh:mm:ss between 0:5:0 and 30.0:0:0.");
      job.retention = options["retention"].get<std::string>();
      job.retention_s = *seconds;
    }
    if (options.contains("callback")) {
      if (!options["callback"].is_object() || !options["callback"].contains("url") || !options["callback"]["url"].is_string())
        return bad_request("callback must be an object with a url.");
      job.callback_url = options["callback"]["url"].get<std::string>();
      const auto version = options["callback"].value("version", std::string("1.0"));
      if (version != "1.0" && version != "1.1") return bad_request("callback.version must be 1.0 or 1.1.");
      job.callback_version = version;
    }
    if (options.contains("captcha")) return problem(401, "/problems/captcha-validation-failed", "CAPTCHA validation failed");
    return std::nullopt;
  }

  std::optional<Response> read_file_submission(const Request& request, JobRequest& job, nlohmann::json& options) {
    const auto parts = parse_multipart(request.header("content-type"), request.body);
    if (!parts) return bad_request("The multipart/form-data body does not follow its boundary.");
    const FormPart* file = nullptr;
    for (const auto& part : *parts) {
      if (part.name == "inputFile") file = &part;
      if (part.name == "settings") {
        options = nlohmann::json::parse(part.content, nullptr, false);
        if (!options.is_object()) return bad_request("The settings part is not a JSON object.");
      }
    }
    if (!file) return bad_request("The file part must be named inputFile.");
    if (file->content_type != "text/plain" && file->content_type != "text/csv" && file->content_type != "text/tab-separated-values")
      return problem(415, "/problems/unsupported-media-type", "Unsupported media type",
                     "The sandbox imports text/plain, text/csv and text/tab-separated-values files.");
    if (!file->charset.empty() && file->charset != "utf-8" && file->charset != "us-ascii")
      return problem(415, "/problems/unsupported-media-type", "Unsupported media type", "The sandbox reads UTF-8 files only.");
    if (!options.is_object()) options = nlohmann::json::object();
    auto addresses = imported_addresses(*file, options);
    if (auto* problem_text = std::get_if<std::string>(&addresses)) return bad_request(*problem_text);
    job.inputs = std::get<std::vector<std::string>>(std::move(addresses));
    if (job.inputs.empty()) return bad_request("The file holds no email address to verify.");
    job.customs.assign(job.inputs.size(), std::nullopt);
    return std::nullopt;
  }

  std::optional<Response> absent(const std::optional<Job>& job, std::int64_t now) const {
    if (!job) return problem(404, "/problems/not-found", "Not found", "There is no such job.");
    if (job->deleted || (job->completed_at(now) && job->expired_at(now)))
      return problem(410, "/problems/gone", "Gone", "The job has been deleted or has expired.");
    return std::nullopt;
  }

  Response snapshot(const Job& job, std::int64_t now, const Caller&) const {
    if (!job.completed_at(now)) return Response::json(202, {{"overview", job.overview_at(now)}});
    return Response::json(200, {{"overview", job.overview_at(now)}, {"entries", entries_page(job, "||", 0)}});
  }

  static std::size_t page_size(const std::string& filter) {
    const auto limit_text = filter.substr(filter.rfind('|') + 1);
    if (limit_text.empty()) return default_page_size;
    const auto limit = whole_number(limit_text);
    if (!limit || *limit < 1 || *limit > static_cast<long long>(max_page_size)) return 0;
    return std::size_t(*limit);
  }

  nlohmann::json entries_page(const Job& job, const std::string& filter, std::size_t offset) const {
    const auto first_bar = filter.find('|');
    const auto included = comma_list(filter.substr(0, first_bar));
    const auto excluded = comma_list(filter.substr(first_bar + 1, filter.rfind('|') - first_bar - 1));
    std::vector<std::size_t> matching;
    for (std::size_t i = 0; i < job.entries.size(); ++i) {
      const auto status = job.entries[i]["status"].get<std::string>();
      if ((included.empty() || included.count(status)) && !excluded.count(status)) matching.push_back(i);
    }
    const auto size = page_size(filter);
    nlohmann::json data = nlohmann::json::array();
    for (std::size_t i = offset; i < matching.size() && i < offset + size; ++i) data.push_back(job.entry_at(matching[i]));
    nlohmann::json page{{"data", data}};
    if (offset + size < matching.size()) page["meta"] = {{"isTruncated", true}, {"cursor", cursor_for(offset + size, filter)}};
    else page["meta"] = {{"isTruncated", false}};
    return page;
  }

  static std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }

  static Response export_csv(const Job& job) {
    std::string csv = "Index,Input,Custom,Email address,Classification,Status,Completed on\r\n";
    for (std::size_t i = 0; i < job.entries.size(); ++i) {
      const auto entry = job.entry_at(i);
      csv += std::to_string(i) + "," + csv_cell(entry.value("inputData", "")) + "," + csv_cell(entry.value("custom", "")) + "," +
             csv_cell(entry.value("emailAddress", "")) + "," + entry.value("classification", "") + "," + entry.value("status", "") + "," +
             entry.value("completedOn", "") + "\r\n";
    }
    return Response::text(200, csv, "text/csv; charset=utf-8");
  }

  static std::string percent_encode(const std::string& text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += char(c);
      else out += {'%', digits[c >> 4], digits[c & 15]};
    }
    return out;
  }

  bool listed(const Job& job, const std::map<std::string, std::string>& filters, std::int64_t now) const {
    const auto day = iso_timestamp(job.created_ms).substr(0, 10);
    auto filter = [&](const char* key) { return filters.count(key) ? filters.at(key) : std::string(); };
    if (!filter("createdOn").empty() && day != filter("createdOn")) return false;
    if (!filter("createdOn:since").empty() && day < filter("createdOn:since")) return false;
    if (!filter("createdOn:until").empty() && day > filter("createdOn:until")) return false;
    const auto status = job.status_at(now);
    if (!filter("status").empty() && !comma_list(filter("status")).count(status)) return false;
    if (!filter("status:exclude").empty() && comma_list(filter("status:exclude")).count(status)) return false;
    if (!filter("owner").empty() && filter("owner") != job.request.owner) return false;
    return true;
  }

  sandbox::SimulatorContext& context_;
  JobBook jobs_;
  TokenIssuer tokens_;
  std::mutex mutex_;
  std::set<std::string> down_;
  int down_status_ = 503;
  nlohmann::json requests_by_host_ = nlohmann::json::object();
  CompletionCallbacks callbacks_;  // last: its thread reads jobs_ until it is destroyed
};

}  // namespace

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = std::string(api_version);
  context.announced_config = {{"username", std::string(username)}, {"password", std::string(password)}};
  context.observed_paths = {"/_sandbox/verifalia/jobs"};
  // "a single IP address can't issue more than 6 HTTPS requests per second ... with a burst
  // limit of 15 HTTPS requests per second": at most 15 in any second, 75 in ten.
  context.rate_limits.define("default", {sandbox::RateWindow::per_second(15), sandbox::RateWindow{10'000, 75}});

  auto simulator = std::make_shared<Verifalia>(context);
  context.on_reset([simulator] { simulator->forget(); });
  using Access = Verifalia::Access;
  for (const auto prefix : host_prefixes) {
    auto add = [&](const char* method, const std::string& path, Access access, Verifalia::Route route) {
      server.route(method, std::string(prefix) + std::string(api_version) + path,
                   [simulator, prefix, access, route](const Request& request) { return simulator->gate(request, prefix, access, route); });
    };
    add("POST", "/auth/tokens", Access::open, &Verifalia::issue_token);
    add("POST", "/auth/totp/verifications", Access::mfa_pending, &Verifalia::verify_totp);
    add("POST", "/email-validations", Access::authenticated, &Verifalia::submit);
    add("GET", "/email-validations", Access::authenticated, &Verifalia::list_jobs);
    add("GET", "/email-validations/quality-levels", Access::authenticated, &Verifalia::quality_levels);
    add("GET", "/email-validations/{id}", Access::authenticated, &Verifalia::get_job);
    add("DELETE", "/email-validations/{id}", Access::authenticated, &Verifalia::delete_job);
    add("GET", "/email-validations/{id}/overview", Access::authenticated, &Verifalia::get_overview);
    add("GET", "/email-validations/{id}/entries", Access::authenticated, &Verifalia::get_entries);
    add("GET", "/email-validations/{id}/entries/{index}", Access::authenticated, &Verifalia::get_entry);
    add("GET", "/credits/balance", Access::authenticated, &Verifalia::balance);
    add("GET", "/credits/daily-usage", Access::authenticated, &Verifalia::daily_usage);
  }
  server.route("POST", "/_sandbox/verifalia/hosts", [simulator](const Request& request) { return simulator->set_hosts_down(request); });
  server.route("POST", "/_sandbox/verifalia/tokens", [simulator](const Request& request) { return simulator->set_token_lifetime(request); });
  server.route("GET", "/_sandbox/verifalia/jobs", [simulator](const Request& request) { return simulator->observed(request); });
}

}  // namespace leadflow::verifalia_sim
