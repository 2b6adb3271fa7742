// find_domain_emails: the v2 Domain Search. Company info; prospects filtered by positions, every
// page (links.next), each prospect's email search; without a positions filter also the domain's
// emails and generic contacts (cursor `next`). Output per docs/vocabulary.md: a `people` array
// the host fans out into rows, `total`, and `company`.
#pragma once

#include "exchange.hpp"

namespace leadflow::snov {

sdk::Task find_domain_emails(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
