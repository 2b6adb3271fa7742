// Multipart parsing and file import; see file_import.hpp.
#include "file_import.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::verifalia_sim {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n\"");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n\"") - first + 1);
}

// The value of `key=` in a header value such as `form-data; name="settings"`.
std::string parameter(const std::string& header, const std::string& key) {
  const auto lowered = lowercase(header);
  auto at = lowered.find(key + "=");
  while (at != std::string::npos && at > 0 && lowered[at - 1] != ' ' && lowered[at - 1] != ';') at = lowered.find(key + "=", at + 1);
  if (at == std::string::npos) return "";
  auto value = header.substr(at + key.size() + 1);
  if (!value.empty() && value.front() == '"') return value.substr(1, value.find('"', 1) - 1);
  return trimmed(value.substr(0, value.find(';')));
}

std::vector<std::string> split_lines(const std::string& text, const std::string& line_ending) {
  std::vector<std::string> lines;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    const bool breaks = line_ending == "CrLf" ? crlf : line_ending == "Cr" ? c == '\r' : line_ending == "Lf" ? c == '\n' : (c == '\n' || c == '\r');
    if (!breaks) {
      current += c;
      continue;
    }
    if (crlf && line_ending != "Cr") ++i;
    lines.push_back(std::move(current));
    current.clear();
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

std::vector<std::string> split_cells(const std::string& line, const std::string& delimiter) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const auto at = line.find(delimiter, start);
    cells.push_back(line.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + delimiter.size();
  }
  return cells;
}

std::optional<long long> whole(const nlohmann::json& settings, const char* key) {
  if (!settings.contains(key)) return std::nullopt;
  if (!settings[key].is_number_integer() || settings[key].get<long long>() < 0) return -1;
  return settings[key].get<long long>();
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body) {
  const auto boundary = parameter(content_type, "boundary");
  if (boundary.empty()) return std::nullopt;
  const std::string delimiter = "--" + boundary;
  std::vector<FormPart> parts;
  auto at = body.find(delimiter);
  if (at == std::string::npos) return std::nullopt;
  while (true) {
    at += delimiter.size();
    if (body.compare(at, 2, "--") == 0) return parts;
    if (body.compare(at, 2, "\r\n") != 0) return std::nullopt;
    at += 2;
    const auto headers_end = body.find("\r\n\r\n", at);
    const auto next = body.find("\r\n" + delimiter, at);
    if (headers_end == std::string::npos || next == std::string::npos || headers_end > next) return std::nullopt;
    FormPart part;
    for (const auto& line : split_lines(body.substr(at, headers_end - at), "CrLf")) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      const auto name = lowercase(trimmed(line.substr(0, colon)));
      const auto value = line.substr(colon + 1);
      if (name == "content-disposition") part.name = parameter(value, "name");
      if (name == "content-type") {
        part.content_type = lowercase(trimmed(value.substr(0, value.find(';'))));
        part.charset = lowercase(parameter(value, "charset"));
      }
    }
    part.content = body.substr(headers_end + 4, next - headers_end - 4);
    parts.push_back(std::move(part));
    at = next + 2;
  }
}

std::variant<std::vector<std::string>, std::string> imported_addresses(const FormPart& file, const nlohmann::json& settings) {
  const auto starting_row = whole(settings, "startingRow"), ending_row = whole(settings, "endingRow"), column = whole(settings, "column");
  if (starting_row == -1 || ending_row == -1 || column == -1) return std::string("startingRow, endingRow and column must be zero-based whole numbers.");
  const auto line_ending = settings.value("lineEnding", std::string("Auto"));
  const std::string normalised = line_ending == "\r\n" ? "CrLf" : line_ending == "\r" ? "Cr" : line_ending == "\n" ? "Lf" : line_ending;
  if (normalised != "Auto" && normalised != "CrLf" && normalised != "Cr" && normalised != "Lf")
    return std::string("lineEnding must be CrLf, Cr, Lf or Auto.");
  const bool delimited = file.content_type != "text/plain";
  const auto delimiter = settings.value("delimiter", std::string(file.content_type == "text/tab-separated-values" ? "\t" : ","));
  if (delimiter.empty()) return std::string("delimiter must not be empty.");

  std::vector<std::string> addresses;
  const auto lines = split_lines(file.content, normalised);
  const auto first = std::size_t(starting_row.value_or(0));
  const auto last = ending_row ? std::size_t(*ending_row) : lines.size() - 1;
  for (std::size_t row = first; row < lines.size() && row <= last; ++row) {
    std::string cell = lines[row];
    if (delimited) {
      const auto cells = split_cells(lines[row], delimiter);
      const auto index = std::size_t(column.value_or(0));
      cell = index < cells.size() ? cells[index] : "";
    }
    cell = trimmed(cell);
    if (!cell.empty()) addresses.push_back(cell);
  }
  return addresses;
}

}  // namespace leadflow::verifalia_sim
