// Where each byte of a YAML scalar's value sits in the file, so a problem inside a value (a bad
// ${...} or {{...}}) is reported at its exact column even in quoted or interpolated text.
#pragma once

#include "workflow/source_location.hpp"

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace leadflow::workflow {

class SourceMap {
 public:
  SourceMap() = default;

  // Byte i of the value sits at start.column + i on start.line (a plain one-line value).
  explicit SourceMap(SourceLocation start);

  // Byte i of a value of value_size bytes sits at positions[i] ({line, column}); bytes that
  // positions does not cover sit at `start`.
  SourceMap(SourceLocation start, std::vector<std::pair<int, int>> positions, std::size_t value_size);

  // Locates a scalar by reading the file text at the scalar's start: plain, 'single' and
  // "double" quoted one-line values and | literal blocks are mapped byte by byte; anything the
  // walk cannot follow (folded lines, tags, unusual escapes) falls back to the scalar's start.
  // `file_lines` is the file split by lines_of().
  static SourceMap of_scalar(const std::vector<std::string_view>& file_lines, SourceLocation start, std::string_view value);

  // The file's lines without their line endings, for of_scalar.
  static std::vector<std::string_view> lines_of(std::string_view file_text);

  // The location of byte `offset` of the value. One past the end is the column after the last byte.
  SourceLocation at(std::size_t offset) const;

  // The map of a value derived from this one, where derived byte i came from byte origin[i].
  SourceMap derived(const std::vector<std::size_t>& origin) const;

  const SourceLocation& start() const { return start_; }

 private:
  SourceLocation start_;
  bool linear_ = true;
  std::vector<std::pair<int, int>> positions_;
  std::size_t value_size_ = 0;
};

}  // namespace leadflow::workflow
