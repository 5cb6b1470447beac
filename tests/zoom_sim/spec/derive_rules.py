#!/usr/bin/env python3
"""Writes zoom_api_rules.json: for each Zoom API operation the connector
calls, the facts a request and a response must satisfy (path, query
parameters with their types, enums and limits, the request body's and the
success response's shape, the documented error codes per status), derived
from Zoom's published OpenAPI inventories.

Only those facts are kept: names, types, enums, lengths, ranges, required
lists and formats. Descriptions, examples and every other text are dropped,
so the output is our own rule set, not a copy of the documents.

usage: derive_rules.py --mirror GIT_DIR [--commit SHA] --out FILE
  GIT_DIR: a clone (bare or not) of github.com/herooftimeandspace/zoompy
"""
import argparse
import json
import re
import subprocess
import sys

REPO = "herooftimeandspace/zoompy"
BASE = "src/zoom_sdk/endpoints/"

# (method, template, file under BASE): every endpoint the connector calls.
OPERATIONS = [
    ("GET", "/users", "accounts/Users.json"),
    ("POST", "/users", "accounts/Users.json"),
    ("GET", "/users/{userId}", "accounts/Users.json"),
    ("PATCH", "/users/{userId}", "accounts/Users.json"),
    ("DELETE", "/users/{userId}", "accounts/Users.json"),
    ("GET", "/groups", "accounts/Users.json"),
    ("GET", "/groups/{groupId}/members", "accounts/Users.json"),
    ("POST", "/groups/{groupId}/members", "accounts/Users.json"),
    ("DELETE", "/groups/{groupId}/members/{memberId}", "accounts/Users.json"),
    ("GET", "/users/{userId}/meetings", "workplace/Meetings.json"),
    ("POST", "/users/{userId}/meetings", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}", "workplace/Meetings.json"),
    ("PATCH", "/meetings/{meetingId}", "workplace/Meetings.json"),
    ("DELETE", "/meetings/{meetingId}", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}/registrants", "workplace/Meetings.json"),
    ("POST", "/meetings/{meetingId}/registrants", "workplace/Meetings.json"),
    ("GET", "/users/{userId}/webinars", "workplace/Meetings.json"),
    ("POST", "/users/{userId}/webinars", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}", "workplace/Meetings.json"),
    ("PATCH", "/webinars/{webinarId}", "workplace/Meetings.json"),
    ("DELETE", "/webinars/{webinarId}", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}/registrants", "workplace/Meetings.json"),
    ("POST", "/webinars/{webinarId}/registrants", "workplace/Meetings.json"),
    ("GET", "/users/{userId}/recordings", "workplace/Meetings.json"),
    ("GET", "/past_meetings/{meetingId}/participants", "workplace/Meetings.json"),
    ("GET", "/report/users", "workplace/Meetings.json"),
    ("GET", "/report/users/{userId}/meetings", "workplace/Meetings.json"),
    ("GET", "/report/meetings/{meetingId}/participants", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}/polls", "workplace/Meetings.json"),
    ("GET", "/past_meetings/{meetingId}/polls", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}/registrants/questions", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}/panelists", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}/polls", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}/registrants/questions", "workplace/Meetings.json"),
    ("GET", "/webinars/{webinarId}/tracking_sources", "workplace/Meetings.json"),
    ("GET", "/past_webinars/{webinarId}/absentees", "workplace/Meetings.json"),
    ("GET", "/past_webinars/{webinarId}/participants", "workplace/Meetings.json"),
    ("GET", "/past_webinars/{webinarId}/polls", "workplace/Meetings.json"),
    ("GET", "/past_webinars/{webinarId}/qa", "workplace/Meetings.json"),
    ("GET", "/report/webinars/{webinarId}", "workplace/Meetings.json"),
    ("GET", "/report/webinars/{webinarId}/participants", "workplace/Meetings.json"),
    ("GET", "/metrics/meetings", "accounts/Accounts.json"),
    ("GET", "/phone/users", "workplace/Phone.json"),
    ("GET", "/phone/call_history", "workplace/Phone.json"),
    ("GET", "/phone/recordings", "workplace/Phone.json"),
    ("GET", "/meetings/meeting_summaries", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}/meeting_summary", "workplace/Meetings.json"),
    ("GET", "/meetings/{meetingId}/recordings", "workplace/Meetings.json"),
]

# Schema keywords that constrain a value; everything else (description,
# example, title, x-*) is left out.
KEEP = {"type", "enum", "maximum", "minimum", "maxLength", "minLength", "maxItems",
        "minItems", "nullable"}
FORMATS = {"date-time", "date", "email"}


def reduce_schema(s):
    if not isinstance(s, dict):
        return {}
    out = {}
    for key, value in s.items():
        if key in KEEP:
            out[key] = value
        elif key == "format" and value in FORMATS:
            out[key] = value
        elif key == "required" and isinstance(value, list):
            out[key] = sorted(value)
        elif key == "properties":
            out[key] = {name: reduce_schema(v) for name, v in value.items()}
        elif key == "items":
            out[key] = reduce_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [reduce_schema(v) for v in value]
        elif key == "additionalProperties":
            out[key] = value if isinstance(value, bool) else reduce_schema(value)
    return out


ERROR_CODE = re.compile(r"Error Code:\**\s*`(\d+)`")


def reduce_operation(op):
    rule = {"path_params": {}, "query": {}, "body": None, "responses": {}}
    for p in op.get("parameters", []):
        entry = reduce_schema(p.get("schema", {}))
        if "default" in p.get("schema", {}):
            entry["default"] = p["schema"]["default"]
        if p.get("required"):
            entry["required"] = True
        where = {"path": "path_params", "query": "query"}.get(p.get("in"))
        if where:
            rule[where][p["name"]] = entry
    body = op.get("requestBody")
    if body:
        schema = body.get("content", {}).get("application/json", {}).get("schema")
        rule["body"] = {"required": bool(body.get("required")), "schema": reduce_schema(schema)}
    for status, response in op.get("responses", {}).items():
        entry = {}
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            entry["schema"] = reduce_schema(schema)
        codes = sorted({int(c) for c in ERROR_CODE.findall(response.get("description", ""))})
        if codes:
            entry["error_codes"] = codes
        rule["responses"][status] = entry
    return rule


def git(mirror, *args):
    return subprocess.run(["git", "--git-dir", mirror, *args], check=True,
                          capture_output=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", required=True)
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    commit = git(args.mirror, "rev-parse", args.commit).decode().strip()
    docs = {}
    operations = []
    for method, template, file in OPERATIONS:
        if file not in docs:
            docs[file] = json.loads(git(args.mirror, "show", f"{commit}:{BASE}{file}"))
        op = docs[file]["paths"].get(template, {}).get(method.lower())
        if op is None:
            sys.exit(f"{method} {template} is not in {file}")
        rule = {"method": method, "path": template, "source_file": BASE + file,
                "operation_id": op.get("operationId", "")}
        rule.update(reduce_operation(op))
        operations.append(rule)
    out = {
        "about": "Rules every request the connector sends to Zoom and every answer of the "
                 "simulator must satisfy, derived (types, enums, limits, required fields, "
                 "documented error codes; no text) by tests/zoom_sim/spec/derive_rules.py "
                 "from Zoom's OpenAPI inventories as published in the repository below.",
        "source": {"repository": "https://github.com/" + REPO, "commit": commit,
                   "files": sorted(BASE + f for f in docs),
                   "origin": "developers.zoom.us/api-hub/<product>/methods/endpoints.json"},
        "operations": operations,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
