"""The engine proven end to end with the probe test provider: rate limits from the manifest and
from the provider's headers, Retry-After, no resend of a non-idempotent request, batching,
budgets, max_in_flight and Ctrl-C. Nothing here measures wall-clock time: the simulator's
virtual timestamps and counters are the evidence."""
import unittest

from probe_runs import ProbeTestCase, probe_workflow

LOOKUP = "probe.lookup"
BATCH = "probe.lookup_batch"
JOB = "probe.job"


def keys(count, prefix="k"):
    return [f"{prefix}{i:03d}" for i in range(count)]


class RateLimits(ProbeTestCase):
    def test_manifest_limits_are_obeyed_so_the_provider_never_refuses(self):
        run = self.succeeded(self.run_probe(probe_workflow(LOOKUP), keys(60)))
        self.assertEqual(len(run.rows), 60)
        for row in run.rows:
            self.assert_row_found(row)
        observed = self.observed(run)
        self.assertEqual(observed["rate_limits"]["lookup"]["refused"], 0, observed["rate_limits"])
        self.assertEqual(self.provider_summary(run)["throttled"], 0)

    def test_a_plan_slower_than_the_manifest_is_obeyed(self):
        workflow = probe_workflow(LOOKUP, provider={"rate_limits": {"lookup": {"per_second": 5, "burst": 1}}})
        # At a low time scale a millisecond of the host's own work is little provider time.
        run = self.succeeded(self.run_probe(workflow, keys(10), time_scale=5))
        for row in run.rows:
            self.assert_row_found(row)
        sent = sorted(times[0] for times in self.observed(run)["times_ms"].values())
        self.assertEqual(len(sent), 10)
        # 5 per second with a burst of 1: one request every 200 ms of provider time at best.
        self.assertGreaterEqual(sent[-1] - sent[0], 9 * 200 - 50, sent)

    def test_a_plan_faster_than_the_provider_learns_from_its_rate_limit_headers(self):
        workflow = probe_workflow(LOOKUP, provider={"rate_limits": {"lookup": {"per_second": 100}}})
        run = self.succeeded(self.run_probe(workflow, keys(60)))
        self.assertEqual(len(run.rows), 60)
        for row in run.rows:
            self.assert_row_found(row)
        throttled = self.provider_summary(run)["throttled"]
        self.assertLessEqual(throttled, 3, "the host kept sending past X-RateLimit-Remaining: 0")
        self.assertLessEqual(self.observed(run)["rate_limits"]["lookup"]["refused"], 3)

    def test_retry_after_is_waited_out_in_provider_time_and_the_row_is_found(self):
        run = self.succeeded(self.run_probe(probe_workflow(LOOKUP), ["k1", "e429-2-x", "k2"]))
        self.assert_row_found(next(r for r in run.rows if r["key"] == "e429-2-x"))
        times = self.observed(run)["times_ms"]["e429-2-x"]
        self.assertEqual(len(times), 2, times)
        self.assertGreaterEqual(times[1] - times[0], 2000, "the resend came before Retry-After: 2 had passed")
        self.assertGreaterEqual(self.provider_summary(run)["throttled"], 1)


