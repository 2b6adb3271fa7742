"""The Verifalia plugin end to end through the real binary: 2,500 addresses verified on the
sandbox in a handful of jobs with every row getting the world's verdict, failover across the
api-N hosts with one made to fail, a run killed mid-job and resumed on the same job, bearer
tokens with TOTP, and the account capability."""
import json
import math
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, WORLD_BIN, CountingServer, LeadflowTestCase, leadflow, read_csv

SIMULATOR = Path(PLUGIN_DIR) / "leadflow-verifalia-sim"
EXAMPLE = WORKFLOWS / "examples" / "verifalia-verify-list.yaml"
ACCOUNT_EXAMPLE = WORKFLOWS / "examples" / "verifalia-account.yaml"
EXAMPLE_BATCH = 500  # the example's batch size

# The world's verdict -> (status, reason) as the README's table says. Verifalia cannot tell a
# closed mailbox from a missing one, so mailbox_disabled reads no_such_user.
EXPECTED = {
    "deliverable": ("deliverable", "valid"),
    "mailbox_full": ("risky", "mailbox_full"),
    "mailbox_disabled": ("undeliverable", "no_such_user"),
    "no_such_user": ("undeliverable", "no_such_user"),
    "catch_all": ("risky", "catch_all"),
    "domain_nonexistent": ("undeliverable", "domain_nonexistent"),
    "syntax_error": ("undeliverable", "syntax_error"),
}


def world_addresses(count):
    """`count` distinct addresses meeting every verdict: the world tool's list, then variants of
    the people's addresses (missing mailboxes, catch-all and unknown domains), webmail,
    disposable services and broken syntax."""
    listed = subprocess.run([WORLD_BIN, "emails", "--rows", "400"], capture_output=True, text=True, check=True).stdout.split()[1:]
    people = [json.loads(line) for line in
              subprocess.run([WORLD_BIN, "truth"], capture_output=True, text=True, check=True).stdout.splitlines()]
    addresses = list(dict.fromkeys(listed))
    n = 0
    while len(addresses) < count:
        person = people[n % len(people)]
        local, domain = person["email"].split("@")
        variant = n // len(people)
        kind = n % 7
        if kind == 0:
            addresses.append(f"user{n}@gmail.com")
        elif kind == 1:
            addresses.append(f"temp{n}@mailinator.com")
        elif kind == 2:
            addresses.append(f"broken-address-{n}")
        else:
            addresses.append(f"{local}.v{variant}@{domain}")
        addresses = list(dict.fromkeys(addresses))
        n += 1
    return addresses[:count]


def verdicts(addresses):
    out = subprocess.run([WORLD_BIN, "verdicts"], input="\n".join(addresses) + "\n", capture_output=True, text=True,
                         check=True).stdout
    return {v["email"]: v for v in map(json.loads, out.splitlines())}


