// Spreadsheet formula injection (OWASP "CSV Injection"): Excel, LibreOffice and Google Sheets
// run a cell that starts with =, +, -, @, tab or CR as a formula when a CSV is opened, so a
// lead's name or a provider's field could run a command on the user's machine. Prefixing such a
// cell with a single quote makes every one of them show it as text.
#pragma once

#include <string>
#include <string_view>

namespace leadflow::io {

// True for a number a spreadsheet reads as a number and nothing else: an optional sign, digits
// with an optional fraction, an optional exponent ("-5", "+3.25", "-1e3", ".5"). A negative score
// is not an attack; "+33 1 23 45 67 89" (a phone number) is not a plain number.
bool is_plain_number(std::string_view text);

// True when `text` starts with =, +, -, @, tab or CR and is not a plain number.
bool runs_as_formula(std::string_view text);

// `text` with a ' in front when it runs_as_formula; otherwise `text` unchanged.
std::string neutralise_formula(std::string_view text);

}  // namespace leadflow::io
