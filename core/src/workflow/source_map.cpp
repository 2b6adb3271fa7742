// Mapping scalar value bytes back to file positions; see source_map.hpp.
#include "workflow/source_map.hpp"

namespace leadflow::workflow {
namespace {

using Positions = std::vector<std::pair<int, int>>;

// Follows a plain value on its first line; stops where the file text and the value part ways.
Positions walk_plain(std::string_view line, int line_number, std::size_t pos, std::string_view value) {
  Positions positions;
  for (std::size_t i = 0; i < value.size() && pos < line.size() && line[pos] == value[i]; ++i, ++pos)
    positions.emplace_back(line_number, static_cast<int>(pos) + 1);
  return positions;
}

// In 'single quotes', '' stands for one quote.
Positions walk_single_quoted(std::string_view line, int line_number, std::size_t pos, std::string_view value) {
  Positions positions;
  for (std::size_t i = 0; i < value.size() && pos < line.size(); ++i) {
    const bool doubled_quote = value[i] == '\'' && line[pos] == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'';
    if (!doubled_quote && line[pos] != value[i]) break;
    positions.emplace_back(line_number, static_cast<int>(pos) + 1);
    pos += doubled_quote ? 2 : 1;
  }
  return positions;
}

std::size_t utf8_length(unsigned long code_point) {
  if (code_point < 0x80) return 1;
  if (code_point < 0x800) return 2;
  if (code_point < 0x10000) return 3;
  return 4;
}

// A "double quoted" escape: how many source bytes it spans and how many value bytes it makes.
struct Escape {
  std::size_t source_length = 0;
  std::size_t value_length = 0;
};

Escape read_escape(std::string_view line, std::size_t pos) {
  if (pos + 1 >= line.size()) return {};  // a line continuation: not followed
  const char kind = line[pos + 1];
  const std::size_t hex_digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
  if (hex_digits > 0) {
    if (pos + 2 + hex_digits > line.size()) return {};
    const unsigned long code_point = std::stoul(std::string(line.substr(pos + 2, hex_digits)), nullptr, 16);
    return {2 + hex_digits, utf8_length(code_point)};
  }
  if (kind == 'N' || kind == '_') return {2, 2};  // U+0085, U+00A0
  if (kind == 'L' || kind == 'P') return {2, 3};  // U+2028, U+2029
  return {2, 1};
}

Positions walk_double_quoted(std::string_view line, int line_number, std::size_t pos, std::string_view value) {
  Positions positions;
  std::size_t i = 0;
  while (i < value.size() && pos < line.size()) {
    if (line[pos] == '\\') {
      Escape escape;
      try {
        escape = read_escape(line, pos);
      } catch (const std::exception&) {
        break;  // not hex after all: let the rest fall back
      }
      if (escape.source_length == 0) break;
      for (std::size_t k = 0; k < escape.value_length && i < value.size(); ++k, ++i)
        positions.emplace_back(line_number, static_cast<int>(pos) + 1);
      pos += escape.source_length;
      continue;
    }
    if (line[pos] != value[i]) break;
    positions.emplace_back(line_number, static_cast<int>(pos) + 1);
    ++i;
    ++pos;
  }
  return positions;
}

// A | literal block: value line k is the end of file line (block line + 1 + k), after its indentation.
Positions walk_literal_block(const std::vector<std::string_view>& lines, int block_line, std::string_view value) {
  Positions positions;
  std::size_t line_index = static_cast<std::size_t>(block_line);  // 0-based index of the first content line
  std::size_t begin = 0;
  while (begin < value.size() && line_index < lines.size()) {
    std::size_t end = value.find('\n', begin);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view value_line = value.substr(begin, end - begin);
    const std::string_view source_line = lines[line_index];
    if (source_line.size() < value_line.size() || source_line.substr(source_line.size() - value_line.size()) != value_line) break;
    const int line_number = static_cast<int>(line_index) + 1;
    const std::size_t first_column = source_line.size() - value_line.size() + 1;
    for (std::size_t k = 0; k < value_line.size(); ++k) positions.emplace_back(line_number, static_cast<int>(first_column + k));
    if (end < value.size()) positions.emplace_back(line_number, static_cast<int>(source_line.size()) + 1);  // the newline
    begin = end + 1;
    ++line_index;
  }
  return positions;
}

}  // namespace

std::vector<std::string_view> SourceMap::lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

SourceMap::SourceMap(SourceLocation start) : start_(std::move(start)) {}

SourceMap::SourceMap(SourceLocation start, std::vector<std::pair<int, int>> positions, std::size_t value_size)
    : start_(std::move(start)), linear_(false), positions_(std::move(positions)), value_size_(value_size) {}

SourceMap SourceMap::of_scalar(const std::vector<std::string_view>& lines, SourceLocation start, std::string_view value) {
  if (start.line <= 0 || start.column <= 0 || static_cast<std::size_t>(start.line) > lines.size()) return SourceMap(start);
  const std::string_view line = lines[start.line - 1];
  const std::size_t pos = static_cast<std::size_t>(start.column - 1);
  if (pos >= line.size()) return SourceMap(start);

  Positions positions;
  switch (line[pos]) {
    case '"': positions = walk_double_quoted(line, start.line, pos + 1, value); break;
    case '\'': positions = walk_single_quoted(line, start.line, pos + 1, value); break;
    case '|': positions = walk_literal_block(lines, start.line, value); break;
    default: positions = walk_plain(line, start.line, pos, value); break;
  }
  return SourceMap(std::move(start), std::move(positions), value.size());
}

SourceLocation SourceMap::at(std::size_t offset) const {
  if (start_.line <= 0) return start_;
  if (linear_) return {start_.file, start_.line, start_.column + static_cast<int>(offset)};
  if (offset < positions_.size()) return {start_.file, positions_[offset].first, positions_[offset].second};
  const bool just_past_the_end = offset == value_size_ && positions_.size() == value_size_ && !positions_.empty();
  if (just_past_the_end) return {start_.file, positions_.back().first, positions_.back().second + 1};
  return start_;
}

SourceMap SourceMap::derived(const std::vector<std::size_t>& origin) const {
  Positions positions;
  positions.reserve(origin.size());
  for (std::size_t from : origin) {
    const SourceLocation where = at(from);
    positions.emplace_back(where.line, where.column);
  }
  return SourceMap(start_, std::move(positions), origin.size());
}

}  // namespace leadflow::workflow
