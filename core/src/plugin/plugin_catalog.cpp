// Discovery and the per-catalog cache of loaded plugins; see plugin_catalog.hpp.
#include "plugin/plugin_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace leadflow::plugin {
namespace {

constexpr std::string_view file_prefix = "leadflow-";
constexpr std::string_view file_suffix = ".so";

// "leadflow-voilanorbert.so" -> "voilanorbert"; empty when the name is not a plugin file name.
std::string plugin_id_from_file_name(const std::string& name) {
  if (name.size() <= file_prefix.size() + file_suffix.size()) return {};
  if (!name.starts_with(file_prefix) || !name.ends_with(file_suffix)) return {};
  return name.substr(file_prefix.size(), name.size() - file_prefix.size() - file_suffix.size());
}

std::vector<Discovered> plugin_files_in(const std::filesystem::path& dir) {
  std::vector<Discovered> found;
  std::error_code error;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error) && !it->is_symlink(error)) continue;
    auto id = plugin_id_from_file_name(it->path().filename().string());
    if (!id.empty()) found.push_back({std::move(id), it->path(), false});
  }
  std::sort(found.begin(), found.end(), [](const Discovered& a, const Discovered& b) { return a.id < b.id; });
  return found;
}

std::string searched_dirs_text(const SearchPath& search_path) {
  if (search_path.dirs.empty()) return "(no directories)";
  std::vector<std::string> dirs;
  for (const auto& dir : search_path.dirs) dirs.push_back(dir.string());
  return fmt::format("{}", fmt::join(dirs, ", "));
}

}  // namespace

PluginCatalog::PluginCatalog(SearchPath search_path) : search_path_(std::move(search_path)) {}

std::vector<Discovered> PluginCatalog::discover() const {
  std::vector<Discovered> all;
  std::set<std::string> seen;
  for (const auto& dir : search_path_.dirs) {
    for (auto& file : plugin_files_in(dir)) {
      file.shadowed = !seen.insert(file.id).second;
      all.push_back(std::move(file));
    }
  }
  return all;
}

std::shared_ptr<const Plugin> PluginCatalog::find(std::string_view id) {
  for (const auto& file : discover())
    if (file.id == id) return load_cached(file.path);
  throw PluginNotFound(fmt::format("plugin '{}' was not found: looked for leadflow-{}.so in {}; add its directory with "
                                   "--plugin-dir or LEADFLOW_PLUGIN_PATH",
                                   id, id, searched_dirs_text(search_path_)));
}

std::vector<LoadOutcome> PluginCatalog::load_all() {
  std::vector<LoadOutcome> outcomes;
  for (auto& file : discover()) {
    LoadOutcome outcome{std::move(file), nullptr, {}};
    try {
      outcome.plugin = load_cached(outcome.file.path);
    } catch (const PluginLoadError& e) {
      outcome.error = e.what();
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::shared_ptr<const Plugin> PluginCatalog::load_cached(const std::filesystem::path& path) {
  auto it = loaded_.find(path);
  if (it != loaded_.end()) return it->second;
  auto plugin = load_plugin(path);
  loaded_.emplace(path, plugin);
  return plugin;
}

}  // namespace leadflow::plugin
