// The contact filters of GET /contacts/, which POST /lists/{id} reuses to pick the contacts it
// attaches ("the same query returned from the GET request to /contacts/, with the same
// parameters"): ids, query, name, email, company, status, found, history, lists, created,
// order_by.
#pragma once

#include "contact_book.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::voilanorbert_sim {

class ContactQuery {
 public:
  // The query from request parameters; a {field: [messages]} form error when one is unusable.
  static std::variant<ContactQuery, nlohmann::json> parse(const std::map<std::string, std::string>& parameters);

  // The matching contacts, ordered as asked (default: oldest first).
  std::vector<Contact> select(const std::vector<Contact>& contacts, std::int64_t now_ms) const;

 private:
  bool matches(const Contact& contact, std::int64_t now_ms) const;

  std::vector<std::int64_t> ids_;
  std::string query_, name_, email_, company_;
  std::optional<bool> found_;
  std::vector<std::int64_t> lists_;
  std::string created_operator_;  // "", ">", "<", ">=", "<=" ("" is the same day)
  std::optional<std::int64_t> created_ms_;
  std::string order_by_ = "created";
  bool descending_ = false;
};

}  // namespace leadflow::voilanorbert_sim
