// The JSON bodies VoilaNorbert documents (contact, account, organization, credits), filled from
// the simulator's state. Field names and nesting follow the API reference exactly.
#pragma once

#include "contact_book.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace leadflow::voilanorbert_sim {

// `email` is null while searching and when nothing was found; otherwise
// {avatar_url, email, is_done, score}: 100 on a normal domain, 80 on a catch-all one (an
// address built from the domain's pattern that the mail server could not confirm).
nlohmann::json contact_json(const Contact& contact, std::int64_t now_ms);
nlohmann::json account_json(const std::string& api_token, std::int64_t credits_remaining, std::int64_t credits_total);
nlohmann::json organization_json(std::int64_t credits_remaining, std::int64_t credits_total);
nlohmann::json credits_json(std::int64_t credits_remaining, std::int64_t credits_total);

}  // namespace leadflow::voilanorbert_sim