class NonIdempotentRequests(ProbeTestCase):
    def assert_never_resent(self, faults, error_words):
        rows_in = keys(40)
        run = self.run_probe(probe_workflow(LOOKUP), rows_in, "--faults", faults)
        self.succeeded(run, codes=(0, 1))
        observed = self.observed(run)
        for key, count in observed["requests"].items():
            self.assertLessEqual(count, 1, f"{key} was sent {count} times")
        # Each row sends one request that either reaches the API or is faulted; a resend of a
        # faulted request would make the total exceed the rows.
        reached = sum(observed["requests"].values())
        self.assertEqual(reached + observed["faults_injected"], len(rows_in), observed)
        self.assertGreater(observed["faults_injected"], 0, "the fault injection did nothing")
        failed = [r for r in run.rows if r["look.status"] != "found"]
        self.assertEqual(len(failed), observed["faults_injected"])
        for row in failed:
            self.assertEqual(row["look.status"], "failed", row)
            self.assertRegex(row["look.error"], error_words, row)
        for row in run.rows:
            if row["look.status"] == "found":
                self.assert_row_found(row)

    def test_a_dropped_non_idempotent_lookup_is_never_sent_again(self):
        self.assert_never_resent("drop:0.3", r"^(transport|timeout): ")

    def test_a_non_idempotent_lookup_answered_503_is_never_sent_again(self):
        self.assert_never_resent("5xx:0.3", r"^provider_unavailable: .*HTTP 503")

    def test_an_idempotent_lookup_is_retried_until_it_succeeds(self):
        workflow = probe_workflow(LOOKUP, provider={"config": {"idempotent": True}, "retry": {"attempts": 6, "max_wait": "30s"}})
        run = self.succeeded(self.run_probe(workflow, keys(40), "--faults", "5xx:0.3"))
        for row in run.rows:
            self.assert_row_found(row)
        observed = self.observed(run)
        self.assertGreater(observed["faults_injected"], 0, "the fault injection did nothing")
        self.assertEqual(sum(observed["requests"].values()), 40, "each row reached the API exactly once")
        self.assertGreaterEqual(self.provider_summary(run)["retries"], observed["faults_injected"])

    def test_a_key_failing_twice_then_answering_is_found_after_retries_when_idempotent(self):
        workflow = probe_workflow(LOOKUP, provider={"config": {"idempotent": True}, "retry": {"attempts": 3, "max_wait": "30s"}})
        run = self.succeeded(self.run_probe(workflow, ["e5xx-2-x"]))
        self.assert_row_found(run.rows[0])
        self.assertEqual(self.observed(run)["requests"]["e5xx-2-x"], 3)


class Batches(ProbeTestCase):
    BAD_AT = 7

    def batch_keys(self):
        rows = keys(23)
        rows[self.BAD_AT] = "bad-x"
        return rows

    def assert_batched(self, size):
        workflow = probe_workflow(BATCH, step={"batch": {"size": size, "linger": "500ms"}})
        run = self.succeeded(self.run_probe(workflow, self.batch_keys()))
        self.assertEqual([r["key"] for r in run.rows], self.batch_keys(), "every row, in input order")
        for row in run.rows:
            if row["key"] == "bad-x":
                self.assertEqual(row["look.status"], "failed", row)
                self.assertRegex(row["look.error"], r"^invalid_input: .*bad-x", row)
            else:
                self.assert_row_found(row)
        observed = self.observed(run)
        self.assertLessEqual(observed["max_batch_items"], size, observed["batch_sizes"])
        self.assertGreater(observed["max_batch_items"], 1, "rows were sent one by one, not batched")
        self.assertEqual(sum(observed["batch_sizes"]), 23, "every row was sent in exactly one batch")
        self.assertEqual(self.provider_summary(run)["credits"], 22)

    def test_batches_of_5_hold_at_most_5_rows_and_every_row_gets_its_own_result(self):
        self.assert_batched(5)

    def test_batches_of_3_hold_at_most_3_rows_and_every_row_gets_its_own_result(self):
        self.assert_batched(3)

    def test_a_batch_size_above_the_capabilitys_max_batch_is_a_validation_error_at_the_steps_line(self):
        workflow = probe_workflow(BATCH, step={"batch": {"size": 6, "linger": "500ms"}})
        run = self.run_probe(workflow, keys(3))
        self.assertEqual(run.result.returncode, 78, run)
        lines = workflow.splitlines()
        step_line = next(i for i, line in enumerate(lines, 1) if line.startswith("  - id: look"))
        batch_line = next(i for i, line in enumerate(lines, 1) if line.startswith("    batch:"))
        self.assertRegex(run.result.stderr, rf"wf\.yaml:({step_line}|{batch_line})\b")
        self.assertIn("batch", run.result.stderr)
        self.assertIn("5", run.result.stderr, "the message should give the capability's max_batch")
        self.assertEqual(run.rows, [], "nothing may run")


