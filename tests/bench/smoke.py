#!/usr/bin/env python3
"""The ctest `bench_smoke`: runs every benchmark with --quick so they keep working. It checks that
each one ran and printed its RESULT line, never the ratios (tiny sizes and a shared CI machine
say nothing about performance)."""
import subprocess
import sys
from pathlib import Path

BENCHMARKS = ["rate_limit.py", "latency_hiding.py", "host_overhead.py", "memory.py"]


def main():
    here = Path(__file__).resolve().parent
    broken = []
    for script in BENCHMARKS:
        print(f"== {script} --quick", flush=True)
        proc = subprocess.run([sys.executable, str(here / script), "--quick", *sys.argv[1:]], capture_output=True, text=True,
                              timeout=120)
        sys.stdout.write(proc.stdout)
        sys.stdout.write(proc.stderr)
        if proc.returncode != 0 or not any(line.startswith("RESULT ") for line in proc.stdout.splitlines()):
            broken.append(f"{script} (exit {proc.returncode})")
    if broken:
        print(f"bench_smoke: did not run to a RESULT: {', '.join(broken)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
