// Finds the value an output column names in a record: the exact key first, then a dotted path
// into nested objects, so a step's result ("find": {"email": ...}) can be a flat CSV column.
#pragma once

#include <string_view>

#include "io/record.hpp"

namespace leadflow::io {

// The value, or nullptr when the record has nothing under that name. "find.email" matches
// record["find.email"], then record["find"]["email"]; a key that itself contains dots is
// found too ("a.b.c" -> record["a"]["b.c"]).
const Record* find_column(const Record& record, std::string_view column);

}  // namespace leadflow::io
