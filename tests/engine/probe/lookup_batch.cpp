// probe.lookup_batch: the batch payload convention on the host side, the probe API's batch on the
// other. The API answers in any order (the simulator shuffles), each result carrying the "ref"
// we gave its item, so results are matched by ref, never by position.
#include "lookup_batch.hpp"

#include "input_key.hpp"
#include "responses.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::probe {
namespace {

using sdk::ErrorCode;

// The items of one batch, in the host's order; nullopt for an item without a usable key.
struct Batch {
  std::vector<std::optional<std::string>> keys;

  bool has_keys_to_send() const {
    for (const auto& key : keys)
      if (key) return true;
    return false;
  }
};

// The provider's result objects by ref.
using ResultsByRef = std::map<std::string, nlohmann::json>;

std::string ref_of(std::size_t index) { return std::to_string(index); }

std::optional<Batch> batch_from(const nlohmann::json& input) {
  if (!input.contains("items") || !input["items"].is_array()) return std::nullopt;
  const auto& items = input["items"];
  if (items.empty() || items.size() > max_batch_items) return std::nullopt;
  Batch batch;
  for (const auto& item : items) batch.keys.push_back(input_key(item));
  return batch;
}

sdk::Outcome not_a_batch() {
  return sdk::fail(ErrorCode::invalid_input,
                   "probe.lookup_batch expects the batch payload {\"items\": [{\"key\": ...}, ...]} with 1 to " +
                       std::to_string(max_batch_items) + " items (its max_batch); the host sent something else.");
}

// Only items with a key are sent; each carries its index in the batch as its ref.
sdk::HttpRequest batch_request(const Settings& settings, const Batch& batch) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.keys.size(); ++i)
    if (batch.keys[i]) items.push_back({{"ref", ref_of(i)}, {"key", *batch.keys[i]}});
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url("/batch"),
      .headers = {settings.authorization(), {"Content-Type", "application/json"}},
      .body = nlohmann::json{{"items", items}}.dump(),
      .idempotent = false,  // a resent batch would be charged again
      .rate_limit_key = "default",
      .expected_cost = static_cast<double>(items.size()),
  };
}

// {"results": [{"ref": "0", ...}, ...]} -> results by ref; nullopt when the body is not that.
std::optional<ResultsByRef> results_by_ref(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("results") || !(*body)["results"].is_array()) return std::nullopt;
  ResultsByRef results;
  for (const auto& result : (*body)["results"]) {
    if (!result.is_object() || !result.contains("ref") || !result["ref"].is_string()) return std::nullopt;
    results.emplace(result["ref"].get<std::string>(), result);
  }
  return results;
}

nlohmann::json item_error(ErrorCode code, std::string message) {
  return {{"error", {{"code", sdk::to_string(code)}, {"message", std::move(message)}}}};
}

// One item's entry in the DONE json, and the credits it cost.
nlohmann::json item_result(std::size_t index, const std::optional<std::string>& key, const ResultsByRef& results,
                           double& credits) {
  const auto item = "item " + std::to_string(index);
  if (!key) return item_error(ErrorCode::invalid_input, "probe.lookup_batch needs a non-empty 'key' in " + item + ".");
  const auto found = results.find(ref_of(index));
  if (found == results.end())
    return item_error(ErrorCode::bad_response, "probe returned no result for " + item + " (key '" + *key + "').");
  const auto& result = found->second;
  if (result.contains("error"))
    return item_error(ErrorCode::invalid_input, "probe rejected the key '" + *key + "': " +
                                                    (result["error"].is_string() ? result["error"].get<std::string>()
                                                                                 : result["error"].dump()) + ".");
  const auto answer = parse_answer(result);
  if (!answer) return item_error(ErrorCode::bad_response, "probe answered " + item + " with a result that is not the documented JSON.");
  if (answer->found) credits += 1;
  return output_of(*answer);
}

sdk::Outcome batch_result(const Batch& batch, const ResultsByRef& results) {
  nlohmann::json items = nlohmann::json::array();
  double credits = 0;
  for (std::size_t i = 0; i < batch.keys.size(); ++i) items.push_back(item_result(i, batch.keys[i], results, credits));
  return sdk::done({{"items", std::move(items)}}, credits);
}

}  // namespace

sdk::Task lookup_batch(sdk::Operation& op, const Settings& settings) {
  const auto batch = batch_from(op.input());
  if (!batch) co_return not_a_batch();
  if (!batch->has_keys_to_send()) co_return batch_result(*batch, ResultsByRef());
  const auto response = co_await op.http(batch_request(settings, *batch));
  if (auto failure = failure_for(response, Endpoint::batch)) co_return *failure;
  const auto results = results_by_ref(response);
  if (!results) co_return unreadable(response, Endpoint::batch);
  co_return batch_result(*batch, *results);
}

}  // namespace leadflow::probe
