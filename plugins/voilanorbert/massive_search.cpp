// Bulk searches. "You need provide a callback url using a webhook parameter": the submission
// carries webhook_url, and the result is still read by polling, so the webhook needs no public
// receiver. The submission is paid per email found and not idempotent, so its id is checkpointed
// before anything else: a resumed operation polls the same bulk search instead of submitting
// (and paying for) it again.
#include "massive_search.hpp"

#include "responses.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::voilanorbert {
namespace {

using namespace std::chrono_literals;

struct Submission {
  std::vector<std::pair<std::string, std::string>> form;
  double expected_cost = 0;  // at most one credit per line
  bool wait = false;
};

std::string text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key)) return "";
  const auto& value = input[key];
  const auto raw = value.is_string() ? value.get<std::string>() : value.is_number() || value.is_boolean() ? value.dump() : "";
  const auto first = raw.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return raw.substr(first, raw.find_last_not_of(" \t\r\n") - first + 1);
}

bool columns(const std::string& value) {
  return !value.empty() && value.find_first_not_of("0123456789, ") == std::string::npos;
}

bool whole(const std::string& value) { return !value.empty() && value.size() < 10 && value.find_first_not_of("0123456789") == std::string::npos; }

std::variant<Submission, std::string> submission_from(const nlohmann::json& input, const Settings& settings) {
  Submission submission;
  const auto content = text(input, "content"), file_url = text(input, "file_url");
  const auto col_name = text(input, "col_name"), col_company = text(input, "col_company");
  if (content.empty() && file_url.empty()) return std::string("voilanorbert.massive_submit needs content (CSV lines) or a file_url.");
  if (!columns(col_name)) return "voilanorbert.massive_submit needs col_name, the name's column numbers like 0,1; got '" + col_name + "'.";
  if (!whole(col_company)) return "voilanorbert.massive_submit needs col_company, the company's (or domain's) column number; got '" + col_company + "'.";
  if (settings.webhook_url.empty())
    return std::string("VoilaNorbert requires a webhook for bulk searches: set webhook_url in the provider config (any URL will do: "
                       "leadflow reads the result by polling).");
  submission.form = {{"col_name", col_name}, {"col_company", col_company}, {"webhook", settings.webhook_url}};
  if (!content.empty()) {
    submission.form.emplace_back("content", content);
    submission.expected_cost = static_cast<double>(std::count(content.begin(), content.end(), '\n') + 1);
  } else {
    submission.form.emplace_back("file_url", file_url);
  }
  for (const char* key : {"rerun_frequency", "webhook_file_retention_time"}) {
    const auto value = text(input, key);
    if (value.empty()) continue;
    if (!whole(value)) return std::string("voilanorbert.massive_submit: ") + key + " must be a whole number of hours, got '" + value + "'.";
    submission.form.emplace_back(key, value);
  }
  const auto wait = text(input, "wait");
  submission.wait = wait == "true" || wait == "1";
  return submission;
}

sdk::HttpRequest submit_request(const Settings& settings, const Submission& submission) {
  return settings.request("POST", "/massives/", submission.form, "massives", false, submission.expected_cost);
}

sdk::HttpRequest status_request(const Settings& settings, std::int64_t id) {
  return settings.request("GET", "/massives/" + std::to_string(id), {}, "default", true);
}

struct MassiveState {
  std::int64_t id = 0;
  std::string status;
  nlohmann::json raw;
};

std::optional<MassiveState> parse_massive(const sdk::HttpResponse& response) {
  auto body = json_object(response);
  if (!body || !body->contains("id") || !(*body)["id"].is_number_integer() || !body->contains("status") || !(*body)["status"].is_string())
    return std::nullopt;
  return MassiveState{(*body)["id"].get<std::int64_t>(), (*body)["status"].get<std::string>(), std::move(*body)};
}

std::optional<std::int64_t> checkpointed_massive(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("massive_id") || !checkpoint["massive_id"].is_number_integer()) return std::nullopt;
  return checkpoint["massive_id"].get<std::int64_t>();
}

nlohmann::json checkpoint_for(std::int64_t id) { return {{"massive_id", id}}; }

// Credits: once the bulk search ended, one per email found (`success`); none before.
sdk::Outcome result_of(const MassiveState& state) {
  const auto& raw = state.raw;
  const auto success = raw.value("success", nlohmann::json(0));
  const double credits = state.status == "ENDED" && success.is_number() ? success.get<double>() : 0;
  return sdk::done({{"status", "done"},
                    {"massive_id", state.id},
                    {"massive_status", state.status},
                    {"quantity", raw.value("quantity", nlohmann::json())},
                    {"treated", raw.value("treated", nlohmann::json())},
                    {"success", success},
                    {"list_id", raw.value("list_id", nlohmann::json())},
                    {"raw", raw}},
                   credits);
}

sdk::Outcome still_running(std::int64_t id, std::chrono::milliseconds waited) {
  return sdk::fail(sdk::ErrorCode::timeout,
                   "VoilaNorbert's bulk search " + std::to_string(id) + " had not ended after waiting " + std::to_string(waited.count()) +
                       " ms (job_max_wait_ms); it may be paused: resume it (voilanorbert.massive_resume) or read it later "
                       "(voilanorbert.massive_status).",
                   true);
}

}  // namespace

sdk::Task massive_submit(sdk::Operation& op, const Settings& settings) {
  const auto parsed = submission_from(op.input(), settings);
  if (std::holds_alternative<std::string>(parsed)) co_return sdk::fail(sdk::ErrorCode::invalid_input, std::get<std::string>(parsed));
  const auto& submission = std::get<Submission>(parsed);

  std::optional<MassiveState> state;
  std::int64_t id = 0;
  if (auto resumed = checkpointed_massive(op.checkpoint())) {
    id = *resumed;
    op.log(sdk::LogLevel::info, "Resuming VoilaNorbert bulk search " + std::to_string(id) + ".");
  } else {
    const auto response = co_await op.http(submit_request(settings, submission));
    if (auto failure = failure_for(response, Endpoint::massive_submit)) co_return *failure;
    state = parse_massive(response);
    if (!state) co_return unreadable(response, Endpoint::massive_submit);
    id = state->id;
    co_await op.save_checkpoint(checkpoint_for(id));
  }

  // A resumed operation reads the bulk search once; with wait=true, until it has ENDED.
  std::chrono::milliseconds waited = 0ms;
  while (!state || (submission.wait && state->status != "ENDED")) {
    if (state) {
      if (waited >= settings.job_max_wait) co_return still_running(id, waited);
      const auto wait = std::min(settings.job_poll_interval, settings.job_max_wait - waited);
      co_await op.sleep(wait);
      waited += wait;
    }
    const auto response = co_await op.http(status_request(settings, id));
    if (auto failure = failure_for(response, Endpoint::massive)) co_return *failure;
    state = parse_massive(response);
    if (!state) co_return unreadable(response, Endpoint::massive);
  }
  co_return result_of(*state);
}

}  // namespace leadflow::voilanorbert
