"""`leadflow validate` on workflows with one mistake each: every message must name the line and
column of the mistake, so a user fixes it before a credit is spent."""
from leadflow_e2e import LeadflowTestCase, leadflow

GOOD = """\
version: 1
providers:
  norbert:
    plugin: voilanorbert
    config: {api_key: key-for-tests}
  verifier:
    plugin: verifalia
    config: {username: me, password: pass-for-tests}
input: {path: leads.csv}
steps:
  - id: find
    capability: find_email
    provider: [norbert]
    when: '.domain != ""'
    input:
      full_name: "{{first_name}} {{last_name}}"
      domain: "{{domain}}"
  - id: verify
    capability: verify_email
    provider: verifier
    input:
      email: "{{find.email}}"
"""

# (what is wrong, the text replaced, its replacement, line, column, words the message must hold)
MISTAKES = [
    ("a misspelt step key", "    capability: verify_email", "    capabilty: verify_email", 19, 5, ["capabilty", "did you mean"]),
    ("an unknown provider in a waterfall", "provider: [norbert]", "provider: [norbert, snovv]", 13, 25, ["snovv"]),
    ("a capability the plugin lacks", "capability: find_email", "capability: find_emails", 12, 17, ["find_emails"]),
    ("a jq condition that does not compile", "when: '.domain != \"\"'", "when: '.domain !== \"\"'", 14, 22, ["when:", "compile"]),
    ("a jq mapping that does not compile", '"{{domain}}"', '"{{ .domain | nosuchfunction }}"', 17, 29, ["nosuchfunction"]),
    ("a column the input does not have", '"{{domain}}"', '"{{domian}}"', 17, 15, ["domian", "did you mean 'domain'"]),
    ("a step read before it runs", '"{{find.email}}"', '"{{verify.email}}"', 22, 14, ["verify.email"]),
    ("an unset variable without default", "key-for-tests", '"${NO_SUCH_VARIABLE_FOR_TESTS}"', 5, 24, ["NO_SUCH_VARIABLE_FOR_TESTS"]),
    ("an unknown on_error", "    provider: verifier", "    provider: verifier\n    on_error: ignore", 21, 15, ["ignore"]),
    ("an unknown accept level", "provider: [norbert]",
     "provider: [norbert]\n    waterfall: {verify: {provider: verifier, accept: maybe}}", 14, 54, ["maybe"]),
    ("a config key of the wrong type", "{api_key: key-for-tests}", "{api_key: key-for-tests, max_wait_ms: soon}", 5, 51, ["max_wait_ms"]),
]


class ValidateNamesTheMistake(LeadflowTestCase):
    def test_the_good_workflow_is_valid(self):
        self.write("leads.csv", "first_name,last_name,domain\nAda,Lovelace,example.com\n")
        path = self.write("good.yaml", GOOD)
        result = leadflow("validate", path)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_each_mistake_is_reported_at_its_line_and_column(self):
        self.write("leads.csv", "first_name,last_name,domain\nAda,Lovelace,example.com\n")
        for what, old, new, line, column, words in MISTAKES:
            with self.subTest(what):
                self.assertIn(old, GOOD, what)
                path = self.write("broken.yaml", GOOD.replace(old, new, 1))
                result = leadflow("validate", path)
                self.assertEqual(result.returncode, 78, result.stderr)
                first = result.stderr.splitlines()[0]
                self.assertTrue(first.startswith(f"{path}:{line}:{column}: error:"), f"{what}: {first}")
                for word in words:
                    self.assertIn(word, result.stderr, what)
