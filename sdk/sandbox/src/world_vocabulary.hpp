// The fixed word lists the fake world is generated from. Changing them changes every world, so
// append only (tests and example lead lists depend on seed 42's world).
#pragma once

#include <span>
#include <string_view>

namespace leadflow::sandbox::vocabulary {

std::span<const std::string_view> first_names();
std::span<const std::string_view> last_names();
std::span<const std::string_view> company_first_words();
std::span<const std::string_view> company_second_words();
std::span<const std::string_view> legal_suffixes();  // "" = none; appended to a company name
std::span<const std::string_view> job_titles();
std::span<const std::string_view> email_patterns();   // "first.last", "flast", ...

}  // namespace leadflow::sandbox::vocabulary
