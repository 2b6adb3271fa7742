#!/usr/bin/env python3
"""Benchmark (c), host overhead: requests per second leadflow sustains through a two-step workflow
(find_email, then account, both on VoilaNorbert) with every limit off and no latency, divided by
the requests per second wrk, a plain HTTP load generator, gets from the same simulator endpoint:

    ratio = host requests/s / wrk requests/s (POST /search/name)      goal >= 0.5

The simulator is started by hand (--no-rate-limits --job-ms 0) and the workflow points at it
with ${BENCH_NORBERT_URL}. Its time runs 1e6x faster by default: VoilaNorbert's minute window
then lasts 60 us, so the X-RateLimit-Remaining it still sends never reaches 0 and never makes
the host wait (at --sim-time-scale 1 it does, and the host obeys; see docs/performance.md).

    python3 tests/bench/host_overhead.py [--rows N] [--wrk-seconds S] [--sim-time-scale X] [--quick]"""
import base64
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

import benchlib

WRK_INSTALL_HINT = "install wrk (Debian: `sudo apt-get install wrk`; it is in scripts/apt-packages.txt, which scripts/build.sh installs)"


def find_or_install_wrk():
    """wrk's path. When it is missing, installs it with apt as root or with passwordless sudo;
    otherwise stops the benchmark with how to install it (never a silent skip)."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is not None:
        print("host_overhead: wrk is missing; installing it with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], env=env,
                       stdout=subprocess.DEVNULL, check=False)
    if shutil.which("wrk"):
        return shutil.which("wrk")
    print(f"host_overhead: wrk not found and could not be installed: {WRK_INSTALL_HINT}")
    benchlib.result("host_overhead", False, "ratio=n/a", "wrk=missing", "goal>=0.5")
    sys.exit(2)


def wrk_requests_per_second(wrk, tmp, sim, lead, seconds):
    """Runs wrk -t2 -c64 sending the POST leadflow sends for `lead`; returns wrk's Requests/sec."""
    body = urllib.parse.urlencode({"name": f"{lead['first_name']} {lead['last_name']}", "domain": lead["domain"]})
    auth = base64.b64encode(f"leadflow:{sim.api_key}".encode()).decode()
    script = tmp / "post.lua"
    script.write_text(f'wrk.method = "POST"\n'
                      f'wrk.body = "{body}"\n'
                      f'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                      f'wrk.headers["Authorization"] = "Basic {auth}"\n', encoding="utf-8")
    out = subprocess.run([wrk, "-t2", "-c64", f"-d{seconds}s", "-s", str(script), f"{sim.base_url}/search/name"],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s*([\d.]+)", out)
    if not match:
        sys.exit(f"host_overhead: cannot read Requests/sec from wrk:\n{out}")
    if "Non-2xx" in out:
        sys.exit(f"host_overhead: wrk got error answers; the request is wrong:\n{out}")
    return float(match.group(1))


def main():
    p = benchlib.parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, help="input rows (default 20000; --quick 300)")
    p.add_argument("--wrk-seconds", type=int, help="wrk duration (default 10; --quick 1)")
    p.add_argument("--sim-time-scale", type=float, default=1e6, help="simulator time scale (default 1e6, see above)")
    p.add_argument("--concurrency", type=int, help="passed to leadflow run (default: leadflow's own)")
    args = p.parse_args()
    rows = args.rows or (300 if args.quick else 20000)
    wrk_seconds = args.wrk_seconds or (1 if args.quick else 10)
    build = benchlib.Build(args.build)
    wrk = find_or_install_wrk()

    print(f"host_overhead: {rows} rows x (find_email + account), limits off, no latency; wrk -t2 -c64 -d{wrk_seconds}s")
    print(benchlib.machine_line())
    sim_flags = ["--no-rate-limits", "--job-ms", "0", "--time-scale", args.sim_time_scale, "--credits", 10**9]
    with benchlib.Scratch("host-overhead", args.keep) as tmp, benchlib.NorbertSimulator(build, *sim_flags) as sim:
        leads = benchlib.write_leads(build, tmp / "leads.csv", rows)
        workflow = benchlib.write_workflow(tmp / "two-steps.yaml", "bench host overhead",
                                           [benchlib.FIND_EMAIL_STEP, benchlib.ACCOUNT_STEP],
                                           provider_extra=benchlib.UNLIMITED_RATE_LIMITS, base_url=True)
        extra = ["--concurrency", args.concurrency] if args.concurrency else []
        run = benchlib.run_leadflow(build, tmp, workflow, leads, *extra, env=sim.workflow_env())
        host_requests = run.provider()["requests"]
        host_rps = host_requests / run.seconds
        wrk_rps = wrk_requests_per_second(wrk, tmp, sim, benchlib.first_lead(leads), wrk_seconds)

    ratio = host_rps / wrk_rps
    print(f"  host: {host_requests} requests in {run.seconds:.2f} s = {host_rps:.0f} req/s; "
          f"leadflow used {run.cpu_s:.2f} CPU s ({1e6 * run.cpu_s / host_requests:.0f} us per request), "
          f"peak RSS {run.peak_rss_mb:.0f} MB; {run.provider()['throttled']} 429s")
    print(f"  wrk:  {wrk_rps:.0f} req/s")
    benchlib.result("host_overhead", ratio >= 0.5, f"ratio={ratio:.3f}", f"host_rps={host_rps:.0f}", f"wrk_rps={wrk_rps:.0f}",
                    "goal>=0.5")


if __name__ == "__main__":
    sys.exit(main())
