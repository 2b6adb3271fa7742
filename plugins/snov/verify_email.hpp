// verify_email: the v1 Email Verifier over batches of up to 10 addresses. Ask
// get-emails-verification-status (free); push the not_verified ones with one
// add-emails-to-verification (1 credit each, checkpointed); poll until every address has a
// definitive smtpStatus. Greylisted addresses are asked again greylist_retry_ms later, not
// reported as final until greylist_max_wait_ms has passed.
#pragma once

#include "exchange.hpp"

namespace leadflow::snov {

sdk::Task verify_email(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
