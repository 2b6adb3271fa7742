// Output columns named after what they read.
#include "io/output_column.hpp"

namespace leadflow::io {

std::vector<OutputColumn> columns_named(std::vector<std::string> names) {
  std::vector<OutputColumn> columns;
  columns.reserve(names.size());
  for (auto& name : names) columns.push_back({name, std::move(name)});
  return columns;
}

}  // namespace leadflow::io
