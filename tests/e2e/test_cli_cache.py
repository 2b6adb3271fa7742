"""`leadflow cache stats` and `leadflow cache clear` on a real state directory: one made by a
sandbox run, with results written into its `results` table the way the engine files them."""
import json
import shutil
import sqlite3
import tempfile
import time
import unittest
from pathlib import Path

from leadflow_e2e import WORKFLOWS, LeadflowTestCase, leadflow

DAY_MS = 24 * 3600 * 1000


def run_example(state, output):
    return leadflow("run", WORKFLOWS / "find-email.yaml", "--sandbox", "--state", state, "-o", output, "--no-progress")


class CacheTestCase(LeadflowTestCase):
    """Each test gets a copy of a state directory that one sandbox run created (schema and all)."""

    @classmethod
    def setUpClass(cls):
        cls._template = tempfile.TemporaryDirectory(prefix="leadflow-e2e-cache-")
        cls.template_state = Path(cls._template.name) / "state"
        result = run_example(cls.template_state, Path(cls._template.name) / "out.csv")
        if result.returncode != 0:
            raise RuntimeError(f"the sandbox example failed ({result.returncode}): {result.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls._template.cleanup()

    def setUp(self):
        super().setUp()
        self.state = self.tmp / "state"
        shutil.copytree(self.template_state, self.state)
        with self.database() as db:
            db.execute("DELETE FROM results")  # whatever the run cached: each test writes its own

    def database(self):
        return sqlite3.connect(self.state / "leadflow.db")

    def put(self, realm, plugin, capability, input_key, output, stored_days_ago, ttl_days):
        now = int(time.time() * 1000)
        stored = now - int(stored_days_ago * DAY_MS)
        with self.database() as db:
            db.execute("INSERT INTO results (realm, plugin, capability, input_key, output_json, stored_ms, expires_ms) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (realm, plugin, capability, input_key, json.dumps(output), stored, stored + int(ttl_days * DAY_MS)))

    def put_sample_results(self):
        found = {"status": "found", "email": "ada.lovelace@acme.com", "confidence": 91}
        self.put("live", "voilanorbert", "find_email", '{"domain":"acme.com","full_name":"ada lovelace"}', found, 40, 30)
        self.put("live", "voilanorbert", "find_email", '{"domain":"acme.com","full_name":"alan turing"}', found, 3, 30)
        self.put("live", "voilanorbert", "find_email", '{"domain":"acme.com","full_name":"grace hopper"}', found, 0.1, 30)
        self.put("sandbox", "voilanorbert", "find_email", '{"domain":"acme.com","full_name":"ada lovelace"}', found, 1, 30)
        self.put("live", "snov", "verify_email", '{"email":"ada.lovelace@acme.com"}', {"status": "deliverable"}, 2, 30)

    def cache(self, *args, **kwargs):
        return leadflow("cache", *args, **kwargs)

    def stats_json(self):
        result = self.cache("stats", "--state", self.state, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def entries(self):
        """(realm, plugin, capability) -> entries, from the JSON stats."""
        return {(g["realm"], g["plugin"], g["capability"]): g["entries"] for g in self.stats_json()["groups"]}


class Stats(CacheTestCase):
    def test_stats_lists_entries_expired_size_and_ages_per_realm_plugin_and_capability(self):
        self.put_sample_results()
        result = self.cache("stats", "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(str(self.state / "leadflow.db"), result.stdout)
        self.assertRegex(result.stdout, r"realm\s+plugin\s+capability\s+entries\s+expired\s+size\s+oldest\s+newest")
        self.assertRegex(result.stdout, r"\nlive\s+snov\s+verify_email\s+1\s+0\s+\d+ B\s+2d\s+2d\n")
        self.assertRegex(result.stdout, r"\nlive\s+voilanorbert\s+find_email\s+3\s+1\s+\d+ B\s+40d\s+2h\n")
        self.assertRegex(result.stdout, r"\nsandbox\s+voilanorbert\s+find_email\s+1\s+0\s+\d+ B\s+24h\s+24h\n")
        self.assertRegex(result.stdout, r"\ntotal\s+5\s+1\s+\d+(\.\d)? (B|KiB)\n")

    def test_stats_json_has_one_group_per_realm_plugin_and_capability(self):
        self.put_sample_results()
        report = self.stats_json()
        self.assertEqual(report["database"], str(self.state / "leadflow.db"))
        groups = {(g["realm"], g["plugin"], g["capability"]): g for g in report["groups"]}
        self.assertEqual(set(groups), {("live", "snov", "verify_email"), ("live", "voilanorbert", "find_email"),
                                       ("sandbox", "voilanorbert", "find_email")})
        live = groups[("live", "voilanorbert", "find_email")]
        self.assertEqual((live["entries"], live["expired"]), (3, 1))
        self.assertLess(live["oldest_ms"], live["newest_ms"])
        self.assertLessEqual(live["newest_ms"], report["now_ms"])
        self.assertGreater(live["bytes"], 3 * 40)
        self.assertEqual(report["total"]["entries"], 5)
        self.assertEqual(report["total"]["bytes"], sum(g["bytes"] for g in report["groups"]))

    def test_stats_of_an_empty_cache_says_it_is_empty(self):
        result = self.cache("stats", "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("is empty", result.stdout)
        self.assertEqual(self.stats_json()["groups"], [])

    def test_two_sandbox_runs_keep_whatever_they_cache_out_of_the_live_realm(self):
        state = self.tmp / "runs"
        for attempt in (1, 2):
            result = run_example(state, self.tmp / f"out{attempt}.csv")
            self.assertEqual(result.returncode, 0, result.stderr)
        result = self.cache("stats", "--state", state, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([g for g in json.loads(result.stdout)["groups"] if g["realm"] != "sandbox"], [])

    def test_stats_without_a_state_directory_exits_66_and_creates_nothing(self):
        missing = self.tmp / "nowhere" / ".leadflow"
        result = self.cache("stats", "--state", missing)
        self.assertEqual(result.returncode, 66)
        self.assertIn(f"no result cache in {missing}", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertFalse(missing.exists())

    def test_stats_of_a_directory_without_a_database_exits_66(self):
        empty = self.tmp / "empty"
        empty.mkdir()
        result = self.cache("stats", "--state", empty, "--json")
        self.assertEqual(result.returncode, 66)
        self.assertIn("leadflow.db does not exist", result.stderr)
        self.assertEqual(list(empty.iterdir()), [])

    def test_the_state_directory_defaults_to_leadflow_next_to_the_workflow_then_the_current_directory(self):
        project = self.tmp / "project"
        shutil.copytree(self.state, project / ".leadflow")
        workflow = self.write("project/find.yaml", "version: 1\n")
        with sqlite3.connect(project / ".leadflow" / "leadflow.db") as db:
            db.execute("INSERT INTO results VALUES ('live', 'voilanorbert', 'find_email', '{}', '{}', 0, 0)")

        by_workflow = self.cache("stats", workflow)
        self.assertEqual(by_workflow.returncode, 0, by_workflow.stderr)
        self.assertIn(str(project / ".leadflow" / "leadflow.db"), by_workflow.stdout)
        in_project = self.cache("stats", cwd=project)
        self.assertEqual(in_project.returncode, 0, in_project.stderr)
        self.assertRegex(in_project.stdout, r"live\s+voilanorbert\s+find_email\s+1\s+1")
        elsewhere = self.cache("stats", cwd=self.tmp)
        self.assertEqual(elsewhere.returncode, 66)

    def test_a_workflow_that_does_not_exist_is_a_usage_error(self):
        result = self.cache("stats", self.tmp / "no-such.yaml")
        self.assertEqual(result.returncode, 2)


class Clear(CacheTestCase):
    def test_clear_provider_removes_only_that_plugins_results_in_both_realms(self):
        self.put_sample_results()
        result = self.cache("clear", "--state", self.state, "--provider", "voilanorbert")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Removed 4 cached results of voilanorbert", result.stdout)
        self.assertEqual(self.entries(), {("live", "snov", "verify_email"): 1})

    def test_clear_expired_removes_only_results_whose_ttl_ran_out(self):
        self.put_sample_results()
        result = self.cache("clear", "--state", self.state, "--expired")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Removed 1 expired cached result from", result.stdout)
        self.assertEqual(self.entries()[("live", "voilanorbert", "find_email")], 2)
        total = self.stats_json()["total"]
        self.assertEqual((total["entries"], total["expired"]), (4, 0))

    def test_clear_with_no_filter_removes_everything_and_keeps_the_runs(self):
        self.put_sample_results()
        result = self.cache("clear", "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Removed 5 cached results", result.stdout)
        self.assertEqual(self.entries(), {})
        with self.database() as db:
            self.assertEqual(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0], 1)

    def test_clear_with_the_workflows_provider_name_points_to_the_plugin_id(self):
        self.put_sample_results()
        result = self.cache("clear", "--state", self.state, "--provider", "norbert")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Removed 0 cached results of norbert", result.stdout)
        self.assertIn("--provider takes a plugin id", result.stderr)
        self.assertIn("voilanorbert", result.stderr)
        self.assertEqual(self.stats_json()["total"]["entries"], 5)

    def test_clear_without_a_state_directory_has_nothing_to_clear(self):
        missing = self.tmp / "nowhere" / ".leadflow"
        result = self.cache("clear", "--state", missing, "--provider", "voilanorbert")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("nothing to clear", result.stdout)
        self.assertFalse(missing.exists())


class Help(LeadflowTestCase):
    def test_cache_commands_have_help_with_examples(self):
        for args in (["cache", "--help"], ["cache", "stats", "--help"], ["cache", "clear", "--help"]):
            result = leadflow(*args)
            self.assertEqual(result.returncode, 0, args)
            self.assertIn("Usage", result.stdout, args)
        self.assertRegex(leadflow("cache", "stats", "--help").stdout, r"Examples:\n  leadflow cache stats")
        self.assertRegex(leadflow("cache", "clear", "--help").stdout, r"leadflow cache clear --provider voilanorbert")

    def test_cache_needs_a_subcommand(self):
        self.assertEqual(leadflow("cache").returncode, 2)


if __name__ == "__main__":
    unittest.main()
