#!/usr/bin/env python3
"""Crash soak by hand: host_sim fetches users -> meetings -> participants from
the Zoom simulator into a file, is killed with SIGKILL after a random delay
(seeded) and started again from its checkpoint, until the fetch completes or
--max-runs is reached. Prints the unkilled run's time, the runs needed, and
whether every record arrived exactly once (next to an unkilled run).

  python3 bench/crash_soak.py --users 400 --kill 2 6 --max-runs 60
  (binaries default to build/default; --host-sim/--zoom-sim/--plugin override)
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SECRET = "sim-client-secret-0123456789abcd"
STREAMS = "users,meetings,past_meeting_participants"


def keys(path):
    """Sorted record keys; None when the file ends inside a line (a kill mid-write)."""
    out = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text and not text.endswith("\n"):
        return None
    for line in text.splitlines():
        line = json.loads(line)
        record = line["record"]
        key = line["stream"] + " " + str(next(
            (record[k] for k in ("uuid", "user_id", "id") if k in record), ""))
        if "_parent_id" in record:
            key += " @" + record["_parent_id"]
        out.append(key)
    return sorted(out)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "default")
    parser = argparse.ArgumentParser()
    parser.add_argument("--host-sim", default=os.path.join(root, "host_sim", "host_sim"))
    parser.add_argument("--zoom-sim", default=os.path.join(root, "tests", "zoom_sim", "zoom_sim"))
    parser.add_argument("--plugin",
                        default=os.path.join(root, "zoom_connector", "libzoom_connector.so"))
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--kill", type=float, nargs=2, default=[2.0, 6.0],
                        metavar=("MIN_S", "MAX_S"))
    parser.add_argument("--max-runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--request", default='{"plan":"business","rate_share":1}')
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="crash_soak.")
    env = dict(os.environ, HOST_SIM_STORE_KEY=os.urandom(32).hex(),
               HOST_SIM_FIELD_CLIENT_SECRET=SECRET, NO_PROXY="127.0.0.1")
    sim = subprocess.Popen([args.zoom_sim, "--port", "0", "--client-secret", SECRET,
                            "--users", str(args.users), "--no-rate-limit"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = sim.stdout.readline().strip()
        options = json.dumps({"oauth_url": base + "/oauth/token", "api_base_url": base + "/v2",
                              "allow_insecure_loopback": True})
        common = ["--plugin", args.plugin, "--store", os.path.join(work, "store.db"),
                  "--options", options]
        log = open(os.path.join(work, "host_sim.log"), "w")
        for name in ("reference", "soak"):
            subprocess.run([args.host_sim, "authenticate", *common, "--no-input",
                            "--field", "credential_name=" + name,
                            "--field", "account_id=sim-account-id",
                            "--field", "client_id=sim-client-id",
                            "--field", "validation_url=" + base + "/v2/users/me"],
                           env=env, check=True, stdout=log, stderr=log)

        def fetch(name, output):
            return [args.host_sim, "fetch", *common, "--credential", name, "--streams", STREAMS,
                    "--output", output, "--request", args.request]

        reference_file = os.path.join(work, "reference.jsonl")
        started = time.monotonic()
        subprocess.run(fetch("reference", reference_file), env=env, check=True,
                       stdout=log, stderr=log)
        clean_s = time.monotonic() - started
        reference = keys(reference_file)
        print(f"{args.users} users: {len(reference)} records, unkilled run {clean_s:.1f} s")

        rng = random.Random(args.seed)
        output = os.path.join(work, "records.jsonl")
        runs = 0
        finished = False
        started = time.monotonic()
        while not finished and runs < args.max_runs:
            runs += 1
            host = subprocess.Popen(fetch("soak", output), env=env, stdout=log, stderr=log)
            try:
                code = host.wait(timeout=rng.uniform(*args.kill))
                if code != 0:
                    sys.exit(f"run {runs} failed with exit {code}; see {work}/host_sim.log")
                finished = True
            except subprocess.TimeoutExpired:
                host.send_signal(signal.SIGKILL)
                host.wait()
                # Killed after its last record and checkpoint: done.
                finished = os.path.exists(output) and keys(output) == reference
        soak_s = time.monotonic() - started
        got = (keys(output) if os.path.exists(output) else []) or []
        exact = got == reference
        print(f"killed every {args.kill[0]:g}-{args.kill[1]:g} s (seed {args.seed}): "
              f"{'completed' if finished else 'NOT complete'} after {runs} runs, {soak_s:.0f} s; "
              f"{len(got)} records, {'each exactly once' if exact else 'NOT exact'}")
        if finished and exact:
            shutil.rmtree(work)
            return 0
        print(f"kept {work} for a look")
        return 1
    finally:
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    sys.exit(main())
