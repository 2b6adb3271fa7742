// Open addressing with linear probing over a power-of-two table kept at most half full, so probe
// sequences stay short; see key_table.hpp for why not std::unordered_map.
#include "suppression/key_table.hpp"

#include <functional>
#include <limits>

#include "suppression/suppression_error.hpp"

namespace leadflow::suppression {
namespace {

constexpr std::size_t initial_slots = 64;
constexpr std::uint64_t max_32 = std::numeric_limits<std::uint32_t>::max();

std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

std::uint64_t tag_of(std::uint64_t hash) { return hash >> 32; }
std::uint64_t tag_of_slot(std::uint64_t slot) { return slot >> 32; }
std::size_t entry_index(std::uint64_t slot) { return static_cast<std::size_t>((slot & max_32) - 1); }
std::uint64_t make_slot(std::size_t index, std::uint64_t hash) { return (tag_of(hash) << 32) | (index + 1); }

}  // namespace

bool KeyTable::insert(std::string_view key, std::uint64_t line) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(key);
  Slot& slot = slots_[slot_for(key, hash)];
  if (slot != 0) return false;
  if (arena_.size() + key.size() > max_32 || entries_.size() + 1 >= max_32) {
    throw Error("the suppression list holds more than 4 GiB or 4 billion entries; split it or remove duplicates");
  }
  slot = make_slot(entries_.size(), hash);
  entries_.push_back({static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), line});
  arena_.append(key);
  return true;
}

std::optional<KeyTable::Found> KeyTable::find(std::string_view key) const {
  if (entries_.empty()) return std::nullopt;
  const Slot slot = slots_[slot_for(key, hash_of(key))];
  if (slot == 0) return std::nullopt;
  const Entry& entry = entries_[entry_index(slot)];
  return Found{key_of(entry), entry.line};
}

std::size_t KeyTable::slot_for(std::string_view key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
    const Slot slot = slots_[index];
    if (slot == 0) return index;
    if (tag_of_slot(slot) == tag_of(hash) && key_of(entries_[entry_index(slot)]) == key) return index;
  }
}

void KeyTable::grow() {
  slots_.assign(slots_.empty() ? initial_slots : slots_.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = 0; index < entries_.size(); ++index) {
    const std::uint64_t hash = hash_of(key_of(entries_[index]));
    std::size_t position = hash & mask;
    while (slots_[position] != 0) position = (position + 1) & mask;
    slots_[position] = make_slot(index, hash);
  }
}

}  // namespace leadflow::suppression
