// The structured result of validate, as JSON:
//
// {"ok": true|false,
//  "failed_step": null | "config" | "token" | "validation_call",
//  "status": "ok" | "auth_failed" | "permission_denied" | "network" | ...,
//  "message": "what happened and what to do",
//  "http_status": 400 | null, "zoom_code": 4711 | null,
//  "zoom_message": "Zoom's own message or reason, verbatim" | null,
//  "zoom_error": "invalid_client" | null,
//  "missing_scopes": ["user:read:user:admin"],
//  "identity": {"account_id": "...", "user_id": "...", "email": "..."} | null,
//  "granted_scopes": [...], "allowed_streams": [...],
//  "validation_url": "...", "api_base_url": "...",
//  "warnings": ["the client secret and every access token can be read by ..."]}
//
// Every string passes through the Redactor before it is serialised. The
// shape is schemas/zoom.verdict.schema.json (tests/documents checks it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/redactor.hpp"
#include "core/zoom_error.hpp"

namespace zc {

enum class VerdictStep { none, config, token, validation_call };

struct Identity {
  std::string account_id;
  std::string user_id;
  std::string email;
};

struct Verdict {
  bool ok = false;
  VerdictStep failed_step = VerdictStep::none;
  Status status = Status::ok;
  std::string message;
  int http_status = 0;
  int zoom_code = 0;
  std::string zoom_message;
  std::string zoom_error;
  std::vector<std::string> missing_scopes;
  std::vector<std::string> refused_fields;  // ZoomFailure::refused_fields
  std::optional<Identity> identity;
  std::vector<std::string> granted_scopes;
  std::vector<std::string> allowed_streams;
  std::string validation_url;
  std::string api_base_url;
  std::vector<std::string> warnings;  // where the secret goes beyond Zoom, by the options' leave

  // Fills the failure fields from `f` (ok = false).
  void set_failure(VerdictStep step, const ZoomFailure& f);
};

std::string_view status_name(Status status);
std::string_view step_name(VerdictStep step);

std::string verdict_to_json(const Verdict& verdict, const Redactor& redactor);

}  // namespace zc
