#!/usr/bin/env python3
"""Benchmark (d), memory: peak RSS of `leadflow run` over 1,000,000 input rows of a one-step
find_email workflow whose lookups a local VoilaNorbert simulator answers at once (limits off),
next to the same run over 100,000 rows. Memory must not grow with the row count:

    PASS when peak RSS (1,000,000 rows) < 200 MB and RSS(1,000,000) / RSS(100,000) < 1.5

Each size is a fresh leadflow process; its own peak RSS comes from os.wait4 (ru_maxrss of that
process alone: not the simulator, not this script). The simulator runs 1e6x faster than real
time, like host_overhead.py, so its X-RateLimit-Remaining never holds the host back.

    python3 tests/bench/memory.py [--rows SMALL BIG] [--quick]"""
import sys

import benchlib


def measure(build, sim, rows, keep):
    with benchlib.Scratch(f"memory-{rows}", keep) as tmp:
        leads = benchlib.write_leads(build, tmp / "leads.csv", rows)
        workflow = benchlib.write_workflow(tmp / "find-email.yaml", "bench memory", [benchlib.FIND_EMAIL_STEP],
                                           provider_extra=benchlib.UNLIMITED_RATE_LIMITS, base_url=True)
        run = benchlib.run_leadflow(build, tmp, workflow, leads, env=sim.workflow_env())
        state_mb = sum(f.stat().st_size for f in (tmp / "state").rglob("*") if f.is_file()) / 1e6
    written = run.summary["rows_written"]
    print(f"  {rows:>9} rows: peak RSS {run.peak_rss_mb:6.1f} MB; {written} rows written in {run.seconds:.1f} s "
          f"({written / run.seconds:.0f} rows/s, {run.provider()['requests']} requests); state directory {state_mb:.0f} MB")
    if written != rows:
        sys.exit(f"memory: {rows} rows in, {written} written: the run did not finish ({run.summary['state']})\n{run.stderr_tail}")
    return run.peak_rss_mb


def main():
    p = benchlib.parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, nargs=2, metavar=("SMALL", "BIG"), help="default 100000 1000000; --quick 500 5000")
    args = p.parse_args()
    small, big = args.rows or ((500, 5000) if args.quick else (100_000, 1_000_000))
    build = benchlib.Build(args.build)

    print(f"memory: peak RSS of leadflow for {small} and {big} rows, one find_email step, answered locally")
    print(benchlib.machine_line())
    sim_flags = ["--no-rate-limits", "--job-ms", "0", "--time-scale", 1e6, "--credits", 10**9]
    with benchlib.NorbertSimulator(build, *sim_flags) as sim:
        small_mb = measure(build, sim, small, args.keep)
        big_mb = measure(build, sim, big, args.keep)
    growth = big_mb / small_mb
    benchlib.result("memory", big_mb < 200 and growth < 1.5, f"rss_{big}={big_mb:.1f}MB", f"rss_{small}={small_mb:.1f}MB",
                    f"ratio={growth:.2f}", "goal<200MB", "goal_ratio<1.5")


if __name__ == "__main__":
    sys.exit(main())
