"""The VoilaNorbert plugin through the real binary, on --sandbox: leads are found, verified and
kept in a VoilaNorbert list using only VoilaNorbert, with every result equal to the fake world's
truth (through the status table of plugins/voilanorbert/README.md), the simulator's credit ledger
equal to the run summary's credits, and the webhooks the API insists on visible in the summary.
A second workflow reaches the provider-specific operations (account, organization credits,
lists, contacts) and a bulk search."""
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, WORLD_BIN, LeadflowTestCase, input_data_rows, leadflow, read_csv

TIME_SCALE = "1000"
FIND_VERIFY_ADD = WORKFLOWS / "examples" / "voilanorbert-find-verify-add.yaml"
OPERATIONS = WORKFLOWS / "examples" / "voilanorbert-account-and-lists.yaml"
DOMAIN_ENRICH = WORKFLOWS / "examples" / "voilanorbert-domain-enrich.yaml"
LEADS = WORKFLOWS / "leads" / "voilanorbert-leads.csv"


def world(kind):
    out = subprocess.run([WORLD_BIN, kind], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


PEOPLE = world("truth")
COMPANIES = world("companies")
BY_DOMAIN = {(p["first_name"], p["last_name"], p["domain"]): p for p in PEOPLE}
BY_COMPANY = {(p["first_name"], p["last_name"], p["company"]): p for p in PEOPLE}
DOMAIN_KIND = {c["domain"]: c["kind"] for c in COMPANIES}


def verdicts(emails):
    out = subprocess.run([WORLD_BIN, "verdicts"], input="\n".join(emails) + "\n", capture_output=True, text=True, check=True)
    return {v["email"]: v for v in map(json.loads, out.stdout.splitlines())}


def expected_verification(verdict):
    """plugins/voilanorbert/README.md: the world's verdicts as VoilaNorbert's flags and messages say them."""
    if verdict["disposable"]:
        return ("risky", "disposable")
    return {
        "deliverable": ("deliverable", "valid"),
        "mailbox_full": ("risky", "mailbox_full"),
        "mailbox_disabled": ("undeliverable", "mailbox_disabled"),
        "no_such_user": ("undeliverable", "no_such_user"),
        "catch_all": ("risky", "catch_all"),
        "domain_nonexistent": ("undeliverable", "domain_nonexistent"),
        "syntax_error": ("undeliverable", "syntax_error"),
    }[verdict["kind"]]


def person_of(row):
    if row["domain"]:
        return BY_DOMAIN.get((row["first_name"], row["last_name"], row["domain"]))
    return BY_COMPANY.get((row["first_name"], row["last_name"], row["company"]))


class StandaloneSimulator:
    """A VoilaNorbert simulator in real time that outlives the leadflow processes it serves, so a
    checkpointed verification token stays valid across a kill, as at the real provider."""

    def __init__(self, job_ms):
        self.process = subprocess.Popen([str(Path(PLUGIN_DIR) / "leadflow-voilanorbert-sim"), "--port", "0", "--job-ms", str(job_ms)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        announcement = json.loads(self.process.stdout.readline())
        self.base_url = announcement["base_url"]
        self.config = announcement["config"]
        self.origin = self.base_url.rsplit("/", 1)[0]

    def ledger(self):
        with urllib.request.urlopen(self.origin + "/_sandbox/ledger", timeout=10) as answer:
            return json.load(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


class VoilaNorbertPluginTest(LeadflowTestCase):
    def sandbox_run(self, workflow, output, *extra):
        summary = self.tmp / (output + ".summary.json")
        result = leadflow("run", workflow, "--sandbox", "--time-scale", TIME_SCALE, "--no-progress", "-o", self.tmp / output,
                          "--summary-json", summary, "--state", self.tmp / "state", *extra, timeout=280)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return json.loads(summary.read_text()), result

    def sandbox_entry(self, summary):
        (entry,) = [s for s in summary["sandbox"] if s["plugin"] == "voilanorbert"]
        return entry

    def check_ledger_matches_summary(self, summary):
        (provider,) = [p for p in summary["providers"] if p["plugin"] == "voilanorbert"]
        ledger = self.sandbox_entry(summary)["ledger"]
        self.assertEqual(provider["credits"], ledger["total"], "the summary's credits equal the simulator's ledger")
        return ledger

    def find_verify_add(self):
        summary, result = self.sandbox_run(FIND_VERIFY_ADD, "out.csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        return read_csv(self.tmp / "out.csv"), summary

    def test_found_emails_are_the_worlds_true_addresses(self):
        rows, _ = self.find_verify_add()
        self.assertEqual(len(rows), len(input_data_rows(LEADS)))
        for row in rows:
            person = person_of(row)
            with self.subTest(lead=f"{row['first_name']} {row['last_name']}"):
                domain = row["domain"] or (person and person["domain"])
                if DOMAIN_KIND.get(domain) == "nonexistent":
                    self.assertEqual(row["find.status"], "failed")
                    self.assertIn("invalid_input", row["find.error"])
                    self.assertIn("could not locate the domain", row["find.error"])
                elif person and person["findable"]:
                    self.assertEqual(row["find.status"], "found")
                    self.assertEqual(row["find.email"], person["email"])
                    self.assertEqual(int(row["find.confidence"]), 80 if person["domain_kind"] == "catch_all" else 100)
                else:
                    self.assertEqual(row["find.status"], "not_found")
                    self.assertEqual(row["find.email"], "")

    def test_verifications_follow_the_worlds_verdicts(self):
        rows, _ = self.find_verify_add()
        found = [r for r in rows if r["find.status"] == "found"]
        self.assertGreaterEqual(len(found), 5)
        truth = verdicts([r["find.email"] for r in found])
        reasons = set()
        for row in rows:
            with self.subTest(email=row["find.email"] or row["last_name"]):
                if row["find.status"] == "failed":
                    self.assertIn(row["verify.status"], ("failed", "skipped"))
                    continue
                if row["find.status"] != "found":
                    self.assertEqual(row["verify.status"], "failed")
                    self.assertIn("invalid_input", row["verify.error"])
                    continue
                status, reason = expected_verification(truth[row["find.email"]])
                self.assertEqual((row["verify.status"], row["verify.reason"]), (status, reason))
                self.assertEqual(row["verify.catch_all"], "true" if reason == "catch_all" else "false")
                reasons.add(reason)
        self.assertGreaterEqual(len(reasons), 4, "the leads cover several verdicts")

    def test_found_leads_land_in_one_list_and_a_repeated_lead_is_updated(self):
        rows, summary = self.find_verify_add()
        found = [r for r in rows if r["find.status"] == "found"]
        list_ids = {r["list.list_id"] for r in found}
        self.assertEqual(len(list_ids), 1, "every lead goes to the one list, created once")
        by_email = {}
        for row in found:
            by_email.setdefault(row["find.email"], []).append(row)
        for email, listed in by_email.items():
            statuses = sorted(r["list.status"] for r in listed)
            self.assertEqual(statuses, ["added"] + ["updated"] * (len(listed) - 1), email)
            self.assertEqual({r["list.prospect_id"] for r in listed}, {listed[0]["find.contact_id"]})
        self.assertTrue(any(len(v) > 1 for v in by_email.values()), "the lead list repeats a lead")
        for row in rows:
            if row["find.status"] != "found":
                self.assertIn(row["list.status"], ("failed", "skipped"))

    def test_the_ledger_matches_the_summary_and_nothing_is_paid_twice(self):
        rows, summary = self.find_verify_add()
        ledger = self.check_ledger_matches_summary(summary)
        found = {r["find.email"] for r in rows if r["find.status"] == "found"}
        searched = sum(e["credits"] for e in ledger["entries"] if e["operation"] == "search/name")
        self.assertEqual(searched, len(found), "one credit per contact found, none for the repeated lead")
        verified = sum(e["credits"] for e in ledger["entries"] if e["operation"] == "verifier/upload")
        self.assertGreaterEqual(verified, len(found))
        self.assertLessEqual(verified, len([r for r in rows if r["find.status"] == "found"]))

    def test_verifications_carry_the_webhook_and_its_failed_deliveries_are_reported(self):
        _, summary = self.find_verify_add()
        observed = self.sandbox_entry(summary)["observed"]["/_sandbox/webhooks"]["deliveries"]
        uploads = [d for d in observed if d["what"].startswith("verifier ")]
        self.assertGreaterEqual(len(uploads), 1)
        for delivery in uploads:
            self.assertEqual(delivery["url"], "https://webhooks.sandbox.invalid/voilanorbert")
            self.assertFalse(delivery["delivered"])
            self.assertIn("results", delivery["body"])

    def test_a_domains_people_are_the_worlds_and_their_enrichment_its_details(self):
        summary, result = self.sandbox_run(DOMAIN_ENRICH, "people.jsonl")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = [json.loads(line) for line in (self.tmp / "people.jsonl").read_text().splitlines()]
        by_email = {p["email"]: p for p in PEOPLE}
        for domain in ("willow-design.example", "keystone-software.example"):
            expected = {p["email"] for p in PEOPLE if p["domain"] == domain and p["findable"]}
            got = [r for r in records if r["domain"] == domain]
            self.assertEqual({r["people"]["email"] for r in got}, expected, domain)
            for record in got:
                person, enriched = by_email[record["people"]["email"]], record["enrich"]
                with self.subTest(email=person["email"]):
                    self.assertEqual(record["people"]["full_name"], f"{person['first_name']} {person['last_name']}")
                    self.assertEqual(record["people"]["confidence"], 80 if person["domain_kind"] == "catch_all" else 100)
                    self.assertEqual(enriched["status"], "found")
                    self.assertEqual(enriched["full_name"], record["people"]["full_name"])
                    self.assertEqual(enriched["title"], person["title"])
                    self.assertEqual(enriched["company"], person["company"])
                    self.assertEqual(enriched["linkedin_url"], person["linkedin_url"])
                    self.assertEqual(enriched.get("twitter", ""), person["twitter"])
        (lost,) = [r for r in records if r["domain"] == "cobalt-logistics.example"]
        self.assertEqual(lost["people"]["status"], "failed")
        self.assertIn("could not locate the domain", lost["people"]["error"])
        ledger = self.check_ledger_matches_summary(summary)
        found = [r for r in records if r["people"].get("email")]
        self.assertEqual(sum(e["credits"] for e in ledger["entries"] if e["operation"] == "search/domain"), len(found))
        self.assertEqual(sum(e["credits"] for e in ledger["entries"] if e["operation"] == "enrich/upload"), len(found))

    def test_provider_operations_are_reachable_from_a_workflow(self):
        summary, result = self.sandbox_run(OPERATIONS, "ops.jsonl")
        self.assertEqual(result.returncode, 0, result.stderr)
        (record,) = [json.loads(line) for line in (self.tmp / "ops.jsonl").read_text().splitlines()]
        self.assertEqual(record["account"]["status"], "done")
        self.assertEqual(record["credits"]["credits_total"], record["account"]["credits_total"])
        self.assertEqual(record["bulk"]["massive_status"], "ENDED")
        self.assertEqual(record["bulk"]["quantity"], 2)
        expected = sum(1 for key in [("Noah", "Perlman", "brightwater-logistics.example"), ("Stefan", "Wilson", "keystone-software.example")]
                       if BY_DOMAIN[key]["findable"])
        self.assertEqual(record["bulk"]["success"], expected)
        self.assertEqual(record["contacts"]["total"], expected)
        emails = {c["email"]["email"] for c in record["contacts"]["contacts"]}
        self.assertEqual(emails, {BY_DOMAIN[k]["email"] for k in BY_DOMAIN if BY_DOMAIN[k]["findable"] and k in
                                  [("Noah", "Perlman", "brightwater-logistics.example"), ("Stefan", "Wilson", "keystone-software.example")]})
        self.assertEqual([l["id"] for l in record["lists"]["lists"]], [record["bulk"]["list_id"]])
        self.check_ledger_matches_summary(summary)


    def test_a_run_killed_while_verifications_run_resumes_them_without_paying_twice(self):
        emails = [p["email"] for p in PEOPLE[:12]] + ["someone@gmail.com", "not-an-email"]
        self.write("emails.csv", "email\n" + "\n".join(emails) + "\n")
        simulator = StandaloneSimulator(job_ms=4000)
        try:
            workflow = self.write("verify.yaml", f"""version: 1
providers:
  norbert:
    plugin: voilanorbert
    config:
      api_key: {simulator.config["api_key"]}
      base_url: {simulator.base_url}
      webhook_url: {simulator.config["webhook_url"]}
      first_poll_ms: 200
      job_poll_interval_ms: 200
input: {{path: emails.csv}}
output: {{path: out-verify.csv}}
steps:
  - id: verify
    capability: verify_email
    provider: norbert
    batch: {{size: 5, linger: 100ms}}
    input:
      email: "{{{{email}}}}"
""")
            env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
            state = self.tmp / "state"
            first = subprocess.Popen([BIN, "run", workflow, "--state", state, "--no-progress"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=env)
            uploaded = 0
            for _ in range(500):  # bounded: 10 s
                uploaded = sum(e["credits"] for e in simulator.ledger()["entries"] if e["operation"] == "verifier/upload")
                if uploaded == len(emails):
                    break
                time.sleep(0.02)
            self.assertEqual(uploaded, len(emails), "every batch was uploaded")
            time.sleep(0.5)  # the jobs run for 4 s: leadflow is polling them
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)

            resumed = leadflow("run", workflow, "--state", state, "--resume", "--no-progress", timeout=120)
            self.assertEqual(resumed.returncode, 0, resumed.stderr)
            rows = read_csv(self.tmp / "out-verify.csv")
            self.assertEqual([r["email"] for r in rows], emails)
            truth = verdicts(emails)
            for row in rows:
                self.assertEqual((row["verify.status"], row["verify.reason"]), expected_verification(truth[row["email"]]), row["email"])
            ledger = simulator.ledger()
            uploaded = sum(e["credits"] for e in ledger["entries"] if e["operation"] == "verifier/upload")
            self.assertEqual(uploaded, len(emails), "each address uploaded (and paid) once")
        finally:
            simulator.close()


if __name__ == "__main__":
    import unittest
    unittest.main()
