// InsideView's default answer format: XML, when the request's Accept header does not ask for
// JSON. The documented shape is flat (<BulkLeadEnrichmentStatus><jobId>...</jobId>...); nested
// objects become nested elements and each array entry repeats its parent's element name.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace leadflow::insideview_sim {

// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><root>...</root>` for a JSON object.
std::string xml_document(const std::string& root, const nlohmann::ordered_json& body);

}  // namespace leadflow::insideview_sim
