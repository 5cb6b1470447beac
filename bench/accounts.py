#!/usr/bin/env python3
"""Many accounts in one host: 1, 10, 100 and 500 simulated Zoom accounts
(each its own credentials and rate budget, one multi-account simulator)
fetched at once by one host process through the plugin's ABI
(bench/accounts_bench, one process per count). Writes accounts.md,
accounts.json and the plot accounts.png (gnuplot). Called by bench/run.sh,
which builds the programs first.

usage: accounts.py [--quick] [--build DIR] [--out DIR] [--counts 1,10,100,500,500:1]
                   [--from-json FILE]
A count N:C runs N accounts with max_concurrency C (default: the plugin's).
--quick: 1, 10 and 10:1 accounts of 4 users each, results under
BUILD/bench-quick (a smoke check: fails when an account does not finish,
never on a figure).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(build, accounts, users, plan, concurrency):
    started = time.monotonic()
    proc = subprocess.run([f"{build}/bench/accounts_bench", str(accounts), str(users), plan,
                           str(concurrency)], capture_output=True, text=True, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"accounts": accounts, "users": users, "plan": plan, "complete": 0,
                "error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    row = json.loads(lines[-1])
    row["wall_with_start_s"] = time.monotonic() - started
    return row


def table(result):
    rows = result["rows"]
    plan = rows[0]["plan"] if rows else "?"
    md = [f"# Many accounts in one host process ({'quick smoke run' if result['quick'] else 'full run'})", "",
          f"Each account: its own connector and credentials, `users` + `meetings` of {result['users']} users "
          f"(Medium: 3 listings + 1 per user), plan `{plan}` at full share "
          f"({rows[0]['medium_allowed_per_s'] if rows else '?':g} Medium requests/s allowed per account), "
          "`max_concurrency` the plugin's default (4) unless the row says, all fetches started at once; one simulator "
          "process serves every account (`zoom_sim --accounts N`, per-account limits). "
          f"{result['machine']}; the machine is shared, so compare rows of one run.", "",
          "| accounts | finished | records | wall s | threads (peak) | of which host | threads per account "
          "| peak RSS MiB | RSS before fetch MiB | KiB per account | CPU s | CPU µs/record | CPU µs/request "
          "| simulator CPU s | rate share min / p10 / median | accounts < 90% | 429s (accounts) |",
          "|" + "---|" * 17]
    for r in rows:
        if "records" not in r:
            md.append(f"| {r['accounts']} | FAILED: {r.get('error', '')} |" + " |" * 15)
            continue
        n = r["accounts"]
        label = f"{n:,}" + (f", max_concurrency {r['max_concurrency']}" if r.get("max_concurrency") else "")
        grown = (r["peak_rss_mib"] - r["rss_before_mib"]) * 1024 / n
        md.append(
            f"| {label} | {r['complete']:,} | {r['records']:,} | {r['seconds']:.1f} | {r['threads_peak']:,} "
            f"| {r['host_threads']:,} | {(r['threads_peak'] - r['threads_before']) / n:.1f} "
            f"| {r['peak_rss_mib']:.1f} | {r['rss_before_mib']:.1f} | {grown:.0f} | {r['cpu_s']:.2f} "
            f"| {r['cpu_us_per_record']:.0f} | {r['cpu_us_per_request']:.0f} | {r['sim_cpu_s']:.2f} "
            f"| {100 * r['rate_share_min']:.0f}% / {100 * r['rate_share_p10']:.0f}% / "
            f"{100 * r['rate_share_median']:.0f}% | {r['accounts_below_90pct']:,} "
            f"| {r['throttled']:,} ({r['throttled_accounts']:,}) |")
    md += ["", "Threads: the process's peak (`/proc/self/status`), sampled every 20 ms; the host's are one "
           "puller per account (`fetch_next` blocks); threads per account = (peak - before) / accounts. "
           "KiB per account: (peak RSS - RSS with every connector made) / accounts. Rate share: an "
           "account's Medium requests over its fetch's wall time, as a share of its plan's limit (the "
           "first second's burst lifts short fetches a little above 100%). 429s: what the plugin met "
           "(its summary's `throttled`)."]
    return "\n".join(md) + "\n"


def plot(result, out):
    if not shutil.which("gnuplot"):
        print("accounts: gnuplot not found: NO PLOT (scripts/install-deps.sh installs gnuplot-nox)")
        return False
    measured = [r for r in result["rows"] if "records" in r]
    rows = [r for r in measured if not r.get("max_concurrency")]
    scratch = tempfile.mkdtemp(prefix="zc-accounts-")
    data, one = f"{scratch}/accounts.dat", f"{scratch}/one_worker.dat"
    for path, chosen in ((data, rows), (one, [r for r in measured if r.get("max_concurrency")])):
        with open(path, "w") as f:
            for r in chosen:
                f.write(f"{r['accounts']} {r['threads_peak']} {r['peak_rss_mib']:.2f} "
                        f"{r['cpu_us_per_record']:.2f} {100 * r['rate_share_min']:.1f} "
                        f"{100 * r['rate_share_median']:.1f} {r['throttled']}\n")
            if not chosen:
                f.write("NaN NaN NaN NaN NaN NaN NaN\n")
    script = f"""
