#!/usr/bin/env python3
"""Holds traffic logs of the Zoom simulator (JSON Lines written by zoom_sim
--traffic-log or ZOOM_SIM_TRAFFIC_LOG) to the rules derived from Zoom's
published API (zoom_api_rules.json):

(a) every request the connector sent (User-Agent zoom-connector...): a known
    operation, path parameters of the right type, only documented query
    parameters with valid values, required ones present, and a body valid
    against the operation's request schema;
(b) every answer of the simulator: a documented status; a success body valid
    against the response schema (empty for 204); an error body
    {code, message[, errors]} whose code the reference lists for that status.

The simulator's deliberate departures are in departures.json (each with its
reason; docs/zoom_sim.md lists them). Faulted answers (gateway pages, resets,
cut bodies: departures by design) and /oauth/token are counted, not checked.
Identical shapes are validated once, so a whole suite's log stays quick.

usage: check_traffic.py --rules RULES --departures DEPARTURES [--strict]
                        [--require-all-operations] [--summary FILE] LOG_OR_DIR...
  --strict: every connector request must be valid, even one the simulator
            refused, and none may go to an operation the rules do not know.
"""
import argparse
import collections
import datetime
import hashlib
import json
import os
import sys
import urllib.parse

import jsonschema

CONNECTOR_AGENT = "zoom-connector"


# ---------------------------------------------------------------- schemas
def to_json_schema(s):
    """The rules' OpenAPI 3.0 subset as JSON Schema (nullable → a null type)."""
    if not isinstance(s, dict):
        return {}
    out = {}
    for key, value in s.items():
        if key == "properties":
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key == "items":
            out[key] = to_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_json_schema(v) for v in value]
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = to_json_schema(value)
        elif key == "nullable":
            continue
        else:
            out[key] = value
    if s.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = list(out["enum"]) + [None]
    return out


FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if "T" not in value:
        raise ValueError("no T")
    datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("date", raises=ValueError)
def _date(value):
    if not isinstance(value, str):
        return True
    datetime.date.fromisoformat(value)
    return True


@FORMATS.checks("email", raises=ValueError)
def _email(value):
    if not isinstance(value, str):
        return True
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain or " " in value:
        raise ValueError("not an e-mail")
    return True


def validator(schema):
    return jsonschema.Draft7Validator(to_json_schema(schema), format_checker=FORMATS)


