// The synchronous Contact Details calls; see contact_details.hpp. Neither shape is in the seed
// docs: the research (IV-KB) gives the paths, the fields and {"contactIds": [...]} for the bulk
// call; its answer is read as {"contacts": [...]} or a bare array, matched back by contactId.
#include "contact_details.hpp"

#include "api_call.hpp"
#include "contact_ids.hpp"
#include "contact_output.hpp"
#include "responses.hpp"

#include <map>

namespace leadflow::insideview {
namespace {

using sdk::ErrorCode;

sdk::HttpRequest details_request(const Settings& settings, const std::string& id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/contact/" + sdk::encode_path_segment(id)),
      .headers = {{"Accept", "application/json"}},
      .idempotent = true,  // a read; InsideView debits one transaction per contact returned
      .rate_limit_key = "default",
      .expected_cost = 1,
  };
}

sdk::HttpRequest bulk_request(const Settings& settings, const ContactIdBatch& batch) {
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url("/contact/bulk"),
      .headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
      .body = nlohmann::json{{"contactIds", batch.distinct_ids}}.dump(),
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = static_cast<double>(batch.distinct_ids.size()),
  };
}

sdk::Outcome no_id() {
  return sdk::fail(ErrorCode::invalid_input, "insideview.contact_details needs 'id', the contact's numeric InsideView id.");
}

sdk::Outcome single_outcome(const sdk::HttpResponse& response, const std::string& id) {
  if (response.status() == 404) return sdk::done(missing_contact_output(id), 0);
  if (auto failure = failure_for(response, Endpoint::contact_details)) return *failure;
  const auto body = response.json();
  if (!body || !body->is_object()) return unreadable(response, Endpoint::contact_details);
  auto output = contact_output(nlohmann::ordered_json(*body));
  const double credits = output["status"] == "found" ? 1 : 0;
  return sdk::done(std::move(output), credits);
}

sdk::Outcome bulk_outcome(const ContactIdBatch& batch, const sdk::HttpResponse& response) {
  if (auto failure = failure_for(response, Endpoint::contact_bulk)) return *failure;
  const auto body = response.json();
  const nlohmann::json* contacts = nullptr;
  if (body && body->is_array()) contacts = &*body;
  if (body && body->is_object() && body->contains("contacts") && (*body)["contacts"].is_array()) contacts = &(*body)["contacts"];
  if (!contacts) return unreadable(response, Endpoint::contact_bulk);
  std::map<std::string, nlohmann::json> outputs;
  double credits = 0;
  for (const auto& contact : *contacts) {
    if (!contact.is_object()) return unreadable(response, Endpoint::contact_bulk);
    const nlohmann::ordered_json ordered(contact);
    auto output = contact_output(ordered);
    if (output["status"] == "found") credits += 1;
    outputs.emplace(contact_id_of(ordered), std::move(output));
  }
  return batch_outcome(batch, outputs, credits);
}

}  // namespace

sdk::Task contact_details(sdk::Operation& op, const Settings& settings, Session& session) {
  const auto id = contact_id_of_input(op.input());
  if (!id) co_return no_id();
  ApiCall call(settings, session, details_request(settings, *id));
  for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms())) {
    if (step.wait) {
      co_await op.sleep(*step.wait);
    } else {
      const auto answer = co_await op.http(*step.request);
      call.answer(answer, op.now_unix_ms());
    }
  }
  if (call.failure()) co_return *call.failure();
  co_return single_outcome(call.response(), *id);
}

sdk::Task contact_details_bulk(sdk::Operation& op, const Settings& settings, Session& session) {
  const auto batch = contact_id_batch(op.input(), max_bulk_ids);
  if (!batch) co_return not_a_batch("insideview.contact_details_bulk", max_bulk_ids);
  if (batch->distinct_ids.empty()) co_return batch_outcome(*batch, std::map<std::string, nlohmann::json>(), 0);
  ApiCall call(settings, session, bulk_request(settings, *batch));
  for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms())) {
    if (step.wait) {
      co_await op.sleep(*step.wait);
    } else {
      const auto answer = co_await op.http(*step.request);
      call.answer(answer, op.now_unix_ms());
    }
  }
  if (call.failure()) co_return *call.failure();
  co_return bulk_outcome(*batch, call.response());
}

}  // namespace leadflow::insideview
