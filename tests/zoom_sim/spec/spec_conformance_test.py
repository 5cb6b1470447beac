#!/usr/bin/env python3
"""The connector and the simulator held to Zoom's published API: a fetch of
every stream and every write operation, through host_sim and the plugin,
against a simulator that logs its traffic; then check_traffic.py --strict
checks every request the connector sent and every answer the simulator gave,
and that every operation of the rules was answered successfully at least once.

usage: spec_conformance_test.py --host-sim HOST_SIM --plugin PLUGIN --sim ZOOM_SIM
                                --spec-dir DIR [--keep-log FILE]
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SECRET = "spec-secret-0123456789abcdef012345"
STORE_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
SIM_DATA = ["--users", "16", "--meetings-per-user", "4", "--webinars-per-user", "3",
            "--recordings-per-user", "3", "--participants", "3", "--groups", "3",
            "--phone-users", "5", "--call-logs", "3", "--history-days", "40",
            "--unlicensed-every", "4"]
STREAMS = ["users", "groups", "meetings", "webinars", "recordings", "past_meeting_participants",
           "report_users", "report_meetings", "report_meeting_participants", "metrics_meetings",
           "phone_users", "phone_call_history", "phone_recordings", "meeting_summary_list",
           "meeting_summaries", "recording_transcripts"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host-sim", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--spec-dir", required=True)
    ap.add_argument("--keep-log")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="spec_conformance.")
    log = os.path.join(work, "traffic.jsonl")
    failures = []
    # LeakSanitizer's exit-time tracer has crashed in multi-threaded host_sim
    # children of the sanitizer build (as tests/host_sim/fetch_fixture.hpp notes).
    env = dict(os.environ, HOST_SIM_STORE_KEY=STORE_KEY, HOST_SIM_FIELD_CLIENT_SECRET=SECRET,
               ASAN_OPTIONS="detect_leaks=0:abort_on_error=1")
    store = os.path.join(work, "store.db")
    sim = None
    options = ""

    def start_sim(*extra):
        nonlocal sim, options
        sim = subprocess.Popen([args.sim, "--port", "0", "--client-secret", SECRET,
                                "--traffic-log", log, "--traffic-log-bodies", "1000000",
                                *SIM_DATA, *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        base = sim.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise SystemExit("FAIL: the simulator did not start")
        options = json.dumps({"oauth_url": base + "/oauth/token", "api_base_url": base + "/v2",
                              "allow_insecure_loopback": True})
        return base

    def stop_sim():
        sim.terminate()
        sim.wait(timeout=30)

    try:
        base = start_sim()

        def host(command, *extra, check=True):
            argv = [args.host_sim, command, "--plugin", args.plugin, "--store", store,
                    "--options", options, *extra]
            began = time.monotonic()
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
            print(f"host_sim {command} {' '.join(extra)[:60]}: {time.monotonic() - began:.1f} s",
                  flush=True)
            if check and done.returncode != 0:
                failures.append(f"host_sim {command} {' '.join(extra)[:120]}: exit {done.returncode}")
                print(f"FAIL: host_sim {command}: exit {done.returncode}\n{done.stderr[-2000:]}")
            return done

        for direction in ("source", "destination"):
            host("authenticate", "--direction", direction, "--no-input",
                 "--field", "credential_name=" + direction, "--field", "account_id=sim-account-id",
                 "--field", "client_id=sim-client-id",
                 "--field", "validation_url=" + base + "/v2/users/me")

        today = datetime.datetime.now(datetime.timezone.utc).date()
        since = (today - datetime.timedelta(days=35)).isoformat()
        dated = {"recordings", "report_users", "report_meetings", "report_meeting_participants",
                 "metrics_meetings", "phone_call_history", "phone_recordings", "meeting_summary_list"}
        streams = [{"name": s, "from": since} if s in dated else s for s in STREAMS]
        # Small pages, so that every stream walks its next_page_token; the
        # Resource-intensive metrics (paced per minute) at their largest.
        records = {}
        for i, (chosen, page_size) in enumerate(
                [([s for s in streams if s != {"name": "metrics_meetings", "from": since}], 2),
                 ([{"name": "metrics_meetings", "from": since}], 300)]):
            records_file = os.path.join(work, f"records{i}.jsonl")
            host("fetch", "--credential", "source", "--output", records_file, "--full-refresh",
                 "--request", json.dumps({"streams": chosen, "page_size": page_size, "plan": "business", "rate_share": 1}))
            with open(records_file) as f:
                for line in f:
                    item = json.loads(line)
                    records.setdefault(item["stream"], []).append(item["record"])
        for s in STREAMS:
            if not records.get(s):
                failures.append(f"the fetch gave no {s} records")
                print(f"FAIL: no {s} records")

        users = records.get("users", [])
        webinar_hosts = {w.get("host_id") for w in records.get("webinars", [])}
        host_user = next(u for u in users if u.get("status") == "active" and u.get("type") == 2
                         and u["id"] in webinar_hosts)
        member = next(u for u in users if u.get("status") == "active" and u["id"] != host_user["id"])
        group = records["groups"][0]["id"]

        credential = "destination"

        def write(operation, rows, expect="done"):
            input_file = os.path.join(work, operation + ".jsonl")
            results_file = os.path.join(work, operation + ".results.jsonl")
            with open(input_file, "w") as f:
                for row in rows:
                    f.write(json.dumps(row) + "\n")
            host("write", "--credential", credential, "--operation", operation,
                 "--input", input_file, "--results", results_file, "--restart",
                 check=expect is not None)
            results = []
            if os.path.exists(results_file):
                with open(results_file) as f:
                    results = [json.loads(line) for line in f]
            for r in results:
                if expect and r.get("outcome") != expect:
                    failures.append(f"{operation}: {json.dumps(r)[:300]}")
                    print(f"FAIL: {operation}: {json.dumps(r)[:300]}")
            return results

        start = (today + datetime.timedelta(days=30)).isoformat() + "T10:00:00Z"
        write("users.create", [{"email": "spec.new@example.com", "type": 1,
                                "first_name": "Spec", "last_name": "Check"}])
        write("users.update", [{"user_id": "spec.new@example.com", "first_name": "Spec2",
                                "dept": "QA", "timezone": "Europe/Berlin"}])
        write("users.upsert", [{"email": "spec.new@example.com", "type": 1, "last_name": "Up",
                                "job_title": "Tester"},
                               {"email": "spec.upsert@example.com", "type": 2,
                                "first_name": "Up", "last_name": "Sert"}])
        made = write("meetings.create", [{"user_id": host_user["id"], "topic": "spec meeting",
                                          "type": 2, "start_time": start, "duration": 30,
                                          "timezone": "UTC", "agenda": "conformance",
                                          "settings": {"approval_type": 0, "host_video": True}}])
        meeting_id = int(made[0]["id"]) if made and made[0].get("id") else 0
        write("meetings.update", [{"meeting_id": meeting_id, "topic": "spec meeting 2",
                                   "duration": 45}])
        write("meeting_registrants.add", [{"meeting_id": meeting_id, "email": "reg@example.com",
                                           "first_name": "Reg", "last_name": "Istrant"}])
        made = write("webinars.create", [{"user_id": host_user["id"], "topic": "spec webinar",
                                          "type": 5, "start_time": start, "duration": 60,
                                          "settings": {"approval_type": 0}}])
        webinar_id = int(made[0]["id"]) if made and made[0].get("id") else 0
        write("webinars.update", [{"webinar_id": webinar_id, "agenda": "updated"}])
        write("webinar_registrants.add", [{"webinar_id": webinar_id, "email": "wreg@example.com",
                                           "first_name": "Web", "last_name": "Reg"}])
        write("group_members.add", [{"group_id": group, "id": member["id"]},
                                    {"group_id": group, "email": "spec.new@example.com"}])
        write("group_members.remove", [{"group_id": group, "member_id": member["id"]}])
        write("meetings.delete", [{"meeting_id": meeting_id}])
        write("webinars.delete", [{"webinar_id": webinar_id}])
        write("users.delete", [{"user_id": "spec.upsert@example.com", "action": "delete"},
                               {"user_id": "spec.new@example.com"}])
        stop_sim()

        # Lost answers: the first call under each prefix is applied, then the
        # connection is reset; the connector looks its creates up before going on.
        base = start_sim("--fault-at", "connection_reset:1:/v2/meetings/",
                         "--fault-at", "connection_reset:1:/v2/webinars/",
                         "--fault-at", "connection_reset:1:/v2/groups/")
        credential = "lost-answers"
        host("authenticate", "--direction", "destination", "--no-input",
             "--field", "credential_name=" + credential, "--field", "account_id=sim-account-id",
             "--field", "client_id=sim-client-id",
             "--field", "validation_url=" + base + "/v2/users/me")
        made = write("meetings.create", [{"user_id": host_user["id"], "topic": "lost answers",
                                          "type": 2, "start_time": start, "duration": 30}])
        meeting_id = int(made[0]["id"]) if made and made[0].get("id") else 0
        write("meeting_registrants.add", [{"meeting_id": meeting_id, "email": "lost@example.com",
                                           "first_name": "Lost", "last_name": "Answer"}])
        made = write("webinars.create", [{"user_id": host_user["id"], "topic": "lost answers",
                                          "type": 5, "start_time": start, "duration": 60}])
        webinar_id = int(made[0]["id"]) if made and made[0].get("id") else 0
        write("webinar_registrants.add", [{"webinar_id": webinar_id, "email": "lost@example.com",
                                           "first_name": "Lost", "last_name": "Answer"}])
        write("group_members.add", [{"group_id": group, "id": member["id"]}])
        # One the answer does not list (no user of the account): the connector
        # lists the group's members to learn what happened to it.
        write("group_members.add", [{"group_id": group, "email": "nobody.here@example.com"}],
              expect=None)
    finally:
        if sim and sim.poll() is None:
            stop_sim()

    check = subprocess.run([sys.executable, os.path.join(args.spec_dir, "check_traffic.py"),
                            "--rules", os.path.join(args.spec_dir, "zoom_api_rules.json"),
                            "--departures", os.path.join(args.spec_dir, "departures.json"),
                            "--strict", "--require-all-operations", log])
    if args.keep_log:
        shutil.copy(log, args.keep_log)
    shutil.rmtree(work, ignore_errors=True)
    if check.returncode != 0:
        failures.append("check_traffic.py found violations")
    for f in failures:
        print("FAIL: " + f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
