// Maps InsideView's HTTP answers onto leadflow's error codes, whether the body is JSON or the
// XML InsideView sends by default: the one place where InsideView's status codes and error
// wording live (docs: 400 validation / quota / too many jobs, 401, 405, 415, 429).
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::insideview {

// The request a response answers, named in messages.
enum class Endpoint { login, submit_job, job_status, job_results, contact_details, contact_bulk, jobs_list };

// The documented causes of a 400.
enum class Rejection {
  jobs_running,  // "Too many job submitted to the processing queue", "2 jobs are already running..."
  quota,         // "Insufficient transaction quota available"
  invalid,       // "Validation of input data failed", and anything else
};

// InsideView's explanation from a JSON ({"message"}, {"error"}, ...) or XML (<message>) error
// body; "" when there is none.
std::string provider_message(const sdk::HttpResponse& response);

// Which documented cause a 400 is, from its message.
Rejection rejection_of(const sdk::HttpResponse& response);

// The failure a non-2xx response or a transport error means; nullopt for a 2xx response.
std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint);

// FAIL bad_response for a 2xx body the plugin cannot read.
sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint);

// A top-level text field of a JSON object or flat XML body (jobId, status, ...); nullopt when
// absent. Numbers are given as their decimal text.
std::optional<std::string> body_field(const sdk::HttpResponse& response, std::string_view name);

}  // namespace leadflow::insideview
