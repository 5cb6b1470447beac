#!/usr/bin/env python3
"""zoom_sim --accounts N: each account has its own credentials (suffix -i)
and its own rate budget. Free plan, Medium (GET /v2/users): account 1's
budget (2 a second) is spent by three quick calls, and account 2 is still
answered; the unnumbered default credentials are refused.

usage: accounts_cli_test.py ZOOM_SIM
"""
import base64
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(request):
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def token(base, n):
    suffix = f"-{n}" if n else ""
    basic = base64.b64encode(f"sim-client-id{suffix}:sim-client-secret{suffix}".encode()).decode()
    body = urllib.parse.urlencode({"grant_type": "account_credentials",
                                   "account_id": f"sim-account-id{suffix}"}).encode()
    status, answer = call(urllib.request.Request(f"{base}/oauth/token", data=body,
                                                 headers={"Authorization": "Basic " + basic}))
    return answer["access_token"] if status == 200 else None


def users(base, access_token):
    return call(urllib.request.Request(f"{base}/v2/users?page_size=1",
                                       headers={"Authorization": "Bearer " + access_token}))[0]


def main():
    sim = subprocess.Popen([sys.argv[1], "--port", "0", "--accounts", "2", "--plan", "free",
                            "--users", "3"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = sim.stdout.readline().strip()
        first, second = token(base, 1), token(base, 2)
        failures = []
        if not first or not second:
            failures.append("account 1 or 2 got no token with its own credentials")
        if token(base, None):
            failures.append("the unnumbered default credentials were accepted")
        if first and second:
            one = [users(base, first) for _ in range(3)]
            two = users(base, second)
            if one[-1] != 429:
                failures.append(f"account 1's third quick call was not refused: {one}")
            if two != 200:
                failures.append(f"account 2 was refused ({two}) after account 1 spent its budget")
    finally:
        sim.terminate()
        sim.wait()
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
