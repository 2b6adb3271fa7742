"""End-to-end tests of the InsideView plugin: the real `leadflow` binary runs enrich_person over
InsideView contact ids on the simulated InsideView (--sandbox), and every row is compared with
the fake world's truth. What the simulator saw (jobs, how many ran at once, throttle locks) comes
back in the run summary under sandbox[].observed["/_sandbox/insideview"]."""
import json
import subprocess

from leadflow_e2e import WORKFLOWS, WORLD_BIN, LeadflowTestCase, leadflow, read_csv

OBSERVATION_ROUTE = "/_sandbox/insideview"
THROTTLE_VARIABLE = "LEADFLOW_INSIDEVIEW_SIM_REQUESTS_PER_5_MIN"
LOCK_MS = 5 * 60_000


def world_people_by_id():
    out = subprocess.run([WORLD_BIN, "truth"], capture_output=True, text=True, check=True).stdout
    return {str(person["id"]): person for person in map(json.loads, out.splitlines())}


def expected_email_status(person):
    """InsideView's emailValidationStatus for the person's address (the simulator's mapping of the
    world's verdict), on the verify_email scale (the plugin's README)."""
    return {"deliverable": "deliverable", "mailbox_full": "deliverable", "catch_all": "risky"}.get(person["verdict"], "undeliverable")


def cell(value):
    """A CSV cell as leadflow wrote it: cells starting with = + - @ carry a leading ' (so that
    spreadsheets do not run them as formulas)."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


def enrich_workflow(lead_list):
    return f"""version: 1
providers:
  insideview:
    plugin: insideview
    config:
      client_id: ${{INSIDEVIEW_CLIENT_ID}}
      client_secret: ${{INSIDEVIEW_CLIENT_SECRET}}
input: {{path: {lead_list}}}
output: {{path: out.csv}}
steps:
  - id: details
    capability: enrich_person
    provider: insideview
    input: {{id: "{{{{contact_id}}}}"}}
