// A flat hash table from compared keys (addresses or domains) to the line that listed them.
// A suppression list can hold millions of entries and every send asks it up to a handful of
// questions, most of them misses (one per label of a domain). std::unordered_map spends two
// allocations per entry and three cache misses per question; this table keeps keys back to back
// in one string, and a miss usually costs one cache miss.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::suppression {

// THREAD: insert from one thread; once filled, find from any number of threads.
class KeyTable {
 public:
  struct Found {
    std::string_view key;  // valid as long as the table is alive and not inserted into
    std::uint64_t line;
  };

  // Adds `key` with `line`; a key already present keeps its first line. False when it was
  // present. Throws Error past 4 GiB of keys or 4 billion entries.
  bool insert(std::string_view key, std::uint64_t line);

  std::optional<Found> find(std::string_view key) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t offset;  // into arena_
    std::uint32_t length;
    std::uint64_t line;
  };
  // 0 when empty; otherwise the entry's index + 1 in the low half and the high half of its hash
  // in the high half, so most non-matching slots are rejected without touching the entry.
  using Slot = std::uint64_t;

  std::string_view key_of(const Entry& entry) const {
    return std::string_view(arena_).substr(entry.offset, entry.length);
  }
  std::size_t slot_for(std::string_view key, std::uint64_t hash) const;  // its slot, or the empty one it would take
  void grow();

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::string arena_;
};

}  // namespace leadflow::suppression
