#!/usr/bin/env python3
"""The JSON documents the plugin answers or accepts, checked against their
schemas in schemas/: produced for real through the ABI (document_probe)
against the Zoom simulator on 127.0.0.1. The plugin info; the validate
verdict of a good credential, a wrong secret and an unreachable token
endpoint; the connector options, whose every key the plugin knows; the
fetch request, with and without the state of an earlier fetch; every
checkpoint, the progress mid-fetch and at the end, and the summary, of a
full fetch, a resumed one and one with failing partitions. Then each schema
must reject a wrong copy of a real document, so the check can fail.

usage: documents_test.py --probe PROBE --sim ZOOM_SIM --plugin PLUGIN --schemas DIR
"""
import argparse
import copy
import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile

import jsonschema

try:  # jsonschema 4.18 and later
    import referencing
except ImportError:  # Debian 12's 4.10
    referencing = None

SECRET = "sim-secret-0123456789abcdef0123"
SIM_DATA = ["--users", "30", "--meetings-per-user", "3", "--webinars-per-user", "1",
            "--recordings-per-user", "2", "--participants", "3", "--groups", "3",
            "--phone-users", "4", "--call-logs", "4", "--history-days", "40",
            "--unlicensed-every", "3", "--hosting-percent", "100"]
STREAMS = ["users", "groups", "meetings", "webinars", "recordings",
           "past_meeting_participants", "phone_users"]
FROM = (datetime.datetime.now(datetime.timezone.utc).date()
        - datetime.timedelta(days=35)).isoformat()

failures = []


