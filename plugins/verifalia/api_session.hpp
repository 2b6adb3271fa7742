// What the operations of one Verifalia instance share: the round-robin position over the API
// hosts (the SDKs continue from the last host used) and the current bearer token, so that
// concurrent jobs authenticate once. The rest of the instance stays immutable.
#pragma once

#include "bearer_token.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace leadflow::verifalia {

// THREAD: safe from any thread (operations of one instance run concurrently).
class ApiSession {
 public:
  explicit ApiSession(std::size_t host_count) : host_count_(host_count == 0 ? 1 : host_count) {}

  // The host a new request starts with: each request starts one further round the list.
  std::size_t first_host() { return next_host_.fetch_add(1) % host_count_; }
  std::size_t host_count() const { return host_count_; }

  // The shared token when it is still fresh at `now_ms` (see BearerToken::fresh_at).
  std::optional<BearerToken> token(std::int64_t now_ms) const;
  void keep(BearerToken token);
  // Forgets the token unless another operation already replaced it.
  void forget(const std::string& value);

 private:
  const std::size_t host_count_;
  std::atomic<std::size_t> next_host_{0};
  mutable std::mutex mutex_;
  std::optional<BearerToken> token_;
};

}  // namespace leadflow::verifalia
