// Looking at jobs without running one: the status of a Contact Details job
// (GET /contact/job/{jobId}) and the account's bulk jobs list (GET /admin/jobs). Free: "Calls to
// the Job Status, Cancellation or Results endpoints do not impact your quotas".
#pragma once

#include <leadflow/plugin.hpp>

#include "session.hpp"
#include "settings.hpp"

namespace leadflow::insideview {

// insideview.job_status: {"job_id"} -> {"status": "done", job_id, job_status, total_processed, type}.
sdk::Task job_status(sdk::Operation& op, const Settings& settings, Session& session);
// insideview.jobs_list: filters -> {"status": "done", "jobs": [...], "count"}.
sdk::Task jobs_list(sdk::Operation& op, const Settings& settings, Session& session);

}  // namespace leadflow::insideview
