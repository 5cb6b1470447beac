#!/usr/bin/env python3
"""check_traffic.py must fail on what breaks the rules: a made-up log with one
valid exchange passes; each broken copy (an undocumented query parameter, a
value over its maximum, a wrong body type, an undocumented error code, a bad
success body, an unknown operation under --strict) is caught.

usage: check_traffic_test.py SPEC_DIR
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

spec = sys.argv[1]
GOOD = {"method": "GET", "path": "/v2/users", "query": "status=active&page_size=300",
        "user_agent": "zoom-connector/0.1", "endpoint": "GET /v2/users", "status": 200,
        "request_body": None,
        "response_body": {"page_count": 1, "page_size": 300, "total_records": 1,
                          "next_page_token": "",
                          "users": [{"id": "u1", "email": "a@example.com", "type": 1}]}}


def broken(**changes):
    e = copy.deepcopy(GOOD)
    for k, v in changes.items():
        e[k] = v
    return e


bad_body = copy.deepcopy(GOOD["response_body"])
bad_body["users"][0]["type"] = "one"
CASES = {
    "valid": (GOOD, 0),
    "undocumented query parameter": (broken(query="status=active&colour=red"), 1),
    "page_size over the maximum (2000)": (broken(query="page_size=2001"), 1),
    "status not in the enum": (broken(query="status=gone"), 1),
    "success body of the wrong type": (broken(response_body=bad_body), 1),
    "undocumented error code": (broken(status=400, response_body={"code": 9999, "message": "x"}), 1),
    "error body without a code": (broken(status=400, response_body={"message": "x"}), 1),
    "body on a GET": (broken(request_body={"a": 1}), 1),
    "unknown operation": (broken(method="PUT"), 1),
}

failures = 0
with tempfile.TemporaryDirectory() as work:
    for name, (entry, want) in CASES.items():
        log = os.path.join(work, "log.jsonl")
        with open(log, "w") as f:
            f.write(json.dumps(entry) + "\n")
        got = subprocess.run([sys.executable, os.path.join(spec, "check_traffic.py"),
                              "--rules", os.path.join(spec, "zoom_api_rules.json"),
                              "--departures", os.path.join(spec, "departures.json"),
                              "--strict", log], capture_output=True, text=True).returncode
        ok = got == want
        failures += not ok
        print(("ok:   " if ok else "FAIL: ") + f"{name}: exit {got}, wanted {want}")
sys.exit(1 if failures else 0)
