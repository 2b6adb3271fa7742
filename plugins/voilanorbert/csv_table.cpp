// A small RFC 4180 reader for the downloaded result files; see csv_table.hpp.
#include "csv_table.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::voilanorbert {
namespace {

std::optional<std::vector<std::vector<std::string>>> records_of(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  bool quoted = false, any = false;
  auto end_record = [&] {
    record.push_back(std::move(cell));
    cell.clear();
    const bool blank = record.size() == 1 && record.front().empty();
    if (!blank) records.push_back(std::move(record));
    record.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n') {
      end_record();
    } else if (c != '\r') {
      cell += c;
      any = true;
    }
  }
  if (quoted) return std::nullopt;
  if (any || !cell.empty()) end_record();
  return records;
}

std::string header_name(std::string text) {
  text.erase(0, text.find_first_not_of(" \t\xEF\xBB\xBF"));
  text.erase(text.find_last_not_of(" \t") + 1);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::optional<std::vector<CsvRow>> parse_csv(std::string_view text) {
  auto records = records_of(text);
  if (!records || records->empty()) return std::nullopt;
  std::vector<std::string> header;
  for (auto& name : records->front()) header.push_back(header_name(name));
  std::vector<CsvRow> rows;
  for (std::size_t r = 1; r < records->size(); ++r) {
    CsvRow row;
    const auto& record = (*records)[r];
    for (std::size_t i = 0; i < header.size() && i < record.size(); ++i) row[header[i]] = record[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace leadflow::voilanorbert
