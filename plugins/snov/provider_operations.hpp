// The Snov.io methods outside the common vocabulary, reachable from a workflow as "snov.<name>"
// capabilities (campaign statistics, prospects, lists, webhooks, the email count, company info),
// and `account` (the balance). Most are one free request whose answer is passed on; the table in
// provider_operations.cpp says how each input becomes a request and each answer an output.
#pragma once

#include "exchange.hpp"

#include <string>

namespace leadflow::snov {

bool is_provider_operation(const std::string& capability);
sdk::Task provider_operation(sdk::Operation& op, Api api);
// snov.company_info: the v2 company info search (start + result), 1 credit when Snov has it.
sdk::Task company_info(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
