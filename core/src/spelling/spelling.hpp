// "Did you mean ...?" for misspelt keys and names: the closest known word by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::spelling {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters each cost 1. Case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo
// (at most a third of the longer word's length, and at least 1 edit allowed).
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'capability'?" when a candidate is close, else "expected one of: a, b, c".
std::string did_you_mean_hint(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace leadflow::spelling
