// One table row per provider-specific operation: how its request is built from the input, which
// endpoint it is (for messages), and which fields of the answer a workflow gets besides `raw`.
#include "provider_operations.hpp"

#include "responses.hpp"

#include <string>
#include <variant>
#include <vector>

namespace leadflow::voilanorbert {
namespace {

using Form = std::vector<std::pair<std::string, std::string>>;

struct Call {
  sdk::HttpRequest request;
  Endpoint endpoint;
};

// A call, or why the input cannot make one.
using Built = std::variant<Call, std::string>;

struct OperationSpec {
  std::string_view capability;
  Built (*build)(const Settings& settings, const nlohmann::json& input);
  nlohmann::json (*output)(const nlohmann::json& body);
};

std::string text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key)) return "";
  const auto& value = input[key];
  const auto raw = value.is_string() ? value.get<std::string>() : value.is_number() || value.is_boolean() ? value.dump() : "";
  const auto first = raw.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return raw.substr(first, raw.find_last_not_of(" \t\r\n") - first + 1);
}

bool whole(const std::string& value) {
  return !value.empty() && value.size() < 16 && value.find_first_not_of("0123456789") == std::string::npos;
}

// Builds the call for the id the operation acts on, or says it is missing.
template <typename Make>
Built with_id(const nlohmann::json& input, const char* key, std::string_view capability, Make make) {
  const auto id = text(input, key);
  if (!whole(id)) return std::string(capability) + " needs " + key + " (a whole number), got '" + id + "'.";
  return make(id);
}

// Builds the call for the verification or enrichment token, or says it is missing.
template <typename Make>
Built with_token(const nlohmann::json& input, std::string_view capability, Make make) {
  const auto token = text(input, "token");
  if (token.empty()) return std::string(capability) + " needs the job's token.";
  return make(sdk::encode_path_segment(token));
}

nlohmann::json at(const nlohmann::json& body, const char* pointer) {
  const nlohmann::json::json_pointer where(pointer);
  return body.contains(where) ? body[where] : nlohmann::json();
}

// ---- outputs ----

nlohmann::json organization_output(const nlohmann::json& body) {
  return {{"credits_remaining", at(body, "/credits/remains")},
          {"credits_total", at(body, "/credits/total")},
          {"plan", at(body, "/plan/name")},
          {"company_name", at(body, "/company_name")}};
}

nlohmann::json credits_output(const nlohmann::json& body) {
  return {{"credits_remaining", at(body, "/remains")}, {"credits_total", at(body, "/total")}};
}

nlohmann::json lists_output(const nlohmann::json& body) { return {{"lists", at(body, "/result")}}; }

nlohmann::json list_output(const nlohmann::json& body) {
  if (body.is_null()) return {{"removed", true}};  // 202, no content: the list is set to deletion
  return {{"list_id", at(body, "/id")}, {"name", at(body, "/name")}, {"contacts", at(body, "/contacts")}};
}

nlohmann::json contacts_output(const nlohmann::json& body) {
  return {{"contacts", at(body, "/result")},
          {"total", at(body, "/total")},
          {"page", at(body, "/page")},
          {"pages", at(body, "/pages")},
          {"has_next", at(body, "/has_next")}};
}

nlohmann::json massive_output(const nlohmann::json& body) {
  return {{"massive_id", at(body, "/id")},         {"massive_status", at(body, "/status")}, {"quantity", at(body, "/quantity")},
          {"treated", at(body, "/treated")},       {"success", at(body, "/success")},       {"list_id", at(body, "/list_id")},
          {"rerun_frequency", at(body, "/rerun_frequency")}};
}

nlohmann::json massives_output(const nlohmann::json& body) { return {{"massives", at(body, "/result")}}; }

nlohmann::json deleted_output(const nlohmann::json& body) { return {{"deleted", at(body, "/result") == "success"}}; }

