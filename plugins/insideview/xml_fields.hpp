// InsideView answers XML unless asked for JSON, and some clients (or proxies) get XML anyway:
// the few flat fields the plugin reads (jobId, status, message...) are read from either format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::insideview {

// The text of the first <name>...</name> element (attributes allowed, entities decoded);
// nullopt when there is none or the body is not XML.
std::optional<std::string> xml_element_text(std::string_view xml, std::string_view name);

// True when the body starts (after whitespace) with '<'.
bool looks_like_xml(std::string_view body);

}  // namespace leadflow::insideview
