// Scrubs secret values (API keys, passwords, tokens) out of any text before it reaches a log,
// an error message, a summary or an output file. Secrets are matched by value, so a plugin or a
// provider echoing a key back is caught too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadflow::secrets {

// THREAD: add() during set-up on one thread; redact() from any thread once set-up is done.
class Redactor {
 public:
  explicit Redactor(std::string mask = "*****") : mask_(std::move(mask)) {}

  // Values shorter than 4 characters are ignored: masking "1" everywhere would shred the text
  // and such a value protects nothing.
  void add(std::string_view secret);
  std::string redact(std::string_view text) const;
  bool empty() const { return secrets_.empty(); }

 private:
  std::string mask_;
  std::vector<std::string> secrets_;  // longest first, so a secret containing another is masked whole
};

}  // namespace leadflow::secrets