nlohmann::json job_output(const nlohmann::json& body) {
  return {{"token", at(body, "/token")},     {"job_status", at(body, "/status")}, {"entries", at(body, "/entries")},
          {"treated", at(body, "/treated")}, {"ended", at(body, "/ended")}};
}

// ---- requests ----

Built organization_call(const Settings& s, const nlohmann::json&) {
  return Call{s.request("GET", "/organization/", {}, "default", true), Endpoint::organization};
}

Built credits_call(const Settings& s, const nlohmann::json&) {
  return Call{s.request("GET", "/organization/credits/", {}, "default", true), Endpoint::credits};
}

Built lists_call(const Settings& s, const nlohmann::json&) { return Call{s.request("GET", "/lists/", {}, "default", true), Endpoint::lists}; }

Built list_update_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "list_id", "voilanorbert.list_update", [&](const std::string& id) -> Built {
    Form form;
    if (const auto name = text(input, "name"); !name.empty()) form.emplace_back("name", name);
    if (const auto removed = text(input, "removed"); removed == "true" || removed == "1") form.emplace_back("removed", "1");
    if (form.empty()) return std::string("voilanorbert.list_update needs a new name, or removed set to true.");
    return Call{s.request("PUT", "/lists/" + id, form, "default", true), Endpoint::list};
  });
}

// GET /contacts/ with the documented filters, one page (`page`, from 1).
Built contacts_call(const Settings& s, const nlohmann::json& input) {
  std::string query;
  for (const char* key : {"ids", "query", "name", "email", "company", "status", "found", "history", "lists", "created", "order_by", "page"})
    if (const auto value = text(input, key); !value.empty())
      query += std::string(query.empty() ? "?" : "&") + key + "=" + sdk::encode_path_segment(value);
  return Call{s.request("GET", "/contacts/" + query, {}, "default", true), Endpoint::contacts};
}

Built massives_call(const Settings& s, const nlohmann::json& input) {
  const auto offset = text(input, "offset"), limit = text(input, "limit");
  if ((!offset.empty() && !whole(offset)) || (!limit.empty() && !whole(limit)))
    return std::string("voilanorbert.massives: offset and limit must be whole numbers.");
  return Call{s.request("GET", "/massives/?offset=" + (offset.empty() ? "0" : offset) + "&limit=" + (limit.empty() ? "100" : limit), {},
                        "default", true),
              Endpoint::massives};
}

Built massive_status_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_status",
                 [&](const std::string& id) -> Built { return Call{s.request("GET", "/massives/" + id, {}, "default", true), Endpoint::massive}; });
}

// The headings say POST for pause and resume (the curl examples say PUT); we follow the headings.
Built massive_pause_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_pause", [&](const std::string& id) -> Built {
    return Call{s.request("POST", "/massives/" + id + "/pause", {}, "default", true), Endpoint::massive};
  });
}

Built massive_resume_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_resume", [&](const std::string& id) -> Built {
    return Call{s.request("POST", "/massives/" + id + "/resume", {}, "default", true), Endpoint::massive};
  });
}

Built massive_rerun_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_rerun", [&](const std::string& id) -> Built {
    const auto hours = text(input, "rerun_frequency");
    if (!whole(hours)) return "voilanorbert.massive_rerun needs rerun_frequency in hours (a whole number), got '" + hours + "'.";
    return Call{s.request("PUT", "/massives/" + id + "/rerun", {{"rerun_frequency", hours}}, "default", true), Endpoint::massive};
  });
}

Built massive_cancel_rerun_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_cancel_rerun", [&](const std::string& id) -> Built {
    return Call{s.request("DELETE", "/massives/" + id + "/rerun", {}, "default", true), Endpoint::massive};
  });
}

Built massive_delete_call(const Settings& s, const nlohmann::json& input) {
  return with_id(input, "massive_id", "voilanorbert.massive_delete", [&](const std::string& id) -> Built {
    const auto recursive = text(input, "recursive");
    const bool everything = recursive == "true" || recursive == "1";
    return Call{s.request("DELETE", "/massives/" + id, {{"recursive", everything ? "true" : "false"}}, "default", true), Endpoint::massive};
  });
}

