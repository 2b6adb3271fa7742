// The list routes: GET/POST /lists/, GET/PUT/POST /lists/{id}. POST /lists/{id} attaches every
// contact matching the GET /contacts/ filters sent in its form.
#include "contact_query.hpp"
#include "voilanorbert_api.hpp"

namespace leadflow::voilanorbert_sim {
namespace {

Response list_not_found() { return error_response(404, "Page not found."); }

std::optional<std::int64_t> list_id_of(const Request& request) { return whole_number(request.path_params.at("id")); }

}  // namespace

std::size_t VoilaNorbertApi::contacts_on(const std::string& account, std::int64_t list_id) const {
  std::size_t count = 0;
  for (const auto& contact : contacts_.all(account)) count += contact.lists.contains(list_id) ? 1 : 0;
  return count;
}

Response VoilaNorbertApi::get_lists(const Request&, const std::string& account) {
  nlohmann::json result = nlohmann::json::array();
  for (const auto& list : lists_.all(account)) result.push_back(list_json(list, contacts_on(account, list.id)));
  return Response::json(200, {{"result", std::move(result)}});
}

Response VoilaNorbertApi::create_list(const Request& request, const std::string& account) {
  auto form = request.form();
  const auto name = trimmed(form["name"]);
  if (name.empty()) return form_error("name", "This field is required.");
  return Response::json(200, list_json(lists_.create(account, name, now()), 0));
}

Response VoilaNorbertApi::get_list(const Request& request, const std::string& account) {
  const auto id = list_id_of(request);
  const auto list = id ? lists_.find(account, *id) : std::nullopt;
  if (!list) return list_not_found();
  return Response::json(200, list_json(*list, contacts_on(account, list->id)));
}

// "Update or set to deletion a given list": name renames it; removed=1 deletes it (202, empty).
Response VoilaNorbertApi::update_list(const Request& request, const std::string& account) {
  const auto id = list_id_of(request);
  if (!id || !lists_.find(account, *id)) return list_not_found();
  auto form = request.form();
  if (truthy(trimmed(form["removed"]))) {
    lists_.remove(account, *id);
    contacts_.detach_all(*id);
    Response accepted;
    accepted.status = 202;
    return accepted;
  }
  const auto name = trimmed(form["name"]);
  const auto list = name.empty() ? lists_.find(account, *id) : lists_.rename(account, *id, name);
  return Response::json(200, list_json(*list, contacts_on(account, *id)));
}

Response VoilaNorbertApi::add_to_list(const Request& request, const std::string& account) {
  const auto id = list_id_of(request);
  if (!id || !lists_.find(account, *id)) return list_not_found();
  auto parsed = ContactQuery::parse(request.form());
  if (std::holds_alternative<nlohmann::json>(parsed)) return Response::json(400, std::get<nlohmann::json>(parsed));
  std::vector<std::int64_t> ids;
  for (const auto& contact : std::get<ContactQuery>(parsed).select(contacts_.all(account), now())) ids.push_back(contact.id);
  contacts_.attach(account, ids, *id);
  return Response::json(200, list_json(*lists_.find(account, *id), contacts_on(account, *id)));
}

}  // namespace leadflow::voilanorbert_sim
