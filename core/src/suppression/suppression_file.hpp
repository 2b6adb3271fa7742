// Reads a suppression list file into the texts that should each be one entry, with their line
// numbers: a plain list (one entry per line, # comments) or a CSV export with an email and/or
// domain column. Which one a file is comes from its first line, so a CRM export saved as .txt
// works as well as a hand-written list.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "suppression/suppression_entry.hpp"

namespace leadflow::suppression {

struct EntryText {
  std::uint64_t line = 0;  // 1-based line of the file
  std::string_view text;   // not yet trimmed or checked; valid only during the call
  EntrySource source = EntrySource::line;
};

// Plain list: blank lines are skipped; '#' starts a comment at the start of a line or after a
// space or tab (so "a#b@example.com" is an address). CSV: chosen when the first non-comment line
// is a header naming an email column (email, e-mail, email address, email_address) or a domain
// column (domain), any case, separated by commas, semicolons or tabs; every non-empty cell of
// those columns is an entry, and rows whose first cell starts with '#' are skipped. A .csv or
// .tsv file must have such a header. Throws Error, naming the file and line, when the file
// cannot be read, a .csv has no such header, or a CSV row is malformed.
void read_entry_texts(const std::filesystem::path& path, const std::function<void(const EntryText&)>& sink);

}  // namespace leadflow::suppression
