#!/usr/bin/env python3
"""The plugin next to its peers, against the Zoom simulator (bench/README.md).

Writes OUT/peers.md (the tables), OUT/peers.json (every run) and OUT/peers.png
(gnuplot). Called by bench/run.sh, which builds the programs first.
"""
import argparse
import calendar
import json
import math
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USERS_ONLY = ["--meetings-per-user", "0", "--webinars-per-user", "0", "--recordings-per-user", "0",
              "--participants", "0", "--phone-users", "0", "--call-logs", "0"]
REQUEST = '{"plan":"business","rate_share":1,"max_concurrency":2}'
STORE_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
PEERS = ["curl floor", "plugin in-process", "host_sim fetch", "@zoom/rivet"]
# Case C of the fan-out table: the children of meetings and webinars, each with
# the parents that can have its records, as Zoom's API allows: registration
# only for scheduled meetings (types 2, 8) and webinars (5, 9), results and
# reports only once the meeting or webinar was held, the rest for every parent.
# PAGED: the children whose endpoint pages (page_size up to 300).
MEETING_CHILDREN = {"meeting_registrants": "registration", "meeting_polls": "any",
                    "meeting_poll_results": "held", "meeting_registration_questions": "registration"}
WEBINAR_CHILDREN = {"webinar_panelists": "any", "webinar_registrants": "registration",
                    "webinar_absentees": "held registration", "webinar_polls": "any",
                    "webinar_poll_results": "held", "webinar_registration_questions": "registration",
                    "webinar_tracking_sources": "registration", "webinar_qna_results": "held",
                    "report_webinars": "held", "report_webinar_participants": "held",
                    "past_webinar_participants": "held"}
PAGED = {"meeting_registrants", "webinar_registrants", "webinar_absentees",
         "report_webinar_participants", "past_webinar_participants"}
FANOUT_STREAMS = {"A": "users,meetings,past_meeting_participants",
                  "B": "users,recordings,report_meetings,report_meeting_participants",
                  "C": ",".join(["users", "meetings", "webinars", *MEETING_CHILDREN, *WEBINAR_CHILDREN])}
FANOUT_NAMES = {"A": "users + meetings + past participants",
                "B": "users + recordings + report meetings + report participants",
                "C": "users + meetings + webinars + their 15 children"}


def log(*parts):
    print("peers:", *parts, file=sys.stderr, flush=True)


class Sim:
    """zoom_sim on 127.0.0.1; waits up to `wait` seconds for its base URL."""

    def __init__(self, build, args, wait):
        self.args = args
        began = time.monotonic()
        self.proc = subprocess.Popen([f"{build}/tests/zoom_sim/zoom_sim", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], wait)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"zoom_sim {' '.join(args)} printed no base URL within {wait} s")
        self.url = line
        self.start_seconds = time.monotonic() - began

    def stats(self):
        with urllib.request.urlopen(self.url + "/_sim/stats", timeout=30) as answer:
            return json.load(answer)

    def truth(self, stream):
        """The simulator's own read of a whole stream (not counted as API calls)."""
        with urllib.request.urlopen(f"{self.url}/_sim/truth?stream={stream}", timeout=60) as answer:
            return list(json.load(answer)["records"].values())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()


