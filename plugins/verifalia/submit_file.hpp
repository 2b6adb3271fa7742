// verifalia.submit_file: one job from a whole .txt, .csv or .tsv file (API v2.2+ file import).
#pragma once

#include <leadflow/plugin.hpp>

#include "api_session.hpp"
#include "settings.hpp"

#include <string>

namespace leadflow::verifalia {

struct FilePart {
  std::string name;          // the part's name: "settings" or "inputFile"
  std::string filename;      // empty: no filename
  std::string content_type;  // e.g. "text/csv"
  std::string content;
};

// multipart/form-data with a boundary that occurs in no part; returns {content type, body}.
std::pair<std::string, std::string> multipart_form(const std::vector<FilePart>& parts);

sdk::Task submit_file(sdk::Operation& op, const Settings& settings, ApiSession& session);

}  // namespace leadflow::verifalia
