// The result cache's key for a capability input: the same person or company written with other
// case, spacing, Unicode forms or URL decoration must find the result an earlier lookup paid for.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace leadflow::cache {

// Unicode NFKC with case folding (so "Ｃｙｒｉｌ" == "cyril", "Straße" == "strasse", a composed
// "É" == "E" + U+0301), trimmed, each inner run of whitespace (ASCII or Unicode: tabs, line
// breaks, U+00A0, U+2003, U+3000...) made one ASCII space. Text that is not valid UTF-8 comes
// back byte for byte as given: it cannot be normalised, and guessing could merge different inputs.
// THREAD: any thread.
std::string normalise_text(std::string_view text);

// The canonical text of a capability input object, used as the cache's input_key:
// - keys sorted; top-level string values normalised with normalise_text;
// - null values, and strings, arrays or objects that are empty (after normalisation), dropped,
//   so {"domain": ""} and {} are the same lookup;
// - "domain", "website" and "company_domain" also lose a leading "http://" or "https://", then
//   "www.", and any trailing "/" or "." ("https://www.Acme.com/" is "acme.com");
// - other values (numbers, booleans, nested arrays and objects) written as JSON, unchanged.
// The result is always valid UTF-8 and never throws for any JSON value: a byte that is not
// UTF-8 is written as \xNN, which no valid string's JSON text contains. A non-object input is
// written as JSON as it is.
// THREAD: any thread.
std::string lookup_key(const nlohmann::json& input);

}  // namespace leadflow::cache
