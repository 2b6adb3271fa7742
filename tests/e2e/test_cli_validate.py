"""A bad workflow or config stops everything before any request: validate and run both report
file:line:column and contact no provider."""
import re
import unittest

from leadflow_e2e import WORKFLOWS, CountingServer, LeadflowTestCase, leadflow

GOOD = """\
version: 1
providers:
  norbert:
    plugin: voilanorbert
    config:
      api_key: ${{VOILANORBERT_API_KEY}}
      base_url: {base_url}
steps:
  - id: find
    capability: find_email
    provider: norbert
    input:
      full_name: "{{{{first_name}}}} {{{{last_name}}}}"
      domain: "{{{{domain}}}}"
"""


class Validate(LeadflowTestCase):
    def test_the_example_workflow_is_valid_in_the_sandbox(self):
        result = leadflow("validate", WORKFLOWS / "find-email.yaml", "--sandbox")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("ok (1 provider, 1 step)", result.stderr)

    def test_a_misspelt_key_is_reported_at_its_line_and_column_with_a_suggestion(self):
        text = GOOD.format(base_url="http://127.0.0.1:9").replace("    capability: find_email", "    capabilty: find_email")
        wf = self.write("wf.yaml", text)
        result = leadflow("validate", wf, env={"VOILANORBERT_API_KEY": "k-123456"})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertRegex(result.stderr, re.escape(str(wf)) + r":10:5: error: .*capabilty")
        self.assertIn("capability", result.stderr)

    def test_a_yaml_syntax_error_is_reported_at_its_position(self):
        wf = self.write("wf.yaml", "version: 1\nproviders: [unclosed\n")
        result = leadflow("validate", wf)
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertRegex(result.stderr, re.escape(str(wf)) + r":\d+:\d+: error:")


class StopsBeforeAnyRequest(LeadflowTestCase):
    """Each mistake must stop `run` with exit 78 while the provider (a counting server) sees nothing."""

    def run_against_counter(self, text, env):
        leads = self.write_leads()
        with CountingServer(status=200) as server:
            wf = self.write("wf.yaml", text.replace("BASE_URL", server.url))
            result = leadflow("run", wf, "-i", leads, "-o", self.tmp / "out.csv", "--state", self.tmp / "s", env=env)
            return result, server.requests

    def test_an_unknown_plugin(self):
        text = GOOD.format(base_url="BASE_URL").replace("plugin: voilanorbert", "plugin: voilanorbertt")
        result, requests = self.run_against_counter(text, {"VOILANORBERT_API_KEY": "k-123456"})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertIn("voilanorbertt", result.stderr)
        self.assertRegex(result.stderr, r"wf\.yaml:\d+:\d+: error:")
        self.assertEqual(requests, [])

    def test_a_missing_secret(self):
        result, requests = self.run_against_counter(GOOD.format(base_url="BASE_URL"), {})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertRegex(result.stderr, r"wf\.yaml:6:\d+: error: .*VOILANORBERT_API_KEY")
        self.assertEqual(requests, [])

    def test_an_invalid_config_value(self):
        text = GOOD.format(base_url="BASE_URL").replace("      base_url:", "      poll_interval_ms: soon\n      base_url:")
        result, requests = self.run_against_counter(text, {"VOILANORBERT_API_KEY": "k-123456"})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertIn("poll_interval_ms", result.stderr)
        self.assertEqual(requests, [])

    def test_an_unknown_config_key(self):
        text = GOOD.format(base_url="BASE_URL").replace("      api_key:", "      api_kee: x\n      api_key:")
        result, requests = self.run_against_counter(text, {"VOILANORBERT_API_KEY": "k-123456"})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertIn("api_kee", result.stderr)
        self.assertEqual(requests, [])

    def test_a_capability_the_plugin_does_not_have(self):
        text = GOOD.format(base_url="BASE_URL").replace("capability: find_email", "capability: verify_emails")
        result, requests = self.run_against_counter(text, {"VOILANORBERT_API_KEY": "k-123456"})
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertRegex(result.stderr, r"wf\.yaml:10:\d+: error: .*verify_emails")
        self.assertEqual(requests, [])


if __name__ == "__main__":
    unittest.main()
