#!/usr/bin/env python3
"""What a resumed Airbyte read costs: airbyte_source reads users -> meetings ->
participants from the Zoom simulator, is killed with SIGKILL between two
checkpoints, and is resumed from the last STATE of each stream twice:

  - as committed (every stream's state of one checkpoint: the frontier is used);
  - with one stream's state taken from the checkpoint before (what a
    destination that committed some streams' states of the last checkpoint
    and not others passes back: the frontier is dropped, finished parents are
    listed again).

Prints, for each, the requests the simulator served before the resumed read's
first record, and in all; and checks both resumes give every record exactly
once next to an unkilled read.

With --soak RUNS instead: killed with SIGKILL after a random delay
(--kill MIN_S MAX_S, seeded, so also between the STATEs of one checkpoint)
and resumed from the last STATE of each stream so far, until a read
completes or RUNS is reached; prints the runs and checks that the records
Airbyte keeps (each stream's up to its last STATE in each run) are every
record exactly once.

  python3 bench/airbyte_resume.py --users 400 --kill-after-state 40
  python3 bench/airbyte_resume.py --users 120 --soak 60 --kill 0.5 3 --seed 1
  (binaries default to build/default; --source/--zoom-sim/--plugin override)
"""
import argparse
import collections
import json
import os
import random
import threading
import signal
import subprocess
import sys
import tempfile

SECRET = "sim-client-secret-0123456789abcd"
STREAMS = ("users", "meetings", "past_meeting_participants")


def key_of(record):
    data = record["data"]
    key = next((data[k] for k in ("uuid", "user_id", "id") if k in data), "")
    return (record["stream"], str(key), data.get("_parent_id", ""))


