"""The Dropcontact plugin through the real binary: a 600-row enrichment on --sandbox goes out as
three batches (250, 250, 100) and every row gets its own result, checked against the fake world;
the example workflows (enrich, find + verify, verify) agree with the world; a run killed after its
batches were submitted resumes by polling them, never submitting them again; a batch the credits
cannot cover is refused whole. Crash and quota tests run the simulator on its own (not --sandbox)
so that it outlives the killed leadflow, as the real provider would."""
import csv
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, WORLD_BIN, LeadflowTestCase, leadflow, read_csv

SIMULATOR = Path(PLUGIN_DIR) / "leadflow-dropcontact-sim"
OBSERVED = "/_sandbox/dropcontact"
TIME_SCALE = "200"


def world(kind):
    out = subprocess.run([WORLD_BIN, kind], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


PEOPLE = world("truth")
COMPANIES = {company["domain"]: company for company in world("companies")}
BY_NAME = {(f"{p['first_name']} {p['last_name']}".lower(), p["company"].lower()): p for p in PEOPLE}
BY_EMAIL = {p["email"]: p for p in PEOPLE}


def cell(value):
    """A CSV cell as the value it holds: leadflow's CSV writer guards a cell that starts with
    =, +, - or @ with a leading apostrophe, so that spreadsheets do not run it as a formula."""
    return value[1:] if value[:2] in ("'=", "'+", "'-", "'@") else value


def verdicts(emails):
    out = subprocess.run([WORLD_BIN, "verdicts"], input="\n".join(emails) + "\n", capture_output=True, text=True, check=True)
    return {v["email"]: v for v in map(json.loads, out.stdout.splitlines())}


def offered(person):
    """Whether Dropcontact finds this person's address (README: not for a hidden person, a domain
    that does not resolve, or a closed mailbox)."""
    return person["findable"] and person["domain_kind"] != "nonexistent" and person["mailbox"] != "disabled"


# The README's qualification table, read from the world's verdict (Dropcontact's differences:
# a full mailbox still exists, a closed one is just invalid, a disposable service is a catch-all).
def expected_verification(verdict):
    kind = verdict["kind"]
    if kind in ("deliverable", "mailbox_full"):
        return "deliverable", "valid"
    if kind == "catch_all":
        return "risky", "catch_all"
    if kind in ("no_such_user", "mailbox_disabled"):
        return "undeliverable", "no_such_user"
    return "undeliverable", kind  # domain_nonexistent, syntax_error


class Simulator:
    """A standalone Dropcontact simulator in real time."""

    def __init__(self, *flags):
        self.process = subprocess.Popen([str(SIMULATOR), "--port", "0", *map(str, flags)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        announcement = json.loads(self.process.stdout.readline())
        self.base_url = announcement["base_url"]
        self.api_key = announcement["config"]["api_key"]

    def get(self, path):
        with urllib.request.urlopen(self.base_url + path, timeout=10) as answer:
            return json.load(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


class DropcontactTestCase(LeadflowTestCase):
    def write_rows(self, name, header, rows):
        path = self.tmp / name
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    def enrich_workflow(self, name, config, extra_step=""):
        config_lines = "".join(f"      {key}: {value}\n" for key, value in config.items())
        return self.write(f"{name}.yaml", f"""version: 1
providers:
  dropcontact:
    plugin: dropcontact
    config:
{config_lines}input: {{path: leads.csv}}
output: {{path: out-{name}.csv}}
steps:
  - id: enrich
    capability: enrich_person
    provider: dropcontact
{extra_step}    input:
      first_name: "{{{{first_name}}}}"
      last_name: "{{{{last_name}}}}"
      company: "{{{{company}}}}"
      domain: "{{{{domain}}}}"
      email: "{{{{email}}}}"
""")

    def sandbox_run(self, workflow, *extra, exit_code=0):
        out, summary = self.tmp / "out.csv", self.tmp / "summary.json"
        result = leadflow("run", workflow, "--sandbox", "--time-scale", TIME_SCALE, "--no-progress", "-o", out,
                          "--summary-json", summary, "--state", self.tmp / "state", *extra)
        self.assertEqual(result.returncode, exit_code, result.stderr[-3000:])
        return read_csv(out), json.loads(summary.read_text())

    @staticmethod
    def simulator_report(summary):
        (entry,) = [s for s in summary["sandbox"] if s["plugin"] == "dropcontact"]
        return entry["observed"][OBSERVED], entry["ledger"]

    @staticmethod
    def provider(summary):
        (entry,) = [p for p in summary["providers"] if p["plugin"] == "dropcontact"]
        return entry

    def assert_enriched_like_the_world(self, row, person):
        """One enrich_person row against the person's truth; returns the credits Dropcontact took."""
        where = f"{person['full_name']} at {person['domain']}"
        company = COMPANIES[person["domain"]]
        self.assertEqual(row["enrich.status"], "found", where)
        self.assertEqual(row["enrich.civility"], person["civility"], where)
        self.assertEqual(row["enrich.first_name"], person["first_name"], where)
        self.assertEqual(row["enrich.last_name"], person["last_name"], where)
        self.assertEqual(row["enrich.title"], person["title"], where)
        self.assertEqual(row["enrich.linkedin_url"], person["linkedin_url"], where)
        self.assertEqual(cell(row["enrich.twitter"]), person["twitter"], where)
        self.assertRegex(row["enrich.request_id"], r"^[0-9a-f]{32}$")
        self.assertTrue(row["enrich.credits_left"].isdigit(), where)
        if person["domain_kind"] == "nonexistent":
            # Dropcontact knows nothing of a company whose domain is dead: it echoes what it was given.
            self.assertEqual(row["enrich.company"], row.get("company", ""), where)
            self.assertEqual(row["enrich.phone"], "", where)
        else:
            self.assertEqual(row["enrich.company"], company["name"], where)
            self.assertEqual(row["enrich.domain"], person["domain"], where)
            self.assertEqual(cell(row["enrich.phone"]), company["phone"], where)
            self.assertEqual(row["enrich.company_linkedin_url"], company["linkedin_url"], where)
            self.assertEqual(row["enrich.nb_employees"], company["nb_employees"], where)
        supplied = row.get("email", "")
        if offered(person):
            self.assertEqual(row["enrich.email"], person["email"], where)
            self.assertEqual(row["enrich.email_status"], "risky" if person["domain_kind"] == "catch_all" else "deliverable", where)
        elif not supplied:
            self.assertEqual(row["enrich.email"], "", where)
        return 1 if (supplied or offered(person)) else 0


class SandboxEnrichment(DropcontactTestCase):
    def test_600_rows_go_out_as_three_batches_and_every_row_gets_its_own_result(self):
        by_name = [[p["first_name"], p["last_name"], p["company"], p["domain"], ""] for p in PEOPLE]
        by_email = [["", "", "", "", p["email"]] for p in PEOPLE[:600 - len(by_name)]]
        rows = by_name + by_email
        self.assertEqual(len(rows), 600)
        self.write_rows("leads.csv", ["first_name", "last_name", "company", "domain", "email"], rows)
        workflow = self.enrich_workflow("enrich", {"api_key": "${DROPCONTACT_API_KEY}", "siren": "true"})

        out, summary = self.sandbox_run(workflow)

        self.assertEqual(len(out), 600, "every row exactly once")
        credits = 0
        for row in out:
            person = BY_EMAIL[row["email"]] if row["email"] else BY_NAME[(f"{row['first_name']} {row['last_name']}".lower(), row["company"].lower())]
            credits += self.assert_enriched_like_the_world(row, person)
            if row["email"]:
                self.assertIn(row["email"], row["enrich.emails"])
            if person["domain_kind"] != "nonexistent":
                company = COMPANIES[person["domain"]]
                self.assertEqual(row["enrich.siren"], company["siren"])
                self.assertEqual(row["enrich.naf5_code"], company["naf5_code"])
        observed, ledger = self.simulator_report(summary)
        self.assertEqual(observed["submits"], 3)
        self.assertEqual(sorted(observed["batch_sizes"]), [100, 250, 250])
        self.assertEqual(summary["batches"], 3)
        self.assertEqual(len({row["enrich.request_id"] for row in out}), 3)
        self.assertEqual(ledger["total"], credits, "the simulator charged what the world says Dropcontact charges")
        self.assertEqual(self.provider(summary)["credits"], ledger["total"], "the summary's credits match the ledger")
        self.assertGreater(observed["refunded"], 0, "some rows found no email and were refunded")


class SandboxAccount(DropcontactTestCase):
    def test_account_reports_the_credits_left(self):
        self.write("leads.csv", "label\nbalance\n")
        workflow = self.write("account.yaml", """version: 1
providers:
  dropcontact:
    plugin: dropcontact
    config: {api_key: "${DROPCONTACT_API_KEY}"}
input: {path: leads.csv}
steps:
  - id: account
    capability: account
    provider: dropcontact
""")
        out, summary = self.sandbox_run(workflow)
        self.assertEqual(out[0]["account.status"], "done")
        self.assertEqual(out[0]["account.credits_remaining"], "100000", "the simulator's starting credits")
        self.assertEqual(self.provider(summary)["credits"], 0)


class SandboxFaults(DropcontactTestCase):
    def test_under_5xx_faults_polls_are_retried_and_a_failed_submit_is_never_resent(self):
        people = PEOPLE[:120]
        self.write_rows("leads.csv", ["first_name", "last_name", "company", "domain", "email"],
                        [[p["first_name"], p["last_name"], p["company"], p["domain"], ""] for p in people])
        workflow = self.enrich_workflow("faults", {"api_key": "${DROPCONTACT_API_KEY}"},
                                        extra_step="    batch: {size: 10, linger: 1s}\n")
        # Exit 1: some rows failed in a way a rerun may fix.
        out, summary = self.sandbox_run(workflow, "--faults", "5xx:0.3", exit_code=1)
        self.assertEqual(len(out), 120)
        credits, failed, batches_with_results = 0, 0, set()
        for row, person in zip(out, people):
            if row["enrich.status"] == "failed":
                failed += 1
                self.assertTrue(row["enrich.error"].startswith("provider_unavailable"), row)
                self.assertIn("not resent", row["enrich.error"])
                continue
            credits += self.assert_enriched_like_the_world(row, person)
            batches_with_results.add(row["enrich.request_id"])
        observed, ledger = self.simulator_report(summary)
        self.assertGreater(self.provider(summary)["retries"], 0, "the host retried the polls the faults broke")
        self.assertGreater(failed, 0, "with 30% of answers faulted some submits fail")
        self.assertEqual(observed["submits"], len(batches_with_results), "every accepted batch was collected, none twice")
        self.assertEqual(observed["submits"] * 10, 120 - failed)
        self.assertEqual(ledger["total"], credits)
        self.assertEqual(self.provider(summary)["credits"], credits)


class ExampleWorkflows(DropcontactTestCase):
    def test_the_enrich_example_agrees_with_the_world(self):
        out, summary = self.sandbox_run(WORKFLOWS / "examples" / "dropcontact-enrich.yaml")
        leads = read_csv(WORKFLOWS / "leads" / "dropcontact-enrich.csv")
        self.assertEqual(len(out), len(leads))
        credits = 0
        for row in out:
            if row["email"]:
                person = BY_EMAIL[row["email"]]
            else:
                person = BY_NAME.get((f"{row['first_name']} {row['last_name']}".lower(), row["company"].lower()))
            if person is None:  # a lead nobody knows: nothing found, refunded
                self.assertEqual(row["enrich.status"], "not_found", row)
                self.assertEqual(row["enrich.email"], "", row)
                continue
            credits += self.assert_enriched_like_the_world(row, person)
        observed, ledger = self.simulator_report(summary)
        self.assertEqual(observed["submits"], 1)
        self.assertEqual(ledger["total"], credits)
        self.assertEqual(self.provider(summary)["credits"], credits)

    def test_the_find_and_verify_example_finds_the_world_emails_and_qualifies_them(self):
        out, summary = self.sandbox_run(WORKFLOWS / "examples" / "dropcontact-find-verify.yaml")
        self.assertEqual(len(out), len(read_csv(WORKFLOWS / "leads" / "dropcontact-find.csv")))
        truth = verdicts([p["email"] for p in PEOPLE])
        for row in out:
            person = BY_NAME[(f"{row['first_name']} {row['last_name']}".lower(), row["company"].lower())]
            if not offered(person):
                self.assertEqual(row["find.status"], "not_found", row)
                self.assertTrue(row["verify.error"].startswith("invalid_input"), row)
                continue
            self.assertEqual(row["find.status"], "found", row)
            self.assertEqual(row["find.email"], person["email"], row)
            catch_all = person["domain_kind"] == "catch_all"
            self.assertEqual(row["find.confidence"], "50" if catch_all else "95", row)
            status, reason = expected_verification(truth[person["email"]])
            self.assertEqual((row["verify.status"], row["verify.reason"]), (status, reason), row)
            self.assertEqual(row["verify.provider_status"], "non_confirm@pro" if catch_all else "nominative@pro", row)
        self.assertEqual(self.simulator_report(summary)[0]["submits"], 2, "one batch per step")

    def test_the_verify_example_maps_every_verdict_as_the_readme_says(self):
        out, summary = self.sandbox_run(WORKFLOWS / "examples" / "dropcontact-verify.yaml")
        truth = verdicts([row["email"] for row in out])
        kinds = set()
        for row in out:
            verdict = truth[row["email"]]
            kinds.add(verdict["kind"])
            self.assertEqual((row["verify.status"], row["verify.reason"]), expected_verification(verdict), row)
            self.assertEqual(row["verify.catch_all"], "true" if verdict["kind"] == "catch_all" else "false", row)
            self.assertEqual(row["verify.free"], "true" if verdict["free"] or verdict["disposable"] else "false", row)
            self.assertEqual(row["verify.syntax_ok"], "false" if verdict["kind"] == "syntax_error" else "true", row)
            if verdict["kind"] == "deliverable":
                self.assertEqual(row["verify.role"], "true" if verdict["role"] else "false", row)
        self.assertGreaterEqual(len(kinds), 4, f"the example list should meet many verdicts, met {kinds}")
        observed, ledger = self.simulator_report(summary)
        self.assertEqual(ledger["total"], len(out), "every verified email costs one credit, never refunded")
        self.assertEqual(self.provider(summary)["credits"], len(out))


class StandaloneSimulator(DropcontactTestCase):
    def start(self, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOILANORBERT")}
        env["LEADFLOW_PLUGIN_PATH"] = PLUGIN_DIR
        return subprocess.Popen([BIN, *map(str, args), "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, env=env)

    def test_a_run_killed_after_its_batches_were_submitted_resumes_without_submitting_them_again(self):
        people = PEOPLE[:300]
        self.write_rows("leads.csv", ["first_name", "last_name", "company", "domain", "email"],
                        [[p["first_name"], p["last_name"], p["company"], p["domain"], ""] for p in people])
        simulator = Simulator("--job-ms", 4000)
        try:
            workflow = self.enrich_workflow("crash", {"api_key": simulator.api_key, "base_url": simulator.base_url,
                                                      "first_poll_ms": 6000, "poll_interval_ms": 1000},
                                            extra_step="    batch: {size: 250, linger: 200ms}\n")
            state = self.tmp / "state"
            proc = self.start("run", workflow, "--state", state)
            deadline = time.monotonic() + 60
            while simulator.get(OBSERVED)["submits"] < 2 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            time.sleep(0.5)  # let the host journal the checkpoints it was handed
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stderr.close()
            before = simulator.get(OBSERVED)
            self.assertEqual(before["submits"], 2, "both batches were submitted before the kill")
            self.assertEqual(before["results_served"], 0, "the kill came before any result was collected")
            time.sleep(4.5)  # the simulator finishes the batches meanwhile, as Dropcontact would

            resumed = self.start("run", workflow, "--state", state, "--resume", "--summary-json", self.tmp / "summary.json")
            _, stderr = resumed.communicate(timeout=120)
            self.assertEqual(resumed.returncode, 0, stderr[-3000:])

            after = simulator.get(OBSERVED)
            self.assertEqual(after["submits"], 2, "a resumed run must poll its checkpointed batches, not pay for them again")
            self.assertEqual(after["request_ids"], before["request_ids"])
            self.assertEqual(sorted(after["batch_sizes"]), [50, 250])
            out = read_csv(self.tmp / "out-crash.csv")
            self.assertEqual(len(out), 300, "every row exactly once")
            credits = 0
            for row, person in zip(out, people):
                credits += self.assert_enriched_like_the_world(row, person)
            self.assertEqual(simulator.get("/_sandbox/ledger")["total"], credits, "no batch was paid twice")
        finally:
            simulator.close()

    def test_a_batch_the_credits_cannot_cover_is_refused_whole_and_stops_the_provider(self):
        people = PEOPLE[:150]
        self.write_rows("leads.csv", ["first_name", "last_name", "company", "domain", "email"],
                        [[p["first_name"], p["last_name"], p["company"], p["domain"], ""] for p in people])
        simulator = Simulator("--credits", 100, "--job-ms", 0)
        try:
            workflow = self.enrich_workflow("quota", {"api_key": simulator.api_key, "base_url": simulator.base_url,
                                                      "first_poll_ms": 100})
            result = leadflow("run", workflow, "--state", self.tmp / "state", "--no-progress")
            self.assertEqual(result.returncode, 69, result.stderr[-3000:])
            out = read_csv(self.tmp / "out-quota.csv")
            self.assertEqual(len(out), 150)
            for row in out:
                self.assertEqual(row["enrich.status"], "failed", row)
                self.assertTrue(row["enrich.error"].startswith("out_of_credits"), row)
                self.assertIn("cannot cover the whole batch", row["enrich.error"])
            observed = simulator.get(OBSERVED)
            self.assertEqual(observed["refused"], {"403": 1})
            self.assertEqual(observed["submits"], 0)
            self.assertEqual(simulator.get("/_sandbox/ledger")["total"], 0)
            self.assertNotIn(simulator.api_key, result.stderr)
        finally:
            simulator.close()

    def test_after_the_credits_are_topped_up_a_resume_enriches_the_rows_the_refusal_left(self):
        people = PEOPLE[:150]
        self.write_rows("leads.csv", ["first_name", "last_name", "company", "domain", "email"],
                        [[p["first_name"], p["last_name"], p["company"], p["domain"], ""] for p in people])
        poor = Simulator("--credits", 100, "--job-ms", 0)
        try:
            workflow = self.enrich_workflow("topup", {"api_key": poor.api_key, "base_url": poor.base_url, "first_poll_ms": 100})
            first = leadflow("run", workflow, "--state", self.tmp / "state", "--no-progress")
            self.assertEqual(first.returncode, 69, first.stderr[-3000:])
        finally:
            poor.close()
        # The account is topped up (here: a simulator with credits); the resume tries the refused rows again.
        rich = Simulator("--credits", 1000, "--job-ms", 0)
        try:
            self.enrich_workflow("topup", {"api_key": rich.api_key, "base_url": rich.base_url, "first_poll_ms": 100})
            resumed = leadflow("run", workflow, "--resume", "--state", self.tmp / "state", "--no-progress")
            self.assertEqual(resumed.returncode, 0, resumed.stderr[-3000:])
            out = read_csv(self.tmp / "out-topup.csv")
            self.assertEqual(len(out), 150)
            self.assertEqual({row["enrich.status"] for row in out} - {"found", "not_found"}, set(), "no row is left failed")
            self.assertGreater(sum(1 for row in out if row["enrich.status"] == "found"), 100)
            self.assertEqual(rich.get(OBSERVED)["submits"], 1, "one batch of 150 rows, submitted once")
        finally:
            rich.close()


if __name__ == "__main__":
    import unittest
    unittest.main()