class Budgets(ProbeTestCase):
    def assert_stopped_by_budget(self, run, run_level):
        self.assertNotEqual(run.result.returncode, 0, run)
        observed = self.observed(run)
        self.assertLessEqual(observed["ledger_total"], 10, "the provider charged past the budget")
        self.assertLessEqual(observed["charged"], 10, "the provider answered more paid lookups than the budget")
        summary = self.summary(run)
        if run_level:
            self.assertEqual(summary.get("stopped_by"), "budget", summary)
        else:
            provider_stop = self.provider_summary(run).get("stopped_by") or ""
            self.assertTrue(summary.get("stopped_by") == "budget" or "budget" in provider_stop, summary)
        found = [r for r in run.rows if r["look.status"] == "found"]
        self.assertGreater(len(found), 0, "the budget stopped the run before anything was bought")
        self.assertEqual(len(found), observed["ledger_total"])
        for row in run.rows:
            if row["look.status"] == "found":
                self.assert_row_found(row)
            else:
                self.assertRegex(row["look.error"], r"(?i)budget", row)
        self.assertEqual(len(run.rows), summary["rows_read"], "every row read is in the output")

    def test_a_run_budget_stops_buying_at_10_credits(self):
        run = self.run_probe(probe_workflow(LOOKUP, budget=10), keys(40))
        self.assert_stopped_by_budget(run, run_level=True)

    def test_a_provider_budget_stops_buying_at_10_credits(self):
        run = self.run_probe(probe_workflow(LOOKUP, provider={"budget": 10}), keys(40))
        self.assert_stopped_by_budget(run, run_level=False)


class MaxInFlight(ProbeTestCase):
    def test_no_more_than_2_jobs_run_at_once(self):
        run = self.succeeded(self.run_probe(probe_workflow(JOB), keys(10)))
        for row in run.rows:
            self.assert_row_found(row)
        observed = self.observed(run)
        self.assertLessEqual(observed["max_concurrent_jobs"], 2)
        self.assertEqual(observed["max_concurrent_jobs"], 2, "jobs ran one at a time: a sleeping job blocked the others")
        self.assertEqual(observed["job_submits"], 10)

    def test_slow_jobs_mixed_with_quick_ones_still_let_the_run_finish(self):
        rows_in = [f"slow-{i}" if i % 3 == 0 else f"k{i}" for i in range(9)]
        run = self.succeeded(self.run_probe(probe_workflow(JOB), rows_in, timeout=40))
        self.assertEqual([r["key"] for r in run.rows], rows_in)
        for row in run.rows:
            self.assert_row_found(row)
        observed = self.observed(run)
        self.assertLessEqual(observed["max_concurrent_jobs"], 2)
        self.assertEqual(observed["jobs_in_flight"], 0)

    def test_a_provider_max_in_flight_below_the_capabilitys_caps_it_further(self):
        workflow = probe_workflow(JOB, provider={"max_in_flight": 1})
        run = self.succeeded(self.run_probe(workflow, keys(4)))
        for row in run.rows:
            self.assert_row_found(row)
        self.assertEqual(self.observed(run)["max_concurrent_jobs"], 1)


class Interrupt(ProbeTestCase):
    def test_ctrl_c_stops_a_run_of_slow_jobs_and_loses_no_row_and_pays_no_key_twice(self):
        rows_in = keys(200, prefix="slow-")
        run = self.interrupt_probe(probe_workflow(JOB), rows_in)
        self.assertEqual(run.result.returncode, 130, run)
        summary = self.summary(run)
        self.assertEqual(summary.get("stopped_by"), "interrupted", summary)
        self.assertEqual(len(run.rows), summary["rows_read"], "every row read is in the output")
        self.assertEqual([r["key"] for r in run.rows], rows_in[:len(run.rows)])
        stopped = [r for r in run.rows if r["look.status"] != "found"]
        self.assertTrue(stopped, "every row finished: the interrupt came too late to test anything")
        for row in stopped:
            self.assertRegex(row["look.status"] + " " + row["look.error"], r"(?i)interrupt|cancel", row)
        observed = self.observed(run)
        for key, count in observed["requests"].items():
            self.assertLessEqual(count, 1, f"{key} was submitted {count} times")
        self.assertEqual(observed["charged"], observed["ledger_total"], "a key was paid twice")


if __name__ == "__main__":
    unittest.main()
