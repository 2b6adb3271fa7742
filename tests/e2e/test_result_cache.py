"""The result cache in runs: the same lookups a second time, in this workflow or another, cost
nothing (the simulator's ledger says so), duplicate rows are paid once, and --no-cache and
--refresh go back to the provider."""
import json

from leadflow_e2e import WORKFLOWS, LeadflowTestCase, leadflow, read_csv

EXAMPLE = WORKFLOWS / "find-email.yaml"
LEADS = WORKFLOWS / "leads" / "find-email.csv"


class ResultCache(LeadflowTestCase):
    def run_example(self, name, *extra, leads=LEADS, workflow=EXAMPLE):
        summary = self.tmp / f"{name}.json"
        result = leadflow("run", workflow, "--sandbox", "-i", leads, "-o", self.tmp / f"{name}.csv", "--state", self.tmp / "state",
                          "--summary-json", summary, *extra)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return json.loads(summary.read_text()), read_csv(self.tmp / f"{name}.csv")

    @staticmethod
    def charged(summary):
        return summary["sandbox"][0]["ledger"]["total"]

    def test_the_second_run_costs_nothing_and_gives_the_same_results(self):
        first, first_rows = self.run_example("first")
        self.assertGreater(self.charged(first), 0)
        second, second_rows = self.run_example("second")
        self.assertEqual(self.charged(second), 0, "the provider was paid again for lookups already bought")
        self.assertEqual(second["providers"][0]["credits"], 0)
        self.assertEqual([r["find.email"] for r in first_rows], [r["find.email"] for r in second_rows])

    def test_another_workflow_with_the_same_lookups_is_served_from_the_same_state(self):
        self.run_example("first")
        other = self.write("other.yaml", EXAMPLE.read_text(encoding="utf-8").replace("name: ", "name: another ", 1)
                           .replace("leads/find-email.csv", str(LEADS)))
        summary, _ = self.run_example("other", workflow=other)
        self.assertEqual(self.charged(summary), 0)

    def test_duplicate_rows_written_differently_are_paid_once(self):
        rows = read_csv(LEADS)
        person = next(r for r in rows if r["domain"])
        leads = self.write("dupes.csv", "first_name,last_name,domain,company\n" + "".join(
            f"{first},{last},{domain},\n" for first, last, domain in [
                (person["first_name"], person["last_name"], person["domain"]),
                (" " + person["first_name"].upper(), person["last_name"].lower() + " ", person["domain"].upper()),
                (person["first_name"], person["last_name"], "https://www." + person["domain"] + "/")] * 3))
        summary, out = self.run_example("dupes", leads=leads)
        self.assertEqual(len(out), 9)
        self.assertLessEqual(self.charged(summary), 1, "one person, looked up nine ways, paid more than once")
        self.assertEqual(len({r["find.status"] for r in out}), 1, out)
        self.assertGreaterEqual(summary["cache_hits"], 8)

    def test_no_cache_and_refresh_ask_the_provider_again(self):
        self.run_example("first")
        no_cache, _ = self.run_example("no-cache", "--no-cache")
        self.assertGreater(no_cache["providers"][0]["requests"], 10)
        self.assertEqual(no_cache["cache_hits"], 0)
        refresh, _ = self.run_example("refresh", "--refresh")
        self.assertGreater(refresh["providers"][0]["requests"], 10)
        after, _ = self.run_example("after")
        self.assertLessEqual(after["providers"][0]["requests"], 5, "refreshed answers were not cached")


if __name__ == "__main__":
    import unittest
    unittest.main()
