// The instance's shared bearer token; see api_session.hpp.
#include "api_session.hpp"

namespace leadflow::verifalia {

std::optional<BearerToken> ApiSession::token(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  if (token_ && token_->fresh_at(now_ms)) return token_;
  return std::nullopt;
}

void ApiSession::keep(BearerToken token) {
  std::lock_guard lock(mutex_);
  token_ = std::move(token);
}

void ApiSession::forget(const std::string& value) {
  std::lock_guard lock(mutex_);
  if (token_ && token_->value == value) token_.reset();
}

}  // namespace leadflow::verifalia
