// Loading and negotiating one plugin; see plugin_loader.hpp. The steps follow
// research/anchors-abi.md §8.3: pre-check the symbol without running plugin code, dlopen with
// RTLD_NOW|RTLD_LOCAL, call the entry, validate the table, copy it into the host's layout.
#include "plugin/plugin_loader.hpp"

#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

namespace leadflow::plugin {

struct Plugin::Library {
  boost::dll::shared_library handle;
};

namespace {

constexpr std::string_view entry_symbol = LF_PLUGIN_ENTRY_V1;
constexpr std::string_view entry_symbol_family = "leadflow_plugin_entry_v";

std::string host_abi() { return fmt::format("{}.{}", LF_ABI_MAJOR, LF_ABI_MINOR); }

std::string_view view(lf_str text) { return text.ptr ? std::string_view(text.ptr, text.len) : std::string_view(); }

// The exported symbols, read from the file without running any of its code; nullopt when the
// file is not a native library (dlopen will then say why).
std::optional<std::vector<std::string>> exported_symbols(const std::filesystem::path& path) {
  try {
    boost::dll::library_info info(path, false);
    return info.symbols();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string missing_entry_reason(const std::vector<std::string>& symbols) {
  auto reason = fmt::format("it does not export {}, so it is not a leadflow ABI {} plugin", entry_symbol, LF_ABI_MAJOR);
  auto other = std::find_if(symbols.begin(), symbols.end(),
                            [](const std::string& s) { return s.starts_with(entry_symbol_family) && s != entry_symbol; });
  if (other == symbols.end()) return reason + fmt::format(" (it exports no {}* symbol at all)", entry_symbol_family);
  return reason + fmt::format(" (it exports {} instead: it was built for another ABI major; this host speaks {})", *other, host_abi());
}

void precheck_entry_symbol(const std::filesystem::path& path) {
  auto symbols = exported_symbols(path);
  if (symbols && std::find(symbols->begin(), symbols->end(), entry_symbol) == symbols->end())
    throw PluginLoadError(path, missing_entry_reason(*symbols));
}

std::shared_ptr<Plugin::Library> open_library(const std::filesystem::path& path) {
  auto library = std::make_shared<Plugin::Library>();
  try {
    library->handle.load(std::filesystem::absolute(path), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw PluginLoadError(path, fmt::format("not a loadable shared library: {}", e.what()));
  }
  if (!library->handle.has(std::string(entry_symbol)))
    throw PluginLoadError(path, missing_entry_reason(exported_symbols(path).value_or(std::vector<std::string>{})));
  return library;
}

const lf_plugin* call_entry(const std::filesystem::path& path, Plugin::Library& library) {
  auto& entry = library.handle.get<const lf_plugin*(uint32_t, uint32_t)>(std::string(entry_symbol));
  const lf_plugin* offered = entry(LF_ABI_MAJOR, LF_ABI_MINOR);
  if (!offered)
    throw PluginLoadError(path, fmt::format("{}({}, {}) returned NULL: the plugin declines to run in a host speaking ABI {}",
                                            entry_symbol, LF_ABI_MAJOR, LF_ABI_MINOR, host_abi()));
  return offered;
}

void check_required_functions(const std::filesystem::path& path, const lf_plugin& table) {
  auto require = [&](const void* function, const char* name) {
    if (!function)
      throw PluginLoadError(path, fmt::format("required function {} is NULL in the table {} returned (plugin ABI {}.{}, host {})",
                                              name, entry_symbol, table.abi_major, table.abi_minor, host_abi()));
  };
  require(reinterpret_cast<const void*>(table.instance_create), "instance_create");
  require(reinterpret_cast<const void*>(table.instance_free), "instance_free");
  require(reinterpret_cast<const void*>(table.operation_start), "operation_start");
  require(reinterpret_cast<const void*>(table.operation_step), "operation_step");
  require(reinterpret_cast<const void*>(table.operation_free), "operation_free");
}

bool is_valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// Version negotiation (ABI rules in plugin.h): equal majors, a 1.0-sized table at least, every
// 1.0 function present, and a plugin that does not need a newer host than this one.
lf_plugin negotiate(const std::filesystem::path& path, const lf_plugin& offered) {
  if (offered.abi_major != LF_ABI_MAJOR)
    throw PluginLoadError(path, fmt::format("{} returned a table built for ABI {}.x, this host speaks {}: rebuild the plugin "
                                            "against a leadflow {}.x SDK",
                                            entry_symbol, offered.abi_major, host_abi(), LF_ABI_MAJOR));
  if (offered.struct_size < LF_PLUGIN_SIZE_1_0)
    throw PluginLoadError(path, fmt::format("its lf_plugin table is {} bytes, smaller than the {} bytes of the ABI 1.0 layout "
                                            "(struct_size too small: the plugin was built from a damaged header)",
                                            offered.struct_size, LF_PLUGIN_SIZE_1_0));
  lf_plugin table{};
  std::memcpy(&table, &offered, std::min<std::size_t>(offered.struct_size, sizeof table));
  check_required_functions(path, table);
  if (table.min_host_minor > LF_ABI_MINOR)
    throw PluginLoadError(path, fmt::format("it needs host ABI {}.{} or newer; this host is {} — upgrade leadflow (plugin built "
                                            "for ABI {}.{})",
                                            LF_ABI_MAJOR, table.min_host_minor, host_abi(), table.abi_major, table.abi_minor));
  auto id = view(table.id);
  if (!is_valid_id(id))
    throw PluginLoadError(path, id.empty() ? std::string("its id is empty: a plugin id is lower-case letters, digits, '_' and '-'")
                                           : fmt::format("its id \"{}\" is invalid: a plugin id is lower-case letters, digits, '_' "
                                                         "and '-'",
                                                         id));
  return table;
}

Manifest read_manifest(const std::filesystem::path& path, const lf_plugin& table) {
  Manifest manifest;
  try {
    manifest = parse_manifest(view(table.manifest_json));
  } catch (const ManifestError& e) {
    throw PluginLoadError(path, fmt::format("bad manifest: {}", e.what()));
  }
  if (manifest.id != view(table.id))
    throw PluginLoadError(path, fmt::format("bad manifest: manifest key 'id' is \"{}\" but the plugin table's id is \"{}\"",
                                            manifest.id, view(table.id)));
  if (manifest.version != view(table.version))
    throw PluginLoadError(path, fmt::format("bad manifest: manifest key 'version' is \"{}\" but the plugin table's version is \"{}\"",
                                            manifest.version, view(table.version)));
  return manifest;
}

void check_file_name(const std::filesystem::path& path, const std::string& id) {
  auto expected = fmt::format("leadflow-{}.so", id);
  if (path.filename() != expected)
    throw PluginLoadError(path, fmt::format("its id is \"{}\" but the file is named {}: rename the file to {}", id,
                                            path.filename().string(), expected));
}

}  // namespace

PluginLoadError::PluginLoadError(std::filesystem::path path_, std::string reason_)
    : std::runtime_error(fmt::format("cannot load plugin {}: {}", path_.string(), reason_)),
      path(std::move(path_)),
      reason(std::move(reason_)) {}

Plugin::Plugin(std::filesystem::path path, std::shared_ptr<Library> library, const lf_plugin& table, Manifest manifest)
    : path_(std::move(path)), library_(std::move(library)), table_(table), manifest_(std::move(manifest)) {}

Plugin::~Plugin() = default;

std::shared_ptr<const Plugin> load_plugin(const std::filesystem::path& path) {
  precheck_entry_symbol(path);
  auto library = open_library(path);
  auto table = negotiate(path, *call_entry(path, *library));
  auto manifest = read_manifest(path, table);
  check_file_name(path, manifest.id);
  return std::make_shared<const Plugin>(path, std::move(library), table, std::move(manifest));
}

}  // namespace leadflow::plugin
