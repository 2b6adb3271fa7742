// libjq's C headers for C++: Debian's jq 1.6 headers (jq.h, jv.h) have no extern "C" guards.
#pragma once

extern "C" {
#include <jq.h>
#include <jv.h>
}
