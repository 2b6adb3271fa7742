#!/usr/bin/env python3
"""Benchmark (a), rate-limit use: how close leadflow runs to VoilaNorbert's documented name-search
limit (300 per minute) without being refused. ~3000 searches against the sandbox simulator
(searches answer at once, time 60x faster); the simulator counts what it allowed and when:

    ratio = (allowed - 1) / ((last_ms - first_ms) / 60000) / 300      goal >= 0.95
    429s  = requests the simulator refused + 429s the host saw        goal 0

    python3 tests/bench/rate_limit.py [--rows N] [--time-scale X] [--quick]"""
import sys

import benchlib


def main():
    p = benchlib.parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, help="name searches (default 3000; --quick 60)")
    p.add_argument("--time-scale", type=float, help="virtual seconds per real second (default 60; --quick 600)")
    args = p.parse_args()
    rows = args.rows or (60 if args.quick else 3000)
    scale = args.time_scale or (600.0 if args.quick else 60.0)
    build = benchlib.Build(args.build)

    print(f"rate_limit: {rows} VoilaNorbert name searches, simulator limits on, searches answer at once, time scale {scale:g}")
    print(benchlib.machine_line())
    with benchlib.Scratch("rate-limit", args.keep) as tmp:
        leads = benchlib.write_leads(build, tmp / "leads.csv", rows)
        workflow = benchlib.write_workflow(tmp / "find-email.yaml", "bench rate limit", [benchlib.FIND_EMAIL_STEP])
        run = benchlib.run_leadflow(build, tmp, workflow, leads, "--sandbox", "--time-scale", scale,
                                    env={"LEADFLOW_SANDBOX_JOB_MS": "0"})

    search = run.sandbox_stats()["classes"]["search_name"]
    span_min = (search["last_ms"] - search["first_ms"]) / 60000.0
    per_min = (search["allowed"] - 1) / span_min if span_min > 0 else float("inf")
    ratio = per_min / benchlib.NORBERT_SEARCH_PER_MINUTE
    refused = search["refused"] + run.provider()["throttled"]
    print(f"  host: {run.provider()['requests']} requests, {run.provider()['throttled']} answered 429, "
          f"{run.seconds:.1f} s real = {run.seconds * scale / 60:.1f} virtual min")
    print(f"  simulator, search_name: {search['allowed']} allowed, {search['refused']} refused, "
          f"first to last {span_min:.2f} virtual min")
    print(f"  achieved {per_min:.1f} searches/min of the documented {benchlib.NORBERT_SEARCH_PER_MINUTE}")
    benchlib.result("rate_limit", ratio >= 0.95 and refused == 0,
                    f"ratio={ratio:.3f}", f"429s={refused}", "goal>=0.95")


if __name__ == "__main__":
    sys.exit(main())
