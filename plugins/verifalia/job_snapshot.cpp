// Reading job snapshots and entries pages; see job_snapshot.hpp.
#include "job_snapshot.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace leadflow::verifalia {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  // [d.]hh:mm:ss[.fraction]
  std::string_view rest = text;
  auto whole = [](std::string_view digits) -> std::optional<long long> {
    long long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
    return value;
  };
  long long days = 0;
  const auto first_colon = rest.find(':');
  if (first_colon == std::string_view::npos) return std::nullopt;
  if (const auto dot = rest.substr(0, first_colon).find('.'); dot != std::string_view::npos) {
    const auto d = whole(rest.substr(0, dot));
    if (!d) return std::nullopt;
    days = *d;
    rest.remove_prefix(dot + 1);
  }
  std::vector<std::string_view> parts;
  for (auto colon = rest.find(':'); colon != std::string_view::npos; colon = rest.find(':')) {
    parts.push_back(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() != 2) return std::nullopt;
  double fraction = 0;
  if (const auto dot = rest.find('.'); dot != std::string_view::npos) {
    const auto digits = rest.substr(dot + 1);
    const auto value = whole(digits);
    if (!value) return std::nullopt;
    fraction = double(*value) / std::pow(10.0, double(digits.size()));
    rest = rest.substr(0, dot);
  }
  const auto hours = whole(parts[0]), minutes = whole(parts[1]), seconds = whole(rest);
  if (!hours || !minutes || !seconds) return std::nullopt;
  const double total_s = double(((days * 24 + *hours) * 60 + *minutes) * 60 + *seconds) + fraction;
  return std::chrono::milliseconds(static_cast<long long>(total_s * 1000));
}

std::optional<EntriesPage> parse_entries_page(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("data") || !body["data"].is_array()) return std::nullopt;
  EntriesPage page;
  page.data = body["data"];
  if (body.contains("meta") && body["meta"].is_object()) {
    const auto& meta = body["meta"];
    page.truncated = meta.contains("isTruncated") && meta["isTruncated"].is_boolean() && meta["isTruncated"].get<bool>();
    if (meta.contains("cursor") && meta["cursor"].is_string()) page.cursor = meta["cursor"].get<std::string>();
  }
  if (page.truncated && page.cursor.empty()) return std::nullopt;  // no way to the next page
  return page;
}

std::optional<JobSnapshot> parse_snapshot(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("overview") || !body["overview"].is_object()) return std::nullopt;
  const auto& overview = body["overview"];
  if (!overview.contains("id") || !overview["id"].is_string() || !overview.contains("status") || !overview["status"].is_string())
    return std::nullopt;
  JobSnapshot snapshot;
  snapshot.id = overview["id"].get<std::string>();
  snapshot.status = overview["status"].get<std::string>();
  snapshot.overview = overview;
  if (overview.contains("noOfEntries") && overview["noOfEntries"].is_number_integer())
    snapshot.entry_count = overview["noOfEntries"].get<std::int64_t>();
  if (overview.contains("/progress/estimatedTimeRemaining"_json_pointer) &&
      overview["/progress/estimatedTimeRemaining"_json_pointer].is_string())
    snapshot.eta = parse_duration(overview["/progress/estimatedTimeRemaining"_json_pointer].get<std::string>());
  if (body.contains("entries") && !body["entries"].is_null()) {
    snapshot.entries = parse_entries_page(body["entries"]);
    if (!snapshot.entries) return std::nullopt;
  }
  return snapshot;
}

std::chrono::milliseconds poll_delay(const JobSnapshot& snapshot) {
  using std::chrono::milliseconds;
  if (snapshot.eta) return std::clamp(*snapshot.eta, milliseconds(500), milliseconds(30000));
  const double entries = double(std::max<std::int64_t>(snapshot.entry_count, 1));
  const double seconds = std::max(0.5, std::min(30.0, std::pow(2.0, std::log10(entries) - 1)));
  return milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace leadflow::verifalia