set terminal pngcairo noenhanced size 1400,900 font ",10"
set output "{out}/accounts.png"
set multiplot layout 2,2 title "accounts fetched at once by one host process ({result['users']} users each, plan {rows[0]['plan'] if rows else '?'})"
set logscale x
set xrange [0.7:{max([r['accounts'] for r in rows] or [1]) * 1.4}]
set xlabel "accounts"
set grid
set key top left
set title "threads (peak, log scale)"
set logscale y
plot "{data}" using 1:2 with linespoints pt 7 lc rgb "#3a6ea5" title "max_concurrency 4 (default)", \\
     "{one}" using 1:2 with points pt 9 ps 1.5 lc rgb "#000000" title "max_concurrency 1"
set title "peak RSS (MiB, log scale)"
plot "{data}" using 1:3 with linespoints pt 7 lc rgb "#d08c2e" title "max_concurrency 4 (default)", \\
     "{one}" using 1:3 with points pt 9 ps 1.5 lc rgb "#000000" title "max_concurrency 1"
unset logscale y
set title "CPU per record (µs)"
set yrange [0:*]
set key top right
plot "{data}" using 1:4 with linespoints pt 7 lc rgb "#a53a3a" title "max_concurrency 4 (default)", \\
     "{one}" using 1:4 with points pt 9 ps 1.5 lc rgb "#000000" title "max_concurrency 1"
set title "Medium rate reached, % of the plan's (per account)"
set yrange [0:120]
set key bottom left
plot "{data}" using 1:6 with linespoints pt 7 lc rgb "#4a9a4a" title "median", \\
     "{data}" using 1:5 with linespoints pt 5 lc rgb "#888888" title "slowest account", \\
     "{one}" using 1:5 with points pt 9 ps 1.5 lc rgb "#000000" title "slowest, max_concurrency 1"
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return True


def write(result, out):
    text = table(result)
    with open(f"{out}/accounts.md", "w") as f:
        f.write(text)
    with open(f"{out}/accounts.json", "w") as f:
        json.dump(result, f, indent=1)
    plotted = plot(result, out)
    print(text)
    print(f"written: {out}/accounts.md, {out}/accounts.json" + (f", {out}/accounts.png" if plotted else ""))
    # What must hold for the bench to have measured anything (no timing figures).
    failures = [f"{r['accounts']} accounts: {r.get('complete', 0)} finished {r.get('error', '')}"
                for r in result["rows"] if r.get("complete") != r["accounts"]]
    for failure in failures:
        print("accounts: FAILED:", failure, file=sys.stderr)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--build", default=f"{ROOT}/build/default")
    parser.add_argument("--out", default=None)
    parser.add_argument("--counts", default=None, help="comma-separated account counts")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--plan", default="free")
    parser.add_argument("--from-json", metavar="FILE", help="no runs: the table and plot again")
    args = parser.parse_args()
    out = args.out or (f"{args.build}/bench-quick" if args.quick else f"{ROOT}/bench/results")
    os.makedirs(out, exist_ok=True)
    if args.from_json:
        with open(args.from_json) as f:
            return write(json.load(f), out)
    counts = args.counts or ("1,10,10:1" if args.quick else "1,10,100,500,500:1")
    users = args.users or (4 if args.quick else 40)
    result = {"quick": args.quick, "users": users, "machine": f"{os.cpu_count()} cores", "rows": []}
    for count in counts.split(","):
        n, _, concurrency = count.partition(":")
        row = measure(args.build, int(n), users, args.plan, int(concurrency or 0))
        print(f"accounts: {count}: {json.dumps(row)}", flush=True)
        result["rows"].append(row)
    return write(result, out)


if __name__ == "__main__":
    sys.exit(main())
