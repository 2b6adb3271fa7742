// The InsideView plugin: one instance per account (its settings and the session its operations
// share: access token, throttle lock), the enrich_person bulk jobs and the provider-specific
// operations, and the exported leadflow_plugin_entry_v1 (through LEADFLOW_PLUGIN).
#include <leadflow/plugin.hpp>

#include <memory>
#include <string_view>

#include "contact_details.hpp"
#include "contact_job.hpp"
#include "insideview_manifest.hpp"
#include "job_admin.hpp"
#include "session.hpp"
#include "settings.hpp"

namespace leadflow::insideview {

class InsideView {
 public:
  static constexpr std::string_view id = "insideview";
  static constexpr std::string_view version = "0.1.0";
  static std::string_view manifest() { return manifest_json; }

  InsideView(const nlohmann::json& config, sdk::Host& host)
      : settings_(Settings::from_config(config)), session_(std::make_unique<Session>()) {
    host.treat_as_secret(settings_.access_token);
    host.treat_as_secret(settings_.client_id);
    host.treat_as_secret(settings_.client_secret);
  }

  // Operations run concurrently: settings_ is only read; the session synchronises itself.
  sdk::Task run(sdk::Operation& op) {
    const auto& capability = op.capability();
    if (capability == "enrich_person") return enrich_person(op, settings_, *session_);
    if (capability == "insideview.contact_details") return contact_details(op, settings_, *session_);
    if (capability == "insideview.contact_details_bulk") return contact_details_bulk(op, settings_, *session_);
    if (capability == "insideview.job_status") return job_status(op, settings_, *session_);
    if (capability == "insideview.jobs_list") return jobs_list(op, settings_, *session_);
    return sdk::immediately(sdk::fail(sdk::ErrorCode::unsupported, "InsideView does not offer '" + capability + "'."));
  }

 private:
  const Settings settings_;
  const std::unique_ptr<Session> session_;
};

}  // namespace leadflow::insideview

LEADFLOW_PLUGIN(leadflow::insideview::InsideView)
