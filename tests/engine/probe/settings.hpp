// The validated configuration of one probe instance, and the parts of every request that come
// from it: the URL root, the Bearer header, and whether lookups may be resent.
#pragma once

#include <leadflow/plugin.hpp>

#include <string>
#include <string_view>

namespace leadflow::probe {

struct Settings {
  std::string api_key;
  std::string base_url;
  bool idempotent_lookups = false;  // config "idempotent": mark probe.lookup requests LF_HTTP_IDEMPOTENT

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value
  // is missing or unusable.
  static Settings from_config(const nlohmann::json& config);

  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
  sdk::Header authorization() const;
};

}  // namespace leadflow::probe
