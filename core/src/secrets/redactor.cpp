// Value-based secret scrubbing; see redactor.hpp.
#include "secrets/redactor.hpp"

#include <algorithm>

namespace leadflow::secrets {

void Redactor::add(std::string_view secret) {
  if (secret.size() < 4) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : secrets_) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + mask_.size()))
      out.replace(at, secret.size(), mask_);
  }
  return out;
}

}  // namespace leadflow::secrets
