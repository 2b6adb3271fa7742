// JSON to InsideView-style XML; see xml_answer.hpp.
#include "xml_answer.hpp"

namespace leadflow::insideview_sim {
namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void append_element(std::string& xml, const std::string& name, const nlohmann::ordered_json& value) {
  if (value.is_array()) {
    for (const auto& entry : value) append_element(xml, name, entry);
    return;
  }
  xml += "<" + name + ">";
  if (value.is_object())
    for (const auto& [key, member] : value.items()) append_element(xml, key, member);
  else if (value.is_string())
    xml += escaped(value.get<std::string>());
  else if (!value.is_null())
    xml += value.dump();
  xml += "</" + name + ">";
}

}  // namespace

std::string xml_document(const std::string& root, const nlohmann::ordered_json& body) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  append_element(xml, root, body);
  return xml;
}

}  // namespace leadflow::insideview_sim
