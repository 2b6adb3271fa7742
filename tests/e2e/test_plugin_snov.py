"""The Snov.io plugin through the real binary, on --sandbox: a domain prospected by position gives
the world's people and emails; those prospects' emails are then found, verified and added to the
list of a drip campaign, with every result equal to the fake world's truth (through the status
table of plugins/snov/README.md) and the simulator's credit ledger equal to the run summary's
credits. The runs last longer than an access token lives (time scale 1000: Snov's one-hour token
expires after 3.6 s), so tokens are refreshed mid-run without failing a row."""
import csv
import json
import subprocess

from leadflow_e2e import WORKFLOWS, WORLD_BIN, LeadflowTestCase, leadflow, read_csv

TIME_SCALE = "1000"
PROSPECTING = WORKFLOWS / "examples" / "snov-domain-prospecting.yaml"
CAMPAIGN = WORKFLOWS / "examples" / "snov-find-verify-campaign.yaml"


def world(kind):
    out = subprocess.run([WORLD_BIN, kind], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


PEOPLE = world("truth")
BY_NAME = {(p["first_name"], p["last_name"], p["domain"]): p for p in PEOPLE}


def verdicts(emails):
    out = subprocess.run([WORLD_BIN, "verdicts"], input="\n".join(emails) + "\n", capture_output=True, text=True, check=True)
    return {v["email"]: v for v in map(json.loads, out.stdout.splitlines())}


def expected_verification(verdict):
    """plugins/snov/README.md: the world's verdicts as Snov's smtpStatus and flags say them."""
    if verdict["disposable"]:
        return ("risky", "disposable")
    return {
        "deliverable": ("deliverable", "valid"),
        "mailbox_full": ("unknown", "other"),
        "mailbox_disabled": ("undeliverable", "no_such_user"),
        "no_such_user": ("undeliverable", "no_such_user"),
        "catch_all": ("risky", "catch_all"),
        "domain_nonexistent": ("undeliverable", "domain_nonexistent"),
        "syntax_error": ("undeliverable", "syntax_error"),
    }[verdict["kind"]]


def people_by_domain(records):
    """The people of each domain's row: the host fans find_domain_emails' `people` out into one
    record per person (each with the person's fields merged into the step's output); a domain
    with nobody keeps one record with an empty `people`. Both shapes are read."""
    by_domain = {}
    for record in records:
        people = by_domain.setdefault(record["domain"], (record, []))[1]
        step = record["prospect"]
        if step.get("people"):
            people.extend(step["people"])
        elif "full_name" in step or "email" in step:
            people.append(step)
    return by_domain


def snov_finds(person):
    return person["findable"] and person["domain_kind"] != "nonexistent"


class SnovPluginTest(LeadflowTestCase):
    def sandbox_run(self, workflow, output, *extra, env=None):
        summary = self.tmp / (output + ".summary.json")
        result = leadflow("run", workflow, "--sandbox", "--time-scale", TIME_SCALE, "--no-progress", "-o", self.tmp / output,
                          "--summary-json", summary, "--state", self.tmp / "state", *extra, env=env, timeout=280)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return json.loads(summary.read_text()), result

    def check_ledger_matches_summary(self, summary):
        (entry,) = [s for s in summary["sandbox"] if s["plugin"] == "snov"]
        (provider,) = [p for p in summary["providers"] if p["plugin"] == "snov"]
        self.assertEqual(provider["credits"], entry["ledger"]["total"], "the summary's credits equal the simulator's ledger")
        return entry["ledger"]["total"]

    def prospect(self):
        summary, result = self.sandbox_run(PROSPECTING, "prospects.jsonl")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = [json.loads(line) for line in (self.tmp / "prospects.jsonl").read_text().splitlines()]
        return records, summary

    def test_a_domain_prospected_by_position_gives_the_worlds_people_and_emails(self):
        records, summary = self.prospect()
        by_domain = people_by_domain(records)
        self.assertEqual(len(by_domain), 4)
        for domain, (record, people) in by_domain.items():
            positions = [p.strip().lower() for p in record["positions"].split(",")]
            wanted = [p for p in PEOPLE if p["domain"] == domain and any(pos in p["title"].lower() for pos in positions)]
            if not wanted or wanted[0]["domain_kind"] == "nonexistent":
                self.assertEqual(record["prospect"]["status"], "not_found", domain)
                self.assertEqual(people, [], domain)
                continue
            got = {(p["full_name"], p["position"], p.get("email", "")) for p in people}
            expected = {(f"{p['first_name']} {p['last_name']}", p["title"], p["email"] if snov_finds(p) else "") for p in wanted}
            self.assertEqual(got, expected, domain)
            self.assertEqual(record["prospect"]["total"], len(wanted))
            self.assertEqual(record["prospect"]["company"]["domain"], domain)
        credits = self.check_ledger_matches_summary(summary)
        self.assertGreater(credits, 0)

    def test_prospects_found_verified_and_added_to_a_campaign_equal_the_world(self):
        records, first_summary = self.prospect()
        self.check_ledger_matches_summary(first_summary)
        leads = self.tmp / "prospects.csv"
        with open(leads, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["first_name", "last_name", "company", "domain"])
            for domain, (record, people) in people_by_domain(records).items():
                for person in people:
                    if person.get("email"):
                        writer.writerow([person["first_name"], person["last_name"], record["company"], domain])
        rows_written = len(read_csv(leads))
        self.assertGreater(rows_written, 3)

        # Tokens live 5 virtual minutes here; verifying a greylisted address alone takes 20.
        summary, result = self.sandbox_run(CAMPAIGN, "campaign.csv", "-i", leads, env={"LEADFLOW_SANDBOX_SNOV_TOKEN_S": "300"})
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "campaign.csv")
        self.assertEqual(len(rows), rows_written)
        checks = verdicts([r["find.email"] for r in rows])
        for row in rows:
            person = BY_NAME[(row["first_name"], row["last_name"], row["domain"])]
            self.assertEqual(row["find.status"], "found", row)
            self.assertEqual(row["find.email"], person["email"])
            self.assertEqual((row["verify.status"], row["verify.reason"]), expected_verification(checks[person["email"]]), row)
            self.assertEqual(row["campaign.status"], "added", row)
            self.assertEqual(row["campaign.campaign_id"], "237945")
            self.assertEqual(row["campaign.list_id"], "1818597")
            self.assertTrue(row["campaign.prospect_id"])
        self.check_ledger_matches_summary(summary)
        (entry,) = [s for s in summary["sandbox"] if s["plugin"] == "snov"]
        observed = entry["observed"]["/_sandbox/snov"]
        self.assertGreaterEqual(observed["tokens_issued"], 3, "tokens expired mid-run and were replaced, and no row failed")

    def test_the_example_campaign_workflow_runs_on_its_own_lead_list(self):
        summary, result = self.sandbox_run(CAMPAIGN, "example.csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "example.csv")
        for row in rows:
            person = BY_NAME.get((row["first_name"], row["last_name"], row["domain"]))
            if person and snov_finds(person):
                self.assertEqual(row["find.email"], person["email"], row)
                self.assertEqual(row["campaign.status"], "added", row)
            else:
                self.assertEqual(row["find.status"], "not_found", row)
                self.assertEqual(row["verify.status"], "failed", row)
                self.assertIn("invalid_input", row["verify.error"])
        self.check_ledger_matches_summary(summary)
