// verifalia.submit_file: multipart POST /email-validations with the `inputFile` part (its MIME
// type from the extension) and the `settings` part (job options and the format's import
// settings). The file is read when the operation starts; the job id is checkpointed at once.
#include "submit_file.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <variant>

#include "api_call.hpp"
#include "job_snapshot.hpp"
#include "problem_details.hpp"
#include "unit_price.hpp"

namespace leadflow::verifalia {
namespace {

using sdk::ErrorCode;

std::string input_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key) || !input[key].is_string()) return "";
  return input[key].get<std::string>();
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

// The MIME types the docs list for plain text and delimiter-separated files. Excel files are
// binary and leadflow's inputs are text, so they are not offered here.
std::string content_type_of(const std::string& path) {
  const auto dot = path.rfind('.');
  const auto extension = dot == std::string::npos ? "" : lowercase(path.substr(dot + 1));
  if (extension == "txt") return "text/plain";
  if (extension == "csv") return "text/csv";
  if (extension == "tsv" || extension == "tab") return "text/tab-separated-values";
  return "";
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string file_name_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The settings part: the job options of the config, then the input's import settings.
std::variant<nlohmann::json, std::string> settings_part(const Settings& settings, const nlohmann::json& input) {
  nlohmann::json part = nlohmann::json::object();
  if (!settings.quality.empty()) part["quality"] = settings.quality;
  if (!settings.deduplication.empty()) part["deduplication"] = settings.deduplication;
  if (settings.priority) part["priority"] = *settings.priority;
  if (!settings.retention.empty()) part["retention"] = settings.retention;
  const auto name = input_text(input, "name");
  if (!name.empty() || !settings.job_name.empty()) part["name"] = name.empty() ? settings.job_name : name;
  if (!settings.callback_url.empty()) part["callback"] = {{"url", settings.callback_url}, {"version", "1.1"}};
  for (const auto& [key, field] : {std::pair{"startingRow", "starting_row"}, std::pair{"endingRow", "ending_row"}, std::pair{"column", "column"}}) {
    const auto text = input_text(input, field);
    if (text.empty()) continue;
    long long value = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0)
      return std::string("verifalia.submit_file's ") + field + " must be a whole number (zero-based).";
    part[key] = value;
  }
  if (const auto delimiter = input_text(input, "delimiter"); !delimiter.empty()) part["delimiter"] = delimiter;
  if (const auto line_ending = input_text(input, "line_ending"); !line_ending.empty()) {
    if (line_ending != "Auto" && line_ending != "CrLf" && line_ending != "Cr" && line_ending != "Lf")
      return std::string("verifalia.submit_file's line_ending must be Auto, CrLf, Cr or Lf.");
    part["lineEnding"] = line_ending;
  }
  return part;
}

// A request or the reason it cannot be made.
std::variant<ApiRequest, sdk::Outcome> file_request(const Settings& settings, const nlohmann::json& input, double unit_price) {
  const auto path = input_text(input, "path");
  if (path.empty()) return sdk::fail(ErrorCode::invalid_input, "verifalia.submit_file needs path, the file to upload.");
  auto content_type = input_text(input, "content_type");
  if (content_type.empty()) content_type = content_type_of(path);
  if (content_type != "text/plain" && content_type != "text/csv" && content_type != "text/tab-separated-values")
    return sdk::fail(ErrorCode::invalid_input, "verifalia.submit_file uploads .txt, .csv and .tsv files (text/plain, text/csv, "
                                               "text/tab-separated-values); " + path + " is none of them.");
  const auto content = read_whole_file(path);
  if (!content) return sdk::fail(ErrorCode::invalid_input, "verifalia.submit_file cannot read " + path + ".");
  auto part = settings_part(settings, input);
  if (auto* problem = std::get_if<std::string>(&part)) return sdk::fail(ErrorCode::invalid_input, *problem);
  const auto lines = std::count(content->begin(), content->end(), '\n') + 1;
  const auto [form_type, body] = multipart_form({FilePart{"settings", "", "application/json", std::get<nlohmann::json>(part).dump()},
                                                FilePart{"inputFile", file_name_of(path), content_type, *content}});
  return ApiRequest{
      .method = "POST",
      .path = "/email-validations?waitTime=" + std::to_string(settings.submission_wait.count()),
      .body = body,
      .content_type = form_type,
      .expected_cost = unit_price * double(lines),  // at most one address a line
      .repeatable = false,
      .timeout = settings.submission_wait + std::chrono::seconds(60),
      .what = "the file submission (POST /email-validations, multipart)",
  };
}

nlohmann::json checkpoint_for(const std::string& job_id) { return {{"job_id", job_id}}; }

nlohmann::json resumed_output(const nlohmann::json& checkpoint) {
  return {{"status", "submitted"}, {"job_id", checkpoint["job_id"]}, {"raw", checkpoint}};
}

nlohmann::json submitted_output(const JobSnapshot& snapshot) {
  return {{"status", snapshot.completed() ? "completed" : "submitted"},
          {"job_id", snapshot.id},
          {"job_status", snapshot.status},
          {"no_of_entries", snapshot.entry_count},
          {"raw", snapshot.overview}};
}

}  // namespace

std::pair<std::string, std::string> multipart_form(const std::vector<FilePart>& parts) {
  std::string boundary = "leadflow-verifalia-boundary";
  for (int n = 0; std::any_of(parts.begin(), parts.end(), [&](const FilePart& p) { return p.content.find(boundary) != std::string::npos; });
       ++n)
    boundary = "leadflow-verifalia-boundary-" + std::to_string(n);
  std::string body;
  for (const auto& part : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += "\r\nContent-Type: " + part.content_type + "\r\n\r\n";
    body += part.content + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {"multipart/form-data; boundary=" + boundary, body};
}

sdk::Task submit_file(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  if (const auto checkpointed = op.checkpoint(); checkpointed.is_object() && checkpointed.contains("job_id")) {
    // Submitted before a crash: report that job rather than uploading (and paying) again.
    op.log(sdk::LogLevel::info, "verifalia.submit_file was already submitted as job " + checkpointed["job_id"].dump() + ".");
    co_return sdk::done(resumed_output(checkpointed), 0);
  }
  const double unit_price = documented_unit_price(settings.quality).value_or(1);
  auto prepared = file_request(settings, op.input(), unit_price);
  if (auto* refusal = std::get_if<sdk::Outcome>(&prepared)) co_return *refusal;
  ApiCall call(settings, session, std::get<ApiRequest>(std::move(prepared)));
  for (auto next = call.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = call.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(call.wait());
    else call.receive(co_await op.http(call.request()), op.now_unix_ms());
  }
  if (call.failure()) co_return *call.failure();
  const auto& response = call.response();
  if (response.status() != 200 && response.status() != 202) co_return failure_for(response, "the file submission");
  const auto snapshot = parse_snapshot(response.json().value_or(nlohmann::json()));
  if (!snapshot) co_return unreadable(response, "the file submission");
  co_await op.save_checkpoint(checkpoint_for(snapshot->id));
  co_return sdk::done(submitted_output(*snapshot), unit_price * double(snapshot->entry_count));
}

}  // namespace leadflow::verifalia
