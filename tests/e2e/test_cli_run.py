"""`leadflow run` end to end on the sandbox: the example workflow, outputs, malformed rows,
429 storms, and the store."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import unittest

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, LeadflowTestCase, input_data_rows, leadflow, person_key, read_csv, world_truth

LEADS = WORKFLOWS / "leads" / "find-email.csv"


class SandboxRun(LeadflowTestCase):
    def run_example(self, *extra, output="out.csv"):
        result = leadflow("run", WORKFLOWS / "find-email.yaml", "--sandbox", "-o", self.tmp / output,
                          "--state", self.tmp / "state", "--no-progress", *extra)
        return result

    def test_every_found_email_equals_the_fake_worlds_truth(self):
        result = self.run_example()
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "out.csv")
        truth = world_truth()
        found = [r for r in rows if r["find.status"] == "found"]
        self.assertGreater(len(found), 30, "the example list is mostly findable people")
        for row in found:
            key = person_key(row)
            self.assertIn(key, truth, f"{key} is not a person of the sandbox world")
            self.assertEqual(row["find.email"], truth[key]["email"], key)
            self.assertRegex(row["find.confidence"], r"^\d+$")
        for row in rows:
            if row["find.status"] == "not_found":
                key = person_key(row)
                if key in truth:
                    self.assertFalse(truth[key]["findable"], f"{key} is findable but was not found")

    def test_every_input_row_is_in_the_output_in_order(self):
        result = self.run_example()
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "out.csv")
        inputs = input_data_rows(LEADS)
        self.assertEqual(len(rows), len(inputs))
        for out, given in zip(rows, inputs):
            self.assertEqual(out["first_name"], given[0])

    def test_a_malformed_row_is_reported_with_its_line_and_the_run_goes_on(self):
        result = self.run_example()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stderr, r"1 malformed, line \d+")
        line = int(re.search(r"1 malformed, line (\d+)", result.stderr).group(1))
        rows = read_csv(self.tmp / "out.csv")
        bad = [r for r in rows if r["input_error"]]
        self.assertEqual(len(bad), 1)
        self.assertTrue(bad[0]["input_error"].startswith(f"line {line}: "), bad[0]["input_error"])
        self.assertEqual(bad[0]["find.status"], "")

    def test_the_summary_reports_rows_outcomes_and_credits(self):
        result = self.run_example()
        self.assertRegex(result.stderr, r"run \S+ finished in")
        self.assertRegex(result.stderr, r"rows\s+\d+ read, \d+ written")
        self.assertRegex(result.stderr, r"find\s+find_email via norbert: \d+ found, \d+ not found, \d+ failed")
        self.assertRegex(result.stderr, r"norbert \(voilanorbert\): \d+ credits")

    def test_credits_charged_match_found_emails(self):
        result = self.run_example()
        rows = read_csv(self.tmp / "out.csv")
        found_people = {r["find.email"] for r in rows if r["find.status"] == "found"}
        credits = int(re.search(r"norbert \(voilanorbert\): (\d+) credits", result.stderr).group(1))
        # Duplicate rows search the same contact again, which VoilaNorbert does not charge twice.
        self.assertEqual(credits, len(found_people))

    def test_jsonl_output_nests_step_results_under_the_step_id(self):
        result = self.run_example(output="out.jsonl")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = [json.loads(line) for line in (self.tmp / "out.jsonl").read_text().splitlines()]
        found = [r for r in records if r.get("find", {}).get("status") == "found"]
        self.assertTrue(found)
        self.assertIn("email", found[0]["find"])
        self.assertIn("raw", found[0]["find"], "JSONL keeps the provider's raw answer")

    def test_429s_with_retry_after_are_waited_out_and_never_fail_a_row(self):
        result = self.run_example("--faults", "429:0.3:retry-after=1")
        self.assertEqual(result.returncode, 0, result.stderr)
        throttled = int(re.search(r"(\d+) throttled", result.stderr).group(1))
        self.assertGreater(throttled, 0, "the fault injection produced no 429 at all")
        rows = read_csv(self.tmp / "out.csv")
        failed = [r for r in rows if r["find.status"] == "failed"]
        self.assertTrue(all("invalid_input" in r["find.error"] for r in failed), [r["find.error"] for r in failed])

    def test_the_run_and_its_step_results_are_recorded_in_the_store(self):
        result = self.run_example()
        self.assertEqual(result.returncode, 0, result.stderr)
        db = sqlite3.connect(self.tmp / "state" / "leadflow.db")
        runs = db.execute("select count(*) from runs").fetchone()[0]
        self.assertEqual(runs, 1)
        steps = db.execute("select count(*) from step_results").fetchone()[0]
        rows = read_csv(self.tmp / "out.csv")
        self.assertEqual(steps, len([r for r in rows if not r["input_error"]]))


class Interrupt(LeadflowTestCase):
    def test_ctrl_c_stops_new_work_and_loses_no_row(self):
        env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
        proc = subprocess.Popen([BIN, "run", str(WORKFLOWS / "find-email.yaml"), "--sandbox", "--time-scale", "5",
                                 "--concurrency", "2", "-o", str(self.tmp / "out.csv"), "--state", str(self.tmp / "state"),
                                 "--no-progress"], stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 130, stderr)
        self.assertIn("was interrupted", stderr)
        read = int(re.search(r"rows\s+(\d+) read, (\d+) written", stderr).group(1))
        rows = read_csv(self.tmp / "out.csv")
        inputs = input_data_rows(LEADS)
        self.assertEqual(len(rows), read, "every row read is in the output")
        interrupted = [r for r in rows if r["find.status"] == "interrupted"]
        self.assertTrue(interrupted, "the interrupt came too late to test anything")
        for out, given in zip(rows, inputs):
            self.assertEqual(out["first_name"], given[0])
            self.assertIn(out["find.status"] or "input_error", {"found", "not_found", "failed", "interrupted", "input_error"}, out)
        for row in interrupted:
            self.assertIn("interrupted: the run was stopped", row["find.error"])
        db = sqlite3.connect(self.tmp / "state" / "leadflow.db")
        journal = db.execute("select count(*) from step_results where status = 'interrupted'").fetchone()[0]
        self.assertEqual(journal, len(interrupted), "the journal knows which steps a resumed run must redo")
        self.assertEqual(db.execute("select status from runs").fetchone()[0], "interrupted")


class InputProblems(LeadflowTestCase):
    def test_a_missing_input_file_exits_66_with_the_path(self):
        result = leadflow("run", WORKFLOWS / "find-email.yaml", "--sandbox", "-i", self.tmp / "nope.csv",
                          "-o", self.tmp / "o.csv", "--state", self.tmp / "s")
        self.assertEqual(result.returncode, 66, result.stderr)
        self.assertIn("nope.csv", result.stderr)

    def test_an_empty_input_file_exits_65_and_says_a_header_is_needed(self):
        empty = self.write("empty.csv", "")
        result = leadflow("run", WORKFLOWS / "find-email.yaml", "--sandbox", "-i", empty, "-o", self.tmp / "o.csv", "--state", self.tmp / "s")
        self.assertEqual(result.returncode, 65, result.stderr)
        self.assertIn("empty", result.stderr)


if __name__ == "__main__":
    unittest.main()