class Simulator:
    """A standalone Verifalia simulator whose jobs take `job_ms`, for runs that must outlive one
    leadflow process (resume) or use the three host paths (failover)."""

    def __init__(self, job_ms, time_scale=1):
        self.process = subprocess.Popen([str(SIMULATOR), "--port", "0", "--job-ms", str(job_ms), "--time-scale", str(time_scale)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        announcement = json.loads(self.process.stdout.readline())
        self.base_url = announcement["base_url"]
        self.username = announcement["config"]["username"]
        self.password = announcement["config"]["password"]
        self.origin = self.base_url.rsplit("/", 1)[0]
        self.hosts = [f"{self.origin}/api-{i}/v2.6" for i in (1, 2, 3)]

    def get(self, path):
        with urllib.request.urlopen(self.origin + path, timeout=10) as answer:
            return json.load(answer)

    def post(self, path, body):
        request = urllib.request.Request(self.origin + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


class VerifaliaSandbox(LeadflowTestCase):
    def test_2500_addresses_take_a_handful_of_jobs_under_the_rate_limit_and_match_the_world(self):
        addresses = world_addresses(2500)
        truth = verdicts(addresses)
        leads = self.write("emails.csv", "email\n" + "\n".join(addresses) + "\n")
        result = leadflow("run", EXAMPLE, "--sandbox", "-i", leads, "-o", self.tmp / "out.csv", "--state", self.tmp / "state",
                          "--summary-json", self.tmp / "summary.json", "--no-progress")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "out.csv")
        self.assertEqual([r["email"] for r in rows], addresses)
        seen_kinds = set()
        for row in rows:
            verdict = truth[row["email"]]
            kind = verdict["kind"]
            if kind == "catch_all" and verdict["disposable"]:
                expected = ("undeliverable", "disposable")
            else:
                expected = EXPECTED[kind]
            seen_kinds.add(kind + ("/disposable" if verdict["disposable"] else ""))
            self.assertEqual((row["verify.status"], row["verify.reason"]), expected, row)
            self.assertEqual(row["verify.free"], str(verdict["free"]).lower(), row)
            self.assertEqual(row["verify.role"], str(verdict["role"]).lower(), row)
            self.assertEqual(row["verify.disposable"], str(verdict["disposable"]).lower(), row)
            self.assertEqual(row["verify.syntax_ok"], str(kind != "syntax_error").lower(), row)
            self.assertEqual(row["verify.error"], "")
        self.assertGreaterEqual(len(seen_kinds), 8, seen_kinds)

        summary = json.loads((self.tmp / "summary.json").read_text())
        provider = summary["providers"][0]
        sandbox = summary["sandbox"][0]
        jobs = sandbox["observed"]["/_sandbox/verifalia/jobs"]
        self.assertEqual(jobs["job_count"], math.ceil(2500 / EXAMPLE_BATCH), jobs)
        self.assertEqual(jobs["entries"], 2500)
        self.assertLess(provider["requests"], 80, "a job per batch, a few polls and entries pages, not a request per address")
        self.assertEqual(provider["throttled"], 0)
        stats = sandbox["stats"]["classes"]["default"]
        self.assertEqual(stats["refused"], 0)
        span_s = max(1.0, (stats["last_ms"] - stats["first_ms"]) / 1000)
        self.assertLessEqual(stats["allowed"] / span_s, 6.0, stats)
        self.assertEqual(sandbox["ledger"]["total"], 2500, "each address paid once, at Standard quality")

    def test_under_injected_5xx_drops_and_429s_every_row_gets_its_verdict_and_nothing_is_paid_twice(self):
        addresses = world_addresses(600)
        truth = verdicts(addresses)
        leads = self.write("emails.csv", "email\n" + "\n".join(addresses) + "\n")
        result = leadflow("run", EXAMPLE, "--sandbox", "--faults", "5xx:0.1,drop:0.05,429:0.1", "-i", leads, "-o", self.tmp / "out.csv",
                          "--state", self.tmp / "state", "--summary-json", self.tmp / "summary.json", "--no-progress")
        self.assertEqual(result.returncode, 0, result.stderr)
        for row in read_csv(self.tmp / "out.csv"):
            verdict = truth[row["email"]]
            expected = ("undeliverable", "disposable") if verdict["kind"] == "catch_all" and verdict["disposable"] \
                else EXPECTED[verdict["kind"]]
            self.assertEqual((row["verify.status"], row["verify.reason"]), expected, row)
        sandbox = json.loads((self.tmp / "summary.json").read_text())["sandbox"][0]
        self.assertEqual(sandbox["observed"]["/_sandbox/verifalia/jobs"]["job_count"], math.ceil(600 / EXAMPLE_BATCH))
        self.assertEqual(sandbox["ledger"]["total"], 600, "no batch was submitted (and paid) twice")

    def test_the_example_workflow_runs_on_the_sandbox(self):
        result = leadflow("run", EXAMPLE, "--sandbox", "-o", self.tmp / "out.csv", "--state", self.tmp / "state", "--no-progress")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = read_csv(self.tmp / "out.csv")
        self.assertGreater(len(rows), 10)
        self.assertTrue(all(r["verify.status"] in ("deliverable", "risky", "undeliverable", "unknown") for r in rows), rows)

    def test_account_reports_the_balance_and_the_quality_levels(self):
        result = leadflow("run", ACCOUNT_EXAMPLE, "--sandbox", "-o", self.tmp / "account.jsonl", "--state", self.tmp / "state",
                          "--no-progress")
        self.assertEqual(result.returncode, 0, result.stderr)
        row = json.loads((self.tmp / "account.jsonl").read_text().splitlines()[0])
        self.assertEqual(row["account"]["status"], "done")
        self.assertEqual(row["account"]["credits_remaining"], 100000)
        self.assertEqual([q["id"] for q in row["account"]["quality_levels"]], ["Standard", "High", "Extreme"])


class VerifaliaStandalone(LeadflowTestCase):
    def workflow(self, name, config, batch=100):
        lines = "\n".join(f"      {key}: {json.dumps(value)}" for key, value in config.items())
        return self.write(f"{name}.yaml", f"""version: 1
providers:
  verifalia:
    plugin: verifalia
    config:
{lines}
input: {{path: emails.csv}}
output: {{path: out-{name}.csv}}
steps:
  - id: verify
    capability: verify_email
    provider: verifalia
    batch: {{size: {batch}, linger: 200ms}}
    input:
      email: "{{{{email}}}}"
""")

    def leads(self, count):
        addresses = world_addresses(count)
        self.write("emails.csv", "email\n" + "\n".join(addresses) + "\n")
        return addresses

    def check_rows(self, name, addresses):
        truth = verdicts(addresses)
        rows = read_csv(self.tmp / f"out-{name}.csv")
        self.assertEqual([r["email"] for r in rows], addresses)
        for row in rows:
            verdict = truth[row["email"]]
            expected = ("undeliverable", "disposable") if verdict["kind"] == "catch_all" and verdict["disposable"] \
                else EXPECTED[verdict["kind"]]
            self.assertEqual((row["verify.status"], row["verify.reason"]), expected, row)

    def run_leadflow(self, *args, state="state"):
        return leadflow(*args, "--state", self.tmp / state, "--no-progress", timeout=120)

    def checkpointed(self, rows):
        """True once every row of the batch has the job id checkpointed in the state store."""
        try:
            with sqlite3.connect(f"file:{self.tmp / 'state' / 'leadflow.db'}?mode=ro", uri=True, timeout=1) as db:
                return db.execute("SELECT count(*) FROM checkpoints").fetchone()[0] >= rows
        except sqlite3.Error:
            return False

    def test_with_one_host_failing_the_run_completes_through_the_others(self):
        simulator = Simulator(job_ms=500)
        try:
            simulator.post("/_sandbox/verifalia/hosts", {"down": ["api-1"], "status": 503})
            addresses = self.leads(120)
            wf = self.workflow("failover", {"username": simulator.username, "password": simulator.password,
                                            "base_url": ", ".join(simulator.hosts)})
            result = self.run_leadflow("run", wf)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.check_rows("failover", addresses)
            observed = simulator.get("/_sandbox/verifalia/jobs")
            self.assertGreater(observed["requests_by_host"].get("api-1", 0), 0, observed)
            self.assertGreater(observed["requests_by_host"].get("api-2", 0) + observed["requests_by_host"].get("api-3", 0), 0)
            self.assertEqual(observed["job_count"], 2, "the refused submission created no job; each batch made one")
            self.assertEqual(simulator.get("/_sandbox/ledger")["total"], 120)
        finally:
            simulator.close()

    def test_a_run_killed_mid_job_resumes_on_the_same_job_without_paying_again(self):
        simulator = Simulator(job_ms=4000)
        try:
            addresses = self.leads(50)
            wf = self.workflow("resume", {"username": simulator.username, "password": simulator.password,
                                          "base_url": simulator.base_url})
            env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
            proc = subprocess.Popen([BIN, "run", str(wf), "--state", str(self.tmp / "state"), "--no-progress"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
            # Killed once the job id is durable: submitted, and checkpointed in the state store.
            deadline = time.monotonic() + 30
            while not self.checkpointed(len(addresses)) and time.monotonic() < deadline:
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=10)
            jobs = simulator.get("/_sandbox/verifalia/jobs")
            self.assertEqual(jobs["job_count"], 1)
            self.assertEqual(jobs["jobs"][0]["status"], "InProgress", "killed while the job was still running")

            result = self.run_leadflow("run", wf, "--resume")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.check_rows("resume", addresses)
            self.assertEqual(simulator.get("/_sandbox/verifalia/jobs")["job_count"], 1, result.stderr)
            self.assertEqual(simulator.get("/_sandbox/ledger")["total"], 50, "paid once")
        finally:
            simulator.close()

    def test_bearer_tokens_with_a_totp_second_factor(self):
        simulator = Simulator(job_ms=0)
        try:
            addresses = self.leads(20)
            wf = self.workflow("bearer", {"auth": "bearer", "username": "sandbox-verifalia-mfa-user", "password": simulator.password,
                                          "totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "base_url": simulator.base_url})
            result = self.run_leadflow("run", wf)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.check_rows("bearer", addresses)
            self.assertNotIn("JBSWY3DPEHPK3PXP", result.stderr)
            self.assertNotIn(simulator.password, (self.tmp / "out-bearer.csv").read_text())

            wrong = self.workflow("wrong", {"auth": "bearer", "username": "sandbox-verifalia-mfa-user", "password": simulator.password,
                                            "base_url": simulator.base_url})
            result = self.run_leadflow("run", wrong, state="state-wrong")
            self.assertEqual(result.returncode, 69, result.stderr)
            self.assertIn("totp_secret", (self.tmp / "out-wrong.csv").read_text())
        finally:
            simulator.close()

    def test_a_callback_url_is_sent_with_the_job_and_called_on_completion_while_polling_goes_on(self):
        simulator = Simulator(job_ms=800)
        try:
            with CountingServer(status=200, body={"ok": True}) as receiver:
                addresses = self.leads(30)
                wf = self.workflow("callback", {"username": simulator.username, "password": simulator.password,
                                                "base_url": simulator.base_url, "callback_url": receiver.url + "/hooks/verifalia",
                                                "job_name": "e2e-callback"})
                result = self.run_leadflow("run", wf)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.check_rows("callback", addresses)
                deadline = time.monotonic() + 10
                while not receiver.requests and time.monotonic() < deadline:
                    time.sleep(0.05)
                self.assertEqual(len(receiver.requests), 1)
                method, path, headers, body = receiver.requests[0]
                self.assertEqual((method, path), ("POST", "/hooks/verifalia"))
                event = json.loads(body)["event"]
                self.assertEqual(event["type"], "email-validation.completed")
                self.assertTrue(event["data"]["name"].startswith("e2e-callback #"), event)
                job_ids = {row["verify.job_id"] for row in read_csv(self.tmp / "out-callback.csv")}
                self.assertEqual(job_ids, {event["data"]["id"]})
                self.assertTrue(headers.get("Idempotency-Key"))
        finally:
            simulator.close()
