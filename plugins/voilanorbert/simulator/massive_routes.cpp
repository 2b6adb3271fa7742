// The bulk search routes (/massives/): submit CSV content (or a file_url the sandbox can reach on
// loopback) naming columns for the name and the company, list, read, pause, resume, set and
// reset the rerun frequency, delete. A finished bulk search creates its contacts in its own list,
// charges one credit per email found (never twice per contact) and POSTs the documented webhook.
#include "result_rows.hpp"
#include "voilanorbert_api.hpp"

#include <leadflow/sandbox/loopback_client.hpp>

#include <charconv>
#include <sstream>

namespace leadflow::voilanorbert_sim {
namespace {

// "If massive is not found or API key does not have admin permission you will receive a 400 error."
Response massive_not_found() { return error_response(400, "Massive not found."); }

// One CSV line's cells; double quotes group cells that hold commas.
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) cells.emplace_back();
    else cells.back() += c;
  }
  for (auto& cell : cells) cell = trimmed(cell);
  return cells;
}

std::optional<std::vector<std::size_t>> column_indexes(const std::string& text) {
  std::vector<std::size_t> indexes;
  std::istringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    const auto number = whole_number(trimmed(part));
    if (!number || *number < 0) return std::nullopt;
    indexes.push_back(static_cast<std::size_t>(*number));
  }
  if (indexes.empty()) return std::nullopt;
  return indexes;
}

std::vector<MassiveLine> lines_of(const std::string& content, const std::vector<std::size_t>& name_columns, std::size_t company_column) {
  std::vector<MassiveLine> lines;
  std::istringstream rows(content);
  for (std::string row; std::getline(rows, row);) {
    if (trimmed(row).empty()) continue;
    const auto cells = cells_of(row);
    MassiveLine line;
    for (const auto index : name_columns)
      if (index < cells.size() && !cells[index].empty()) line.name += (line.name.empty() ? "" : " ") + cells[index];
    if (company_column < cells.size()) line.company = cells[company_column];
    lines.push_back(std::move(line));
  }
  return lines;
}

// A file_url the sandbox can fetch: http://127.0.0.1:PORT/... only.
std::optional<std::string> fetch(const std::string& url) {
  const std::string prefix = "http://127.0.0.1:";
  if (!url.starts_with(prefix)) return std::nullopt;
  const auto rest = url.substr(prefix.size());
  std::uint16_t port = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), port);
  if (ec != std::errc() || port == 0) return std::nullopt;
  try {
    sandbox::LoopbackClient client(port);
    const auto response = client.get(std::string(end, rest.data() + rest.size()));
    if (response.status != 200) return std::nullopt;
    return response.body;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::int64_t> massive_id_of(const Request& request) { return whole_number(request.path_params.at("id")); }

}  // namespace

