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

// The details pass (FakeWorld::add_details) draws from these.
struct Industry {
  std::string_view second_word;  // the company name's second word, slugged ("robotics")
  std::string_view name;
  std::string_view naf5_code;
  std::string_view naf5_des;
};
const Industry& industry_of(std::string_view second_word);
std::span<const std::string_view> street_names();
std::span<const std::string_view> cities();
std::span<const std::string_view> head_count_bands();
std::span<const std::string_view> webmail_domains();
std::span<const std::string_view> disposable_domains();
std::span<const std::string_view> role_local_parts();  // "info", "contact", "sales", ...

}  // namespace leadflow::sandbox::vocabulary
