// The snov.* operations and account; see provider_operations.hpp.
#include "provider_operations.hpp"

#include "async_task.hpp"
#include "domain_people.hpp"
#include "input_fields.hpp"
#include "prospect_fields.hpp"
#include "paid_requests.hpp"
#include "responses.hpp"

#include <cstdlib>
#include <functional>
#include <map>
#include <variant>

namespace leadflow::snov {
namespace {

using Input = const nlohmann::json&;

// How one operation talks to Snov: the request (or FAIL invalid_input for a bad input) and the
// output made of the answer.
struct OperationSpec {
  std::function<std::variant<ApiCall, sdk::Outcome>(const Settings&, Input)> request;
  std::function<nlohmann::json(const nlohmann::json& body)> output;
};

sdk::Outcome needs(const std::string& capability, const std::string& what) {
  return sdk::fail(sdk::ErrorCode::invalid_input, capability + " needs " + what + ".");
}

nlohmann::json listing(const char* key, const nlohmann::json& body) {
  const auto items = body.is_array() ? body : nlohmann::json::array();
  return {{"status", "done"}, {key, items}, {"count", items.size()}};
}

double number_of(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) return std::strtod(value.get<std::string>().c_str(), nullptr);  // "balance": "25000.00"
  return 0;
}

FormFields present(std::initializer_list<std::pair<const char*, std::string>> fields) {
  FormFields out;
  for (const auto& [name, value] : fields)
    if (!value.empty()) out.emplace_back(name, value);
  return out;
}

// GET {path}?campaignId=...&offset=... (the campaign event lists: 10,000 per request).
OperationSpec campaign_events(const char* path, const char* key) {
  return {[path](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
            const auto id = input_text(in, "campaign_id");
            if (id.empty()) return needs("this Snov.io campaign operation", "a campaign_id");
            return get_call(s.url(path), present({{"campaignId", id}, {"offset", input_text(in, "offset")}}), std::string(path));
          },
          [key](const nlohmann::json& body) { return listing(key, body); }};
}

const std::map<std::string, OperationSpec>& operations() {
  static const std::map<std::string, OperationSpec> table{
      {"account",
       {[](const Settings& s, Input) -> std::variant<ApiCall, sdk::Outcome> { return get_call(s.url("/v1/get-balance"), {}, "get-balance"); },
        [](const nlohmann::json& body) {
          const auto data = body.value("data", nlohmann::json::object());
          return nlohmann::json{{"status", "done"},
                                {"credits_remaining", number_of(data.value("balance", nlohmann::json()))},
                                {"unique_recipients_used", data.value("unique_recipients_used", nlohmann::json())},
                                {"limit_resets_in_days", data.value("limit_resets_in", nlohmann::json())},
                                {"subscription_expires_in_days", data.value("expires_in", nlohmann::json())}};
        }}},
      {"snov.email_count",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto domain = input_domain(in);
          if (domain.empty()) return needs("snov.email_count", "a domain");
          return form_post(s.url("/v1/get-domain-emails-count"), {{"domain", domain}}, "get-domain-emails-count");
        },
        [](const nlohmann::json& body) {
          return nlohmann::json{{"status", "done"}, {"domain", body.value("domain", "")}, {"webmail", body.value("webmail", false)},
                                {"count", body.value("result", 0)}};
        }}},
      {"snov.campaign_analytics",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          return get_call(s.url("/v2/statistics/campaign-analytics"),
                          present({{"campaign_id", input_text(in, "campaign_id")}, {"sender_email", input_text(in, "sender_email")},
                                   {"sender_linkedin", input_text(in, "sender_linkedin")}, {"campaign_owner", input_text(in, "campaign_owner")},
                                   {"date_from", input_text(in, "date_from")}, {"date_to", input_text(in, "date_to")}}),
                          "the campaign analytics");
        },
        [](const nlohmann::json& body) {
          nlohmann::json out{{"status", "done"}};
          if (body.is_object())
            for (const auto& [key, value] : body.items()) out[key] = value;
          return out;
        }}},
      {"snov.campaign_progress",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto id = input_text(in, "campaign_id");
          if (id.empty()) return needs("snov.campaign_progress", "a campaign_id");
          return get_call(s.url("/v2/campaigns/" + sdk::encode_path_segment(id) + "/progress"), {}, "the campaign progress");
        },
        [](const nlohmann::json& body) {
          return nlohmann::json{{"status", "done"}, {"campaign_status", body.value("status", nlohmann::json())},
                                {"unfinished", body.value("unfinished", nlohmann::json())}, {"progress", body.value("progress", nlohmann::json())}};
        }}},
      {"snov.completed_prospects", campaign_events("/v1/prospect-finished", "prospects")},
      {"snov.campaign_replies", campaign_events("/v1/get-emails-replies", "replies")},
      {"snov.campaign_opens", campaign_events("/v1/get-emails-opened", "opens")},
      {"snov.campaign_clicks", campaign_events("/v1/get-emails-clicked", "clicks")},
      {"snov.sent_emails", campaign_events("/v1/emails-sent", "emails")},
      {"snov.campaigns",
       {[](const Settings& s, Input) -> std::variant<ApiCall, sdk::Outcome> { return user_campaigns_call(s); },
        [](const nlohmann::json& body) { return listing("campaigns", body); }}},
      {"snov.change_recipient_status",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto email = input_text(in, "email"), campaign = input_text(in, "campaign_id"), status = input_text(in, "status");
          if (email.empty() || campaign.empty() || status.empty())
            return needs("snov.change_recipient_status", "an email, a campaign_id and a status (Active, Paused or Unsubscribed)");
          return form_post(s.url("/v1/change-recipient-status"), {{"email", email}, {"campaign_id", campaign}, {"status", status}},
                           "change-recipient-status");
        },
        [](const nlohmann::json&) { return nlohmann::json{{"status", "done"}}; }}},
      {"snov.do_not_email",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          auto items = comma_separated(in, "items");
          if (items.empty() && !input_text(in, "email").empty()) items.push_back(input_text(in, "email"));
          if (items.empty() && !input_text(in, "domain").empty()) items.push_back(input_text(in, "domain"));
          auto list = input_text(in, "list_id");
          if (list.empty() && s.do_not_email_list_id > 0) list = std::to_string(s.do_not_email_list_id);
          if (items.empty() || list.empty())
            return needs("snov.do_not_email", "items (emails or domains; or an email or domain) and a list_id (or do_not_email_list_id in the config)");
          FormFields fields{{"listId", list}};
          for (std::size_t i = 0; i < items.size(); ++i) fields.emplace_back("items[" + std::to_string(i) + "]", items[i]);
          return form_post(s.url("/v1/do-not-email-list"), fields, "the do-not-email list");
        },
        [](const nlohmann::json& body) {
          const auto& first = body.is_array() && !body.empty() ? body[0] : body;
          return nlohmann::json{{"status", "done"}, {"duplicates", first.value("/data/duplicates"_json_pointer, nlohmann::json::array())}};
        }}},
      {"snov.prospect_by_id",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto id = input_text(in, "id");
          if (id.empty()) return needs("snov.prospect_by_id", "the prospect's id");
          return form_post(s.url("/v1/get-prospect-by-id"), {{"id", id}}, "get-prospect-by-id");
        },
        [](const nlohmann::json& body) {
          if (!body.value("success", false)) return nlohmann::json{{"status", "not_found"}};
          return nlohmann::json{{"status", "found"}, {"prospect", body.value("data", nlohmann::json())}};
        }}},
      {"snov.prospects_by_email",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto email = input_text(in, "email");
          if (email.empty()) return needs("snov.prospects_by_email", "an email");
          return form_post(s.url("/v1/get-prospects-by-email"), {{"email", email}}, "get-prospects-by-email");
        },
        [](const nlohmann::json& body) {
          const auto data = body.value("data", nlohmann::json::array());
          return nlohmann::json{{"status", data.empty() ? "not_found" : "found"}, {"prospects", data}, {"count", data.size()}};
        }}},
      {"snov.custom_fields",
       {[](const Settings& s, Input) -> std::variant<ApiCall, sdk::Outcome> { return get_call(s.url("/v1/prospect-custom-fields"), {}, "prospect-custom-fields"); },
        [](const nlohmann::json& body) { return listing("fields", body); }}},
      {"snov.lists",
       {[](const Settings& s, Input) -> std::variant<ApiCall, sdk::Outcome> { return user_lists_call(s); },
        [](const nlohmann::json& body) { return listing("lists", body); }}},
      {"snov.list_prospects",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto list = input_text(in, "list_id");
          if (list.empty()) return needs("snov.list_prospects", "a list_id");
          return form_post(s.url("/v1/prospect-list"),
                           present({{"listId", list}, {"page", input_text(in, "page")}, {"perPage", input_text(in, "per_page")}}),
                           "the prospects of the list");
        },
        [](const nlohmann::json& body) {
          const auto prospects = body.value("prospects", nlohmann::json::array());
          return nlohmann::json{{"status", "done"}, {"list", body.value("list", nlohmann::json())}, {"prospects", prospects}, {"count", prospects.size()}};
        }}},
      {"snov.create_list",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto name = input_text(in, "name");
          if (name.empty()) return needs("snov.create_list", "a name");
          return create_list_call(s, name);
        },
        [](const nlohmann::json& body) { return nlohmann::json{{"status", "done"}, {"list_id", created_list_id(body).value_or(0)}}; }}},
      {"snov.webhooks",
       {[](const Settings& s, Input) -> std::variant<ApiCall, sdk::Outcome> { return json_call("GET", s.url("/v2/webhooks"), nullptr, "the webhook list"); },
        [](const nlohmann::json& body) {
          nlohmann::json hooks = nlohmann::json::array();
          for (const auto& entry : body.value("data", nlohmann::json::array())) hooks.push_back(entry.value("data", entry));
          return nlohmann::json{{"status", "done"}, {"webhooks", hooks}, {"count", hooks.size()}};
        }}},
      {"snov.add_webhook",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto object = input_text(in, "event_object"), action = input_text(in, "event_action"), url = input_text(in, "endpoint_url");
          if (object.empty() || action.empty() || url.empty()) return needs("snov.add_webhook", "event_object, event_action and endpoint_url");
          auto call = json_call("POST", s.url("/v2/webhooks"), {{"event_object", object}, {"event_action", action}, {"endpoint_url", url}},
                                "the webhook creation");
          call.idempotent = false;
          return call;
        },
        [](const nlohmann::json& body) { return nlohmann::json{{"status", "done"}, {"webhook", body.value("data", nlohmann::json())}}; }}},
      {"snov.change_webhook_status",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto id = input_text(in, "id"), status = input_text(in, "status");
          if (id.empty() || (status != "active" && status != "deactivated"))
            return needs("snov.change_webhook_status", "the webhook id and a status (active or deactivated)");
          return json_call("PUT", s.url("/v2/webhooks/" + sdk::encode_path_segment(id)), {{"status", status}}, "the webhook status change");
        },
        [](const nlohmann::json& body) { return nlohmann::json{{"status", "done"}, {"webhook", body.value("data", nlohmann::json())}}; }}},
      {"snov.delete_webhook",
       {[](const Settings& s, Input in) -> std::variant<ApiCall, sdk::Outcome> {
          const auto id = input_text(in, "id");
          if (id.empty()) return needs("snov.delete_webhook", "the webhook id");
          return json_call("DELETE", s.url("/v2/webhooks/" + sdk::encode_path_segment(id)), nullptr, "the webhook deletion");
        },
        [](const nlohmann::json& body) {
          return nlohmann::json{{"status", "done"}, {"deleted", body.value("/data/success"_json_pointer, false)}};
        }}},
  };
  return table;
}

