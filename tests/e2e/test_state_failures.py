"""The state directory in trouble: a full disk, a path that cannot be a directory, a corrupt or
foreign database. Each is a clear error naming the file and a non-zero exit — never a crash."""
import os
import resource
import signal
import subprocess

from leadflow_e2e import BIN, PLUGIN_DIR, WORKFLOWS, LeadflowTestCase, leadflow

EXAMPLE = WORKFLOWS / "find-email.yaml"


class StateFailures(LeadflowTestCase):
    def run_example(self, state, preexec_fn=None):
        env = dict(os.environ, LEADFLOW_PLUGIN_PATH=PLUGIN_DIR)
        return subprocess.run([BIN, "run", str(EXAMPLE), "--sandbox", "--state", str(state), "-o", str(self.tmp / "out.csv"),
                               "--no-progress"], capture_output=True, text=True, env=env, timeout=120, preexec_fn=preexec_fn)

    def test_a_full_disk_is_a_clear_error_and_exit_73(self):
        def small_files():  # writes past 60 kB fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))

        result = self.run_example(self.tmp / "state", preexec_fn=small_files)
        self.assertEqual(result.returncode, 73, result.stderr)
        self.assertIn("leadflow.db", result.stderr)
        self.assertNotIn("internal error", result.stderr)

    def test_a_state_path_under_a_file_is_refused(self):
        blocker = self.write("file", "not a directory")
        result = self.run_example(blocker / "state")
        self.assertEqual(result.returncode, 73, result.stderr)
        self.assertIn("cannot be created", result.stderr)

    def test_a_corrupt_database_is_refused_with_what_to_do(self):
        state = self.tmp / "state"
        state.mkdir()
        (state / "leadflow.db").write_bytes(b"garbage " * 200)
        result = self.run_example(state)
        self.assertEqual(result.returncode, 73, result.stderr)
        self.assertIn("move it aside", result.stderr)

    def test_a_database_locked_by_another_run_is_reported_as_locked(self):
        state = self.tmp / "state"
        self.assertEqual(self.run_example(state).returncode, 0)
        import sqlite3
        holder = sqlite3.connect(state / "leadflow.db", timeout=1, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            result = self.run_example(state)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(result.returncode, 73, result.stderr)
        self.assertIn("locked", result.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
