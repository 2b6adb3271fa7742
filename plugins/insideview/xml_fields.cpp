// Reading flat XML fields; see xml_fields.hpp. Not a general XML parser: InsideView's answers
// are flat elements of text, which is all this needs to read.
#include "xml_fields.hpp"

namespace leadflow::insideview {
namespace {

std::string decoded(std::string_view text) {
  static constexpr std::pair<std::string_view, char> entities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&')
      for (const auto& [entity, c] : entities)
        if (text.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size();
          replaced = true;
          break;
        }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace

bool looks_like_xml(std::string_view body) {
  const auto first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && body[first] == '<';
}

std::optional<std::string> xml_element_text(std::string_view xml, std::string_view name) {
  if (!looks_like_xml(xml)) return std::nullopt;
  const std::string open = "<" + std::string(name);
  for (auto at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const auto after = at + open.size();
    if (after >= xml.size() || (xml[after] != '>' && xml[after] != ' ' && xml[after] != '/')) continue;  // <nameSuffix>
    const auto content = xml.find('>', after);
    if (content == std::string_view::npos) return std::nullopt;
    if (xml[content - 1] == '/') return std::string();  // <name/>
    const auto close = xml.find("</" + std::string(name) + ">", content + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return decoded(xml.substr(content + 1, close - content - 1));
  }
  return std::nullopt;
}

}  // namespace leadflow::insideview
