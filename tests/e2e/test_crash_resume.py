"""Crash and resume: leadflow is killed with SIGKILL at random moments of a run whose provider
jobs are asynchronous (VoilaNorbert searches polled by contact id), resumed each time, and the
final output must equal an uninterrupted run's, every row exactly once, with no lookup paid
twice. The simulator runs on its own (not --sandbox) so it outlives every killed leadflow and
the checkpointed contact ids stay valid, as they would at the real provider."""
import csv
import json
import os
import random
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from leadflow_e2e import BIN, PLUGIN_DIR, WORLD_BIN, LeadflowTestCase, read_csv

SIMULATOR = Path(PLUGIN_DIR) / "leadflow-voilanorbert-sim"
KILLS = 12
ROWS = 40


class Simulator:
    """A standalone VoilaNorbert simulator in real time whose searches take `job_ms`."""

    def __init__(self, job_ms):
        self.process = subprocess.Popen([str(SIMULATOR), "--port", "0", "--job-ms", str(job_ms)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        announcement = json.loads(self.process.stdout.readline())
        self.base_url = announcement["base_url"]
        self.api_key = announcement["config"]["api_key"]
        self.origin = self.base_url.rsplit("/", 1)[0]

    def ledger(self):
        with urllib.request.urlopen(self.origin + "/_sandbox/ledger", timeout=10) as answer:
            return json.load(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


class CrashResume(LeadflowTestCase):
    def workflow(self, simulator, name):
        return self.write(f"{name}.yaml", f"""version: 1
providers:
  norbert:
    plugin: voilanorbert
    config:
      api_key: {simulator.api_key}
      base_url: {simulator.base_url}
      first_poll_ms: 200
      poll_interval_ms: 200
    rate_limits:
      search_name: {{per_second: 40}}
      default: {{per_second: 200}}
input: {{path: leads.csv}}
output: {{path: out-{name}.csv}}
steps:
  - id: find
    capability: find_email
    provider: norbert
    input:
      full_name: "{{{{first_name}}}} {{{{last_name}}}}"
      domain: "{{{{domain}}}}"
""")

    def leads(self):
        leads = subprocess.run([WORLD_BIN, "leads", "--rows", str(ROWS)], capture_output=True, text=True, check=True).stdout
        lines = leads.strip().splitlines()
        lines += lines[1:6]  # duplicates: the same contact, paid once
        return self.write("leads.csv", "\n".join(lines) + "\n")

    def leadflow(self, *args):
        env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
        return subprocess.Popen([BIN, *map(str, args), "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, env=env)

    def run_to_end(self, *args):
        with self.leadflow(*args) as proc:
            _, stderr = proc.communicate(timeout=120)
        return proc.returncode, stderr

    def test_killed_at_random_moments_and_resumed_the_output_equals_an_uninterrupted_run(self):
        self.leads()
        reference_sim, crash_sim = Simulator(job_ms=1500), Simulator(job_ms=1500)
        try:
            code, stderr = self.run_to_end("run", self.workflow(reference_sim, "reference"), "--state", self.tmp / "state-reference")
            self.assertEqual(code, 0, stderr)
            reference = read_csv(self.tmp / "out-reference.csv")
            reference_ledger = reference_sim.ledger()

            workflow, state = self.workflow(crash_sim, "crash"), self.tmp / "state-crash"
            rng = random.Random(int(os.environ.get("LEADFLOW_CRASH_SEED", "7")))
            started = False
            for _ in range(KILLS):
                proc = self.leadflow("run", workflow, "--state", state, *(["--resume"] if started else []))
                time.sleep(rng.uniform(0.05, 1.2))
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                proc.stderr.close()
                started = started or (state / "leadflow.db").exists()
            code, stderr = self.run_to_end("run", workflow, "--state", state, *(["--resume"] if started else []))
            if code == 2 and "no run to resume" in stderr:  # every kill came before the run was recorded
                code, stderr = self.run_to_end("run", workflow, "--state", state)
            self.assertEqual(code, 0, stderr)

            final = read_csv(self.tmp / "out-crash.csv")
            self.assertEqual(len(final), len(reference), "every input row exactly once")
            for got, want in zip(final, reference):
                self.assertEqual({k: v for k, v in got.items() if not k.startswith("find.contact")},
                                 {k: v for k, v in want.items() if not k.startswith("find.contact")})
            ledger = crash_sim.ledger()
            self.assertEqual(ledger["total"], reference_ledger["total"], "a lookup was paid twice, or one was lost")
            charged = [entry for entry in ledger["entries"]]
            self.assertEqual(len(charged), len({json.dumps(e, sort_keys=True) for e in charged}))
            self.assertFalse(list(self.tmp.glob("out-crash.csv.tmp*")), "a half-written output was left behind")
        finally:
            reference_sim.close()
            crash_sim.close()


if __name__ == "__main__":
    import unittest
    unittest.main()
