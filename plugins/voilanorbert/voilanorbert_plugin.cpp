// The VoilaNorbert plugin: one instance per account, find_email and account operations, and the
// exported leadflow_plugin_entry_v1 (through LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <string_view>

#include "account.hpp"
#include "find_email.hpp"
#include "settings.hpp"
#include "voilanorbert_manifest.hpp"

namespace leadflow::voilanorbert {

class VoilaNorbert {
 public:
  static constexpr std::string_view id = "voilanorbert";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  VoilaNorbert(const nlohmann::json& config, sdk::Host& host) : settings_(Settings::from_config(config)) {
    host.treat_as_secret(settings_.api_key);
  }

  // Operations run concurrently: this only reads settings_.
  sdk::Task run(sdk::Operation& op) {
    if (op.capability() == "find_email") return find_email(op, settings_);
    if (op.capability() == "account") return account(op, settings_);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported,
                                      "VoilaNorbert does not offer '" + op.capability() + "'."));
  }

 private:
  const Settings settings_;
};

}  // namespace leadflow::voilanorbert

LEADFLOW_PLUGIN(leadflow::voilanorbert::VoilaNorbert)
