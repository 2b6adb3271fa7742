// Where the host looks for plugin files, in priority order: --plugin-dir, LEADFLOW_PLUGIN_PATH,
// <executable dir>/../lib/leadflow/plugins (build tree and install tree), the install dir.
#pragma once

#include <filesystem>
#include <vector>

namespace leadflow::plugin {

struct SearchPath {
  std::vector<std::filesystem::path> dirs;  // earlier directories win

  // env_plugin_path is the value of LEADFLOW_PLUGIN_PATH (colon-separated), or null when unset.
  static SearchPath standard(const std::vector<std::filesystem::path>& explicit_dirs, const char* env_plugin_path);
};

}  // namespace leadflow::plugin
