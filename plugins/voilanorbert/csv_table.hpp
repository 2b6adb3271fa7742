// The result files VoilaNorbert's verification and enrichment jobs download as application/csv:
// a header line naming the columns, then one line per email, RFC 4180 quoting. Read by column
// name, so a reordered or extended file still maps.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::voilanorbert {

using CsvRow = std::map<std::string, std::string>;

// The rows keyed by header names (trimmed, lower-cased); nullopt when the text is not a CSV with
// a header (no header, an unterminated quote).
std::optional<std::vector<CsvRow>> parse_csv(std::string_view text);

}  // namespace leadflow::voilanorbert
