// Formula neutralising for CSV cells; see csv_formula.hpp for why.
#include "io/csv_formula.hpp"

namespace leadflow::io {
namespace {

constexpr std::string_view formula_starts = "=+-@\t\r";
constexpr char formula_guard = '\'';

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Consumes a run of digits from the front of `text`; returns how many there were.
std::size_t take_digits(std::string_view& text) {
  std::size_t count = 0;
  while (count < text.size() && is_digit(text[count])) ++count;
  text.remove_prefix(count);
  return count;
}

bool take(std::string_view& text, std::string_view any_of) {
  if (text.empty() || any_of.find(text.front()) == std::string_view::npos) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

bool is_plain_number(std::string_view text) {
  take(text, "+-");
  std::size_t mantissa_digits = take_digits(text);
  if (take(text, ".")) mantissa_digits += take_digits(text);
  if (mantissa_digits == 0) return false;
  if (take(text, "eE")) {
    take(text, "+-");
    if (take_digits(text) == 0) return false;
  }
  return text.empty();
}

bool runs_as_formula(std::string_view text) {
  if (text.empty() || formula_starts.find(text.front()) == std::string_view::npos) return false;
  return !is_plain_number(text);
}

std::string neutralise_formula(std::string_view text) {
  if (!runs_as_formula(text)) return std::string(text);
  std::string guarded;
  guarded.reserve(text.size() + 1);
  guarded += formula_guard;
  guarded += text;
  return guarded;
}

}  // namespace leadflow::io
