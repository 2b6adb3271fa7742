// Contacts and their search delays; see contact_book.hpp.
#include "contact_book.hpp"

#include <leadflow/sandbox/name_folding.hpp>

namespace leadflow::voilanorbert_sim {
namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
  std::uint64_t hash = 14695981039346656037ull ^ seed;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

}  // namespace

SearchedContact ContactBook::search(const std::string& account, const std::string& name, const sandbox::Company& company,
                                    const sandbox::Person* person, std::int64_t now_ms, std::optional<std::int64_t> list_id,
                                    SearchSpeed speed) {
  const auto person_key = sandbox::fold_name(name) + "@" + company.domain;
  const auto key = account + "\n" + person_key;
  std::lock_guard lock(mutex_);
  if (auto known = id_by_key_.find(key); known != id_by_key_.end()) {
    auto& contact = contacts_.at(known->second);
    if (list_id) contact.lists.insert(*list_id);
    return {contact, false};
  }

  Contact contact;
  contact.id = next_id_++;
  contact.account = account;
  contact.name = name;
  contact.company = &company;
  contact.person = person;
  contact.created_ms = now_ms;
  contact.search_done_ms = speed == SearchSpeed::at_once ? now_ms : now_ms + search_ms(person_key);
  if (list_id) contact.lists.insert(*list_id);
  id_by_key_.emplace(key, contact.id);
  contacts_.emplace(contact.id, contact);
  return {contact, true};
}

std::int64_t ContactBook::search_ms(const std::string& person_key) const {
  if (fixed_search_ms_) return *fixed_search_ms_;
  return static_cast<std::int64_t>(5 + fnv1a(person_key, seed_) % 36) * 1000;
}

std::optional<Contact> ContactBook::find(const std::string& account, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = contacts_.find(id);
  if (it == contacts_.end() || it->second.account != account) return std::nullopt;
  return it->second;
}

std::vector<Contact> ContactBook::all(const std::string& account) const {
  std::lock_guard lock(mutex_);
  std::vector<Contact> found;
  for (const auto& [id, contact] : contacts_)
    if (contact.account == account) found.push_back(contact);
  return found;
}

std::size_t ContactBook::attach(const std::string& account, const std::vector<std::int64_t>& ids, std::int64_t list_id) {
  std::lock_guard lock(mutex_);
  std::size_t attached = 0;
  for (const auto id : ids) {
    auto it = contacts_.find(id);
    if (it != contacts_.end() && it->second.account == account && it->second.lists.insert(list_id).second) ++attached;
  }
  return attached;
}

void ContactBook::detach_all(std::int64_t list_id) {
  std::lock_guard lock(mutex_);
  for (auto& [id, contact] : contacts_) contact.lists.erase(list_id);
}

void ContactBook::erase(const std::string& account, const std::vector<std::int64_t>& ids) {
  std::lock_guard lock(mutex_);
  for (const auto id : ids) {
    auto it = contacts_.find(id);
    if (it == contacts_.end() || it->second.account != account) continue;
    std::erase_if(id_by_key_, [id](const auto& entry) { return entry.second == id; });
    contacts_.erase(it);
  }
}

void ContactBook::clear() {
  std::lock_guard lock(mutex_);
  id_by_key_.clear();
  contacts_.clear();
  next_id_ = 1001;
}

}  // namespace leadflow::voilanorbert_sim
