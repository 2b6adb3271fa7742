// Snov.io's v1 Email Finder: get-emails-from-names only knows what was searched before. "If we
// don't have this email address in our database, we won't be able to provide the results to you
// right away": until add-names-to-find-emails pushed the name, the answer is not_found; then the
// search runs for a while (in_progress) and ends complete with the email, or not_found.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace leadflow::snov_sim {

struct NameQuery {
  std::string first_name;
  std::string last_name;
  std::string domain;
};

// THREAD: not thread-safe; the simulator serialises its routes.
class EmailFinder {
 public:
  EmailFinder(const sandbox::FakeWorld& world, std::uint64_t seed, std::optional<std::int64_t> job_ms)
      : world_(world), seed_(seed), job_ms_(job_ms) {}

  // The body of get-emails-from-names.
  nlohmann::json lookup(const std::string& account, const NameQuery& query, std::int64_t now_ms) const;
  // add-names-to-find-emails: starts the search (once per name; pushing it again changes nothing).
  void add(const std::string& account, const NameQuery& query, std::int64_t now_ms);
  void clear() { searches_.clear(); }

 private:
  std::string key_of(const std::string& account, const NameQuery& query) const;

  const sandbox::FakeWorld& world_;
  std::uint64_t seed_;
  std::optional<std::int64_t> job_ms_;
  std::map<std::string, std::int64_t> searches_;  // key -> virtual time the search is over
};

}  // namespace leadflow::snov_sim
