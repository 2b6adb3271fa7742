// The /_sandbox/* routes every simulator has: ledger, reset, faults, rate-limit statistics and
// the world's truth, so tests and benchmarks can look inside a simulator without knowing its
// provider.
#include <leadflow/sandbox/simulator.hpp>

#include <string>

namespace leadflow::sandbox {

void install_control_routes(Server& server, SimulatorContext& context) {
  server.route("GET", "/_sandbox/ledger", [&context](const Request&) { return Response::json(200, context.ledger.to_json()); });

  server.route("POST", "/_sandbox/reset", [&context](const Request&) {
    context.reset();
    return Response::json(200, {{"reset", true}});
  });

  server.route("GET", "/_sandbox/faults", [&context](const Request&) {
    return Response::json(200, {{"spec", context.faults.spec()}, {"injected", context.faults.injected()}});
  });

  server.route("POST", "/_sandbox/faults", [&context](const Request& request) {
    const auto body = request.json();
    if (!body || !body->is_object() || !body->contains("spec") || !(*body)["spec"].is_string())
      return Response::json(400, {{"code", 400}, {"error", R"(Send a JSON object like {"spec": "5xx-burst:5"}; "" clears all faults.)"}});
    try {
      context.faults.configure((*body)["spec"].get<std::string>());
    } catch (const std::invalid_argument& e) {
      return Response::json(400, {{"code", 400}, {"error", e.what()}});
    }
    return Response::json(200, {{"spec", context.faults.spec()}});
  });

  server.route("GET", "/_sandbox/stats", [&context](const Request&) {
    return Response::json(200, {{"classes", context.rate_limits.stats()},
                                {"time_scale", context.clock.scale()},
                                {"virtual_now_ms", context.clock.virtual_now_ms()}});
  });

  server.route("GET", "/_sandbox/truth", [&context](const Request&) {
    nlohmann::json people = nlohmann::json::array();
    for (const auto& person : context.world.people()) people.push_back(context.world.truth_of(person));
    return Response::json(200, {{"seed", context.world.seed()}, {"people", std::move(people)}});
  });
}

}  // namespace leadflow::sandbox
