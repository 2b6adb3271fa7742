// probe.lookup: POST /lookup {"key"} and map the answer. Whether the host may resend the request
// is the config's choice ("idempotent"), so tests can prove a non-idempotent request is never
// sent twice and an idempotent one is retried.
#include "lookup.hpp"

#include "input_key.hpp"
#include "responses.hpp"

namespace leadflow::probe {
namespace {

// Built outside the coroutine: g++ 12 cannot compile braced initializer lists in a coroutine body.
sdk::HttpRequest lookup_request(const Settings& settings, const std::string& key) {
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url("/lookup"),
      .headers = {settings.authorization(), {"Content-Type", "application/json"}},
      .body = nlohmann::json{{"key", key}}.dump(),
      .idempotent = settings.idempotent_lookups,
      .rate_limit_key = "lookup",
      .expected_cost = 1,
  };
}

std::optional<Answer> answer_in(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body) return std::nullopt;
  return parse_answer(*body);
}

}  // namespace

sdk::Task lookup(sdk::Operation& op, const Settings& settings) {
  const auto key = input_key(op.input());
  if (!key) co_return missing_key(op.capability());
  const auto response = co_await op.http(lookup_request(settings, *key));
  if (auto failure = failure_for(response, Endpoint::lookup)) co_return *failure;
  const auto answer = answer_in(response);
  if (!answer) co_return unreadable(response, Endpoint::lookup);
  co_return answer_result(*answer);
}

}  // namespace leadflow::probe