template <bool Verify, bool Pause>
Built job_control_call(const Settings& s, const nlohmann::json& input) {
  constexpr std::string_view capability = Verify ? (Pause ? "voilanorbert.verify_pause" : "voilanorbert.verify_resume")
                                                 : (Pause ? "voilanorbert.enrich_pause" : "voilanorbert.enrich_resume");
  return with_token(input, capability, [&](const std::string& token) -> Built {
    return Call{s.request("PUT", std::string(Verify ? "/verifier/" : "/enrich/") + token + (Pause ? "/pause" : "/resume"), {}, "default", true),
                Verify ? Endpoint::verify_control : Endpoint::enrich_control};
  });
}

constexpr OperationSpec operations[] = {
    {"voilanorbert.organization", organization_call, organization_output},
    {"voilanorbert.organization_credits", credits_call, credits_output},
    {"voilanorbert.lists", lists_call, lists_output},
    {"voilanorbert.list_update", list_update_call, list_output},
    {"voilanorbert.contacts", contacts_call, contacts_output},
    {"voilanorbert.massives", massives_call, massives_output},
    {"voilanorbert.massive_status", massive_status_call, massive_output},
    {"voilanorbert.massive_pause", massive_pause_call, massive_output},
    {"voilanorbert.massive_resume", massive_resume_call, massive_output},
    {"voilanorbert.massive_rerun", massive_rerun_call, massive_output},
    {"voilanorbert.massive_cancel_rerun", massive_cancel_rerun_call, massive_output},
    {"voilanorbert.massive_delete", massive_delete_call, deleted_output},
    {"voilanorbert.verify_pause", job_control_call<true, true>, job_output},
    {"voilanorbert.verify_resume", job_control_call<true, false>, job_output},
    {"voilanorbert.enrich_pause", job_control_call<false, true>, job_output},
    {"voilanorbert.enrich_resume", job_control_call<false, false>, job_output},
};

const OperationSpec* spec_for(std::string_view capability) {
  for (const auto& spec : operations)
    if (spec.capability == capability) return &spec;
  return nullptr;
}

// {"status": "done", <fields>, "raw": body}; a 2xx without a body (PUT /lists/{id} removed=1
// answers 202 with no content) gives a null body.
sdk::Outcome outcome_of(const OperationSpec& spec, const sdk::HttpResponse& response) {
  nlohmann::json body;
  if (!response.body().empty()) {
    auto parsed = json_object(response);
    if (!parsed) return sdk::fail(sdk::ErrorCode::bad_response,
                                  "VoilaNorbert answered " + std::string(spec.capability) + " (HTTP " + std::to_string(response.status()) +
                                      ") with a body that is not the documented JSON.",
                                  false, response.status());
    body = std::move(*parsed);
  }
  auto output = spec.output(body);
  output["status"] = "done";
  output["raw"] = std::move(body);
  return sdk::done(std::move(output), 0);
}

sdk::Task run_operation(sdk::Operation& op, const OperationSpec& spec, Call call) {
  const auto response = co_await op.http(call.request);
  if (auto failure = failure_for(response, call.endpoint)) co_return *failure;
  co_return outcome_of(spec, response);
}

}  // namespace

std::optional<sdk::Task> provider_operation(sdk::Operation& op, const Settings& settings) {
  const auto* spec = spec_for(op.capability());
  if (!spec) return std::nullopt;
  auto built = spec->build(settings, op.input());
  if (std::holds_alternative<std::string>(built))
    return sdk::immediately(sdk::fail(sdk::ErrorCode::invalid_input, std::get<std::string>(built)));
  return run_operation(op, *spec, std::move(std::get<Call>(built)));
}

}  // namespace leadflow::voilanorbert
