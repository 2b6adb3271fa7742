// Loading one plugin file: dlopen, the leadflow_plugin_entry_v1 call, ABI version negotiation
// and every check on the table and manifest. A loaded Plugin keeps its library mapped.
#pragma once

#include "plugin/manifest.hpp"

#include <leadflow/plugin.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace leadflow::plugin {

// what() is "cannot load plugin <path>: <reason>".
struct PluginLoadError : std::runtime_error {
  PluginLoadError(std::filesystem::path path, std::string reason);
  std::filesystem::path path;
  std::string reason;
};

// A loaded, validated plugin. THREAD: immutable after loading; share it freely.
// The library stays loaded while any Plugin (or Instance, Operation made from it) exists.
class Plugin {
 public:
  struct Library;  // the shared library handle, kept out of this header
  Plugin(std::filesystem::path path, std::shared_ptr<Library> library, const lf_plugin& table, Manifest manifest);
  ~Plugin();

  const std::filesystem::path& path() const { return path_; }
  const std::string& id() const { return manifest_.id; }
  const std::string& version() const { return manifest_.version; }
  std::uint16_t abi_minor() const { return table_.abi_minor; }
  const Manifest& manifest() const { return manifest_; }
  // The plugin's table copied into the host's layout; fields newer than the plugin are zero.
  const lf_plugin& table() const { return table_; }

 private:
  std::filesystem::path path_;
  std::shared_ptr<Library> library_;
  lf_plugin table_;
  Manifest manifest_;
};

// Loads and validates the plugin at path. Throws PluginLoadError saying exactly what is wrong.
// THREAD: any; loads are serialised per process only by the dynamic loader itself.
std::shared_ptr<const Plugin> load_plugin(const std::filesystem::path& path);

}  // namespace leadflow::plugin
