// `leadflow plugins`; see plugins_command.hpp.
#include "cli/plugins_command.hpp"

#include "cli/exit_codes.hpp"

#include <fmt/format.h>

namespace leadflow::cli {
namespace {

std::string limits_text(const plugin::RateLimitClass& limit) {
  std::vector<std::string> parts;
  auto add = [&](const std::optional<double>& value, const char* unit) {
    if (value) parts.push_back(fmt::format("{:g}/{}", *value, unit));
  };
  add(limit.per_second, "s");
  add(limit.per_minute, "min");
  add(limit.per_hour, "h");
  add(limit.per_day, "day");
  if (limit.burst) parts.push_back(fmt::format("burst {}", *limit.burst));
  if (limit.max_in_flight) parts.push_back(fmt::format("{} in flight", *limit.max_in_flight));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string field_names(const std::vector<plugin::Field>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return names.empty() ? "-" : fmt::format("{}", fmt::join(names, ", "));
}

int list_plugins(plugin::PluginCatalog catalog, bool as_json) {
  auto outcomes = catalog.load_all();
  nlohmann::json listing = nlohmann::json::array();
  int broken = 0;
  for (const auto& outcome : outcomes) {
    if (!outcome.plugin) ++broken;
    if (as_json) {
      nlohmann::json entry{{"id", outcome.file.id}, {"path", outcome.file.path.string()}, {"shadowed", outcome.file.shadowed}};
      if (outcome.plugin) entry["version"] = outcome.plugin->version();
      if (!outcome.error.empty()) entry["error"] = outcome.error;
      listing.push_back(std::move(entry));
      continue;
    }
    if (outcome.plugin) {
      std::vector<std::string> capabilities;
      for (const auto& c : outcome.plugin->manifest().capabilities) capabilities.push_back(c.name);
      fmt::print("{:<16} {:<9} ABI 1.{}  {}{}\n  {}\n", outcome.file.id, outcome.plugin->version(), outcome.plugin->abi_minor(),
                 fmt::join(capabilities, ", "), outcome.file.shadowed ? "  (shadowed by an earlier directory)" : "",
                 outcome.file.path.string());
    } else {
      fmt::print("{:<16} BROKEN   {}\n", outcome.file.id, outcome.error);
    }
  }
  if (as_json) fmt::print("{}\n", listing.dump(2));
  if (outcomes.empty()) {
    std::vector<std::string> dirs;
    for (const auto& d : catalog.search_path().dirs) dirs.push_back(d.string());
    fmt::print(stderr, "leadflow: no plugins found in: {}\n  hint: add a directory with --plugin-dir or LEADFLOW_PLUGIN_PATH\n",
               fmt::join(dirs, ", "));
  }
  return broken ? exit_code::rows_failed : exit_code::ok;
}

int describe_plugin(plugin::PluginCatalog catalog, const std::string& id, bool as_json) {
  std::shared_ptr<const plugin::Plugin> plugin;
  try {
    plugin = catalog.find(id);
  } catch (const std::exception& e) {
    fmt::print(stderr, "leadflow: error: {}\n", e.what());
    return exit_code::config;
  }
  const auto& m = plugin->manifest();
  if (as_json) {
    fmt::print("{}\n", m.json.dump(2));
    return exit_code::ok;
  }
  fmt::print("{} {} — {}\n{}\n", m.name, m.version, m.description, m.homepage);
  fmt::print("plugin file: {} (ABI 1.{})\n\nconfig:\n", plugin->path().string(), plugin->abi_minor());
  for (const auto& f : m.config) {
    std::string notes = f.required ? "required" : "optional";
    if (f.secret) notes += ", secret";
    if (f.default_value) notes += ", default " + f.default_value->dump();
    fmt::print("  {:<18} {:<8} {}\n  {:<18} {:<8} ({})\n", f.name, f.type, f.description, "", "", notes);
  }
  fmt::print("\nrate limits:\n");
  for (const auto& r : m.rate_limits) fmt::print("  {:<18} {}\n", r.name, limits_text(r));
  fmt::print("\ncapabilities:\n");
  for (const auto& c : m.capabilities) {
    fmt::print("  {:<18} {}\n", c.name, c.description);
    fmt::print("  {:<18} input:  {}\n  {:<18} output: {}\n", "", field_names(c.input), "", field_names(c.output));
    fmt::print("  {:<18} cost:   {:g} credit{} ({}){}\n", "", c.cost_credits, c.cost_credits == 1 ? "" : "s", c.cost_charged,
               c.max_batch > 1 ? fmt::format(", batches of up to {}", c.max_batch) : "");
  }
  return exit_code::ok;
}

}  // namespace

void add_plugins_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto* plugins = app.add_subcommand("plugins", "Inspect the provider plugins this host can load");
  plugins->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  auto* list = plugins->add_subcommand("list", "List every plugin found on the plugin search path");
  list->add_flag("--json", *list_json, "Machine-readable output");
  list->callback([&context, &exit_status, list_json] { exit_status = list_plugins(context.catalog(), *list_json); });

  auto name = std::make_shared<std::string>();
  auto info_json = std::make_shared<bool>(false);
  auto* info = plugins->add_subcommand("info", "Show a plugin's capabilities, config fields, rate limits and costs");
  info->add_option("name", *name, "Plugin id, e.g. voilanorbert")->required();
  info->add_flag("--json", *info_json, "Print the manifest as JSON");
  info->callback([&context, &exit_status, name, info_json] { exit_status = describe_plugin(context.catalog(), *name, *info_json); });
}

}  // namespace leadflow::cli
