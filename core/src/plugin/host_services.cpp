// The lf_host_services table and lf_host_ctx; see host_services.hpp and host_context.hpp.
// Each service is a C function that catches everything: no exception may reach the plugin.
#include "plugin/host_context.hpp"

#include <string>

lf_host_ctx::lf_host_ctx(leadflow::plugin::HostDelegate& delegate_, std::string plugin_id_, std::string label_,
                         std::shared_ptr<const leadflow::secrets::Redactor> redactor_)
    : delegate(delegate_), plugin_id(std::move(plugin_id_)), label(std::move(label_)), redactor(std::move(redactor_)) {}

std::string lf_host_ctx::take_error() {
  std::string message = redact(error_message);
  error_message.clear();
  error_code = LF_OK;
  return message;
}

std::string lf_host_ctx::redact(std::string_view text) const { return redactor->redact(text); }

namespace leadflow::plugin {
namespace {

std::string_view view(lf_str text) { return text.ptr ? std::string_view(text.ptr, text.len) : std::string_view(); }

void log(lf_host_ctx* ctx, int32_t level, lf_str message) {
  try {
    ctx->delegate.log(ctx->plugin_id, ctx->label, level, ctx->redact(view(message)));
  } catch (...) {
  }
}

int32_t log_enabled(lf_host_ctx* ctx, int32_t level) {
  try {
    return ctx->delegate.log_enabled(level) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

int64_t now_unix_ms(lf_host_ctx* ctx) {
  try {
    return ctx->delegate.now_unix_ms();
  } catch (...) {
    return 0;
  }
}

int64_t monotonic_ms(lf_host_ctx* ctx) {
  try {
    return ctx->delegate.monotonic_ms();
  } catch (...) {
    return 0;
  }
}

int32_t cache_get(lf_host_ctx* ctx, lf_str key, lf_str* value) {
  try {
    auto found = ctx->delegate.cache_get(ctx->plugin_id, view(key));
    if (!found) return 0;
    ctx->cache_value = std::move(*found);
    *value = lf_str{ctx->cache_value.data(), ctx->cache_value.size()};
    return 1;
  } catch (...) {
    return 0;
  }
}

void cache_put(lf_host_ctx* ctx, lf_str key, lf_str value, uint32_t ttl_seconds) {
  try {
    ctx->delegate.cache_put(ctx->plugin_id, view(key), view(value), ttl_seconds);
  } catch (...) {
  }
}

void set_error(lf_host_ctx* ctx, lf_status code, lf_str message) {
  try {
    ctx->error_code = code;
    ctx->error_message.assign(view(message));
  } catch (...) {
  }
}

constexpr lf_host_services services_table{
    sizeof(lf_host_services), LF_ABI_MINOR, log, log_enabled, now_unix_ms, monotonic_ms, cache_get, cache_put, set_error,
};

}  // namespace

const lf_host_services& host_services_table() { return services_table; }

}  // namespace leadflow::plugin
