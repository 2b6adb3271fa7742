"""`leadflow runs list|show` and `leadflow run --resume`: the journal seen from the command line."""
import json
import os
import signal
import subprocess
import time

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, LeadflowTestCase, leadflow, read_csv, input_data_rows

EXAMPLE = WORKFLOWS / "find-email.yaml"
LEADS = WORKFLOWS / "leads" / "find-email.csv"


class RunsAndResume(LeadflowTestCase):
    def interrupted_run(self):
        env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
        proc = subprocess.Popen([BIN, "run", str(EXAMPLE), "--sandbox", "--time-scale", "5", "-o", str(self.tmp / "out.csv"),
                                 "--state", str(self.tmp / "state"), "--no-progress"], stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 130, stderr)

    def runs(self, *args):
        result = leadflow("runs", *args, "--state", self.tmp / "state", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_an_interrupted_run_is_listed_shown_and_resumed_to_the_full_output(self):
        self.interrupted_run()
        [run] = self.runs("list")
        self.assertEqual(run["status"], "interrupted")
        shown = self.runs("show", run["run_id"])
        self.assertGreater(shown["steps"]["find"]["states"].get("interrupted", 0), 0, shown)

        result = leadflow("run", EXAMPLE, "--sandbox", "--resume", "--state", self.tmp / "state", "--time-scale", "60")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"run {run['run_id']} (resumed) finished", result.stderr)
        rows = read_csv(self.tmp / "out.csv")  # the output path comes from the journal
        self.assertEqual(len(rows), len(input_data_rows(LEADS)))
        self.assertFalse([r for r in rows if r["find.status"] == "interrupted"])
        [again] = self.runs("list")
        self.assertEqual((again["run_id"], again["status"]), (run["run_id"], "finished"))

    def test_resume_refuses_a_finished_run_a_missing_run_and_a_sandbox_mismatch(self):
        self.interrupted_run()
        [run] = self.runs("list")
        live = leadflow("run", EXAMPLE, "--resume", "--state", self.tmp / "state", env={"VOILANORBERT_API_KEY": "not-used"})
        self.assertEqual(live.returncode, 2, live.stderr)
        self.assertIn("resume it with --sandbox", live.stderr)
        missing = leadflow("run", EXAMPLE, "--sandbox", "--resume", "no-such-run", "--state", self.tmp / "state")
        self.assertEqual(missing.returncode, 2, missing.stderr)
        self.assertIn("no run no-such-run", missing.stderr)
        done = leadflow("run", EXAMPLE, "--sandbox", "--resume", run["run_id"], "--state", self.tmp / "state", "--time-scale", "60")
        self.assertEqual(done.returncode, 0, done.stderr)
        again = leadflow("run", EXAMPLE, "--sandbox", "--resume", "--state", self.tmp / "state")
        self.assertEqual(again.returncode, 2, again.stderr)
        self.assertIn("finished already", again.stderr)

    def test_a_resume_over_a_changed_input_file_is_refused(self):
        self.interrupted_run()
        changed = self.write("changed.csv", LEADS.read_text(encoding="utf-8").replace("Ada", "Adele", 1).replace("a", "e", 3))
        result = leadflow("run", EXAMPLE, "--sandbox", "--resume", "-i", changed, "--state", self.tmp / "state")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("the input file has changed", result.stderr)

    def test_runs_without_state_says_where_it_looked(self):
        result = leadflow("runs", "list", "--state", self.tmp / "nowhere")
        self.assertEqual(result.returncode, 66, result.stderr)
        self.assertIn("nowhere", result.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
