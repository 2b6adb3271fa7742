// The provider-specific job operations: verifalia.list_jobs, verifalia.job_overview,
// verifalia.export_entries and verifalia.delete_job.
#pragma once

#include <leadflow/plugin.hpp>

#include "api_session.hpp"
#include "settings.hpp"

namespace leadflow::verifalia {

sdk::Task list_jobs(sdk::Operation& op, const Settings& settings, ApiSession& session);
sdk::Task job_overview(sdk::Operation& op, const Settings& settings, ApiSession& session);
sdk::Task export_entries(sdk::Operation& op, const Settings& settings, ApiSession& session);
sdk::Task delete_job(sdk::Operation& op, const Settings& settings, ApiSession& session);

}  // namespace leadflow::verifalia
