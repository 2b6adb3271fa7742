// The contacts a VoilaNorbert account has searched. VoilaNorbert creates a contact per search and
// "if you search a second time for that same contact, we won't deduct a second credit", so the
// same normalised name at the same domain always maps to the same contact.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace leadflow::voilanorbert_sim {

struct Contact {
  std::int64_t id = 0;
  std::string account;
  std::string name;                                  // as first searched
  const sandbox::Company* company = nullptr;         // never null
  const sandbox::Person* person = nullptr;           // null: nobody of that name works there
  std::int64_t created_ms = 0;                       // virtual time
  std::int64_t search_done_ms = 0;                   // virtual time when `searching` turns false
  std::optional<std::int64_t> list_id;

  bool searching(std::int64_t now_ms) const { return now_ms < search_done_ms; }
  bool email_found(std::int64_t now_ms) const { return !searching(now_ms) && person && person->findable; }
};

// THREAD: safe from any thread.
class ContactBook {
 public:
  // `fixed_search_ms` (the simulator's --job-ms) replaces the model of how long searches take.
  explicit ContactBook(std::uint64_t seed, std::optional<std::int64_t> fixed_search_ms = std::nullopt)
      : seed_(seed), fixed_search_ms_(fixed_search_ms) {}

  // The account's contact for this name at this company, created now if it is new. Each contact
  // searches for a fixed 5 to 40 virtual seconds, derived from its name and domain, or for
  // exactly `fixed_search_ms` when given (0: the search is over when it is created).
  Contact search(const std::string& account, const std::string& name, const sandbox::Company& company,
                 const sandbox::Person* person, std::int64_t now_ms, std::optional<std::int64_t> list_id);
  std::optional<Contact> find(const std::string& account, std::int64_t id) const;
  void clear();

 private:
  std::int64_t search_ms(const std::string& person_key) const;

  std::uint64_t seed_;
  std::optional<std::int64_t> fixed_search_ms_;
  mutable std::mutex mutex_;
  std::int64_t next_id_ = 1001;
  std::map<std::string, std::int64_t> id_by_key_;  // account + folded name + domain
  std::map<std::int64_t, Contact> contacts_;
};

}  // namespace leadflow::voilanorbert_sim
