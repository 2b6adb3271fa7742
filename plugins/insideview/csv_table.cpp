// An RFC 4180 reader for the job results; see csv_table.hpp.
#include "csv_table.hpp"

namespace leadflow::insideview {
namespace {

using Record = std::vector<std::string>;

// Splits the text into records of cells. Blank lines are skipped.
std::variant<std::vector<Record>, CsvError> records_of(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Record> records;
  Record record;
  std::string cell;
  bool quoted = false;       // inside a quoted cell
  bool cell_started = false;  // the current cell has content or quotes
  std::size_t line = 1;
  const auto end_cell = [&] {
    record.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  const auto end_record = [&] {
    end_cell();
    if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else {
      cell += c;  // a stray quote inside an unquoted cell is kept as text
      cell_started = true;
    }
  }
  if (quoted) return CsvError{"a quoted cell opened before line " + std::to_string(line) + " is never closed"};
  if (cell_started || !cell.empty() || !record.empty()) end_record();
  return records;
}

}  // namespace

std::variant<CsvTable, CsvError> parse_csv(std::string_view text) {
  auto parsed = records_of(text);
  if (auto* error = std::get_if<CsvError>(&parsed)) return *error;
  auto& records = std::get<std::vector<Record>>(parsed);
  if (records.empty()) return CsvError{"the file is empty: no header row"};
  CsvTable table;
  table.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    const auto& cells = records[r];
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto name = c < table.header.size() && !table.header[c].empty() ? table.header[c] : "column_" + std::to_string(c + 1);
      row[name] = cells[c];
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace leadflow::insideview
