// Reading suppression list files; see suppression_file.hpp. The CSV side reuses io's CSV reader,
// so exports with quoted cells, CRLF line ends or a BOM read the same as lead lists do.
#include "suppression/suppression_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/record_reader.hpp"
#include "suppression/address_key.hpp"
#include "suppression/suppression_error.hpp"

namespace leadflow::suppression {
namespace {

constexpr std::array email_headers = {std::string_view("email"), std::string_view("e-mail"),
                                      std::string_view("email address"), std::string_view("email_address")};
constexpr std::string_view domain_header = "domain";
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

struct ListLine {
  std::uint64_t number = 0;
  std::streamoff offset = 0;  // where the line starts in the file
  std::streamoff next_offset = 0;
  std::string raw;
  std::string_view text;  // into raw: without its comment, trimmed
};

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return lower;
}

bool is_email_header(std::string_view name) {
  const std::string lower = lowercase(trimmed(name));
  return std::find(email_headers.begin(), email_headers.end(), lower) != email_headers.end();
}

bool is_domain_header(std::string_view name) { return lowercase(trimmed(name)) == domain_header; }

std::ifstream open_list_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw Error(fmt::format("{}: the suppression list does not exist; check the path (relative paths start from {})",
                            path.string(), std::filesystem::current_path(ec).string()));
  }
  if (std::filesystem::is_directory(status)) {
    throw Error(fmt::format("{}: this is a directory; give the path of a suppression list file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(fmt::format("{}: the suppression list cannot be opened ({}); check its permissions", path.string(),
                            std::strerror(errno)));
  }
  return in;
}

// The line without its comment, trimmed: '#' starts a comment at the start or after a blank.
std::string_view without_comment(std::string_view line) {
  for (auto hash = line.find('#'); hash != std::string_view::npos; hash = line.find('#', hash + 1)) {
    if (hash == 0 || line[hash - 1] == ' ' || line[hash - 1] == '\t') return trimmed(line.substr(0, hash));
  }
  return trimmed(line);
}

// Reads up to the next line that holds anything but blanks and comments; false at the end.
// Offsets are counted rather than asked of the stream: tellg is a system call per line.
bool next_list_line(std::istream& in, ListLine& line) {
  while (std::getline(in, line.raw)) {
    line.offset = line.next_offset;
    line.next_offset += static_cast<std::streamoff>(line.raw.size()) + 1;
    ++line.number;
    std::string_view text = line.raw;
    if (line.number == 1 && text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
    line.text = without_comment(text);
    if (!line.text.empty()) return true;
  }
  return false;
}

char header_delimiter(std::string_view line) {
  for (const char candidate : {',', ';', '\t'}) {
    if (line.find(candidate) != std::string_view::npos) return candidate;
  }
  return ',';
}

// The delimiter when `line` is a CSV header naming an email or domain column; nullopt otherwise.
std::optional<char> csv_header_delimiter(std::string_view line) {
  const char delimiter = header_delimiter(line);
  std::size_t start = 0;
  while (start <= line.size()) {
    const auto end = std::min(line.find(delimiter, start), line.size());
    std::string_view cell = trimmed(line.substr(start, end - start));
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
    if (is_email_header(cell) || is_domain_header(cell)) return delimiter;
    start = end + 1;
  }
  return std::nullopt;
}

bool is_csv_path(const std::filesystem::path& path) {
  const std::string extension = lowercase(path.extension().string());
  return extension == ".csv" || extension == ".tsv";
}

struct EntryColumn {
  std::string name;
  EntrySource source;
};

std::vector<EntryColumn> entry_columns(const std::vector<std::string>& header) {
  std::vector<EntryColumn> columns;
  for (const auto& name : header) {
    if (is_email_header(name)) columns.push_back({name, EntrySource::email_column});
    if (is_domain_header(name)) columns.push_back({name, EntrySource::domain_column});
  }
  return columns;
}

bool is_comment_row(const io::InputRow& row) {
  if (row.fields.empty()) return false;
  const auto& first = row.fields.begin().value();
  return first.is_string() && trimmed(first.get_ref<const std::string&>()).starts_with('#');
}

// Reads the CSV whose header is `header_line`; line numbers stay those of the whole file.
void read_csv_entries(const std::filesystem::path& path, const ListLine& header_line, char delimiter,
                      const std::function<void(const EntryText&)>& sink) {
  auto in = std::make_unique<std::ifstream>(open_list_file(path));
  in->seekg(header_line.offset);
  const std::uint64_t lines_before_header = header_line.number - 1;
  try {
    auto reader = io::open_csv_reader(std::move(in), delimiter, path.string());
    const auto columns = entry_columns(reader->columns());
    io::InputRow row;
    while (reader->next(row)) {
      const std::uint64_t line = row.line + lines_before_header;
      if (is_comment_row(row)) continue;
      if (!row.error.empty()) throw Error(fmt::format("{}:{}: {}", path.string(), line, row.error));
      for (const auto& column : columns) {
        const std::string& text = row.fields[column.name].get_ref<const std::string&>();
        if (!trimmed(text).empty()) sink({line, text, column.source});
      }
    }
  } catch (const io::Error& error) {
    throw Error(error.what());
  }
}

}  // namespace

void read_entry_texts(const std::filesystem::path& path, const std::function<void(const EntryText&)>& sink) {
  std::ifstream in = open_list_file(path);
  ListLine line;
  if (!next_list_line(in, line)) return;
  if (const auto delimiter = csv_header_delimiter(line.text)) return read_csv_entries(path, line, *delimiter, sink);
  if (is_csv_path(path)) {
    throw Error(fmt::format("{}:{}: the header has no email or domain column; name the column of addresses email "
                            "and the column of whole domains domain",
                            path.string(), line.number));
  }
  do {
    sink({line.number, line.text, EntrySource::line});
  } while (next_list_line(in, line));
  if (in.bad()) {
    throw Error(fmt::format("{}: reading failed near line {}; check that the file is still there and readable",
                            path.string(), line.number));
  }
}

}  // namespace leadflow::suppression
