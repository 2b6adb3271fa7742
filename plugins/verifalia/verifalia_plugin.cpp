// The Verifalia plugin: one instance per account, verify_email in batches, account and the
// provider-specific job operations, and the exported leadflow_plugin_entry_v1 (LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <memory>
#include <string_view>

#include "account.hpp"
#include "api_session.hpp"
#include "job_operations.hpp"
#include "settings.hpp"
#include "submit_file.hpp"
#include "verifalia_manifest.hpp"
#include "verify_email.hpp"

namespace leadflow::verifalia {

class Verifalia {
 public:
  static constexpr std::string_view id = "verifalia";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  Verifalia(const nlohmann::json& config, sdk::Host& host)
      : settings_(Settings::from_config(config)), session_(std::make_unique<ApiSession>(settings_.base_urls.size())) {
    host.treat_as_secret(settings_.password);
    host.treat_as_secret(settings_.totp_secret);
    if (!settings_.password.empty()) host.treat_as_secret(sdk::basic_auth(settings_.username, settings_.password).substr(6));
  }

  // Operations run concurrently: settings_ is only read; the session synchronises itself.
  sdk::Task run(sdk::Operation& op) {
    const auto& capability = op.capability();
    if (capability == "verify_email") return verify_email(op, settings_, *session_);
    if (capability == "account") return account(op, settings_, *session_);
    if (capability == "verifalia.list_jobs") return list_jobs(op, settings_, *session_);
    if (capability == "verifalia.job_overview") return job_overview(op, settings_, *session_);
    if (capability == "verifalia.export_entries") return export_entries(op, settings_, *session_);
    if (capability == "verifalia.delete_job") return delete_job(op, settings_, *session_);
    if (capability == "verifalia.submit_file") return submit_file(op, settings_, *session_);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported, "Verifalia does not offer '" + capability + "'."));
  }

 private:
  const Settings settings_;
  const std::unique_ptr<ApiSession> session_;
};

}  // namespace leadflow::verifalia

LEADFLOW_PLUGIN(leadflow::verifalia::Verifalia)
