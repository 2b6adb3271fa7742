// The JSON bodies VoilaNorbert documents (contact, list, bulk search, verification and enrichment
// jobs, account, organization, credits), filled from the simulator's state. Field names and
// nesting follow the API reference exactly, typos included (the bulk search's "rerun_lasttime").
#pragma once

#include "contact_book.hpp"
#include "list_book.hpp"
#include "massive_jobs.hpp"
#include "upload_jobs.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace leadflow::voilanorbert_sim {

// `email` is null while searching and when nothing was found; otherwise
// {avatar_url, email, is_done, score}: 100 on a normal domain, 80 on a catch-all one (an
// address built from the domain's pattern that the mail server could not confirm).
nlohmann::json contact_json(const Contact& contact, std::int64_t now_ms);
// The search credits and the two separate balances (verify, enrich) of one account.
struct Balances {
  std::int64_t credits_remaining = 0;
  std::int64_t credits_total = 0;
  std::int64_t verify_remaining = 0;
  std::int64_t verify_processed = 0;
  std::int64_t enrich_remaining = 0;
  std::int64_t enrich_processed = 0;
};

nlohmann::json list_json(const ContactList& list, std::size_t contacts);
// The docs spell the last rerun "rerun_lasttime" in a single bulk search and "rerun_last_time"
// in the listing; `in_listing` picks the spelling.
nlohmann::json massive_json(const Massive& massive, std::int64_t now_ms, bool in_listing = false);
// The job status object; `verdict_counts` {deliverables, risky, bounces} for a verification,
// {success} for an enrichment, over the entries treated so far.
nlohmann::json upload_job_json(const UploadJob& job, std::int64_t now_ms, const nlohmann::json& counts);
nlohmann::json account_json(const std::string& api_token, const Balances& balances);
nlohmann::json organization_json(std::int64_t credits_remaining, std::int64_t credits_total);
nlohmann::json credits_json(std::int64_t credits_remaining, std::int64_t credits_total);

}  // namespace leadflow::voilanorbert_sim
