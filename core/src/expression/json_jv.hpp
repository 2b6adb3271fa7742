// Moving values between nlohmann::ordered_json (the engine's records) and jv (libjq's values) by
// walking one and building the other.
//
// Direct walking rather than text (dump, then parse): measured by expression_bench on a typical
// 12-field record (thread CPU time, RelWithDebInfo), the round trip costs ~7.4 us walking
// (3.1 us in, 4.2 us out) against ~22-27 us for dump + jv_parse + jv_dump_string + json::parse:
// walking is about 3x faster.
//
// Numbers: jq 1.6 holds every number as a double. An integer beyond 2^53 loses precision on the
// way in (the fast path of plain field paths keeps it exact). On the way out an integral double
// within the int64 range becomes an integer, anything else a float; jq's nan becomes null and
// its infinities the largest doubles, as jq itself prints them. Object keys keep their order.
#pragma once

#include "expression/libjq.hpp"

#include <nlohmann/json.hpp>

namespace leadflow::expression {

// A new jv holding `value`; the caller owns it (jv_free, or hand it to a consuming jq call).
jv to_jv(const nlohmann::ordered_json& value);

// The JSON of `value`, which is borrowed: the caller still owns it and must free it.
nlohmann::ordered_json to_json(jv value);

}  // namespace leadflow::expression
