// Contact lists; see list_book.hpp.
#include "list_book.hpp"

namespace leadflow::voilanorbert_sim {

ContactList ListBook::create(const std::string& account, const std::string& name, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  ContactList list{next_id_++, account, name, now_ms};
  lists_.emplace(list.id, list);
  return list;
}

std::optional<ContactList> ListBook::find(const std::string& account, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = lists_.find(id);
  if (it == lists_.end() || it->second.account != account) return std::nullopt;
  return it->second;
}

std::vector<ContactList> ListBook::all(const std::string& account) const {
  std::lock_guard lock(mutex_);
  std::vector<ContactList> found;
  for (auto it = lists_.rbegin(); it != lists_.rend(); ++it)
    if (it->second.account == account) found.push_back(it->second);
  return found;
}

std::optional<ContactList> ListBook::rename(const std::string& account, std::int64_t id, const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = lists_.find(id);
  if (it == lists_.end() || it->second.account != account) return std::nullopt;
  it->second.name = name;
  return it->second;
}

bool ListBook::remove(const std::string& account, std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto it = lists_.find(id);
  if (it == lists_.end() || it->second.account != account) return false;
  lists_.erase(it);
  return true;
}

void ListBook::clear() {
  std::lock_guard lock(mutex_);
  lists_.clear();
  next_id_ = 1;
}

}  // namespace leadflow::voilanorbert_sim
