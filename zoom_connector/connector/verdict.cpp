#include "connector/verdict.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "pipeline_plugin.h"

namespace zc {

void Verdict::set_failure(VerdictStep step, const ZoomFailure& f) {
  ok = false;
  failed_step = step;
  status = f.error.status;
  message = f.error.message;
  http_status = f.error.http_status;
  zoom_code = f.error.remote_code;
  zoom_message = f.zoom_message;
  zoom_error = f.zoom_error;
  missing_scopes = f.missing_scopes;
  refused_fields = f.refused_fields;
}

// The C header's word, the one spelling hosts share (Status mirrors
// pp_status value for value: abi/abi_mirrors.hpp asserts it).
std::string_view status_name(Status status) {
  return pp_status_word(static_cast<pp_status>(status));
}

std::string_view step_name(VerdictStep step) {
  switch (step) {
    case VerdictStep::none:
      return "";
    case VerdictStep::config:
      return "config";
    case VerdictStep::token:
      return "token";
    case VerdictStep::validation_call:
      return "validation_call";
  }
  return "";
}

std::string verdict_to_json(const Verdict& v, const Redactor& redactor) {
  auto text = [&](const std::string& s) -> boost::json::value {
    return boost::json::string(redactor.redact(s));
  };
  auto optional_text = [&](const std::string& s) -> boost::json::value {
    if (s.empty()) return nullptr;
    return text(s);
  };
  auto list = [&](const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& s : items) a.push_back(text(s));
    return a;
  };
  boost::json::object o;
  o["ok"] = v.ok;
  o["failed_step"] = v.failed_step == VerdictStep::none
                         ? boost::json::value(nullptr)
                         : boost::json::value(boost::json::string(step_name(v.failed_step)));
  o["status"] = boost::json::string(status_name(v.status));
  o["message"] = text(v.message);
  o["http_status"] = v.http_status != 0 ? boost::json::value(v.http_status) : nullptr;
  o["zoom_code"] = v.zoom_code != 0 ? boost::json::value(v.zoom_code) : nullptr;
  o["zoom_message"] = optional_text(v.zoom_message);
  o["zoom_error"] = optional_text(v.zoom_error);
  o["missing_scopes"] = list(v.missing_scopes);
  if (!v.refused_fields.empty()) o["refused_fields"] = list(v.refused_fields);
  if (v.identity) {
    boost::json::object id;
    id["account_id"] = optional_text(v.identity->account_id);
    id["user_id"] = optional_text(v.identity->user_id);
    id["email"] = optional_text(v.identity->email);
    o["identity"] = std::move(id);
  } else {
    o["identity"] = nullptr;
  }
  o["granted_scopes"] = list(v.granted_scopes);
  o["allowed_streams"] = list(v.allowed_streams);
  o["validation_url"] = text(v.validation_url);
  o["api_base_url"] = optional_text(v.api_base_url);
  o["warnings"] = list(v.warnings);
  return boost::json::serialize(o);
}

}  // namespace zc
