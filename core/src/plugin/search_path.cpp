// The standard plugin search path; see search_path.hpp.
#include "plugin/search_path.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <string_view>

namespace leadflow::plugin {
namespace {

void add_unique(std::vector<std::filesystem::path>& dirs, std::filesystem::path dir) {
  if (dir.empty()) return;
  dir = dir.lexically_normal();
  if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(std::move(dir));
}

void add_colon_separated(std::vector<std::filesystem::path>& dirs, std::string_view list) {
  while (!list.empty()) {
    auto colon = list.find(':');
    add_unique(dirs, std::filesystem::path(list.substr(0, colon)));
    if (colon == std::string_view::npos) break;
    list.remove_prefix(colon + 1);
  }
}

// <dir of the running executable>/../lib/leadflow/plugins: build/bin/leadflow finds
// build/lib/leadflow/plugins, and <prefix>/bin/leadflow finds <prefix>/lib/leadflow/plugins.
std::filesystem::path beside_executable() {
  std::error_code error;
  auto executable = boost::dll::program_location(error);
  if (error || executable.empty()) return {};
  return executable.parent_path() / ".." / "lib" / "leadflow" / "plugins";
}

}  // namespace

SearchPath SearchPath::standard(const std::vector<std::filesystem::path>& explicit_dirs, const char* env_plugin_path) {
  SearchPath search;
  for (const auto& dir : explicit_dirs) add_unique(search.dirs, dir);
  if (env_plugin_path) add_colon_separated(search.dirs, env_plugin_path);
  add_unique(search.dirs, beside_executable());
  add_unique(search.dirs, LEADFLOW_INSTALL_PLUGIN_DIR);
  return search;
}

}  // namespace leadflow::plugin