nlohmann::json with_raw(nlohmann::json output, const nlohmann::json& body) {
  output["raw"] = body;
  return output;
}

sdk::Outcome company_output(const std::string& domain, const nlohmann::json& result, double credits) {
  DomainPeople people(DomainQuery{domain, {}, std::nullopt});
  people.read_company(result);
  auto output = people.outcome().json;
  nlohmann::json out{{"status", output.contains("company") ? "found" : "not_found"}};
  if (output.contains("company")) out["company"] = output["company"];
  for (const char* count : {"prospects_count", "emails_count", "generic_contacts_count"})
    out[count] = result.value("meta", nlohmann::json::object()).value(count, 0);
  out["raw"] = result;
  return sdk::done(std::move(out), credits);
}

}  // namespace

bool is_provider_operation(const std::string& capability) { return operations().contains(capability); }

sdk::Task provider_operation(sdk::Operation& op, Api api) {
  const auto& spec = operations().at(op.capability());
  auto request = spec.request(*api.settings, op.input());
  if (auto* problem = std::get_if<sdk::Outcome>(&request)) co_return *problem;
  const auto call = std::get<ApiCall>(std::move(request));
  Exchange exchange(api, call);
  while (auto step = exchange.next(op.now_unix_ms())) {
    if (step.sends()) exchange.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (exchange.failure()) co_return *exchange.failure();
  const bool lookup = op.capability() == "snov.prospect_by_id";  // its success: false means "not found"
  if (!lookup)
    if (auto failure = business_failure(exchange.body(), call.what)) co_return *failure;
  co_return sdk::done(with_raw(spec.output(exchange.body()), exchange.body()), 0);
}

sdk::Task company_info(sdk::Operation& op, Api api) {
  const auto domain = input_domain(op.input());
  if (domain.empty()) co_return needs("snov.company_info", "a domain (or website)");
  const auto call = company_start(*api.settings, DomainQuery{domain, {}, std::nullopt});
  AsyncTask search(api, call);
  while (auto step = search.next(op.now_unix_ms())) {
    if (step.sends()) search.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (search.failure()) co_return *search.failure();
  const double credits = has_results(search.result()) && first_charge(op, call) ? 1 : 0;
  co_return company_output(domain, search.result(), credits);
}

}  // namespace leadflow::snov
