"""Shared helpers for the end-to-end tests: run the real `leadflow` binary as a user would, read
its outputs, and stand up tiny loopback servers that count (or answer) provider requests."""
import base64
import csv
import http.server
import json
import os
import subprocess
import tempfile
import threading
import unittest
from pathlib import Path

BIN = os.environ["LEADFLOW_BIN"]
WORLD_BIN = os.environ["LEADFLOW_WORLD_BIN"]
PLUGIN_DIR = os.environ["LEADFLOW_PLUGIN_DIR"]
SOURCE_DIR = Path(os.environ["LEADFLOW_SOURCE_DIR"])
WORKFLOWS = SOURCE_DIR / "workflows"


def leadflow(*args, env=None, timeout=240, cwd=None):
    """Runs leadflow with the build's plugin directory; returns the CompletedProcess."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("VOILANORBERT")}
    full_env["LEADFLOW_PLUGIN_PATH"] = PLUGIN_DIR
    full_env.update(env or {})
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, env=full_env, timeout=timeout, cwd=cwd)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def input_data_rows(path):
    """Data rows of a CSV lead list as Python's csv module sees them (blank lines skipped)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return [r for r in rows[1:] if any(cell.strip() for cell in r)]


def world_truth():
    """The sandbox world's people, keyed by (full name lower-case, domain) and by
    (full name lower-case, company name lower-case) for leads that give only the company."""
    out = subprocess.run([WORLD_BIN, "truth"], capture_output=True, text=True, check=True).stdout
    truth = {}
    for line in out.splitlines():
        person = json.loads(line)
        name = f"{person['first_name']} {person['last_name']}".lower()
        truth[(name, person["domain"])] = person
        truth[(name, person["company"].lower())] = person
    return truth


def person_key(row):
    """The world_truth() key of an output row: by domain, or by company when no domain is given."""
    name = f"{row['first_name']} {row['last_name']}".lower()
    return (name, row["domain"] or row.get("company", "").lower())


class CountingServer:
    """A loopback HTTP server that records every request and answers with a fixed status/body.
    Used to prove that leadflow sent nothing (count stays 0) or to play a hostile provider."""

    def __init__(self, status=401, body=None, echo_authorization=False):
        self.requests = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                owner.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
                payload = dict(body or {"code": status, "error": "Account not found"})
                if echo_authorization:
                    payload["you_sent"] = self.headers.get("Authorization", "")
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class LeadflowTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="leadflow-e2e-")
        self.tmp = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def write_leads(self, rows=("first_name,last_name,domain", "Ada,Lovelace,example.com")):
        return self.write("leads.csv", "\n".join(rows) + "\n")
