"""Shared helpers for the engine benchmarks (tests/bench): find the build, write lead lists and
workflows, run `leadflow` as a child process and read its summary and its own resource usage,
start a VoilaNorbert simulator by hand, and print the one-line RESULT every benchmark ends with.

Binaries come from LEADFLOW_BIN / LEADFLOW_WORLD_BIN / LEADFLOW_PLUGIN_DIR when set (ctest sets
them, as for tests/e2e), else from --build DIR (default: build/ at the repository root)."""
import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("LEADFLOW_SOURCE_DIR") or Path(__file__).resolve().parents[2])

# VoilaNorbert's documented name-search limit: "300 requests per minutes" (manifest: search_name).
NORBERT_SEARCH_PER_MINUTE = 300

# Host-side limits big enough never to bind. A `rate_limits:` override keeps every window it
# does not name, so per_minute and per_day must be lifted too, not only per_second.
UNLIMITED_RATE_LIMITS = """\
    rate_limits:
      search_name: {per_second: 1000000, per_minute: 60000000, per_day: 100000000000}
      default: {per_second: 1000000, per_minute: 60000000}
"""

FIND_EMAIL_STEP = """\
  - id: find
    capability: find_email
    provider: norbert
    input:
      full_name: "{{first_name}} {{last_name}}"
      domain: "{{domain}}"
"""

ACCOUNT_STEP = """\
  - id: account
    capability: account
    provider: norbert
"""


class Build:
    """Where the binaries of one build tree are."""

    def __init__(self, build_dir):
        build_dir = Path(build_dir) if build_dir else SOURCE_DIR / "build"
        self.leadflow = Path(os.environ.get("LEADFLOW_BIN") or build_dir / "bin" / "leadflow")
        self.world = Path(os.environ.get("LEADFLOW_WORLD_BIN") or build_dir / "bin" / "leadflow-world")
        self.plugin_dir = Path(os.environ.get("LEADFLOW_PLUGIN_DIR") or build_dir / "lib" / "leadflow" / "plugins")
        self.norbert_sim = self.plugin_dir / "leadflow-voilanorbert-sim"
        missing = [p for p in (self.leadflow, self.world, self.norbert_sim) if not p.exists()]
        if missing:
            sys.exit(f"bench: not built: {', '.join(map(str, missing))}\n"
                     f"  run scripts/build.sh, or pass --build DIR of a configured and built tree")


def parser(description):
    """The options every benchmark takes; add your own, then call parse_args()."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test (the ratios mean little)")
    p.add_argument("--build", metavar="DIR", help="build tree (default: build/; LEADFLOW_BIN etc. win when set)")
    p.add_argument("--keep", action="store_true", help="keep the scratch directory (inputs, outputs, state, summaries)")
    return p


def machine_line():
    """One line that says what the numbers were measured on and how busy it was."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"machine: {platform.node()}, nproc={os.cpu_count()}, load average {load}"


class Scratch:
    """A temporary directory for one benchmark run; kept with --keep."""

    def __init__(self, name, keep):
        self.path = Path(tempfile.mkdtemp(prefix=f"leadflow-bench-{name}-"))
        self.keep = keep

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if self.keep:
            print(f"scratch kept: {self.path}")
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def world_leads(build):
    """The fake world's people as CSV lines: the header, then one line per person."""
    out = subprocess.run([str(build.world), "leads", "--rows", "1000000"], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    return lines[0], [line for line in lines[1:] if line.strip()]


def write_leads(build, path, rows):
    """A CSV of `rows` leads: the world's people over and over (VoilaNorbert answers a repeated
    person from the same contact and charges once). Streams, so a million rows cost no memory."""
    header, people = world_leads(build)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for i in range(rows):
            f.write(people[i % len(people)] + "\n")
    return path


def first_lead(path):
    """The first data row of a lead list, as a dict."""
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))


