// Micro-benchmark of workflow expressions on a typical 12-field lead record: ns per evaluation
// for the fast path, a jq `//` mapping and a jq test() condition, plus the two ways of moving a
// record into jq and back (the measurement behind the choice written in json_jv.hpp).
#include "expression/expression.hpp"
#include "expression/json_jv.hpp"

#include <fmt/format.h>

#include <ctime>
#include <functional>
#include <string>

using namespace leadflow::expression;
using json = nlohmann::ordered_json;

namespace {

const json record{
    {"first_name", "Zoë"}, {"last_name", "Lovelace"}, {"email", "zoe.lovelace@acme.com"},
    {"company", "Acme Analytical Engines"}, {"domain", "acme.com"}, {"title", "Head of Growth"},
    {"linkedin", "https://www.linkedin.com/in/zoe-lovelace"}, {"phone", "+44 20 7946 0958"},
    {"city", "London"}, {"country", "GB"}, {"employees", 250},
    {"find", {{"email", nullptr}, {"provider", "voilanorbert"}, {"confidence", 0}}}};

std::size_t sink = 0;

// CPU time of this thread, not wall time: the build machine is shared, and time spent waiting
// for a core would otherwise swamp the numbers.
double thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

void measure(const char* label, int iterations, const std::function<void()>& body) {
  for (int i = 0; i < iterations / 10; ++i) body();  // warm up
  const double start = thread_cpu_ns();
  for (int i = 0; i < iterations; ++i) body();
  const double ns = (thread_cpu_ns() - start) / iterations;
  fmt::print("{:<48} {:>10.0f} ns\n", label, ns);
}

json through_text(const json& value) {
  const std::string text = value.dump();
  jv parsed = jv_parse_sized(text.data(), static_cast<int>(text.size()));
  jv dumped = jv_dump_string(parsed, 0);
  json back = json::parse(jv_string_value(dumped));
  jv_free(dumped);
  return back;
}

json through_walk(const json& value) {
  jv converted = to_jv(value);
  json back = to_json(converted);
  jv_free(converted);
  return back;
}

}  // namespace

int main() {
  const auto fast = Expression::compile(".find.provider");
  const auto fallback = Expression::compile(".find.email // .email");
  const auto condition = Expression::compile(".email | test(\"@acme\\\\.com$\")");

  measure("fast path .find.provider", 2'000'000, [&] { sink += fast.first(record)->get_ref<const std::string&>().size(); });
  measure("fast path truthy .find.provider", 2'000'000, [&] { sink += fast.truthy(record); });
  measure("jq .find.email // .email", 100'000, [&] { sink += fallback.first(record)->get_ref<const std::string&>().size(); });
  measure("jq .email | test(\"@acme\\\\.com$\") (truthy)", 100'000, [&] { sink += condition.truthy(record); });
  measure("record -> jv -> record, walking (chosen)", 100'000, [&] { sink += through_walk(record).size(); });
  measure("record -> jv -> record, dump + parse", 100'000, [&] { sink += through_text(record).size(); });
  measure("  of which record -> jv", 100'000, [&] { jv converted = to_jv(record); sink += jv_get_kind(converted); jv_free(converted); });
  jv converted = to_jv(record);
  measure("  of which jv -> record", 100'000, [&] { sink += to_json(converted).size(); });
  jv_free(converted);
  measure("compile a jq expression (jq_init + compile)", 200, [&] { sink += Expression::compile(".a // .b").source().size(); });
  return sink == 0 ? 1 : 0;
}
