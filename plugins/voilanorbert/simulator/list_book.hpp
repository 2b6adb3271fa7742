// The account's contact lists (GET/POST /lists/, GET/PUT/POST /lists/{id}). A list set to
// deletion ("removed=1") disappears from every answer.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::voilanorbert_sim {

struct ContactList {
  std::int64_t id = 0;
  std::string account;
  std::string name;
  std::int64_t created_ms = 0;
};

// THREAD: safe from any thread.
class ListBook {
 public:
  ContactList create(const std::string& account, const std::string& name, std::int64_t now_ms);
  std::optional<ContactList> find(const std::string& account, std::int64_t id) const;
  // Newest first, as the docs' example lists them.
  std::vector<ContactList> all(const std::string& account) const;
  std::optional<ContactList> rename(const std::string& account, std::int64_t id, const std::string& name);
  bool remove(const std::string& account, std::int64_t id);
  void clear();

 private:
  mutable std::mutex mutex_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, ContactList> lists_;
};

}  // namespace leadflow::voilanorbert_sim