def write_workflow(path, name, steps, provider_extra="", base_url=False):
    """A workflow on provider `norbert` (VoilaNorbert). With base_url, the key and the URL come
    from ${BENCH_NORBERT_KEY} and ${BENCH_NORBERT_URL}, for a simulator started by hand."""
    config = "      api_key: ${VOILANORBERT_API_KEY}\n"
    if base_url:
        config = "      api_key: ${BENCH_NORBERT_KEY}\n      base_url: ${BENCH_NORBERT_URL}\n"
    text = (f"version: 1\nname: {name}\nproviders:\n  norbert:\n    plugin: voilanorbert\n    config:\n{config}"
            f"{provider_extra}steps:\n{''.join(steps)}")
    Path(path).write_text(text, encoding="utf-8")
    return path


class RunResult:
    def __init__(self, returncode, summary, rusage, wall_s, stderr_tail):
        self.returncode = returncode
        self.summary = summary
        self.rusage = rusage
        self.wall_s = wall_s  # the process, start to exit
        self.stderr_tail = stderr_tail

    @property
    def seconds(self):
        return self.summary["seconds"]  # the run itself, as leadflow measured it

    def provider(self, name="norbert"):
        return next(p for p in self.summary["providers"] if p["name"] == name)

    def sandbox_stats(self, plugin="voilanorbert"):
        return next(s for s in self.summary["sandbox"] if s["plugin"] == plugin)["stats"]

    @property
    def peak_rss_mb(self):
        return self.rusage.ru_maxrss / 1024.0  # Linux: KiB

    @property
    def cpu_s(self):
        return self.rusage.ru_utime + self.rusage.ru_stime


def run_leadflow(build, workdir, workflow, leads, *args, env=None, timeout=3600):
    """Runs `leadflow run` as a child and returns its summary and its own rusage (os.wait4: this
    process only, not the simulators it spawns). Exits the benchmark when leadflow fails.
    The result cache is off: the lead lists repeat people, and every benchmark measures the path
    of a lookup that reaches the provider, not a cache hit."""
    workdir = Path(workdir)
    summary_path = workdir / "summary.json"
    if summary_path.exists():
        summary_path.unlink()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILANORBERT", "LEADFLOW_SANDBOX_"))}
    full_env["LEADFLOW_PLUGIN_PATH"] = str(build.plugin_dir)
    full_env.update(env or {})
    command = [str(build.leadflow), "run", str(workflow), "-i", str(leads), "-o", str(workdir / "out.csv"),
               "--state", str(workdir / "state"), "--summary-json", str(summary_path), "--no-progress", "--no-cache", *map(str, args)]
    with open(workdir / "leadflow.stderr", "w+", encoding="utf-8") as err:
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=full_env)
        deadline = started + timeout
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        err.seek(0)
        tail = "".join(err.readlines()[-15:])
    if proc.returncode not in (0, 1) or not summary_path.exists():
        sys.exit(f"bench: leadflow exited with {proc.returncode}\n  {' '.join(command)}\n{tail}")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    return RunResult(proc.returncode, summary, rusage, wall, tail)


class NorbertSimulator:
    """A VoilaNorbert simulator started by hand (as `leadflow run --sandbox` would), serving
    until stdin closes. Usage: with NorbertSimulator(build, "--no-rate-limits") as sim: sim.base_url"""

    def __init__(self, build, *flags):
        self.command = [str(build.norbert_sim), *map(str, flags)]

    def __enter__(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEADFLOW_SANDBOX_")}  # only the flags count
        self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env=env)
        announcement = json.loads(self.proc.stdout.readline())
        self.base_url = announcement["base_url"]
        self.api_key = announcement["config"]["api_key"]
        return self

    def workflow_env(self):
        return {"BENCH_NORBERT_KEY": self.api_key, "BENCH_NORBERT_URL": self.base_url}

    def __exit__(self, *exc):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def result(name, passed, *fields):
    """Prints a benchmark's RESULT line, e.g. `RESULT rate_limit ratio=0.97 429s=0 goal>=0.95 PASS`;
    `fields` are the "key=value" words between the name and the verdict."""
    print(" ".join(["RESULT", name, *fields, "PASS" if passed else "FAIL"]), flush=True)