Response VoilaNorbertApi::submit_massive(const Request& request, const std::string& account) {
  if (!request.has_form_body()) return form_error("non_field_errors", "Send the bulk search as application/x-www-form-urlencoded.");
  auto form = request.form();
  nlohmann::json errors = nlohmann::json::object();
  const auto name_columns = column_indexes(trimmed(form["col_name"]));
  const auto company_column = column_indexes(trimmed(form["col_company"]));
  if (trimmed(form["col_name"]).empty()) errors["col_name"] = nlohmann::json::array({"This field is required."});
  else if (!name_columns) errors["col_name"] = nlohmann::json::array({"Give column numbers, like 0,1."});
  if (trimmed(form["col_company"]).empty()) errors["col_company"] = nlohmann::json::array({"This field is required."});
  else if (!company_column || company_column->size() != 1) errors["col_company"] = nlohmann::json::array({"Give one column number."});
  const auto webhook = trimmed(form["webhook"]);
  if (webhook.empty()) errors["webhook"] = nlohmann::json::array({"This field is required."});
  auto content = form["content"];
  const auto file_url = trimmed(form["file_url"]);
  if (trimmed(content).empty() && file_url.empty())
    errors["content"] = nlohmann::json::array({"Provide the CSV in content, or a link to it in file_url."});
  std::optional<std::int64_t> rerun;
  if (!trimmed(form["rerun_frequency"]).empty() && !(rerun = whole_number(trimmed(form["rerun_frequency"]))))
    errors["rerun_frequency"] = nlohmann::json::array({"A valid integer is required."});
  std::optional<std::int64_t> retention = std::int64_t{0};
  if (!trimmed(form["webhook_file_retention_time"]).empty() && !(retention = whole_number(trimmed(form["webhook_file_retention_time"]))))
    errors["webhook_file_retention_time"] = nlohmann::json::array({"A valid integer is required."});
  if (!errors.empty()) return Response::json(400, errors);
  if (trimmed(content).empty()) {
    const auto fetched = fetch(file_url);
    if (!fetched) return form_error("file_url", "We could not download this file.");
    content = *fetched;
  }
  const auto lines = lines_of(content, *name_columns, company_column->front());
  if (lines.empty()) return form_error("content", "The file has no lines.");
  if (credits_remaining(account) <= 0) return error_response(402, "No credits left");

  const auto now_ms = now();
  Massive massive;
  massive.account = account;
  massive.filename = "upload.csv";
  massive.lines = lines;
  massive.webhook = webhook;
  massive.rerun_frequency = rerun && *rerun > 0 ? rerun : std::nullopt;
  massive.retention_hours = *retention;
  massive.list_id = lists_.create(account, "Bulk search " + std::to_string(now_ms), now_ms).id;
  massive.created_ms = massive.updated_ms = now_ms;
  const auto duration_ms = context_.options.job_ms ? *context_.options.job_ms : std::int64_t{2000} * static_cast<std::int64_t>(lines.size());
  massive.timeline = {.started_ms = now_ms + (context_.options.job_ms ? 0 : massive_queue_ms), .duration_ms = duration_ms};
  massive.result_file_url = "http://" + request.header("host") + std::string(api_root) + "/massives/download/";
  auto created = massives_.create(std::move(massive));
  return Response::json(200, massive_json(created, now_ms));
}

void VoilaNorbertApi::settle_massive(const Massive& massive) {
  std::int64_t success = 0;
  const auto done_ms = massive.timeline.end_ms();
  std::vector<nlohmann::json> results;
  for (const auto& line : massive.lines) {
    nlohmann::json result{{"name", line.name}, {"company", line.company}, {"email", ""}, {"score", ""}};
    const auto* company = context_.world.find_company(line.company);
    if (!line.name.empty() && company && company->kind != sandbox::DomainKind::nonexistent) {
      const auto searched = contacts_.search(massive.account, line.name, *company, context_.world.find_person(line.name, company->domain),
                                             done_ms, massive.list_id, SearchSpeed::at_once);
      if (searched.contact.email_found(done_ms)) {
        ++success;
        context_.ledger.charge_once(massive.account, charged_bulk_search, std::to_string(searched.contact.id), 1);
        const auto email = contact_json(searched.contact, done_ms)["email"];
        result["email"] = email["email"];
        result["score"] = email["score"];
      }
    }
    results.push_back(std::move(result));
  }
  massives_.record_results(massive.id, std::move(results), success);
  const auto quantity = static_cast<std::int64_t>(massive.lines.size());
  outbox_.schedule("massives " + std::to_string(massive.id), massive.webhook,
                   {{"success", success},
                    {"origin_id", nullptr},
                    {"result_file", massive.result_file_url + std::to_string(massive.id) + "-result.csv"},
                    {"treated", quantity},
                    {"id", massive.id},
                    {"quantity", quantity}},
                   done_ms);
}

// The result_file the webhook names ({id}-result.csv). Not among the documented endpoints; served
// so that the URL the webhook gives leads somewhere: name, company, email and score per line.
Response VoilaNorbertApi::download_massive(const Request& request, const std::string& account) {
  const auto& file = request.path_params.at("file");
  const auto dash = file.find("-result.csv");
  const auto id = dash == std::string::npos ? std::nullopt : whole_number(file.substr(0, dash));
  const auto massive = id ? massives_.find(account, *id) : std::nullopt;
  if (!massive || !massive->settled) return error_response(404, "Page not found.");
  return Response::text(200, csv_of({"name", "company", "email", "score"}, massive->results), "application/csv");
}

