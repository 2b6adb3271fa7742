"""The four chained example workflows of workflows/ run on the sandbox, and every row is checked
against the fake world's truth: the verified waterfall (VoilaNorbert, then Snov.io, each address
checked by Verifalia), Dropcontact's enrichment, the Snov.io campaign and its suppression list;
domain prospecting fanning one company out into its people; a list verified in batches; and
InsideView contact ids. `leadflow plan` is compared with the credits the run then spends."""
import csv
import json
import subprocess

from leadflow_e2e import WORLD_BIN, WORKFLOWS, LeadflowTestCase, leadflow, read_csv

# The world's verdict of an address -> the status every verifier gives it (docs/vocabulary.md).
STATUS = {
    "deliverable": "deliverable",
    "mailbox_full": "risky",
    "mailbox_disabled": "undeliverable",
    "no_such_user": "undeliverable",
    "catch_all": "risky",
    "domain_nonexistent": "undeliverable",
    "syntax_error": "undeliverable",
}
SUPPRESSED_DOMAIN = "juniper-design.example"
SUPPRESSED_ADDRESS = "kofi.silva@falcon-analytics.example"


def world(*args):
    out = subprocess.run([WORLD_BIN, *args], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def verdicts(addresses):
    out = subprocess.run([WORLD_BIN, "verdicts"], input="\n".join(addresses) + "\n", capture_output=True, text=True, check=True).stdout
    return {v["email"]: v for v in map(json.loads, out.splitlines())}


def expected_status(verdict):
    if verdict["disposable"]:
        return ("risky", "undeliverable")
    return (STATUS[verdict["kind"]],)


class WorkflowExamples(LeadflowTestCase):
    def run_example(self, name, *extra):
        summary = self.tmp / "summary.json"
        output = self.tmp / f"{name}.csv"
        result = leadflow("run", WORKFLOWS / f"{name}.yaml", "--sandbox", "-o", output, "--state", self.tmp / "state",
                          "--summary-json", summary, "--no-progress", *extra)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return read_csv(output), json.loads(summary.read_text()), result

    def test_find_verify_enrich_add_matches_the_world_and_respects_the_suppression_list(self):
        rows, summary, _ = self.run_example("find-verify-enrich-add")
        people = {(p["first_name"], p["last_name"], p["domain"]): p for p in world("truth")}
        with open(WORKFLOWS / "leads" / "find-verify-enrich-add.csv", newline="", encoding="utf-8") as f:
            self.assertEqual(len(rows), sum(1 for _ in csv.DictReader(f)))
        outcomes = set()
        for row in rows:
            person = people[(row["first_name"], row["last_name"], row["domain"])]
            if person["domain_kind"] == "nonexistent":
                self.assertEqual(row["find.status"], "failed", row)  # the finder cannot locate the domain
                self.assertIn("invalid_input", row["find.error"])
                self.assertEqual(row["campaign.status"], "skipped")
                outcomes.add("nonexistent domain")
                continue
            if person["findable"] and person["verdict"] == "deliverable":
                self.assertEqual(row["find.status"], "found", row)
                self.assertEqual(row["find.email"], person["email"])
                self.assertEqual(row["find.verify_status"], "deliverable")
                self.assertIn(row["find.provider"], ("norbert", "snov"))
                self.assertEqual(row["enrich.status"], "found", row)
                self.assertEqual(row["enrich.linkedin_url"], person["linkedin_url"])
                self.assertTrue(row["enrich.phone"].startswith("'+"), "a phone starting with + is neutralised for spreadsheets")
                if person["domain"] == SUPPRESSED_DOMAIN or person["email"] == SUPPRESSED_ADDRESS:
                    self.assertEqual(row["campaign.status"], "suppressed", row)
                    outcomes.add("suppressed")
                else:
                    self.assertEqual(row["campaign.status"], "added", row)
                    self.assertEqual(row["campaign.provider"], "snov")
                    outcomes.add("added")
                continue
            # Unfindable, or found but not deliverable: no address passes, the campaign is skipped.
            self.assertEqual(row["find.status"], "not_found", row)
            self.assertEqual(row["find.email"], "")
            self.assertEqual(row["enrich.status"], "skipped")
            self.assertEqual(row["campaign.status"], "skipped")
            if person["findable"]:
                # Both finders found the same address; Verifalia checked it once and turned it down.
                self.assertIn(f"norbert: found {person['email']} ({STATUS[person['verdict']]})", row["find.attempts"])
                self.assertIn(f"snov: found {person['email']}", row["find.attempts"])
                outcomes.add("rejected")
            else:
                self.assertIn("norbert: not_found", row["find.attempts"])
                self.assertIn("snov: not_found", row["find.attempts"])
                outcomes.add("unfindable")
        self.assertEqual(outcomes, {"nonexistent domain", "added", "suppressed", "rejected", "unfindable"})
        self.assertEqual(summary["suppressed"], 3)
        ledgers = {s["plugin"]: s["ledger"]["total"] for s in summary["sandbox"] if "ledger" in s}
        for provider in summary["providers"]:
            if provider["plugin"] in ledgers:
                self.assertAlmostEqual(provider["credits"], ledgers[provider["plugin"]], msg=provider["name"])

    def test_plan_predicts_the_credits_of_the_sandbox_run_within_ten_percent(self):
        planned = leadflow("plan", WORKFLOWS / "find-verify-enrich-add.yaml", "--sandbox", "--json", "--state", self.tmp / "state")
        self.assertEqual(planned.returncode, 0, planned.stderr)
        plan = json.loads(planned.stdout)
        _, summary, _ = self.run_example("find-verify-enrich-add")
        spent = sum(p["credits"] for p in summary["providers"])
        self.assertGreater(spent, 0)
        self.assertLessEqual(abs(plan["credits"] - spent) / spent, 0.10, f"planned {plan['credits']:.1f}, spent {spent}")
        self.assertEqual(plan["rows"], summary["rows_read"])
        # The plan walked the waterfall: every provider of the workflow has calls.
        self.assertEqual({p["name"] for p in plan["providers"] if p["calls"] > 0}, {"norbert", "snov", "verifalia", "dropcontact"})

    def test_a_second_plan_knows_the_cached_lookups_are_free(self):
        rows, _, _ = self.run_example("find-verify-enrich-add")
        planned = leadflow("plan", WORKFLOWS / "find-verify-enrich-add.yaml", "--sandbox", "--json", "--state", self.tmp / "state")
        plan = json.loads(planned.stdout)
        first_attempt = next(s for s in plan["steps"] if s["key"] == "find@norbert")
        answered = sum(1 for r in rows if r["find.status"] != "failed")  # failures are never cached
        self.assertEqual(first_attempt["rows"], len(rows))
        self.assertEqual(first_attempt["cache_hits"], answered)
        self.assertLess(first_attempt["credits"], len(rows) - answered + 0.01)

    def test_verify_list_gives_every_address_the_worlds_verdict_in_batches(self):
        rows, summary, _ = self.run_example("verify-list")
        with open(WORKFLOWS / "leads" / "verify-list.csv", newline="", encoding="utf-8") as f:
            addresses = [r["email"] for r in csv.DictReader(f)]
        self.assertEqual([r["email"] for r in rows], addresses)
        truth = verdicts(addresses)
        kinds = set()
        for row in rows:
            verdict = truth[row["email"]]
            kinds.add(verdict["kind"])
            self.assertIn(row["verify.status"], expected_status(verdict), row)
            self.assertEqual(row["verify.provider"], "verifalia")
        self.assertGreaterEqual(len(kinds), 6, kinds)
        self.assertLessEqual(summary["batches"], 2, "one Verifalia job per 500 addresses")

    def test_domain_prospecting_fans_each_company_out_into_its_people(self):
        rows, summary, _ = self.run_example("domain-prospecting")
        people = world("truth")
        with open(WORKFLOWS / "leads" / "domain-prospecting.csv", newline="", encoding="utf-8") as f:
            companies = list(csv.DictReader(f))
        self.assertGreater(len(rows), len(companies), "one row per person found")
        self.assertEqual(summary["rows_read"], len(companies))
        by_email = {p["email"]: p for p in people}
        # Output keeps input order: each company's people come together, in the input's order.
        order = [c["domain"] for c in companies]
        positions_of_rows = [order.index(r["domain"]) for r in rows]
        self.assertEqual(positions_of_rows, sorted(positions_of_rows))
        checked = 0
        generic = [r["prospects.email"] for r in rows if r["prospects.type"] == "generic"]
        generic_truth = verdicts(generic) if generic else {}
        for row in rows:
            if row["prospects.status"] != "found" or not row["prospects.email"]:
                continue
            if row["prospects.type"] == "generic":  # the company's role addresses (contact@, info@...)
                self.assertEqual(row["positions"], "", "generic addresses only come when no position is asked")
                self.assertEqual(row["verify.status"], STATUS[generic_truth[row["prospects.email"]]["kind"]], row)
                continue
            person = by_email.get(row["prospects.email"])
            self.assertIsNotNone(person, row)
            self.assertEqual(person["domain"], row["domain"])
            wanted = [p.strip().lower() for p in row["positions"].split(",") if p.strip()]
            if wanted:
                self.assertTrue(any(w in person["title"].lower() for w in wanted), (row, person["title"]))
            self.assertEqual(row["verify.status"], STATUS[person["verdict"]], row)
            checked += 1
        self.assertGreater(checked, 5)
        # Planned again with this run's results in the cache, the fan-out is known person by person.
        planned = leadflow("plan", WORKFLOWS / "domain-prospecting.yaml", "--sandbox", "--json", "--state", self.tmp / "state")
        plan = json.loads(planned.stdout)
        self.assertEqual(plan["output_rows"], len(rows))
        self.assertEqual(plan["credits"], 0)

    def test_enrich_insideview_gives_each_contact_id_its_person(self):
        rows, summary, _ = self.run_example("enrich-insideview")
        people = {str(p["id"]): p for p in world("truth")}
        for row in rows:
            person = people.get(row["contact_id"])
            if person is None:
                self.assertEqual(row["contact.status"], "not_found", row)
                continue
            self.assertEqual(row["contact.status"], "found", row)
            self.assertEqual(row["contact.email"], person["email"])
            self.assertEqual(row["contact.last_name"], person["last_name"])
        self.assertEqual(summary["batches"], 1, "one bulk job for the whole list")

    def test_echo_masks_every_secret_and_fills_in_the_defaults(self):
        env = {"VOILANORBERT_API_KEY": "vn-secret-0123", "SNOV_CLIENT_ID": "snov-id-4567", "SNOV_CLIENT_SECRET": "snov-secret-89ab",
               "VERIFALIA_USERNAME": "someone", "VERIFALIA_PASSWORD": "verifalia-pass-cdef", "DROPCONTACT_API_KEY": "dc-key-0000"}
        echoed = leadflow("echo", WORKFLOWS / "find-verify-enrich-add.yaml", env=env)
        self.assertEqual(echoed.returncode, 0, echoed.stderr)
        for key, value in env.items():
            if key != "VERIFALIA_USERNAME":
                self.assertNotIn(value, echoed.stdout + echoed.stderr)
        self.assertIn("next_on:", echoed.stdout)
        self.assertIn('on_error: "continue"', echoed.stdout)
        self.assertIn('username: "someone"', echoed.stdout)
