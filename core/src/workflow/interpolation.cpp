// ${VAR} interpolation; see interpolation.hpp.
#include "workflow/interpolation.hpp"

#include <cctype>
#include <optional>

namespace leadflow::workflow {
namespace {

constexpr const char* reference_hint = "write ${NAME} or ${NAME:-default}, and $$ for a literal '$'";

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One ${...} as written: the variable name and, with ':-', the default's raw offsets.
struct Reference {
  std::string name;
  std::optional<std::pair<std::size_t, std::size_t>> default_span;  // [begin, end) in the raw text
  std::size_t end = 0;                                              // one past the closing '}'
};

class Interpolator {
 public:
  Interpolator(std::string_view raw, const Environment& environment) : raw_(raw), environment_(environment) {}

  InterpolatedText run() {
    std::size_t i = 0;
    while (i < raw_.size()) {
      if (raw_.compare(i, 2, "$$") == 0) {
        append('$', i);
        i += 2;
      } else if (raw_.compare(i, 2, "${") == 0) {
        result_.has_references = true;
        auto reference = read_reference(i);
        if (!reference) break;  // the rest of the value cannot be read reliably
        substitute(*reference, i);
        i = reference->end;
      } else {
        append(raw_[i], i);
        ++i;
      }
    }
    return std::move(result_);
  }

 private:
  void append(char c, std::size_t origin) {
    result_.text.push_back(c);
    result_.origin.push_back(origin);
  }

  void problem(std::size_t offset, std::string message) {
    result_.problems.push_back({offset, std::move(message), reference_hint});
  }

  std::optional<Reference> read_reference(std::size_t dollar) {
    const std::size_t name_begin = dollar + 2;
    std::size_t pos = name_begin;
    while (pos < raw_.size() && is_name_char(raw_[pos])) ++pos;
    Reference reference{std::string(raw_.substr(name_begin, pos - name_begin)), std::nullopt, 0};

    if (raw_.find('}', name_begin) == std::string_view::npos) {
      problem(dollar, "unclosed '${': a variable reference must end with '}'");
      return std::nullopt;
    }
    if (reference.name.empty() || std::isdigit(static_cast<unsigned char>(reference.name[0]))) {
      problem(dollar, "'${' must be followed by a variable name made of letters, digits and '_', not starting with a digit");
      return std::nullopt;
    }
    if (raw_[pos] == '}') {
      reference.end = pos + 1;
      return reference;
    }
    if (raw_.compare(pos, 2, ":-") == 0) {
      const std::size_t close = raw_.find('}', pos + 2);
      reference.default_span = std::pair{pos + 2, close};
      reference.end = close + 1;
      return reference;
    }
    // The name is not repeated: text that is not a valid reference may be part of a secret.
    problem(dollar, "in this '${', the variable name must be followed by '}' or ':-default'");
    return std::nullopt;
  }

  void substitute(const Reference& reference, std::size_t dollar) {
    const auto value = environment_ ? environment_(reference.name) : std::nullopt;
    if (value && !value->empty()) {
      for (char c : *value) append(c, dollar);
    } else if (reference.default_span) {
      for (std::size_t k = reference.default_span->first; k < reference.default_span->second; ++k) append(raw_[k], k);
    } else if (!value) {
      result_.missing.push_back({reference.name, dollar});
    }
  }

  std::string_view raw_;
  const Environment& environment_;
  InterpolatedText result_;
};

}  // namespace

InterpolatedText interpolate(std::string_view raw, const Environment& environment) {
  return Interpolator(raw, environment).run();
}

}  // namespace leadflow::workflow
