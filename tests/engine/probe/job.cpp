// probe.job over the probe API's jobs: POST /jobs answers 202 {"id", "ready_in_ms"}; GET
// /jobs/{id} answers {"state": "running"} until {"state": "done", "found", "value"}. A resumed
// operation polls the checkpointed job instead of submitting (and paying for) a new one.
#include "job.hpp"

#include "input_key.hpp"
#include "responses.hpp"

#include <optional>
#include <string>

namespace leadflow::probe {
namespace {

using sdk::ErrorCode;

struct Submission {
  std::string job_id;
  std::chrono::milliseconds ready_in{0};
};

// A poll's answer: still running, or done with the lookup's answer.
struct JobState {
  bool done = false;
  Answer answer;
};

sdk::HttpRequest submit_request(const Settings& settings, const std::string& key) {
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url("/jobs"),
      .headers = {settings.authorization(), {"Content-Type", "application/json"}},
      .body = nlohmann::json{{"key", key}}.dump(),
      .idempotent = false,  // a second submit is a second job
      .rate_limit_key = "default",
      .expected_cost = 1,
  };
}

sdk::HttpRequest poll_request(const Settings& settings, const std::string& job_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/jobs/" + sdk::encode_path_segment(job_id)),
      .headers = {settings.authorization()},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

std::optional<Submission> parse_submission(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return std::nullopt;
  const auto id = body->value("id", nlohmann::json());
  const auto ready_in = body->value("ready_in_ms", nlohmann::json());
  if (!id.is_string() || id.get<std::string>().empty() || !ready_in.is_number_integer()) return std::nullopt;
  return Submission{id.get<std::string>(), std::chrono::milliseconds(std::max<std::int64_t>(0, ready_in.get<std::int64_t>()))};
}

std::optional<JobState> parse_job_state(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return std::nullopt;
  const auto state = body->value("state", nlohmann::json());
  if (state == "running") return JobState{};
  if (state != "done") return std::nullopt;
  auto answer = parse_answer(*body);
  if (!answer) return std::nullopt;
  return JobState{true, std::move(*answer)};
}

std::optional<std::string> checkpointed_job(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("job_id") || !checkpoint["job_id"].is_string()) return std::nullopt;
  return checkpoint["job_id"].get<std::string>();
}

// What a resumed operation needs: the job the probe API is running for it.
nlohmann::json checkpoint_for(const std::string& job_id) { return {{"job_id", job_id}}; }

sdk::Outcome still_running(const std::string& job_id) {
  return sdk::fail(ErrorCode::timeout,
                   "probe job " + job_id + " was still running after " + std::to_string(max_job_polls) + " polls.", true);
}

}  // namespace

sdk::Task job(sdk::Operation& op, const Settings& settings) {
  const auto key = input_key(op.input());
  if (!key) co_return missing_key(op.capability());

  std::string job_id;
  if (auto resumed = checkpointed_job(op.checkpoint())) {
    job_id = *resumed;
    op.log(sdk::LogLevel::info, "Resuming probe job " + job_id + " without submitting it again.");
  } else {
    const auto response = co_await op.http(submit_request(settings, *key));
    if (auto failure = failure_for(response, Endpoint::job_submit)) co_return *failure;
    const auto submission = parse_submission(response);
    if (!submission) co_return unreadable(response, Endpoint::job_submit);
    job_id = submission->job_id;
    co_await op.save_checkpoint(checkpoint_for(job_id));
    co_await op.sleep(submission->ready_in);
  }

  for (int polls = 1;; ++polls) {
    const auto response = co_await op.http(poll_request(settings, job_id));
    if (auto failure = failure_for(response, Endpoint::job_poll)) co_return *failure;
    const auto state = parse_job_state(response);
    if (!state) co_return unreadable(response, Endpoint::job_poll);
    if (state->done) co_return answer_result(state->answer);
    if (polls == max_job_polls) co_return still_running(job_id);
    co_await op.sleep(job_poll_interval);
  }
}

}  // namespace leadflow::probe