def check(condition, what):
    print(("ok:   " if condition else "FAIL: ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


class Simulator:
    def __init__(self, exe, *extra):
        self.proc = subprocess.Popen([exe, "--port", "0", "--client-secret", SECRET, *SIM_DATA, *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.base = self.proc.stdout.readline().strip()
        if not self.base.startswith("http://127.0.0.1:"):
            raise SystemExit("the Zoom simulator did not start")

    def options(self):
        return {"oauth_url": self.base + "/oauth/token", "api_base_url": self.base + "/v2",
                "allow_insecure_loopback": True, "connect_timeout_ms": 5000}

    def credential(self, secret=SECRET):
        return {"credential_name": "documents", "account_id": "sim-account-id",
                "client_id": "sim-client-id", "client_secret": secret,
                "validation_url": self.base + "/v2/users/me"}

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Schemas:
    def __init__(self, folder):
        self.by_name = {}
        self.by_id = {}
        for name in sorted(os.listdir(folder)):
            if name.startswith("zoom.") and name.endswith(".schema.json"):
                with open(os.path.join(folder, name)) as f:
                    schema = json.load(f)
                jsonschema.Draft202012Validator.check_schema(schema)
                self.by_name[name[len("zoom."):-len(".schema.json")]] = schema
                self.by_id[schema["$id"]] = schema

    def errors(self, kind, document):
        schema = self.by_name[kind]
        if referencing is not None:
            registry = referencing.Registry().with_resources(
                (i, referencing.Resource.from_contents(s)) for i, s in self.by_id.items())
            validator = jsonschema.Draft202012Validator(schema, registry=registry)
        else:
            resolver = jsonschema.RefResolver.from_schema(schema, store=self.by_id)
            validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
        return [e.message[:300] for e in validator.iter_errors(document)]

    def valid(self, kind, document, what):
        errors = self.errors(kind, document)
        for e in errors[:3]:
            print("  | " + e)
        return check(not errors, f"{what}: valid {kind}")

    def refused(self, kind, document, what):
        check(bool(self.errors(kind, document)), f"a wrong {kind} is refused: {what}")


class Probe:
    def __init__(self, exe, plugin, work):
        self.exe = exe
        self.plugin = plugin
        self.work = work
        self.files = 0

    def file(self, value):
        self.files += 1
        path = os.path.join(self.work, f"input{self.files}.json")
        with open(path, "w") as f:
            json.dump(value, f)
        return path

    def run(self, *argv):
        proc = subprocess.run([self.exe, argv[0], self.plugin, *argv[1:]], capture_output=True,
                              text=True, timeout=120)
        if proc.returncode != 0:
            raise SystemExit(f"document_probe {argv[0]} failed: {proc.stderr}")
        return proc.stdout.strip()

    def validate(self, credential, options):
        return json.loads(self.run("validate", self.file(credential), self.file(options)))

    def create(self, credential, options):
        return self.run("create", self.file(credential), self.file(options))

    def write(self, credential, options, request, batches):
        out = self.run("write", self.file(credential), self.file(options), self.file(request),
                       self.file(batches))
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def fetch(self, credential, options, request, name, stop_after=None):
        out = os.path.join(self.work, name)
        os.mkdir(out)
        extra = [str(stop_after)] if stop_after else []
        records = int(self.run("fetch", self.file(credential), self.file(options), self.file(request),
                               out, *extra))

        def lines(file):
            path = os.path.join(out, file)
            if not os.path.exists(path):
                return []
            with open(path) as f:
                return [json.loads(line) for line in f if line.strip()]
        summary_path = os.path.join(out, "summary.json")
        summary = json.load(open(summary_path)) if os.path.exists(summary_path) else None
        error_path = os.path.join(out, "error.txt")
        error = open(error_path).read() if os.path.exists(error_path) else None
        return {"records": records, "progress": lines("progress.jsonl"),
                "states": lines("states.jsonl"), "summary": summary, "error": error}


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrong_value(schema):
    """A value of the wrong type for an options property."""
    if "$ref" in schema or schema.get("type") == "string" or "enum" in schema:
        return 12345
    return "not a number or flag"


def check_fetch(schemas, run, what, want_running=True):
    check(run["summary"] is not None, f"{what}: a summary item came")
    if run["summary"] is not None:
        schemas.valid("fetch_summary", run["summary"], f"{what}: the summary")
    for i, progress in enumerate(run["progress"]):
        schemas.valid("fetch_progress", progress, f"{what}: progress {i + 1}")
    if want_running:
        check(any(p["status"] == "running" for p in run["progress"]),
              f"{what}: a progress document was taken while the fetch ran")
    check(len(run["states"]) > 0, f"{what}: checkpoints came")
    bad = [i for i, state in enumerate(run["states"]) if schemas.errors("fetch_state", state)]
    if bad:
        print("  | " + schemas.errors("fetch_state", run["states"][bad[0]])[0])
    check(not bad, f"{what}: all {len(run['states'])} checkpoints are valid fetch_state")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--schemas", required=True)
    args = parser.parse_args()
    # In the sanitizer build, LeakSanitizer's exit-time tracer has crashed
    # (SIGSEGV in the tracer, exit 134) at the end of the multi-threaded
    # processes this test starts; their leak check is off, the C++ suites keep it.
    os.environ["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
    for name in [n for n in os.environ if n.lower() in ("http_proxy", "https_proxy", "all_proxy")]:
        del os.environ[name]  # the simulator is on loopback
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

    schemas = Schemas(args.schemas)
    check(sorted(schemas.by_name) == sorted(["connector_options", "credential", "fetch_progress",
                                             "fetch_request", "fetch_state", "fetch_summary",
                                             "plugin_info", "verdict", "write_request",
                                             "write_result", "write_state"]),
          "schemas/ holds a schema per document: " + ", ".join(sorted(schemas.by_name)))
    sim = Simulator(args.sim)
    faulty = Simulator(args.sim, "--fault-at", "http_500:4,5,6,7,8,9,10,11,12,13,14,15:/v2/past_meetings/")
    with tempfile.TemporaryDirectory() as work:
        probe = Probe(args.probe, args.plugin, work)
        docs = {}

        info = json.loads(probe.run("info"))
        schemas.valid("plugin_info", info, "info_json")
        check(info.get("options_schema") == schemas.by_name["connector_options"],
              "info_json's options_schema is schemas/zoom.connector_options.schema.json")
        docs["plugin_info"] = info

        # ---- Connector options: the document, and every key known to the plugin.
        options = sim.options()
        schemas.valid("connector_options", options, "the simulator's options")
        check(probe.create(sim.credential(), options) == "ok", "the plugin accepts those options")
        docs["connector_options"] = options
        unknown = probe.create(sim.credential(), {**options, "no_such_option": 1})
        check('unknown option "no_such_option"' in unknown, "the plugin refuses an unknown option")
        for key, prop in schemas.by_name["connector_options"]["properties"].items():
            answer = probe.create(sim.credential(), {**options, key: wrong_value(prop)})
            check(f'option "{key}"' in answer and "unknown option" not in answer,
                  f"the plugin knows option {key} (a wrong value is refused by name)")

        # ---- Verdicts: valid, rejected, could not check.
        good = probe.validate(sim.credential(), options)
        check(good["ok"] is True, "a good credential validates")
        schemas.valid("verdict", good, "verdict of a good credential")
        bad = probe.validate(sim.credential("wrong-secret-abcdef0123456789ab"), options)
        check(bad["ok"] is False and bad["status"] == "auth_failed", "a wrong secret is auth_failed")
        schemas.valid("verdict", bad, "verdict of a wrong secret")
        port = closed_port()
        unreachable = {**options, "oauth_url": f"http://127.0.0.1:{port}/oauth/token"}
        down = probe.validate(sim.credential(), unreachable)
        check(down["ok"] is False and down["status"] == "network",
              "an unreachable token endpoint is network")
        schemas.valid("verdict", down, "verdict of an unreachable token endpoint")
        docs["verdict"] = bad

        # ---- Fetch: a full one, one stopped early, its resume, one with failing partitions.
        request = {"streams": STREAMS[:4] + [{"name": "recordings", "from": FROM}],
                   "from": FROM, "plan": "business", "rate_share": 0.8, "max_concurrency": 2,
                   "active_hosts_only": True, "state": None}
        schemas.valid("fetch_request", request, "a fetch request")
        full = probe.fetch(sim.credential(), options, request, "full")
        check(full["error"] is None and full["records"] > 150,
              f"the full fetch gave {full['records']} records ({full['error']})")
        check_fetch(schemas, full, "full fetch")
        check(full["summary"] is not None and len(full["summary"]["skipped_partitions"]) > 0,
              "the full fetch skipped partitions (unlicensed users), so their shape is checked")
        check(full["summary"] is not None and "pruning" in full["summary"],
              "the full fetch walks recordings, so its summary says what pruning did")
        docs["fetch_summary"] = full["summary"]
        docs["fetch_progress"] = next(p for p in full["progress"] if p["status"] == "running")

        stopped = probe.fetch(sim.credential(), options, request, "stopped", stop_after=60)
        check(len(stopped["states"]) > 0, "the stopped fetch left a checkpoint")
        state = stopped["states"][-1]
        schemas.valid("fetch_state", state, "the stopped fetch's last checkpoint")
        check("frontier" in state, "the stopped fetch's last checkpoint carries its frontier")
        docs["fetch_state"] = state
        resume = {**request, "state": state}
        schemas.valid("fetch_request", resume, "a fetch request with a state")
        docs["fetch_request"] = resume
        resumed = probe.fetch(sim.credential(), options, resume, "resumed")
        check(resumed["error"] is None, f"the resumed fetch ends well ({resumed['error']})")
        check_fetch(schemas, resumed, "resumed fetch", want_running=False)
        final = full["states"][-1]
        check(final.get("cursors"), "a complete fetch's last checkpoint keeps date cursors")

        failing = probe.fetch(faulty.credential(), faulty.options(),
                              {"streams": ["meetings", "past_meeting_participants"], "from": FROM,
                               "plan": "business", "max_concurrency": 2}, "failing")
        print(f"  | failing fetch: {failing['records']} records, error {failing['error']}")
        check_fetch(schemas, failing, "fetch with failing partitions", want_running=False)
        check(failing["summary"] is not None and failing["summary"]["status"] != "ok"
              and len(failing["summary"]["failed_partitions"]) > 0,
              "the failing fetch lists failed partitions, so their shape is checked")

        # ---- Writes: a dry run, a batch with a refused record, a resumed session.
        users = [{"email": f"documents.{i}@example.com", "type": 1, "first_name": "Doc",
                  "last_name": str(i), "password": "Secret-pass-123"} for i in range(3)]
        dry = {"operation": "users.create", "dry_run": True, "plan": "business", "rate_share": 1}
        schemas.valid("write_request", dry, "a dry-run write request")
        answers = probe.write(sim.credential(), options, dry, [users[:2]])
        check(len(answers) == 1 and all(r["outcome"] == "would_do" for r in answers[0]["results"]),
              "the dry run plans every call")
        write = {"operation": "users.create", "plan": "learn", "state": None}
        schemas.valid("write_request", write, "a write request")
        answers = probe.write(sim.credential(), options, write,
                              [[users[0], {"email": "no-type@example.com"}], [users[1]]])
        outcomes = [r["outcome"] for a in answers for r in a["results"]]
        check(outcomes == ["done", "failed", "done"], f"the write's outcomes: {outcomes}")
        for i, answer in enumerate(answers):
            schemas.valid("write_result", answer, f"push {i + 1}'s answer")
            schemas.valid("write_state", answer["state"], f"push {i + 1}'s state")
        docs["write_result"] = answers[0]
        docs["write_state"] = answers[-1]["state"]
        resume = {**write, "state": answers[-1]["state"], "resume": True}
        schemas.valid("write_request", resume, "a write request with a state")
        docs["write_request"] = resume
        resumed = probe.write(sim.credential(), options, resume, [[users[1], users[2]]])
        outcomes = [r["outcome"] for a in resumed for r in a["results"]]
        check(outcomes == ["already_done", "done"], f"the resumed write's outcomes: {outcomes}")
        for answer in resumed:
            schemas.valid("write_result", answer, "the resumed push's answer")
        gone = probe.write(sim.credential(), options, {"operation": "meetings.delete"},
                           [[{"meeting_id": 1}]])
        check(gone[0]["results"][0]["outcome"] == "already_done", "a delete of what is gone")
        schemas.valid("write_result", gone[0], "a delete's answer")

        # ---- Each schema refuses a wrong copy of a real document.
        def wrong(kind, what, change):
            document = copy.deepcopy(docs[kind])
            change(document)
            schemas.refused(kind, document, what)
        for kind in docs:
            wrong(kind, "an unknown key", lambda d: d.update({"unexpected": 1}))
        wrong("verdict", "an uppercase status", lambda d: d.update({"status": "AUTH_FAILED"}))
        wrong("verdict", "ok with a failed step", lambda d: d.update({"ok": True}))
        wrong("verdict", "identity with another key",
              lambda d: d.update({"identity": {"account_id": "a", "user_id": "u", "email": None,
                                               "name": "x"}}))
        wrong("plugin_info", "an unknown direction", lambda d: d.update({"directions": ["sideways"]}))
        wrong("connector_options", "a zero timeout", lambda d: d.update({"connect_timeout_ms": 0}))
        wrong("connector_options", "an empty proxy", lambda d: d.update({"proxy": " "}))
        wrong("fetch_request", "an unknown plan", lambda d: d.update({"plan": "enterprise"}))
        wrong("fetch_request", "a stream entry with an unknown key",
              lambda d: d["streams"].append({"name": "users", "since": FROM}))
        wrong("fetch_request", "a state of another version",
              lambda d: d["state"].update({"version": 2}))
        wrong("fetch_state", "a partition done and with a page token",
              lambda d: d["partitions"].update({"users": {"emitted": 1, "done": True,
                                                          "page_token": "t"}}))
        wrong("fetch_state", "a cursor that is not a date",
              lambda d: d["cursors"].update({"recordings": "yesterday"}))
        wrong("fetch_state", "a frontier naming a parent twice",
              lambda d: d["frontier"]["open"].update({"meetings": ["u1", "u1"]}))
        wrong("fetch_state", "a frontier plan that is not a fingerprint",
              lambda d: d["frontier"].update({"plan": "any"}))
        wrong("fetch_progress", "an unknown status", lambda d: d.update({"status": "done"}))
        wrong("fetch_progress", "a negative count",
              lambda d: next(iter(d["streams"].values())).update({"records": -1}))
        wrong("fetch_summary", "a summary still running", lambda d: d.update({"status": "running"}))
        wrong("fetch_summary", "an unknown rate category",
              lambda d: d["requests_by_category"].update({"Tiny": 1}))
        wrong("fetch_summary", "a pruning entry without its note",
              lambda d: d["pruning"].pop("note"))
        wrong("fetch_request", "active_hosts_only as a string",
              lambda d: d.update({"active_hosts_only": "yes"}))
        wrong("write_request", "an unknown plan", lambda d: d.update({"plan": "enterprise"}))
        wrong("write_request", "a state of another version",
              lambda d: d["state"].update({"version": "zoom-write-0"}))
        wrong("write_result", "an answer's word for an outcome",
              lambda d: d["results"][0].update({"outcome": "exists"}))
        wrong("write_result", "an unknown result without what to check",
              lambda d: d["results"][0].update({"outcome": "unknown"}))
        wrong("write_result", "a summary counting an unknown word",
              lambda d: d["summary"].update({"done_already": 1}))
        wrong("write_state", "a negative count", lambda d: d.update({"pushed": -1}))
        wrong("write_state", "a budget of another family",
              lambda d: d["host_caps"]["used"].update({"users|x": 1}))
    sim.stop()
    faulty.stop()
    if failures:
        print(f"{len(failures)} check(s) failed:")
        for f in failures:
            print("  " + f)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
