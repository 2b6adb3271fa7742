// Snov.io profiles in leadflow's words; see profile_mapping.hpp.
#include "profile_mapping.hpp"

#include "status_mapping.hpp"

#include <string>

namespace leadflow::snov {
namespace {

std::string text_at(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

void put(nlohmann::json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

// The first current job: get-profile-by-email says currentJobs, the URL search currentJob.
nlohmann::json current_job(const nlohmann::json& profile) {
  for (const char* key : {"currentJobs", "currentJob"})
    if (profile.contains(key) && profile[key].is_array() && !profile[key].empty() && profile[key][0].is_object()) return profile[key][0];
  return nlohmann::json::object();
}

std::string social_link(const nlohmann::json& profile, const std::string& type) {
  if (!profile.contains("social") || !profile["social"].is_array()) return "";
  for (const auto& link : profile["social"])
    if (link.is_object() && text_at(link, "type") == type) return text_at(link, "link");
  return "";
}

std::string domain_of(std::string site) {
  for (const char* scheme : {"https://", "http://"})
    if (site.starts_with(scheme)) site.erase(0, std::string_view(scheme).size());
  if (site.starts_with("www.")) site.erase(0, 4);
  return site.substr(0, site.find('/'));
}

}  // namespace

nlohmann::json enrich_output(const nlohmann::json& profile, const nlohmann::json& raw) {
  nlohmann::json out{{"status", "found"}};
  const auto job = current_job(profile);
  put(out, "first_name", text_at(profile, "firstName"));
  put(out, "last_name", text_at(profile, "lastName"));
  put(out, "full_name", text_at(profile, "name"));
  put(out, "title", text_at(job, "position"));
  put(out, "linkedin_url", social_link(profile, "linkedIn"));
  put(out, "twitter", social_link(profile, "twitter"));
  put(out, "company", text_at(job, "companyName"));
  put(out, "website", text_at(job, "site"));
  put(out, "domain", domain_of(text_at(job, "site")));
  put(out, "company_linkedin_url", text_at(job, "socialLink"));
  put(out, "industry", text_at(job, "industry").empty() ? text_at(profile, "industry") : text_at(job, "industry"));
  put(out, "nb_employees", text_at(job, "size"));
  put(out, "country", text_at(profile, "country"));
  put(out, "city", text_at(profile, "locality"));
  if (profile.contains("emails") && profile["emails"].is_array())
    for (const auto& email : profile["emails"])
      if (!text_at(email, "email").empty()) {
        out["email"] = text_at(email, "email");
        out["email_status"] = email_status_of(text_at(email, "status"));
        break;
      }
  if (profile.contains("id") && !profile["id"].is_null()) out["snov_id"] = profile["id"].is_string() ? profile["id"] : nlohmann::json(profile["id"].dump());
  out["raw"] = raw;
  return out;
}

}  // namespace leadflow::snov