def measured(argv, timeout, cwd=ROOT, env=None):
    """Runs argv; returns exit code, stdout, whole-process CPU s, peak RSS KiB, wall s."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd, env=env)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        detail = err.read().decode(errors="replace")[-400:].strip()
        if proc.returncode != 0 and detail:
            log(f"{os.path.basename(argv[0])} exited {proc.returncode}:", detail)
        return (proc.returncode, text, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, wall)


def last_json(text):
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {}


class Peers:
    def __init__(self, args):
        self.build = args.build
        self.bench = f"{self.build}/bench"
        self.rivet = args.rivet
        self.work = tempfile.mkdtemp(prefix="zc-peers-")
        self.timeout = args.timeout

    def authenticate(self, sim):
        store = f"{self.work}/store-{sim.url.rsplit(':', 1)[1]}.db"
        env = dict(os.environ, HOST_SIM_STORE_KEY=STORE_KEY,
                   HOST_SIM_FIELD_CLIENT_SECRET="sim-client-secret")
        subprocess.run([f"{self.build}/host_sim/host_sim", "authenticate", "--plugin", self.plugin(),
                        "--store", store, "--options", self.options(sim), "--no-input",
                        "--field", "credential_name=bench", "--field", "account_id=sim-account-id",
                        "--field", "client_id=sim-client-id",
                        "--field", f"validation_url={sim.url}/v2/users/me"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        return store

    def plugin(self):
        return f"{self.build}/zoom_connector/libzoom_connector.so"

    @staticmethod
    def options(sim):
        return json.dumps({"oauth_url": sim.url + "/oauth/token", "api_base_url": sim.url + "/v2",
                           "allow_insecure_loopback": True})

    def run_peer(self, peer, sim, store):
        """One listing of every user by `peer`; the 429s come from the simulator's counts."""
        if peer == "@zoom/rivet" and self.rivet != "ok":
            return {"skipped": self.rivet}
        before = sim.stats()
        if peer == "curl floor":
            rc, out, cpu, rss, wall = measured([f"{self.bench}/curl_floor", sim.url], self.timeout)
            row = last_json(out)
        elif peer == "plugin in-process":
            rc, out, cpu, rss, wall = measured([f"{self.bench}/fetch_bench", "users", sim.url],
                                               self.timeout)
            row = last_json(out)
        elif peer == "@zoom/rivet":
            rc, out, cpu, rss, wall = measured(["node", "rivet_users.mjs", sim.url], self.timeout,
                                               cwd=f"{ROOT}/bench")
            row = last_json(out)
        else:
            output = f"{self.work}/records.jsonl"
            env = dict(os.environ, HOST_SIM_STORE_KEY=STORE_KEY)
            rc, out, cpu, rss, wall = measured(
                [f"{self.build}/host_sim/host_sim", "fetch", "--plugin", self.plugin(),
                 "--store", store, "--options", self.options(sim), "--credential", "bench",
                 "--streams", "users", "--output", output, "--full-refresh",
                 "--request", REQUEST], self.timeout, env=env)
            count = 0
            if os.path.exists(output):
                with open(output, "rb") as records:
                    count = sum(1 for _ in records)
                os.remove(output)
            # The whole process: load, authenticate, fetch, write, fsync.
            row = {"records": count, "seconds": wall, "cpu_s": cpu, "peak_rss_kib": rss,
                   "finished": rc == 0}
        after = sim.stats()
        row.setdefault("records", 0)
        row.setdefault("finished", False)
        row["finished"] = bool(row["finished"]) and rc == 0
        row["process_cpu_s"] = cpu
        row["process_wall_s"] = wall
        row.setdefault("peak_rss_kib", rss)
        row.setdefault("seconds", wall)
        row.setdefault("cpu_s", cpu)
        row["429s"] = after["rate_limited"] - before["rate_limited"]
        row["api_calls"] = (after["requests"] - after["token_requests"]) - \
                           (before["requests"] - before["token_requests"])
        return row

    def setting(self, sim_args, users, rounds, pause):
        """Every peer `rounds` times, alternating, against one simulator."""
        runs = {peer: [] for peer in PEERS}
        with Sim(self.build, ["--users", str(users), *USERS_ONLY, *sim_args], self.sim_wait(users)) as sim:
            store = self.authenticate(sim)
            for round_ in range(rounds):
                for peer in PEERS:
                    time.sleep(pause)  # a rate-limited setting: the buckets refill
                    row = self.run_peer(peer, sim, store)
                    runs[peer].append(row)
                    log(f"{' '.join(sim_args)} round {round_ + 1}/{rounds} {peer}: {short(row)}")
        return runs

    def cold(self, rounds):
        with Sim(self.build, ["--no-rate-limit", "--users", "10"], 30) as sim:
            rows = []
            for _ in range(rounds):
                rc, out, *_ = measured([f"{self.bench}/fetch_bench", "cold", sim.url], self.timeout)
                if rc == 0:
                    rows.append(last_json(out))
        return rows

    def memory(self, sizes, reuse):
        rows = {}
        for users in sizes:
            if users in reuse:
                rows[users] = reuse[users]
                continue
            with Sim(self.build, ["--no-rate-limit", "--users", str(users), *USERS_ONLY],
                     self.sim_wait(users)) as sim:
                # The simulator on main scans the account for every page: about
                # 0.13 s a page at 1M users, some 7 minutes for the listing.
                rc, out, *_ = measured([f"{self.bench}/fetch_bench", "users", sim.url],
                                       self.timeout + users * 0.0008)
                row = last_json(out)
                row["sim_start_s"] = sim.start_seconds
                rows[users] = row
                log(f"memory {users}: {short(row)}")
        return rows

    def tokens(self, seconds, threads=8, lifetime=5):
        with Sim(self.build, ["--no-rate-limit", "--users", "300", *USERS_ONLY, "--token-lifetime",
                              str(lifetime)], 30) as sim:
            before = sim.stats()["token_requests"]
            rc, out, *_ = measured([f"{self.bench}/fetch_bench", "tokens", sim.url, str(threads),
                                    str(seconds)], seconds + self.timeout)
            row = last_json(out)
            row["token_requests"] = sim.stats()["token_requests"] - before
            # A token at the start, then one each lifetime.
            row["one_per_lifetime"] = math.floor(seconds / lifetime) + 1
            row["lifetime_s"] = lifetime
            row["ok"] = rc == 0
            return row

    def fanout(self, case, users, hosting, prune, pruning_supported):
        streams = FANOUT_STREAMS[case]
        sim_args = ["--no-rate-limit", "--users", str(users)]
        if case in "AC":
            sim_args += ["--meetings-per-user", "4", "--participants", "6"]
        if pruning_supported and case != "C":
            sim_args += ["--hosting-percent", str(hosting)]
        with Sim(self.build, sim_args, self.sim_wait(users)) as sim:
            parents = {name: sim.truth(name) for name in ("users", "meetings", "webinars")} \
                if case == "C" else None
            started = time.time()
            before = sim.stats()
            rc, out, *_ = measured([f"{self.bench}/fetch_bench", "fanout", sim.url, streams, prune],
                                   self.timeout * 10)
            after = sim.stats()
            row = last_json(out)
            row["ok"] = rc == 0 and row.get("status") == "ok"
            row["api_calls"] = (after["requests"] - after["token_requests"]) - \
                               (before["requests"] - before["token_requests"])
            if parents is not None and "records_per_parent" in row:
                row["per_stream_minimum"] = children_minimum(parents, row["records_per_parent"],
                                                             started)
                row["minimum"] = sum(row["per_stream_minimum"].values())
            return row

    @staticmethod
    def sim_wait(users):
        # Building an account takes about 80 s per million users on this machine
        # (until the simulator derives records on demand); leave room.
        return 60 + users * 400 / 1_000_000


