// The Dropcontact plugin: one instance per account, the batch capabilities (enrich_person,
// find_email, verify_email) and account, and the exported leadflow_plugin_entry_v1 (through
// LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <string_view>

#include "account.hpp"
#include "batch_job.hpp"
#include "dropcontact_manifest.hpp"
#include "settings.hpp"

namespace leadflow::dropcontact {

class Dropcontact {
 public:
  static constexpr std::string_view id = "dropcontact";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  Dropcontact(const nlohmann::json& config, sdk::Host& host) : settings_(Settings::from_config(config)) {
    host.treat_as_secret(settings_.api_key);
  }

  // Operations run concurrently: this only reads settings_.
  sdk::Task run(sdk::Operation& op) {
    if (op.capability() == "enrich_person") return run_batch(op, settings_, Capability::enrich_person);
    if (op.capability() == "find_email") return run_batch(op, settings_, Capability::find_email);
    if (op.capability() == "verify_email") return run_batch(op, settings_, Capability::verify_email);
    if (op.capability() == "account") return account(op, settings_);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported,
                                      "Dropcontact does not offer '" + op.capability() + "'."));
  }

 private:
  const Settings settings_;
};

}  // namespace leadflow::dropcontact

LEADFLOW_PLUGIN(leadflow::dropcontact::Dropcontact)
