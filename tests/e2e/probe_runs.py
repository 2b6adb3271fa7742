"""Runs of `leadflow run --sandbox` over the probe test provider (tests/engine/probe): writes the
workflow and the key list, runs the real binary, and reads back the output rows, the
--summary-json and what the probe simulator saw (GET /_sandbox/probe, which the host copies into
the summary under sandbox[].observed when the simulator's announcement lists it)."""
import csv
import json
import os
import signal
import subprocess
import time

from leadflow_e2e import BIN, PLUGIN_DIR, LeadflowTestCase, leadflow, read_csv

TEST_PLUGIN_DIR = os.environ["LEADFLOW_TEST_PLUGIN_DIR"]
OBSERVATION_ROUTE = "/_sandbox/probe"
TIME_SCALE = "50"


def probe_workflow(capability, *, budget=None, provider=None, step=None):
    """A one-step workflow over provider `probe`. `provider` and `step` map extra keys to values,
    written as YAML flow values (JSON is valid YAML). Reads in.csv and writes out.csv beside it."""
    lines = ["version: 1"]
    if budget is not None:
        lines.append(f"budget: {budget}")
    lines += ["providers:", "  probe:", "    plugin: probe"]
    lines += [f"    {key}: {json.dumps(value)}" for key, value in (provider or {}).items()]
    lines += ["input: {path: in.csv}", "output: {path: out.csv}", "steps:", "  - id: look",
              f"    capability: {capability}", "    provider: probe"]
    lines += [f"    {key}: {json.dumps(value)}" for key, value in (step or {}).items()]
    lines.append('    input: {key: "{{key}}"}')
    return "\n".join(lines) + "\n"


class ProbeRun:
    """One finished run: the process result, the output rows and the summary (None when the
    run wrote none)."""

    def __init__(self, result, rows, summary):
        self.result = result
        self.rows = rows
        self.summary = summary

    def __repr__(self):
        return f"exit {self.result.returncode}; stderr:\n{self.result.stderr[-3000:]}"


class ProbeTestCase(LeadflowTestCase):
    """Runs the probe workflow and reads its results, failing with a message that says which
    host feature is missing when a part of the summary is absent."""

    def command(self, workflow_text, keys, *extra, time_scale=None):
        workflow = self.write("wf.yaml", workflow_text)
        self.write("in.csv", "key\n" + "".join(f"{key}\n" for key in keys))
        return ["--plugin-dir", TEST_PLUGIN_DIR, "run", workflow, "--sandbox", "--time-scale", time_scale or TIME_SCALE,
                "-o", self.tmp / "out.csv", "--summary-json", self.tmp / "summary.json",
                "--state", self.tmp / "state", "--no-progress", *extra]

    def run_probe(self, workflow_text, keys, *extra, timeout=30, time_scale=None):
        result = leadflow(*self.command(workflow_text, keys, *extra, time_scale=time_scale), timeout=timeout)
        return self.finished(result)

    def interrupt_probe(self, workflow_text, keys, *extra, first_result_within=2.0, timeout=30):
        """Starts a run, sends SIGINT once when the first output row appears (or after
        `first_result_within` seconds), and waits for it to exit."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOILANORBERT")}
        env["LEADFLOW_PLUGIN_PATH"] = PLUGIN_DIR
        args = [BIN, *map(str, self.command(workflow_text, keys, *extra))]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + first_result_within
            while time.monotonic() < deadline and proc.poll() is None and not self.output_has_a_row():
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            self.fail(f"leadflow did not exit within {timeout} s of one SIGINT; stderr:\n{stderr[-3000:]}")
        return self.finished(subprocess.CompletedProcess(args, proc.returncode, stdout, stderr))

    def output_has_a_row(self):
        path = self.tmp / "out.csv"
        try:
            with open(path, newline="", encoding="utf-8") as f:
                return len(list(csv.reader(f))) > 1
        except (FileNotFoundError, csv.Error):
            return False

    def finished(self, result):
        out = self.tmp / "out.csv"
        summary_path = self.tmp / "summary.json"
        rows = read_csv(out) if out.exists() else []
        summary = json.loads(summary_path.read_text()) if summary_path.exists() else None
        return ProbeRun(result, rows, summary)

    # -- reading a run ------------------------------------------------------------------------

    def succeeded(self, run, codes=(0,)):
        self.assertIn(run.result.returncode, codes, run)
        return run

    def summary(self, run):
        if run.summary is None:
            self.fail(f"the run wrote no --summary-json file; {run}")
        return run.summary

    def provider_summary(self, run, name="probe"):
        providers = self.summary(run).get("providers", [])
        for provider in providers:
            if provider.get("name") == name:
                return provider
        self.fail(f"the summary has no provider '{name}': {providers}")

    def observed(self, run):
        """GET /_sandbox/probe at the end of the run, as the host copied it into the summary."""
        sandbox = self.summary(run).get("sandbox")
        if not isinstance(sandbox, list):
            self.fail("the summary has no \"sandbox\" list: the host must report each simulator it started "
                      f"(plugin, base_url, stats, ledger, observed); summary keys: {sorted(self.summary(run))}")
        for simulator in sandbox:
            if simulator.get("plugin") == "probe":
                observed = simulator.get("observed", {})
                if OBSERVATION_ROUTE not in observed:
                    self.fail(f"summary sandbox[probe] has no observed[\"{OBSERVATION_ROUTE}\"]: the host must GET every "
                              "route the simulator's announcement lists under \"observe\" before stopping it; "
                              f"it has {sorted(simulator)}")
                return observed[OBSERVATION_ROUTE]
        self.fail(f"the summary's sandbox list has no probe simulator: {sandbox}")

    def assert_row_found(self, row):
        self.assertEqual(row["look.status"], "found", row)
        self.assertEqual(row["look.value"], "v:" + row["key"], row)
