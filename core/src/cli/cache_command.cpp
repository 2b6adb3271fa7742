// `leadflow cache`; see cache_command.hpp. Neither subcommand creates a state directory: looking
// at or clearing a cache that does not exist must not leave an empty database behind.
#include "cli/cache_command.hpp"

#include "cli/exit_codes.hpp"
#include "spelling/spelling.hpp"
#include "store/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace leadflow::cli {
namespace fs = std::filesystem;
namespace {

struct CacheOptions {
  std::string workflow;
  std::string state_dir;
  bool json = false;
  std::string provider;
  bool expired_only = false;
};

struct Totals {
  std::uint64_t entries = 0, expired = 0, bytes = 0;
};

bool has_database(const fs::path& state_dir) { return fs::is_regular_file(state_dir / store::database_file_name); }

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string size_text(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double size = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (size >= 1024 && unit + 1 < std::size(units)) {
    size /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", size, units[unit]);
}

// "45s", "12m", "5h", "30d". Entries stored by a sandbox run carry the simulators' fast clock and
// may lie a little in the future: they show as 0s.
std::string age_text(std::int64_t age_ms) {
  const auto seconds = std::max<std::int64_t>(age_ms, 0) / 1000;
  if (seconds < 60) return fmt::format("{}s", seconds);
  if (seconds < 3600) return fmt::format("{}m", seconds / 60);
  if (seconds < 48 * 3600) return fmt::format("{}h", seconds / 3600);
  return fmt::format("{}d", seconds / 86400);
}

Totals totals_of(const std::vector<store::ResultCacheStats>& groups) {
  Totals totals;
  for (const auto& group : groups) {
    totals.entries += group.entries;
    totals.expired += group.expired;
    totals.bytes += group.bytes;
  }
  return totals;
}

void print_stats_table(const fs::path& database, const std::vector<store::ResultCacheStats>& groups, std::int64_t now_ms) {
  if (groups.empty()) {
    fmt::print("The result cache in {} is empty.\n", database.string());
    return;
  }
  std::size_t plugin_width = std::string_view("plugin").size(), capability_width = std::string_view("capability").size();
  for (const auto& group : groups) {
    plugin_width = std::max(plugin_width, group.plugin.size());
    capability_width = std::max(capability_width, group.capability.size());
  }
  fmt::print("Result cache in {}\n\n", database.string());
  fmt::print("{:<8} {:<{}} {:<{}} {:>8} {:>8} {:>10} {:>7} {:>7}\n", "realm", "plugin", plugin_width, "capability",
             capability_width, "entries", "expired", "size", "oldest", "newest");
  for (const auto& g : groups) {
    fmt::print("{:<8} {:<{}} {:<{}} {:>8} {:>8} {:>10} {:>7} {:>7}\n", g.realm, g.plugin, plugin_width, g.capability,
               capability_width, g.entries, g.expired, size_text(g.bytes), age_text(now_ms - g.oldest_ms),
               age_text(now_ms - g.newest_ms));
  }
  const auto totals = totals_of(groups);
  fmt::print("{:<8} {:<{}} {:<{}} {:>8} {:>8} {:>10}\n", "total", "", plugin_width, "", capability_width, totals.entries,
             totals.expired, size_text(totals.bytes));
}

void print_stats_json(const fs::path& database, const std::vector<store::ResultCacheStats>& groups, std::int64_t now_ms) {
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& g : groups) {
    listing.push_back({{"realm", g.realm}, {"plugin", g.plugin}, {"capability", g.capability}, {"entries", g.entries},
                       {"expired", g.expired}, {"bytes", g.bytes}, {"oldest_ms", g.oldest_ms}, {"newest_ms", g.newest_ms}});
  }
  const auto totals = totals_of(groups);
  const nlohmann::json report{{"database", database.string()},
                              {"now_ms", now_ms},
                              {"groups", std::move(listing)},
                              {"total", {{"entries", totals.entries}, {"expired", totals.expired}, {"bytes", totals.bytes}}}};
  fmt::print("{}\n", report.dump(2));
}

int show_stats(const CliContext& context, const CacheOptions& options) {
  const auto state_dir = state_directory(options.state_dir, options.workflow);
  if (!has_database(state_dir)) {
    context.logger->error("no result cache in {}: {} does not exist; run a workflow first, or name its state with "
                          "--state DIR or the WORKFLOW file",
                          state_dir.string(), (state_dir / store::database_file_name).string());
    return exit_code::no_input;
  }
  auto store = store::Store::open(state_dir);
  const auto now_ms = now_unix_ms();
  const auto groups = store.result_stats(now_ms);
  if (options.json) {
    print_stats_json(store.path(), groups, now_ms);
  } else {
    print_stats_table(store.path(), groups, now_ms);
  }
  return exit_code::ok;
}

// Cached results are filed under the plugin id ("voilanorbert"), not the workflow's name for
// the provider ("norbert"): say so when --provider matched nothing.
void hint_at_cached_plugins(const CliContext& context, store::Store& store, const std::string& provider) {
  std::vector<std::string> plugins;
  for (const auto& group : store.result_stats(now_unix_ms()))
    if (std::find(plugins.begin(), plugins.end(), group.plugin) == plugins.end()) plugins.push_back(group.plugin);
  if (plugins.empty() || std::find(plugins.begin(), plugins.end(), provider) != plugins.end()) return;
  context.logger->warn("no cached results of plugin '{}'; --provider takes a plugin id: {}", provider,
                       spelling::did_you_mean_hint(provider, plugins));
}

std::string cleared_text(std::uint64_t removed, const CacheOptions& options, const fs::path& database) {
  return fmt::format("Removed {} {}cached result{}{} from {}.", removed, options.expired_only ? "expired " : "",
                     removed == 1 ? "" : "s", options.provider.empty() ? "" : " of " + options.provider, database.string());
}

int clear_results(const CliContext& context, const CacheOptions& options) {
  const auto state_dir = state_directory(options.state_dir, options.workflow);
  if (!has_database(state_dir)) {
    fmt::print("No result cache in {}: nothing to clear.\n", state_dir.string());
    return exit_code::ok;
  }
  auto store = store::Store::open(state_dir);
  const auto plugin = options.provider.empty() ? std::nullopt : std::optional<std::string>(options.provider);
  const auto removed = store.result_clear(plugin, now_unix_ms(), options.expired_only);
  fmt::print("{}\n", cleared_text(removed, options, store.path()));
  if (removed == 0 && plugin) hint_at_cached_plugins(context, store, *plugin);
  return exit_code::ok;
}

// A damaged, locked or unwritable state directory is reported like `run` reports it.
template <class Command>
int reporting_store_errors(const CliContext& context, Command command) {
  try {
    return command();
  } catch (const store::Error& e) {
    context.logger->error("{}", e.what());
    return exit_code::cannot_create;
  }
}

void add_state_options(CLI::App& command, CacheOptions& options) {
  command.add_option("workflow", options.workflow, "Workflow YAML file: use the state directory next to it")
      ->check(CLI::ExistingFile);
  command.add_option("--state", options.state_dir,
                     "State directory (default: .leadflow/ next to WORKFLOW, or ./.leadflow without one)");
}

}  // namespace