def errors_of(v, instance, limit=3, allowed=()):
    """At most `limit` messages; errors at a path an allowed pattern matches
    ("meetings/*/type": * is any one segment) are departures, not errors."""
    out = []
    for e in sorted(v.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        segments = [str(p) for p in e.absolute_path]
        if any(matches(pattern, segments) for pattern in allowed):
            continue
        where = "/".join(segments) or "(top)"
        out.append(f"{where}: {e.message[:200]}")
        if len(out) == limit:
            break
    return out


def matches(pattern, segments):
    want = pattern.split("/")
    return len(want) == len(segments) and all(w in ("*", s) for w, s in zip(want, segments))


# ---------------------------------------------------------------- rules
class Operation:
    def __init__(self, rule):
        self.rule = rule
        self.method = rule["method"]
        self.template = rule["path"]
        self.segments = self.template.strip("/").split("/")
        self.name = f"{self.method} {self.template}"
        self._validators = {}

    def match(self, segments):
        if len(segments) != len(self.segments):
            return None
        params = {}
        for want, got in zip(self.segments, segments):
            if want.startswith("{"):
                params[want[1:-1]] = got
            elif want != got:
                return None
        return params

    def literal_count(self):
        return sum(1 for s in self.segments if not s.startswith("{"))

    def body_validator(self):
        if "body" not in self._validators:
            body = self.rule.get("body")
            self._validators["body"] = validator(body["schema"]) if body else None
        return self._validators["body"]

    def response_validator(self, status):
        key = "response " + status
        if key not in self._validators:
            schema = self.rule["responses"].get(status, {}).get("schema")
            self._validators[key] = validator(schema) if schema is not None else None
        return self._validators[key]


class Rules:
    def __init__(self, rules, departures):
        self.operations = [Operation(r) for r in rules["operations"]]
        self.departures = departures

    def find(self, method, path):
        if not path.startswith("/v2/"):
            return None, None
        segments = path[len("/v2/"):].split("/")
        best = None
        for op in self.operations:
            if op.method != method:
                continue
            params = op.match(segments)
            if params is not None and (best is None or op.literal_count() > best[0].literal_count()):
                best = (op, params)
        return best if best else (None, None)

    def outside_api(self, path):
        """A path departures.json names as no API operation (a file download)."""
        return any(d.get("path_prefix") and path.startswith(d["path_prefix"])
                   for d in self.departures)

    def query_departure(self, op, name):
        return any(d.get("query") == name and d["operation"] == op.name for d in self.departures)

    def field_departures(self, op, status):
        return [d["field"] for d in self.departures
                if "field" in d and d["operation"] == op.name and d.get("status") == status]

    def departure(self, op, status, code):
        for d in self.departures:
            if d.get("operation") not in ("*", op.name) or "field" in d or "query" in d:
                continue
            if d["status"] != status:
                continue
            if d.get("code", code) == code:
                return d
        return None


# ---------------------------------------------------------------- checks
def scalar_ok(schema, value):
    """A query or path value (text) against a parameter rule; None or a reason."""
    kind = schema.get("type", "string")
    if kind == "integer":
        if not value.lstrip("-").isdigit():
            return f"{value!r} is not an integer"
        n = int(value)
        if "maximum" in schema and n > schema["maximum"]:
            return f"{n} is over the maximum {schema['maximum']}"
        if "minimum" in schema and n < schema["minimum"]:
            return f"{n} is under the minimum {schema['minimum']}"
        typed = n
    elif kind == "boolean":
        if value not in ("true", "false"):
            return f"{value!r} is not true or false"
        typed = value == "true"
    elif kind == "array":
        for part in value.split(","):
            why = scalar_ok(schema.get("items", {}), part)
            if why:
                return why
        return None
    else:
        typed = value
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"longer than {schema['maxLength']}"
        fmt = schema.get("format")
        if fmt in ("date", "date-time"):
            try:
                FORMATS.check(value, fmt)
            except jsonschema.FormatError:
                return f"{value!r} is not a {fmt}"
    if "enum" in schema and typed not in schema["enum"]:
        return f"{value!r} is not one of {schema['enum']}"
    return None


def check_request(rules, op, params, entry):
    problems = []
    for name, value in params.items():
        rule = op.rule["path_params"].get(name, {"type": "string"})
        decoded = urllib.parse.unquote(value)
        why = scalar_ok(rule, decoded)
        if why:
            problems.append(f"path parameter {name}: {why}")
    try:
        pairs = urllib.parse.parse_qsl(entry.get("query", ""), keep_blank_values=True,
                                       strict_parsing=bool(entry.get("query")))
    except ValueError:
        return problems + [f"query {entry.get('query')!r} does not parse"]
    seen = set()
    for name, value in pairs:
        rule = op.rule["query"].get(name)
        if rule is None and rules.query_departure(op, name):
            rule = {"type": "string"}
        if rule is None:
            problems.append(f"query parameter {name} is not documented")
            continue
        seen.add(name)
        why = scalar_ok(rule, value)
        if why:
            problems.append(f"query parameter {name}: {why}")
    for name, rule in op.rule["query"].items():
        if rule.get("required") and name not in seen:
            problems.append(f"required query parameter {name} is missing")
    if entry.get("request_body_omitted"):
        return problems
    body = entry.get("request_body")
    v = op.body_validator()
    if body is None:
        if op.rule.get("body") and op.rule["body"].get("required"):
            problems.append("the request body is required")
    elif v is None:
        problems.append("a body where the operation takes none")
    else:
        problems += [f"request body {e}" for e in errors_of(v, body)]
    return problems


def check_response(rules, op, entry, validate_body):
    status = str(entry["status"])
    body = entry.get("response_body")
    documented = op.rule["responses"]
    problems = []
    if status.startswith("2"):
        if status not in documented:
            return [f"status {status} is not documented (documented: {sorted(documented)})"]
        if not validate_body or entry.get("response_body_omitted"):
            return []
        if status == "204":
            return [] if body is None else ["a 204 with a body"]
        v = op.response_validator(status)
        if v is None:
            return []
        if body is None:
            return ["an empty body where the reference documents one"]
        allowed = rules.field_departures(op, int(status))
        return [f"response body {e}" for e in errors_of(v, body, allowed=allowed)]
    if entry.get("response_body_omitted"):
        return []
    if not isinstance(body, dict) or not isinstance(body.get("code"), int) \
            or not isinstance(body.get("message"), str):
        return [f"error body {json.dumps(body)[:120]} is not {{code, message}}"]
    if "errors" in body:
        errs = body["errors"]
        if not isinstance(errs, list) or not all(
                isinstance(e, dict) and isinstance(e.get("field"), str)
                and isinstance(e.get("message"), str) for e in errs):
            problems.append("errors is not a list of {field, message}")
    code = body["code"]
    if status in documented and code in documented[status].get("error_codes", []):
        return problems
    if rules.departure(op, int(status), code):
        return problems
    listed = documented.get(status, {}).get("error_codes")
    if status not in documented:
        problems.append(f"status {status} (code {code}) is not documented")
    else:
        problems.append(f"code {code} is not documented for status {status} (documented: {listed})")
    return problems


def shape(value):
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{shape(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + "|".join(sorted({shape(v) for v in value})) + "]"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, (int, float)):
        return "n"
    if value is None:
        return "0"
    return "s"


# ---------------------------------------------------------------- main
def log_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".jsonl"):
                    yield os.path.join(p, name)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", required=True)
    ap.add_argument("--departures", required=True)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--require-all-operations", action="store_true")
    ap.add_argument("--summary")
    ap.add_argument("--values-per-route", type=int, default=25,
                    help="bodies of one shape still checked value by value, per route and status")
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()
    with open(args.rules) as f:
        rules_doc = json.load(f)
    with open(args.departures) as f:
        departures = json.load(f)["departures"]
    rules = Rules(rules_doc, departures)

    counts = collections.Counter()
    per_route = collections.Counter()
    successes = set()
    violations = collections.defaultdict(list)  # message -> examples
    seen_shapes = set()
    seen_values = set()
    values_per_route = collections.Counter()

    def violation(kind, op_name, message, entry):
        key = f"{kind}: {op_name}: {message}"
        if len(violations[key]) < 2:
            violations[key].append(f"{entry['method']} {entry['path']}?{entry.get('query', '')}"
                                   f" -> {entry['status']}")

    for file in log_files(args.logs):
        with open(file, encoding="utf-8", errors="replace") as f:
            for number, text in enumerate(f, 1):
                try:
                    entry = json.loads(text)
                except ValueError:
                    violation("log", "-", f"{file}:{number} is not JSON", {"method": "?", "path": "?", "status": "?"})
                    continue
                counts["entries"] += 1
                if entry["path"] == "/oauth/token":
                    counts["oauth (not in the API reference)"] += 1
                    continue
                if rules.outside_api(entry["path"]):
                    counts["outside the API reference (departures.json)"] += 1
                    continue
                connector = entry.get("user_agent", "").startswith(CONNECTOR_AGENT)
                if connector:
                    counts["connector requests"] += 1
                op, params = rules.find(entry["method"], entry["path"])
                if op is None:
                    counts["no operation in the rules"] += 1
                    if connector and args.strict:
                        violation("request", "-", "an operation the rules do not know", entry)
                    continue
                status = entry["status"]
                per_route[f"{op.name} {status}"] += 1
                if connector and (args.strict or status != 400):
                    counts["requests checked"] += 1
                    for p in check_request(rules, op, params, entry):
                        violation("request", op.name, p, entry)
                if entry.get("fault") or status == 0:
                    counts["faulted answers (not checked)"] += 1
                    continue
                if 200 <= status < 300:
                    successes.add(op.name)
                body = entry.get("response_body")
                key = (op.name, status, shape(body))
                digest = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
                route_key = (op.name, status)
                validate = False
                if key not in seen_shapes:
                    seen_shapes.add(key)
                    validate = True
                elif digest not in seen_values and values_per_route[route_key] < args.values_per_route:
                    validate = True
                if validate:
                    seen_values.add(digest)
                    values_per_route[route_key] += 1
                    counts["response bodies validated"] += 1
                counts["answers checked"] += 1
                for p in check_response(rules, op, entry, validate):
                    violation("response", op.name, p, entry)

    if args.require_all_operations:
        for op in rules.operations:
            if op.name not in successes:
                violations[f"coverage: {op.name}: no successful call in the log"].append("")

    lines = ["Traffic checked against " + rules_doc["source"]["repository"] + " @ "
             + rules_doc["source"]["commit"][:12]]
    for k, v in sorted(counts.items()):
        lines.append(f"  {k}: {v}")
    lines.append(f"  operations answered successfully: {len(successes)} of {len(rules.operations)}")
    lines.append("  per operation and status:")
    for k, v in sorted(per_route.items()):
        lines.append(f"    {k}: {v}")
    lines.append(f"violations: {len(violations)}")
    for message, examples in sorted(violations.items()):
        lines.append("  " + message)
        for e in examples:
            if e:
                lines.append("      e.g. " + e)
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(report)
    if counts["entries"] == 0:
        print("FAIL: the log is empty")
        return 1
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