"""


class InsideViewSandboxTest(LeadflowTestCase):
    people = world_people_by_id()

    def run_sandbox(self, workflow, *extra, env=None, time_scale="300", timeout=240):
        result = leadflow("run", workflow, "--sandbox", "--time-scale", time_scale, "-o", self.tmp / "out.csv",
                          "--summary-json", self.tmp / "summary.json", "--state", self.tmp / "state", "--no-progress",
                          *extra, env=env, timeout=timeout)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        summary = json.loads((self.tmp / "summary.json").read_text())
        return read_csv(self.tmp / "out.csv"), summary

    def observed(self, summary):
        for simulator in summary.get("sandbox", []):
            if simulator.get("plugin") == "insideview":
                return simulator["observed"][OBSERVATION_ROUTE]
        self.fail(f"the summary has no insideview simulator: {summary.get('sandbox')}")

    def ledger_total(self, summary):
        for simulator in summary.get("sandbox", []):
            if simulator.get("plugin") == "insideview":
                return simulator["ledger"]["total"]
        self.fail("the summary has no insideview ledger")

    def provider(self, summary):
        for provider in summary.get("providers", []):
            if provider.get("name") == "insideview":
                return provider
        self.fail(f"the summary has no provider insideview: {summary.get('providers')}")

    def assert_row_matches_world(self, row, step="details"):
        person = self.people.get(row["contact_id"])
        if person is None:
            self.assertEqual(row[f"{step}.status"], "not_found", row)
            return
        self.assertEqual(row[f"{step}.status"], "found", row)
        self.assertEqual(row[f"{step}.full_name"], person["full_name"], row)
        self.assertEqual(row[f"{step}.first_name"], person["first_name"], row)
        self.assertEqual(row[f"{step}.last_name"], person["last_name"], row)
        self.assertEqual(row[f"{step}.civility"], person["civility"], row)
        self.assertEqual(row[f"{step}.title"], person["title"], row)
        self.assertEqual(row[f"{step}.email"], person["email"], row)
        self.assertEqual(row[f"{step}.email_status"], expected_email_status(person), row)
        self.assertEqual(cell(row[f"{step}.phone"]), person["phone"], row)
        self.assertEqual(row[f"{step}.linkedin_url"], person["linkedin_url"], row)
        self.assertEqual(cell(row[f"{step}.twitter"]), person["twitter"], row)
        self.assertEqual(row[f"{step}.company"], person["company"], row)

    def write_ids(self, ids):
        return self.write("ids.csv", "contact_id\n" + "".join(f"{i}\n" for i in ids))

    def test_the_example_workflow_enriches_every_contact_id_as_the_world_knows_it(self):
        example = WORKFLOWS / "examples" / "insideview-enrich.yaml"
        rows, summary = self.run_sandbox(example)
        self.assertEqual(len(rows), 14)
        for row in rows:
            self.assert_row_matches_world(row)
        self.assertEqual(sum(row["details.status"] == "found" for row in rows), 13)
        observed = self.observed(summary)
        self.assertEqual(observed["jobs"]["jobs_submitted"], 1, observed)
        self.assertEqual(observed["tokens_issued"], 1, observed)
        self.assertEqual(self.ledger_total(summary), 14, "one transaction per id, debited once")

    def test_the_synchronous_bulk_lookup_example_answers_the_same_details_without_a_job(self):
        example = WORKFLOWS / "examples" / "insideview-contact-details.yaml"
        rows, summary = self.run_sandbox(example)
        self.assertEqual(len(rows), 14)
        for row in rows:
            self.assert_row_matches_world(row, step="contact")
        self.assertEqual(self.observed(summary)["jobs"]["jobs_submitted"], 0)
        self.assertEqual(self.ledger_total(summary), 13, "one transaction per contact returned")

    def test_25000_ids_go_out_as_three_jobs_never_more_than_two_at_once_and_every_id_gets_its_row(self):
        world_ids = sorted(self.people, key=int)
        ids = world_ids + [str(30_000_000 + i) for i in range(25_000 - len(world_ids))]
        self.write("wf.yaml", enrich_workflow("ids.csv"))
        self.write_ids(ids)
        # Enough rows in flight for two full batches at once, so the two-jobs rule is what holds back.
        rows, summary = self.run_sandbox(self.tmp / "wf.yaml", "--concurrency", "30000", timeout=280)
        self.assertEqual(len(rows), 25_000)
        self.assertEqual([row["contact_id"] for row in rows], ids, "every id keeps its row, in order")
        for row in rows:
            self.assert_row_matches_world(row)
        self.assertEqual(sum(row["details.status"] == "found" for row in rows), len(world_ids))

        observed = self.observed(summary)
        jobs = observed["job_list"]
        self.assertEqual(observed["jobs"]["jobs_submitted"], 3, observed["jobs"])
        self.assertEqual(sorted(job["ids"] for job in jobs), [5_000, 10_000, 10_000])
        self.assertEqual(observed["jobs"]["ids_submitted"], 25_000)
        self.assertEqual(observed["jobs"]["max_jobs_running"], 2, observed["jobs"])
        self.assertEqual(observed["jobs"]["refused_jobs_running"], 0, "the host never asked for a third job")
        for job in jobs:
            running = [other for other in jobs if other["created_ms"] <= job["created_ms"] < other["finished_ms"]]
            self.assertLessEqual(len(running), 2, f"more than two jobs ran at once: {jobs}")
        self.assertEqual(self.ledger_total(summary), 25_000, "each id paid once")
        self.assertEqual(self.provider(summary)["credits"], 25_000)

    def test_after_a_429_nothing_is_sent_for_the_whole_lock_window_and_the_run_finishes(self):
        example = WORKFLOWS / "examples" / "insideview-enrich.yaml"
        # Two requests per window: the submission and the first poll; the second poll is throttled.
        rows, summary = self.run_sandbox(example, env={THROTTLE_VARIABLE: "2"})
        self.assertEqual(len(rows), 14)
        for row in rows:
            self.assert_row_matches_world(row)
        throttle = self.observed(summary)["throttle"]
        self.assertEqual(len(throttle["locks"]), 1, throttle)
        lock = throttle["locks"][0]
        self.assertEqual(lock["refused_during"], 0, f"requests reached InsideView during the lock: {lock}")
        self.assertIsNotNone(lock["resumed_at_ms"], lock)
        self.assertGreaterEqual(lock["resumed_at_ms"], lock["from_ms"] + LOCK_MS, lock)
        self.assertGreaterEqual(self.provider(summary)["throttled"], 1)

    def test_a_lock_during_two_running_jobs_holds_both_until_it_ends(self):
        example_leads = WORKFLOWS / "leads" / "insideview-contacts.csv"
        # Batches of 7: the example's 14 ids go out as two jobs at once. Three requests per window:
        # both submissions and one poll; the other job's first poll meets the lock.
        self.write("wf.yaml", enrich_workflow(example_leads).replace("    input:", "    batch: {size: 7}\n    input:"))
        rows, summary = self.run_sandbox(self.tmp / "wf.yaml", env={THROTTLE_VARIABLE: "3"})
        self.assertEqual(len(rows), 14)
        for row in rows:
            self.assert_row_matches_world(row)
        observed = self.observed(summary)
        self.assertEqual(observed["jobs"]["jobs_submitted"], 2, observed["jobs"])
        self.assertEqual(observed["jobs"]["max_jobs_running"], 2, observed["jobs"])
        self.assertEqual(observed["tokens_issued"], 1, "the two jobs share one login")
        throttle = observed["throttle"]
        self.assertGreaterEqual(len(throttle["locks"]), 1, throttle)
        for lock in throttle["locks"]:
            # The other job's request may already have been on its way when the lock began; nothing
            # may be sent after the host learnt of the lock.
            self.assertLessEqual(lock["refused_during"], 1, lock)
            self.assertEqual(lock["refused_after_grace"], 0, lock)
            self.assertGreaterEqual(lock["resumed_at_ms"], lock["until_ms"], lock)

if __name__ == "__main__":
    import unittest
    unittest.main()