def short(row):
    keys = ["records", "seconds", "cpu_s", "peak_rss_kib", "429s", "finished", "skipped", "error"]
    return " ".join(f"{k}={row[k]:.3g}" if isinstance(row.get(k), float) else f"{k}={row[k]}"
                    for k in keys if row.get(k) not in (None, ""))


def pages(n):
    return max(1, math.ceil(n / 300))


def iso_seconds(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def children_minimum(parents, per_parent, now):
    """Case C's minimum, per stream, from the simulator's own users, meetings and
    webinars (its truth) and the API's rules (MEETING_CHILDREN, WEBINAR_CHILDREN):
    every listing page, one call per parent that can have a child's records, and
    ceil(n/300) calls for a paged child's parent with n records."""
    users = parents["users"]
    minimum = {"users": sum(pages(sum(1 for u in users if u["status"] == status))
                            for status in ("active", "inactive", "pending"))}
    for listing in ("meetings", "webinars"):
        # One listing per user (a user without a webinar licence answers 3161: a call too).
        minimum[listing] = sum(pages(sum(1 for p in parents[listing] if p["host_id"] == u["id"]))
                               for u in users)
    registration = {"meetings": (2, 8), "webinars": (5, 9)}
    for listing, children in (("meetings", MEETING_CHILDREN), ("webinars", WEBINAR_CHILDREN)):
        for child, rule in children.items():
            can_have = [p for p in parents[listing]
                        if ("held" not in rule or iso_seconds(p["start_time"]) < math.floor(now))
                        and ("registration" not in rule or p["type"] in registration[listing])]
            minimum[child] = len(can_have)
            if child in PAGED:
                minimum[child] += sum((pages(int(n)) - 1) * parents_with_n
                                      for n, parents_with_n in per_parent.get(child, {}).items())
    return minimum


def median(rows, key):
    values = [r[key] for r in rows if key in r]
    return statistics.median(values) if values else float("nan")


def pruning_support(build):
    """Whether the simulator has --hosting-percent and the plugin takes active_hosts_only."""
    help_text = subprocess.run([f"{build}/tests/zoom_sim/zoom_sim", "--help"], capture_output=True,
                               text=True).stdout
    if "--hosting-percent" not in help_text:
        return False
    with Sim(build, ["--no-rate-limit", "--users", "3"], 30) as sim:
        probe = subprocess.run([f"{build}/bench/fetch_bench", "fanout", sim.url, "users", "on"],
                               capture_output=True, text=True, timeout=60)
    if 'unknown field "active_hosts_only"' in probe.stderr:
        return False
    if probe.returncode != 0:
        raise RuntimeError(f"fetch_bench fanout probe failed: {probe.stderr.strip()[-300:]}")
    return True


def calls_cell(row):
    """Whether the calls are the minimum: '—' where the bench knows no minimum."""
    if not isinstance(row.get("minimum"), int):
        return "—"
    return "yes" if row["api_calls"] == row["minimum"] else "NO"


def fanout_table(fan):
    md = ["", "## Fan-out: API calls (the simulator's count, token requests aside)", "",
          "| streams | account | active_hosts_only | API calls | minimum | calls = minimum | "
          "pruned (summary) | records | identical records |",
          "|---|---|---|---|---|---|---|---|---|"]
    for key, row in fan.items():
        if row.get("na"):
            md.append(f"| {row['streams']} | {row['account']} | {row['prune']} | n/a ({row['na']}) "
                      "| | | | | |")
            continue
        counts = row.get("records", {})
        records = " + ".join(f"{v:,}" for v in counts.values()) if len(counts) <= 4 else \
            f"{sum(counts.values()):,} in {len(counts)} streams"
        minimum = row.get("minimum")
        md.append(f"| {row['streams']} | {row['account']} | {row['prune']} | {row['api_calls']:,} | "
                  f"{format(minimum, ',') if isinstance(minimum, int) else '—'} | {calls_cell(row)} | "
                  f"{sum(row.get('pruned', {}).values()):,} | {records} | "
                  f"{row.get('identical', '—')} |")
    for case in "AB":
        off, on = fan.get(f"{case}-off"), fan.get(f"{case}-on")
        if off and on and not on.get("na") and off.get("api_calls"):
            saved = off["api_calls"] - on["api_calls"]
            md += ["", f"{off['streams']}: active-host pruning saves {saved:,} of "
                       f"{off['api_calls']:,} calls ({100 * saved / off['api_calls']:.0f}%); "
                       f"records identical: {on.get('identical', '?')}."]
    md += ["", "Minimum: ceil(n/300) pages per listing, one request at least, one listing per "
           "status, per user (meetings, webinars) and per past meeting (participants). With pruning "
           "the per-user walks of recordings and report meetings go only to the hosts the "
           "active-hosts report names; scheduled meetings are not pruned."]
    children = fan.get("C--", {})
    if "per_stream_minimum" in children:
        md += ["", "Case C per stream: the minimum from the simulator's own users, meetings and "
               "webinars (`/_sim/truth`) and the API's rules (registration only for meeting types "
               "2, 8 and webinar types 5, 9; results, absentees and reports only once held), next "
               "to the requests and the pruned calls the fetch summary counted.", "",
               "| stream | minimum | requests (summary) | pruned (summary) | records |",
               "|---|---|---|---|---|"]
        for stream, minimum in children["per_stream_minimum"].items():
            md.append(f"| {stream} | {minimum:,} | {children['requests'].get(stream, '?')} | "
                      f"{children['pruned'].get(stream, '?')} | "
                      f"{children['records'].get(stream, 0):,} |")
    return md


def tables(result):
    if result.get("fanout_only"):
        return "\n".join(["# The plugin next to its peers: the fan-out table only"] +
                          fanout_table(result["fanout"])) + "\n"
    n = result["users"]
    rounds = result["rounds"]
    md = [f"# The plugin next to its peers ({'quick smoke run' if result['quick'] else 'full run'})", "",
          f"Simulator account of {n:,} users, `GET /users?page_size=300` over the three statuses; "
          f"medians of {rounds} run{'s' if rounds > 1 else ''} per peer (alternating). "
          f"{result['machine']}; peers.py took {result['elapsed_s']:.0f} s.", "",
          "## Without rate limits (`zoom_sim --no-rate-limit`)", "",
          "| peer | records | wall s | records/s | CPU µs/record (listing) | CPU µs/record (whole process) | peak RSS MiB |",
          "|---|---|---|---|---|---|---|"]
    for peer in PEERS:
        rows = result["unlimited"][peer]
        if rows and "skipped" in rows[0]:
            md.append(f"| {peer} | skipped: {rows[0]['skipped']} | | | | | |")
            continue
        rec = median(rows, "records")
        secs = median(rows, "seconds")
        md.append(f"| {peer} | {rec:,.0f} | {secs:.2f} | {rec / secs:,.0f} | "
                  f"{1e6 * median(rows, 'cpu_s') / max(rec, 1):.2f} | "
                  f"{1e6 * median(rows, 'process_cpu_s') / max(rec, 1):.2f} | "
                  f"{median(rows, 'peak_rss_kib') / 1024:.1f} |")
    md += ["", "The plugin paces itself at Business limits (60 Medium requests/s) even here: its wall "
           "time is Zoom's ceiling, its CPU and memory are its own. host_sim's figures are its whole "
           "process (load, authenticate, fetch, JSON Lines to a file, fsync).", "",
           "## At Business limits (`zoom_sim --plan business`)", "",
           "| peer | records fetched | wall s | 429s | finished | note |", "|---|---|---|---|---|---|"]
    for peer in PEERS:
        rows = result["business"][peer]
        if rows and "skipped" in rows[0]:
            md.append(f"| {peer} | skipped: {rows[0]['skipped']} | | | | |")
            continue
        done = sum(1 for r in rows if r["finished"])
        errors = sorted({r.get("error", "") for r in rows if r.get("error")})
        note = "no retry: its first 429 throws ApiResponseError" if errors and peer == "@zoom/rivet" else ""
        if peer == "curl floor":
            note = "no pacing: waits Retry-After after each 429"
        md.append(f"| {peer} | {median(rows, 'records'):,.0f} of {n:,} | {median(rows, 'seconds'):.2f} | "
                  f"{median(rows, '429s'):.0f} | {done} of {len(rows)} | {note} |")
    md += fanout_table(result["fanout"])
    tok = result["tokens"]
    md += ["", "## Tokens: 8 threads, one connector", "",
           "| threads | seconds | token lifetime s | fetches | token requests | one per lifetime |",
           "|---|---|---|---|---|---|",
           f"| {tok.get('threads', 8)} | {tok.get('seconds', 0):g} | {tok['lifetime_s']} | "
           f"{tok.get('fetches', 0):,} | {tok['token_requests']} | {tok['one_per_lifetime']} |", "",
           "@zoom/rivet is not in this row: its token URL is fixed to https://zoom.us, which the "
           "bench never calls; its S2S client fetches a new token whenever the stored one has "
           "60 s or less left (read in its source), so with a 5 s lifetime it would ask before "
           "every call."]
    cold = result["cold"]
    md += ["", f"## Cold start (median of {len(cold)} fresh processes, ms)", "",
           "| load + negotiate | create | authenticate | validate | total |", "|---|---|---|---|---|",
           "| " + " | ".join(f"{median(cold, k):.2f}" for k in
                            ["load_ms", "create_ms", "authenticate_ms", "validate_ms", "total_ms"]) + " |"]
    mem = result["memory"]
    md += ["", "## Memory: peak RSS of the plugin in-process, users stream", "",
           "| records | peak RSS MiB | CPU µs/record | wall s | simulator start s |", "|---|---|---|---|---|"]
    for users, row in mem.items():
        if "records" not in row:
            md.append(f"| {int(users):,} | failed | | | |")
            continue
        start = f"{row['sim_start_s']:.0f}" if "sim_start_s" in row else "(first table)"
        md.append(f"| {row['records']:,} | {row['peak_rss_kib'] / 1024:.1f} | "
                  f"{1e6 * row['cpu_s'] / max(row['records'], 1):.2f} | {row['seconds']:.1f} | {start} |")
    return "\n".join(md) + "\n"


def plot(result, out):
    if not shutil.which("gnuplot"):
        log("gnuplot not found: NO PLOT (scripts/install-deps.sh installs gnuplot-nox)")
        return False
    scratch = tempfile.mkdtemp(prefix="zc-plot-")
    data = f"{scratch}/peers.dat"
    with open(data, "w") as f:
        for i, peer in enumerate(PEERS):
            rows = result["unlimited"][peer]
            brows = result["business"][peer]
            if rows and "skipped" in rows[0]:
                f.write(f'{i} "{peer}" NaN NaN NaN\n')
                continue
            rec = median(rows, "records")
            share = 100 * median(brows, "records") / result["users"]
            f.write(f'{i} "{peer}" {1e6 * median(rows, "cpu_s") / rec:.4f} '
                    f'{median(rows, "peak_rss_kib") / 1024:.2f} {share:.1f}\n')
    mem = f"{scratch}/memory.dat"
    sizes = [row["records"] for row in result["memory"].values() if "records" in row] or [1]
    with open(mem, "w") as f:
        for users, row in result["memory"].items():
            if "records" in row:
                f.write(f"{row['records']} {row['peak_rss_kib'] / 1024:.2f}\n")
    script = f"""
set terminal pngcairo noenhanced size 1400,900 font ",10"
set output "{out}/peers.png"
set multiplot layout 2,2 title "zoom connector and its peers, {result['users']:,} users (medians of {result['rounds']})"
set style fill solid 0.7
set boxwidth 0.6
set grid ytics
set xrange [-0.6:3.6]
set title "CPU per record, no rate limits (µs, log scale)"
set logscale y
plot "{data}" using 1:3:xtic(2) with boxes notitle lc rgb "#3a6ea5"
unset logscale y
set title "peak RSS, no rate limits (MiB)"
set yrange [0:*]
plot "{data}" using 1:4:xtic(2) with boxes notitle lc rgb "#d08c2e"
set title "records fetched at Business limits (% of the account)"
set yrange [0:110]
plot "{data}" using 1:5:xtic(2) with boxes notitle lc rgb "#4a9a4a"
set title "plugin peak RSS by records fetched (MiB)"
set xrange [{min(sizes) / 2}:{max(sizes) * 2}]
set yrange [0:*]
set logscale x
set xlabel "records"
plot "{mem}" using 1:2 with linespoints pt 7 lc rgb "#a53a3a" notitle
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return True


def fanout_cases(peers, pool, args, supported):
    """Every fan-out case side by side on `pool`: A and B without and with
    active_hosts_only where supported, C (which that option does not touch) once."""
    quick = args.quick
    jobs = {}
    cases = [("A", 30 if quick else 300), ("B", args.fanout_users or (50 if quick else 1000)),
             ("C", args.children_users or (20 if quick else 200))]
    for case, n in cases:
        for prune in (["off", "on"] if supported and case != "C" else ["-"]):
            jobs[(case, prune)] = (n, pool.submit(peers.fanout, case, n, 20, prune, supported))
    fan = {}
    for (case, prune), (n, job) in jobs.items():
        row = job.result()
        row["streams"] = FANOUT_NAMES[case]
        row["account"] = f"{n:,} users" + (", 20% hosting" if supported and case != "C" else "")
        row["prune"] = {"on": "true", "off": "false", "-": "(absent)"}[prune]
        fan[f"{case}-{prune}"] = row
    if not supported:
        fan["B-on"] = {"streams": fan["B--"]["streams"], "account": fan["B--"]["account"],
                       "prune": "true", "na": "option missing"}
    for case in "AB":
        off, on = fan.get(f"{case}-off"), fan.get(f"{case}-on")
        if off and on and "digest" in off and "digest" in on:
            same = off["digest"] == on["digest"] and off["records"] == on["records"]
            on["identical"] = off["identical"] = "yes" if same else "NO"
    return fan


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, single runs (a smoke check)")
    parser.add_argument("--build", default=f"{ROOT}/build/default")
    parser.add_argument("--out", default=None)
    parser.add_argument("--rivet", default="ok", help='"ok", or why the rivet case is skipped')
    parser.add_argument("--fanout-users", type=int, default=None)
    parser.add_argument("--children-users", type=int, default=None,
                        help="users of fan-out case C (meeting and webinar children)")
    parser.add_argument("--fanout-only", action="store_true",
                        help="only the fan-out table (and its check)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--from-json", metavar="FILE",
                        help="no runs: write the tables and the plot again from a peers.json")
    args = parser.parse_args()
    quick = args.quick
    out = args.out or (f"{args.build}/bench-quick" if quick else f"{ROOT}/bench/results")
    os.makedirs(out, exist_ok=True)
    if args.from_json:
        with open(args.from_json) as f:
            result = json.load(f)
        if "memory" in result:
            result["memory"] = {int(k): v for k, v in result["memory"].items()}
        return write(result, out)
    peers = Peers(args)
    users = 3000 if quick else 100_000
    rounds = 1 if quick else 5
    started = time.monotonic()
    result = {"quick": quick, "users": users, "rounds": rounds,
              "machine": f"{os.cpu_count()} cores"}
    try:
        supported = pruning_support(args.build)
        with ThreadPoolExecutor(max_workers=5) as pool:
            # Paced by the plugin, hardly any CPU: these run side by side, before
            # the CPU figures.
            tokens = None if args.fanout_only else pool.submit(peers.tokens, 6 if quick else 60)
            fan = fanout_cases(peers, pool, args, supported)
            result["fanout"] = fan
            if args.fanout_only:
                result["fanout_only"] = True
                result["elapsed_s"] = time.monotonic() - started
                return write(result, out)
            result["tokens"] = tokens.result()
            log(f"fan-out and tokens done at {time.monotonic() - started:.0f} s")
        result["unlimited"] = peers.setting(["--no-rate-limit"], users, rounds, 0)
        result["business"] = peers.setting(["--plan", "business"], users, rounds, 1.2)
        result["cold"] = peers.cold(rounds if quick else 11)
        plugin_rows = result["unlimited"]["plugin in-process"]
        middle = sorted(plugin_rows, key=lambda r: r.get("peak_rss_kib", 0))[len(plugin_rows) // 2]
        sizes = [500, 1000, users] if quick else [10_000, users, 1_000_000]
        result["memory"] = peers.memory(sizes, {users: middle})
    finally:
        shutil.rmtree(peers.work, ignore_errors=True)
    result["elapsed_s"] = time.monotonic() - started
    return write(result, out)


def write(result, out):
    text = tables(result)
    with open(f"{out}/peers.md", "w") as f:
        f.write(text)
    with open(f"{out}/peers.json", "w") as f:
        json.dump(result, f, indent=1, default=str)
    plotted = not result.get("fanout_only") and plot(result, out)
    print(text)
    print(f"written: {out}/peers.md, {out}/peers.json" + (f", {out}/peers.png" if plotted else ""))
    failures = check(result)
    for failure in failures:
        print("peers: FAILED:", failure, file=sys.stderr)
    return 1 if failures else 0


def check(result):
    """What must hold for the bench to have measured anything (no timing figures)."""
    failures = []
    for key, row in result["fanout"].items():
        if not row.get("na") and not row.get("ok"):
            failures.append(f"fan-out {key}: {row}")
        if row.get("identical") == "NO":
            failures.append(f"fan-out {key}: records differ with and without pruning")
        if calls_cell(row) == "NO":
            failures.append(f"fan-out {key}: {row['api_calls']:,} API calls, the minimum is "
                            f"{row['minimum']:,}")
    if result.get("fanout_only"):
        return failures
    n = result["users"]
    for peer in PEERS:
        for row in result["unlimited"][peer]:
            if "skipped" not in row and (not row["finished"] or row["records"] != n):
                failures.append(f"{peer} without rate limits: {short(row)}")
    for peer in PEERS[:3]:
        for row in result["business"][peer]:
            if not row["finished"] or row["records"] != n:
                failures.append(f"{peer} at Business limits: {short(row)}")
    if not result["tokens"].get("ok"):
        failures.append(f"tokens: {result['tokens']}")
    if len(result["cold"]) != (result["rounds"] if result["quick"] else 11):
        failures.append("cold start: a run failed")
    for users, row in result["memory"].items():
        if row.get("records") != users:
            failures.append(f"memory at {users}: {short(row)}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
