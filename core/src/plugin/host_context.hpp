// The host side of lf_host_ctx (opaque to plugins): which plugin and operation is calling a
// host service, and what it reported through set_error. Private to the plugin module.
#pragma once

#include "plugin/host_services.hpp"
#include "secrets/redactor.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// THREAD: used only by the thread currently calling into the plugin with this ctx.
struct lf_host_ctx {
  lf_host_ctx(leadflow::plugin::HostDelegate& delegate, std::string plugin_id, std::string label,
              std::shared_ptr<const leadflow::secrets::Redactor> redactor);

  // The message of the last set_error since the previous take, secrets redacted; empty if none.
  std::string take_error();
  std::string redact(std::string_view text) const;

  leadflow::plugin::HostDelegate& delegate;
  const std::string plugin_id;
  const std::string label;
  const std::shared_ptr<const leadflow::secrets::Redactor> redactor;  // the instance's secret config values
  std::string error_message;
  lf_status error_code = LF_OK;
  std::string cache_value;  // backs the lf_str a cache_get hands out, until the plugin call returns
};
