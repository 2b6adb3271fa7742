// The Snov.io plugin: one instance per account (its settings and the state its operations share:
// the access token, the hourly caps, the list ids), the capabilities, and the exported
// leadflow_plugin_entry_v1 (through LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <memory>
#include <string_view>

#include "account_state.hpp"
#include "enrich_person.hpp"
#include "find_domain_emails.hpp"
#include "find_email.hpp"
#include "prospect_lists.hpp"
#include "provider_operations.hpp"
#include "settings.hpp"
#include "snov_manifest.hpp"
#include "verify_email.hpp"

namespace leadflow::snov {

class Snov {
 public:
  static constexpr std::string_view id = "snov";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  Snov(const nlohmann::json& config, sdk::Host& host)
      : settings_(Settings::from_config(config)), state_(std::make_unique<AccountState>(settings_.caps)) {
    host.treat_as_secret(settings_.client_id);
    host.treat_as_secret(settings_.client_secret);
  }

  // Operations run concurrently: settings_ is read-only, state_ synchronises itself.
  sdk::Task run(sdk::Operation& op) {
    const Api api{&settings_, state_.get()};
    const auto& capability = op.capability();
    if (capability == "find_email") return find_email(op, api);
    if (capability == "verify_email") return verify_email(op, api);
    if (capability == "find_domain_emails") return find_domain_emails(op, api);
    if (capability == "enrich_person") return enrich_person(op, api);
    if (capability == "add_to_list") return add_to_list(op, api);
    if (capability == "add_to_campaign") return add_to_campaign(op, api);
    if (capability == "snov.company_info") return company_info(op, api);
    if (is_provider_operation(capability)) return provider_operation(op, api);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported, "Snov.io does not offer '" + capability + "'."));
  }

 private:
  const Settings settings_;
  const std::unique_ptr<AccountState> state_;
};

}  // namespace leadflow::snov

LEADFLOW_PLUGIN(leadflow::snov::Snov)