Response VoilaNorbertApi::list_massives(const Request& request, const std::string& account) {
  auto number = [&](const char* key, std::int64_t fallback) -> std::optional<std::int64_t> {
    if (!request.query.contains(key) || trimmed(request.query.at(key)).empty()) return fallback;
    return whole_number(trimmed(request.query.at(key)));
  };
  const auto offset = number("offset", 0);
  const auto limit = number("limit", 100);
  if (!offset || *offset < 0) return form_error("offset", "A valid integer is required.");
  if (!limit || *limit < 1) return form_error("limit", "A valid integer is required.");
  nlohmann::json result = nlohmann::json::array();
  const auto now_ms = now();
  for (const auto& massive : massives_.page(account, static_cast<std::size_t>(*offset), static_cast<std::size_t>(*limit)))
    result.push_back(massive_json(massive, now_ms, true));
  return Response::json(200, {{"result", std::move(result)}});
}

Response VoilaNorbertApi::get_massive(const Request& request, const std::string& account) {
  const auto id = massive_id_of(request);
  const auto massive = id ? massives_.find(account, *id) : std::nullopt;
  if (!massive) return massive_not_found();
  return Response::json(200, massive_json(*massive, now()));
}

// "If recursive boolean form parameter is provided as true, it removes all the related data
// including lists, and contacts."
Response VoilaNorbertApi::delete_massive(const Request& request, const std::string& account) {
  const auto id = massive_id_of(request);
  const auto removed = id ? massives_.remove(account, *id) : std::nullopt;
  if (!removed) return massive_not_found();
  auto form = request.form();
  if (truthy(trimmed(form["recursive"]))) {
    std::vector<std::int64_t> ids;
    for (const auto& contact : contacts_.all(account))
      if (contact.lists.contains(removed->list_id)) ids.push_back(contact.id);
    contacts_.erase(account, ids);
    lists_.remove(account, removed->list_id);
  }
  return Response::json(200, {{"result", "success"}});
}

Response VoilaNorbertApi::pause_massive(const Request& request, const std::string& account) {
  const auto id = massive_id_of(request);
  const auto massive = id ? massives_.pause(account, *id, now()) : std::nullopt;
  if (!massive) return massive_not_found();
  return Response::json(200, massive_json(*massive, now()));
}

Response VoilaNorbertApi::resume_massive(const Request& request, const std::string& account) {
  const auto id = massive_id_of(request);
  const auto massive = id ? massives_.resume(account, *id, now()) : std::nullopt;
  if (!massive) return massive_not_found();
  return Response::json(200, massive_json(*massive, now()));
}

Response VoilaNorbertApi::set_massive_rerun(const Request& request, const std::string& account) {
  auto form = request.form();
  const auto text = trimmed(form["rerun_frequency"]);
  if (text.empty()) return form_error("rerun_frequency", "This field is required.");
  const auto hours = whole_number(text);
  if (!hours || *hours < 0) return form_error("rerun_frequency", "A valid integer is required.");
  const auto id = massive_id_of(request);
  const auto massive = id ? massives_.set_rerun(account, *id, *hours > 0 ? hours : std::nullopt, now()) : std::nullopt;
  if (!massive) return massive_not_found();
  return Response::json(200, massive_json(*massive, now()));
}

Response VoilaNorbertApi::reset_massive_rerun(const Request& request, const std::string& account) {
  const auto id = massive_id_of(request);
  const auto massive = id ? massives_.set_rerun(account, *id, std::nullopt, now()) : std::nullopt;
  if (!massive) return massive_not_found();
  return Response::json(200, massive_json(*massive, now()));
}

}  // namespace leadflow::voilanorbert_sim
