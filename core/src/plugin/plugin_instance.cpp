// Instances and operations over the C ABI; see plugin_instance.hpp. The plugin's instance is
// freed only after its last operation (plugin.h: instance_free comes after every
// operation_free), so operations share ownership of the instance state.
#include "plugin/plugin_instance.hpp"

#include "plugin/host_context.hpp"
#include "plugin/step_translation.hpp"

#include <fmt/format.h>

namespace leadflow::plugin {

// What an Instance and its Operations share: the plugin (which keeps the library loaded), the
// plugin's instance handle and the instance's host context.
class InstanceState {
 public:
  InstanceState(std::shared_ptr<const Plugin> plugin_, HostDelegate& delegate_, std::string label,
                std::shared_ptr<const secrets::Redactor> redactor_)
      : plugin(std::move(plugin_)),
        delegate(delegate_),
        redactor(std::move(redactor_)),
        ctx(std::make_unique<lf_host_ctx>(delegate, plugin->id(), std::move(label), redactor)) {}
  InstanceState(const InstanceState&) = delete;
  InstanceState& operator=(const InstanceState&) = delete;
  ~InstanceState() {
    if (handle) plugin->table().instance_free(handle);
  }

  std::shared_ptr<const Plugin> plugin;
  HostDelegate& delegate;
  std::shared_ptr<const secrets::Redactor> redactor;
  std::unique_ptr<lf_host_ctx> ctx;
  lf_instance* handle = nullptr;
};

namespace {

lf_str borrow(std::string_view text) { return lf_str{text.data(), text.size()}; }

std::string_view status_name(lf_status status) {
  switch (status) {
    case LF_E_INVALID_ARGUMENT: return "invalid argument";
    case LF_E_UNSUPPORTED: return "unsupported";
    case LF_E_NO_MEMORY: return "out of memory";
    case LF_E_INTERNAL: return "internal error";
    case LF_E_BAD_STATE: return "bad state";
    default: return "unknown status";
  }
}

// "plugin voilanorbert: operation_start(find_email) failed with status -1 (invalid argument): <message>"
PluginCallError call_failed(const std::string& plugin_id, std::string_view call, lf_status status, lf_host_ctx& ctx) {
  auto message = ctx.take_error();
  if (message.empty()) message = "the plugin gave no message";
  return PluginCallError(fmt::format("plugin {}: {} failed with status {} ({}): {}", plugin_id, call, status, status_name(status), message));
}

// Masks the values of the config fields the manifest marks secret in everything the plugin
// hands the host: log lines, set_error messages, DONE and FAIL payloads.
std::shared_ptr<const secrets::Redactor> secret_redactor(const Manifest& manifest, const nlohmann::json& config) {
  auto redactor = std::make_shared<secrets::Redactor>("***");
  if (!config.is_object()) return redactor;
  for (const auto& field : manifest.config) {
    auto it = config.find(field.name);
    if (!field.secret || it == config.end() || it->is_null()) continue;
    redactor->add(it->is_string() ? it->get<std::string>() : it->dump());
  }
  return redactor;
}

}  // namespace

Operation::Operation(std::shared_ptr<InstanceState> instance, std::unique_ptr<lf_host_ctx> ctx, lf_operation* handle,
                     std::string capability)
    : instance_(std::move(instance)), ctx_(std::move(ctx)), handle_(handle), capability_(std::move(capability)) {}

Operation::~Operation() {
  if (handle_) instance_->plugin->table().operation_free(handle_);
}

Action Operation::step(const Event& event) {
  const auto& plugin_id = instance_->plugin->id();
  auto call = fmt::format("operation_step({})", capability_);
  if (finished_)
    throw PluginCallError(fmt::format("plugin {}: {} called after the operation already answered done or fail", plugin_id, call));

  CEvent c_event(event);
  lf_action c_action{};
  c_action.struct_size = sizeof(lf_action);
  lf_status status = instance_->plugin->table().operation_step(handle_, c_event.get(), &c_action);
  if (status != LF_OK) throw call_failed(plugin_id, call, status, *ctx_);

  try {
    auto action = read_action(c_action);
    finished_ = action.kind == ActionKind::done || action.kind == ActionKind::fail;
    if (finished_) action.json = ctx_->redact(action.json);
    return action;
  } catch (const InvalidAction& e) {
    throw PluginCallError(fmt::format("plugin {}: {} answered an invalid action: {}", plugin_id, call, e.what()));
  }
}

std::unique_ptr<Instance> Instance::create(std::shared_ptr<const Plugin> plugin, HostDelegate& delegate,
                                           const nlohmann::json& validated_config, std::string label) {
  auto redactor = secret_redactor(plugin->manifest(), validated_config);
  auto state = std::make_shared<InstanceState>(std::move(plugin), delegate, std::move(label), std::move(redactor));
  auto config_text = validated_config.dump();
  const auto& table = state->plugin->table();
  lf_instance* handle = nullptr;
  lf_status status = table.instance_create(&host_services_table(), state->ctx.get(), borrow(config_text), &handle);
  if (status != LF_OK) throw call_failed(state->plugin->id(), "instance_create", status, *state->ctx);
  if (!handle)
    throw PluginCallError(fmt::format("plugin {}: instance_create returned OK but no instance", state->plugin->id()));
  state->handle = handle;
  return std::make_unique<Instance>(std::move(state));
}

Instance::Instance(std::shared_ptr<InstanceState> state) : state_(std::move(state)) {}

Instance::~Instance() = default;

const Plugin& Instance::plugin() const { return *state_->plugin; }

std::unique_ptr<Operation> Instance::start(std::string_view capability, const nlohmann::json& input,
                                           std::string_view checkpoint_json, std::string label) {
  const auto& plugin_id = state_->plugin->id();
  auto ctx = std::make_unique<lf_host_ctx>(state_->delegate, plugin_id, std::move(label), state_->redactor);
  auto input_text = input.dump();
  lf_operation* handle = nullptr;
  lf_status status = state_->plugin->table().operation_start(state_->handle, ctx.get(), borrow(capability), borrow(input_text),
                                                             borrow(checkpoint_json), &handle);
  auto call = fmt::format("operation_start({})", capability);
  if (status != LF_OK) throw call_failed(plugin_id, call, status, *ctx);
  if (!handle) throw PluginCallError(fmt::format("plugin {}: {} returned OK but no operation", plugin_id, call));
  return std::make_unique<Operation>(state_, std::move(ctx), handle, std::string(capability));
}

}  // namespace leadflow::plugin
