"""No secret appears in any log, error, summary or output: a recognisable key is planted and
every output is searched for it."""
import unittest

from leadflow_e2e import WORKFLOWS, CountingServer, LeadflowTestCase, leadflow

SECRET = "LFTEST-SECRET-9f27c1d8e4"

WORKFLOW = """\
version: 1
providers:
  norbert:
    plugin: voilanorbert
    config:
      api_key: ${VOILANORBERT_API_KEY}
      base_url: BASE_URL
steps:
  - id: find
    capability: find_email
    provider: norbert
    input:
      full_name: "{{first_name}} {{last_name}}"
      domain: "{{domain}}"
"""


class Secrets(LeadflowTestCase):
    def assert_nowhere(self, secret, result, *files):
        self.assertNotIn(secret, result.stdout)
        self.assertNotIn(secret, result.stderr)
        for path in files:
            for f in ([path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]):
                self.assertNotIn(secret.encode(), f.read_bytes(), f"the secret leaked into {f}")

    def test_a_provider_echoing_the_key_back_leaks_nothing(self):
        # A hostile provider answers 401 and echoes the Authorization header it received.
        leads = self.write_leads(["first_name,last_name,domain", "Ada,Lovelace,example.com", "Alan,Turing,example.com"])
        with CountingServer(status=401, echo_authorization=True) as server:
            wf = self.write("wf.yaml", WORKFLOW.replace("BASE_URL", server.url))
            result = leadflow("-vv", "run", wf, "-i", leads, "-o", self.tmp / "out.jsonl", "--state", self.tmp / "state",
                              env={"VOILANORBERT_API_KEY": SECRET})
        self.assertEqual(result.returncode, 69, result.stderr)
        self.assertIn("auth_failed", (self.tmp / "out.jsonl").read_text())
        self.assertTrue(server.requests, "the run should have tried the provider")
        self.assert_nowhere(SECRET, result, self.tmp / "out.jsonl", self.tmp / "state")

    def test_a_sandbox_run_with_debug_logging_never_shows_the_key_in_use(self):
        result = leadflow("-vv", "run", WORKFLOWS / "find-email.yaml", "--sandbox", "-o", self.tmp / "out.jsonl",
                          "--state", self.tmp / "state", "--no-progress")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_nowhere("sandbox-voilanorbert-key", result, self.tmp / "out.jsonl", self.tmp / "state")

    def test_config_errors_never_echo_the_key(self):
        wf = self.write("wf.yaml", WORKFLOW.replace("BASE_URL", "http://127.0.0.1:9").replace("plugin: voilanorbert", "plugin: voilanorbert\n    bogus: 1"))
        result = leadflow("validate", wf, env={"VOILANORBERT_API_KEY": SECRET})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assert_nowhere(SECRET, result)


if __name__ == "__main__":
    unittest.main()
