// Column lookup for writers: exact key, then every way of splitting the name at its dots.
#include "io/column_lookup.hpp"

#include <string>

namespace leadflow::io {

const Record* find_column(const Record& record, std::string_view column) {
  if (!record.is_object()) return nullptr;
  if (auto exact = record.find(std::string(column)); exact != record.end()) return &*exact;
  for (auto dot = column.find('.'); dot != std::string_view::npos; dot = column.find('.', dot + 1)) {
    auto parent = record.find(std::string(column.substr(0, dot)));
    if (parent == record.end() || !parent->is_object()) continue;
    if (const Record* found = find_column(*parent, column.substr(dot + 1))) return found;
  }
  return nullptr;
}

}  // namespace leadflow::io
