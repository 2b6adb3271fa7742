// The VoilaNorbert plugin: one instance per account, one operation per capability (the common
// vocabulary, then voilanorbert.<operation> for the rest of the API), and the exported
// leadflow_plugin_entry_v1 (through LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <string_view>
#include <utility>

#include "account.hpp"
#include "add_to_list.hpp"
#include "enrich_person.hpp"
#include "find_domain_emails.hpp"
#include "find_email.hpp"
#include "massive_search.hpp"
#include "provider_operations.hpp"
#include "verify_email.hpp"
#include "settings.hpp"
#include "voilanorbert_manifest.hpp"

namespace leadflow::voilanorbert {

class VoilaNorbert {
 public:
  static constexpr std::string_view id = "voilanorbert";
  static constexpr std::string_view version = "0.2.0";
  static std::string_view manifest() { return manifest_json; }

  VoilaNorbert(const nlohmann::json& config, sdk::Host& host) : settings_(Settings::from_config(config)) {
    host.treat_as_secret(settings_.api_key);
  }

  // Operations run concurrently: this only reads settings_.
  sdk::Task run(sdk::Operation& op) {
    if (op.capability() == "find_email") return find_email(op, settings_);
    if (op.capability() == "find_domain_emails") return find_domain_emails(op, settings_);
    if (op.capability() == "verify_email") return verify_email(op, settings_);
    if (op.capability() == "enrich_person") return enrich_person(op, settings_);
    if (op.capability() == "add_to_list") return add_to_list(op, settings_);
    if (op.capability() == "account") return account(op, settings_);
    if (op.capability() == "voilanorbert.massive_submit") return massive_submit(op, settings_);
    if (auto operation = provider_operation(op, settings_)) return std::move(*operation);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported,
                                      "VoilaNorbert does not offer '" + op.capability() + "'."));
  }

 private:
  const Settings settings_;
};

}  // namespace leadflow::voilanorbert

LEADFLOW_PLUGIN(leadflow::voilanorbert::VoilaNorbert)
