// Compiling and evaluating workflow expressions; see expression.hpp.
#include "expression/expression.hpp"

#include "expression/jq_program.hpp"

namespace leadflow::expression {
namespace {

bool is_truthy(const nlohmann::ordered_json& value) {
  return !value.is_null() && !(value.is_boolean() && !value.get<bool>());
}

}  // namespace

Expression Expression::compile(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw CompileError("the expression is empty", 1);
  if (const auto zero = text.find('\0'); zero != std::string_view::npos)
    throw CompileError("the expression contains a NUL byte", static_cast<int>(zero) + 1);

  Expression result;
  result.source_ = std::string(text);
  result.plain_path_ = parse_field_path(text);
  if (!result.plain_path_) result.program_ = std::make_unique<JqProgram>(text);
  return result;
}

Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

std::optional<nlohmann::ordered_json> Expression::first(const nlohmann::ordered_json& input) const {
  if (plain_path_) return look_up(input, *plain_path_);
  return program_->first(input);
}

bool Expression::truthy(const nlohmann::ordered_json& input) const {
  if (plain_path_) return is_truthy(look_up(input, *plain_path_));
  const auto value = program_->first(input);
  return value && is_truthy(*value);
}

}  // namespace leadflow::expression
