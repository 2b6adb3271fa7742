// The contacts a VoilaNorbert account has searched. VoilaNorbert creates a contact per search and
// "if you search a second time for that same contact, we won't deduct a second credit", so the
// same normalised name at the same domain always maps to the same contact, whichever endpoint
// (name search, domain search, bulk search) created it.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leadflow::voilanorbert_sim {

struct Contact {
  std::int64_t id = 0;
  std::string account;
  std::string name;                                  // as first searched
  const sandbox::Company* company = nullptr;         // never null
  const sandbox::Person* person = nullptr;           // null: nobody of that name works there
  std::int64_t created_ms = 0;                       // virtual time
  std::int64_t search_done_ms = 0;                   // virtual time when `searching` turns false
  std::set<std::int64_t> lists;                      // ids of the lists it belongs to

  bool searching(std::int64_t now_ms) const { return now_ms < search_done_ms; }
  bool email_found(std::int64_t now_ms) const { return !searching(now_ms) && person && person->findable; }
};

// A search's contact, and whether this search created it (the domain search's `is_new`).
struct SearchedContact {
  Contact contact;
  bool is_new = false;
};

// How long the search of a new contact runs.
enum class SearchSpeed {
  modelled,  // 5 to 40 virtual seconds (or --job-ms): the asynchronous name search
  at_once    // done when created: the domain and bulk searches answer with finished contacts
};

// THREAD: safe from any thread.
class ContactBook {
 public:
  // `fixed_search_ms` (the simulator's --job-ms) replaces the model of how long searches take.
  explicit ContactBook(std::uint64_t seed, std::optional<std::int64_t> fixed_search_ms = std::nullopt)
      : seed_(seed), fixed_search_ms_(fixed_search_ms) {}

  // The account's contact for this name at this company, created now if it is new. Each contact
  // searches for a fixed 5 to 40 virtual seconds, derived from its name and domain, or for
  // exactly `fixed_search_ms` when given (0: the search is over when it is created). A list id
  // attaches the contact (new or not) to that list.
  SearchedContact search(const std::string& account, const std::string& name, const sandbox::Company& company,
                         const sandbox::Person* person, std::int64_t now_ms, std::optional<std::int64_t> list_id,
                         SearchSpeed speed = SearchSpeed::modelled);
  std::optional<Contact> find(const std::string& account, std::int64_t id) const;
  // Every contact of the account, oldest first.
  std::vector<Contact> all(const std::string& account) const;
  // Attaches the contacts to the list; returns how many were not on it yet.
  std::size_t attach(const std::string& account, const std::vector<std::int64_t>& ids, std::int64_t list_id);
  // Takes every contact off the list.
  void detach_all(std::int64_t list_id);
  // Removes the contacts: a later search of the same person creates (and charges) a new one.
  void erase(const std::string& account, const std::vector<std::int64_t>& ids);
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
