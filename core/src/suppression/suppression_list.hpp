// The do-not-contact list: addresses and whole domains that no add_to_list or add_to_campaign
// step may ever send to a provider. Loaded once before a run; every send asks match() first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "suppression/key_table.hpp"
#include "suppression/suppression_entry.hpp"
#include "suppression/suppression_error.hpp"

namespace leadflow::suppression {

// The entry that keeps an address from being sent.
struct SuppressionMatch {
  SuppressionEntry::Kind kind = SuppressionEntry::Kind::address;
  std::string entry;      // its compared form: "ada@example.com" or "example.com"
  std::uint64_t line = 0; // where it is written in the list's file (the first time, if repeated)
};

// THREAD: load() builds the list; afterwards it is never modified, so any number of threads may
// call match() at once.
class SuppressionList {
 public:
  // An empty list, which suppresses nothing.
  SuppressionList() = default;

  // Reads the file at `path`: a plain list, one entry per line ("ada@example.com" an exact
  // address; "example.com" or "@example.com" a domain and all its subdomains; '#' comments), or a
  // CSV with an email and/or domain column; see suppression_file.hpp. Throws Error with
  // "<path>:<line>: <what is wrong>; <what to write>" at the first bad entry: a do-not-contact
  // list that is only partly understood must stop the run, not be half applied.
  static SuppressionList load(const std::filesystem::path& path);

  // The entry that suppresses `email`, or nullopt. Addresses compare case-insensitively after
  // trimming, with Unicode and Punycode domains in one form (address_key.hpp). An address entry
  // also covers the same mailbox with a "+tag" ("ada@example.com" suppresses
  // "ada+news@example.com", not the other way round); a domain entry covers the domain and every
  // subdomain ("example.com" suppresses "ada@mail.example.com"). Text that is not an address
  // matches nothing. Cost: one hash lookup per label of the domain.
  std::optional<SuppressionMatch> match(std::string_view email) const;

  // The number of distinct entries (addresses plus domains).
  std::size_t size() const { return addresses_.size() + domains_.size(); }

 private:
  void add(const SuppressionEntry& entry, std::uint64_t line);
  std::optional<SuppressionMatch> match_address(std::string_view address_key) const;
  std::optional<SuppressionMatch> match_domain(std::string_view domain_key) const;

  KeyTable addresses_;
  KeyTable domains_;
};

}  // namespace leadflow::suppression
