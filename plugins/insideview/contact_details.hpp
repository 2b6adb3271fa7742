// The synchronous Contact Details endpoints: one contact by id (GET /contact/{contactId}) and up
// to 50 at once (POST /contact/bulk), for lookups too small to wait for a bulk job.
#pragma once

#include <leadflow/plugin.hpp>

#include "session.hpp"
#include "settings.hpp"

namespace leadflow::insideview {

inline constexpr std::size_t max_bulk_ids = 50;  // "[POST] - Bulk Contact Fetch API": up to 50 ids

// insideview.contact_details: {"id"} -> the contact (found / not_found), 1 transaction when found.
sdk::Task contact_details(sdk::Operation& op, const Settings& settings, Session& session);
// insideview.contact_details_bulk: a batch of {"id"} items -> one output per item.
sdk::Task contact_details_bulk(sdk::Operation& op, const Settings& settings, Session& session);

}  // namespace leadflow::insideview
