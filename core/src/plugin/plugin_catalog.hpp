// The plugins one host can use: found on its search path, loaded on first use and kept loaded
// while the catalog (or anything made from its plugins) lives. No process-wide registry: two
// catalogs in one process never see each other.
#pragma once

#include "plugin/config_validation.hpp"
#include "plugin/manifest.hpp"
#include "plugin/plugin_loader.hpp"
#include "plugin/search_path.hpp"

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::plugin {

// A plugin file on the search path. shadowed: a directory earlier on the path has the same id.
struct Discovered {
  std::string id;
  std::filesystem::path path;
  bool shadowed = false;
};

// One file's load result: plugin set on success, error (the PluginLoadError text) otherwise.
struct LoadOutcome {
  Discovered file;
  std::shared_ptr<const Plugin> plugin;
  std::string error;
};

// what() names the id, lists the searched directories and says how to add one.
struct PluginNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// THREAD: one thread at a time (the host's control thread).
class PluginCatalog {
 public:
  explicit PluginCatalog(SearchPath search_path);

  const SearchPath& search_path() const { return search_path_; }

  // Every leadflow-<id>.so on the search path, in search order; a missing directory is skipped.
  std::vector<Discovered> discover() const;

  // The plugin with this id from the first directory that has it; loaded once, then cached.
  // Throws PluginNotFound or PluginLoadError.
  std::shared_ptr<const Plugin> find(std::string_view id);

  // Tries to load every discovered file (shadowed ones too, so `plugins list` can report them).
  std::vector<LoadOutcome> load_all();

 private:
  std::shared_ptr<const Plugin> load_cached(const std::filesystem::path& path);

  SearchPath search_path_;
  std::map<std::filesystem::path, std::shared_ptr<const Plugin>> loaded_;
};

}  // namespace leadflow::plugin
