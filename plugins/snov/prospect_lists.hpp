// add_to_list and add_to_campaign: add-prospect-to-list. A list named but unknown is looked up
// with get-user-lists and created with POST /v1/lists when missing (once per account, however
// many rows ask at once). A campaign is found with get-user-campaigns and fed through its list:
// "after a prospect is automatically added to a chosen list, an email drip campaign will be
// started for them automatically".
#pragma once

#include "exchange.hpp"

namespace leadflow::snov {

sdk::Task add_to_list(sdk::Operation& op, Api api);
sdk::Task add_to_campaign(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
