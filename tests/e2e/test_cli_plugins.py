"""`leadflow plugins`, `--version` and `--help`: what a newcomer types first."""
import json
import unittest

from leadflow_e2e import LeadflowTestCase, leadflow


class Plugins(LeadflowTestCase):
    def test_list_shows_the_voilanorbert_plugin_and_its_capabilities(self):
        result = leadflow("plugins", "list")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"voilanorbert\s+\S+\s+ABI 1\.\d+\s+.*find_email")

    def test_list_json_is_machine_readable(self):
        listing = json.loads(leadflow("plugins", "list", "--json").stdout)
        self.assertIn("voilanorbert", [p["id"] for p in listing])

    def test_info_shows_config_fields_secrets_limits_and_costs(self):
        result = leadflow("plugins", "info", "voilanorbert")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"api_key\s+string")
        self.assertIn("secret", result.stdout)
        self.assertRegex(result.stdout, r"search_name\s+300/min, 100000/day")
        self.assertIn("find_email", result.stdout)

    def test_info_json_prints_the_manifest(self):
        manifest = json.loads(leadflow("plugins", "info", "voilanorbert", "--json").stdout)
        self.assertEqual(manifest["schema"], "leadflow.manifest.v1")

    def test_info_on_an_unknown_plugin_says_where_it_looked(self):
        result = leadflow("plugins", "info", "nosuchprovider")
        self.assertEqual(result.returncode, 78)
        self.assertIn("nosuchprovider", result.stderr)


class Help(LeadflowTestCase):
    def test_version(self):
        result = leadflow("--version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^leadflow \d+\.\d+\.\d+")

    def test_every_subcommand_has_help(self):
        for args in (["--help"], ["run", "--help"], ["validate", "--help"], ["plugins", "--help"],
                     ["plugins", "list", "--help"], ["plugins", "info", "--help"]):
            result = leadflow(*args)
            self.assertEqual(result.returncode, 0, args)
            self.assertIn("Usage", result.stdout, args)

    def test_a_bad_flag_is_a_usage_error(self):
        result = leadflow("run", "--no-such-flag")
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    unittest.main()