void add_cache_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto* cache = app.add_subcommand("cache", "Inspect or clear the result cache that spares repeated lookups");
  cache->require_subcommand(1);
  cache->footer("\nResults are cached per provider plugin, capability and normalised input; sandbox results are\n"
                "kept apart from real ones. See \"The result cache\" in docs/workflows.md.");

  auto stats_options = std::make_shared<CacheOptions>();
  auto* stats = cache->add_subcommand("stats", "Show cached results per realm, plugin and capability: entries, expired, size, age");
  add_state_options(*stats, *stats_options);
  stats->add_flag("--json", stats_options->json, "Machine-readable output");
  stats->footer("\nExamples:\n  leadflow cache stats workflows/find-email.yaml\n  leadflow cache stats --state ~/leads/.leadflow --json");
  stats->callback([&context, &exit_status, stats_options] {
    exit_status = reporting_store_errors(context, [&] { return show_stats(context, *stats_options); });
  });

  auto clear_options = std::make_shared<CacheOptions>();
  auto* clear = cache->add_subcommand("clear", "Remove cached results, so the next run asks the providers again");
  add_state_options(*clear, *clear_options);
  clear->add_option("--provider", clear_options->provider, "Only the results of this plugin, e.g. voilanorbert");
  clear->add_flag("--expired", clear_options->expired_only, "Only results whose TTL has run out");
  clear->footer("\nExamples:\n  leadflow cache clear workflows/find-email.yaml\n  leadflow cache clear --provider voilanorbert\n"
                "  leadflow cache clear --state ~/leads/.leadflow --expired");
  clear->callback([&context, &exit_status, clear_options] {
    exit_status = reporting_store_errors(context, [&] { return clear_results(context, *clear_options); });
  });
}

}  // namespace leadflow::cli