class Run:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.log = os.path.join(work, "traffic.jsonl")
        self.sim = subprocess.Popen(
            [args.zoom_sim, "--port", "0", "--client-secret", SECRET, "--users", str(args.users),
             "--meetings-per-user", "3", "--participants", "3", "--hosting-percent", "100",
             "--traffic-log", self.log, "--traffic-log-bodies", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        base = self.sim.stdout.readline().strip()
        config = {"account_id": "sim-account-id", "client_id": "sim-client-id",
                  "client_secret": SECRET, "plan": "business", "max_concurrency": 2,
                  "validation_url": base + "/v2/users/me",
                  "deployment": {"oauth_url": base + "/oauth/token", "api_base_url": base + "/v2",
                                 "allow_insecure_loopback": True}}
        self.config = self.file("config.json", config)
        catalog = json.loads(subprocess.run(
            [args.source, "discover", "--config", self.config, "--plugin", args.plugin],
            capture_output=True, text=True, check=True).stdout.splitlines()[-1])["catalog"]
        chosen = [{"stream": s, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}
                  for s in catalog["streams"] if s["name"] in STREAMS]
        self.catalog = self.file("catalog.json", {"streams": chosen})

    def file(self, name, value):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            json.dump(value, f)
        return path

    def requests(self):
        with open(self.log, encoding="utf-8") as f:
            return sum(1 for _ in f)

    def read_argv(self, state):
        argv = [self.args.source, "read", "--config", self.config, "--catalog", self.catalog,
                "--plugin", self.args.plugin]
        if state:
            argv += ["--state", self.file("state.json", state)]
        return argv

    def read_killed_after(self, state, seconds):
        """One read killed after `seconds` (or complete before): its
        messages (complete lines only) and whether it completed."""
        proc = subprocess.Popen(self.read_argv(state), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        timer = threading.Timer(seconds, lambda: proc.send_signal(signal.SIGKILL))
        timer.start()
        text = proc.stdout.read()
        proc.wait()
        timer.cancel()
        lines = text.split("\n")[:-1]  # a line cut by the kill has no newline
        return [json.loads(line) for line in lines], proc.returncode == 0

    def read(self, state=None, kill_after_state=None):
        """Messages of one read (killed between checkpoints when asked), and
        the requests served before its first record and in all."""
        argv = self.read_argv(state)
        start = self.requests()
        before_first = None
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        messages = []
        states = 0
        for line in proc.stdout:
            message = json.loads(line)
            if kill_after_state is not None and states >= kill_after_state and message["type"] != "STATE":
                proc.send_signal(signal.SIGKILL)  # between two checkpoints
                break
            messages.append(message)
            states += message["type"] == "STATE"
            if message["type"] == "RECORD" and before_first is None:
                before_first = self.requests() - start
        proc.wait()
        return messages, before_first, self.requests() - start

    def stop(self):
        self.sim.terminate()
        self.sim.wait()


def committed(messages, behind=None):
    """What Airbyte keeps of a killed read: each stream's records up to its
    last STATE (for `behind`, up to the STATE before its last, as if the
    destination had not committed its last one), and the STATE parts it
    passes back, one per stream."""
    states = collections.defaultdict(list)
    for m in messages:
        if m["type"] == "STATE":
            stream = m["state"]["stream"]
            states[stream["stream_descriptor"]["name"]].append(stream)
    passed_back = {name: parts[-2] if name == behind and len(parts) > 1 else parts[-1]
                   for name, parts in states.items()}
    kept, pending, seen = [], collections.defaultdict(list), collections.Counter()
    for m in messages:
        if m["type"] == "RECORD":
            pending[m["record"]["stream"]].append(m["record"])
        elif m["type"] == "STATE":
            name = m["state"]["stream"]["stream_descriptor"]["name"]
            seen[name] += 1
            covered = pending.pop(name, [])
            if seen[name] <= len(states[name]) - (1 if name == behind else 0):
                kept += covered
    return kept, [{"type": "STREAM", "stream": part} for part in passed_back.values()]


def soak(run, args):
    reference, _, _ = run.read()
    wanted = collections.Counter(key_of(m["record"]) for m in reference if m["type"] == "RECORD")
    rng = random.Random(args.seed)
    kept = collections.Counter()
    last = {}  # stream -> its last STATE's stream part, over every run so far
    frontier_resumes = 0
    for number in range(1, args.soak + 1):
        state = [{"type": "STREAM", "stream": s} for s in last.values()]
        messages, completed = run.read_killed_after(state, rng.uniform(*args.kill))
        kept_now, passed_back = committed(messages)
        kept.update(key_of(record) for record in kept_now)
        for part in passed_back:
            last[part["stream"]["stream_descriptor"]["name"]] = part["stream"]
        frontier_resumes += any(
            m["type"] == "LOG" and m["log"]["message"].startswith("resuming from the last checkpoint")
            for m in messages)
        if completed:
            break
    twice = sum(n - 1 for n in kept.values() if n > 1)
    lost = sum((wanted - kept).values())
    exact = completed and kept == wanted
    print(f"{args.users} users -> meetings -> participants, {sum(wanted.values())} records; "
          f"killed every {args.kill[0]}-{args.kill[1]} s (seed {args.seed}): "
          f"{'complete after ' + str(number) + ' runs' if completed else 'not complete in ' + str(number) + ' runs'}, "
          f"{frontier_resumes} of {number - 1} resumes from the frontier; records kept "
          f"{sum(kept.values())}: {lost} lost, {twice} twice -> {'exact' if exact else 'NOT EXACT'}")
    return 0 if exact else 1


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "default")
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default=os.path.join(root, "airbyte_source", "airbyte_source"))
    parser.add_argument("--zoom-sim", default=os.path.join(root, "tests", "zoom_sim", "zoom_sim"))
    parser.add_argument("--plugin",
                        default=os.path.join(root, "zoom_connector", "libzoom_connector.so"))
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--kill-after-state", type=int, default=40)
    parser.add_argument("--soak", type=int, metavar="RUNS")
    parser.add_argument("--kill", type=float, nargs=2, default=[0.5, 3.0], metavar=("MIN_S", "MAX_S"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="airbyte_resume.") as work:
        run = Run(args, work)
        try:
            if args.soak:
                return soak(run, args)
            reference, _, reference_requests = run.read()
            wanted = collections.Counter(key_of(m["record"]) for m in reference if m["type"] == "RECORD")
            partial, _, _ = run.read(kill_after_state=args.kill_after_state)
            # The stream with the most states goes back one checkpoint.
            counts = collections.Counter(m["state"]["stream"]["stream_descriptor"]["name"]
                                         for m in partial if m["type"] == "STATE")
            behind = counts.most_common(1)[0][0]
            print(f"{args.users} users -> meetings -> participants: {sum(wanted.values())} records, "
                  f"{reference_requests} requests unkilled; killed after {args.kill_after_state} STATEs")
            print("| resume | requests before the first record | requests in all | records exactly once |")
            print("|---|---|---|---|")
            failed = False
            for label, stream_behind in (("one checkpoint (frontier used)", None),
                                         (f"{behind} one checkpoint behind (frontier dropped)", behind)):
                kept_here, state = committed(partial, stream_behind)
                resumed, before_first, total = run.read(state=state)
                got = collections.Counter(key_of(record) for record in kept_here)
                got.update(key_of(m["record"]) for m in resumed if m["type"] == "RECORD")
                exact = got == wanted
                failed |= not exact
                print(f"| {label} | {before_first} | {total} | {'yes' if exact else 'NO'} |")
        finally:
            run.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
