// The probe test plugin: one instance per account, the probe.lookup, probe.lookup_batch,
// probe.job and account operations, and the exported leadflow_plugin_entry_v1.
#include <leadflow/plugin.hpp>

#include <string_view>

#include "account.hpp"
#include "job.hpp"
#include "lookup.hpp"
#include "lookup_batch.hpp"
#include "probe_manifest.hpp"
#include "settings.hpp"

namespace leadflow::probe {

class Probe {
 public:
  static constexpr std::string_view id = "probe";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  Probe(const nlohmann::json& config, sdk::Host& host) : settings_(Settings::from_config(config)) {
    host.treat_as_secret(settings_.api_key);
  }

  // Operations run concurrently: this only reads settings_.
  sdk::Task run(sdk::Operation& op) {
    if (op.capability() == "probe.lookup") return lookup(op, settings_);
    if (op.capability() == "probe.lookup_batch") return lookup_batch(op, settings_);
    if (op.capability() == "probe.job") return job(op, settings_);
    if (op.capability() == "account") return account(op, settings_);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported, "probe does not offer '" + op.capability() + "'."));
  }

 private:
  const Settings settings_;
};

}  // namespace leadflow::probe

LEADFLOW_PLUGIN(leadflow::probe::Probe)
