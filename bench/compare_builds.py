#!/usr/bin/env python3
"""CPU per record of two builds side by side, in one run (a refit's check).

    python3 bench/compare_builds.py OLD_BUILD NEW_BUILD [--users N] [--writes N] [--rounds R]

OLD_BUILD and NEW_BUILD are build folders holding bench/fetch_bench and
bench/write_bench (`cmake --build B --target fetch_bench write_bench`); the
simulator is NEW_BUILD's. In turns (old, new, old, ...):
  - fetch: `fetch_bench users URL` against one `zoom_sim --no-rate-limit`
    of N users, the process's CPU over the records it fetched;
  - write: `write_bench throughput N` (users.update at Business limits,
    paced; its simulator runs in the process, so its CPU is counted too).
Prints each run and the medians' ratio new/old; exits 1 when a run fails.
"""
import argparse
import os
import select
import statistics
import subprocess
import sys

USERS_ONLY = ["--meetings-per-user", "0", "--webinars-per-user", "0", "--recordings-per-user", "0",
              "--participants", "0", "--phone-users", "0", "--call-logs", "0"]


def cpu_of(argv):
    """Runs argv; returns its stdout and whole-process CPU seconds."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compare_builds: {' '.join(argv)} failed ({status})")
    return out, usage.ru_utime + usage.ru_stime


def in_turns(name, builds, rounds, run):
    runs = {label: [] for label in builds}
    for i in range(rounds):
        for label, build in builds.items():
            per_record = run(build)
            runs[label].append(per_record)
            print(f"{name} round {i + 1} {label}: {per_record:.2f} µs/record", flush=True)
    old, new = (statistics.median(runs[k]) for k in ("old", "new"))
    print(f"{name}: median old {old:.2f} µs/record, new {new:.2f} µs/record, new/old {new / old:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--users", type=int, default=20000)
    ap.add_argument("--writes", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    builds = {"old": args.old, "new": args.new}

    sim = subprocess.Popen([f"{args.new}/tests/zoom_sim/zoom_sim", "--port", "0", "--no-rate-limit",
                            "--users", str(args.users), *USERS_ONLY],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        ready, _, _ = select.select([sim.stdout], [], [], 300)
        url = sim.stdout.readline().decode().strip() if ready else ""
        if not url.startswith("http://127.0.0.1:"):
            sys.exit("compare_builds: zoom_sim printed no base URL")

        def fetch(build):
            _, cpu = cpu_of([f"{build}/bench/fetch_bench", "users", url])
            return cpu * 1e6 / args.users

        in_turns("fetch users", builds, args.rounds, fetch)
    finally:
        sim.terminate()
        sim.wait()

    def write(build):
        _, cpu = cpu_of([f"{build}/bench/write_bench", "throughput", str(args.writes)])
        return cpu * 1e6 / args.writes

    in_turns("write users.update", builds, args.rounds, write)


if __name__ == "__main__":
    main()
