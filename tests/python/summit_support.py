"""What the Python end-to-end tests share: waiting for a condition within a
bound (never a sleep as synchronisation), and a database of a test's own in
the shared test cluster, migrated, with a token key and an admin token.

Tests outside tests/python put this folder on sys.path first.
"""
import os
import shutil
import subprocess
import tempfile
import time
import uuid


def wait_until(predicate, what, bound, interval=0.1):
    """predicate()'s first true value; AssertionError after `bound` seconds."""
    give_up = time.monotonic() + bound
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > give_up:
            raise AssertionError(f"not within {bound} s: {what}")
        time.sleep(interval)


def read_text(path):
    """The file's text, stripped; "" while it does not exist."""
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


class SummitDatabase:
    """A fresh database in the shared test cluster (SUMMIT_TEST_PG_DIR) with
    Summit's schema, a token key file in `work` and the bootstrap admin's
    token. `env` is what summitd and summitctl need; `drop()` removes it."""

    def __init__(self, prefix):
        self.work = tempfile.mkdtemp(prefix=f"summit-{prefix}-")
        pg = os.environ["SUMMIT_TEST_PG_DIR"]
        port = read_text(os.path.join(pg, "port"))
        self.admin_db = f"host={pg} port={port} user=postgres dbname=postgres"
        self.name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        subprocess.check_call(["psql", self.admin_db, "-qc", f"CREATE DATABASE {self.name}"])
        self.conninfo = self.admin_db.replace("dbname=postgres", f"dbname={self.name}")
        self.key = uuid.uuid4().hex * 2
        key_file = os.path.join(self.work, "token.key")
        with open(os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(f"k1:{self.key}\n")
        self.env = dict(os.environ, SUMMIT_DATABASE=self.conninfo,
                        SUMMIT_TOKEN_KEY_FILE=key_file, SUMMIT_DRAIN_SECONDS="0")
        self.summitd = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "services/server/summitd")
        subprocess.check_call([self.summitd, "migrate"], env=self.env, stdout=subprocess.DEVNULL)
        self.admin_token = subprocess.check_output(
            [self.summitd, "bootstrap-admin", "--email", f"admin@{prefix}.example"],
            env=self.env, text=True).strip()

    def sql(self, query):
        return subprocess.check_output(["psql", self.conninfo, "-qAtc", query], text=True).strip()

    def drop(self):
        subprocess.call(["psql", self.admin_db, "-qc",
                         f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"])
        shutil.rmtree(self.work, ignore_errors=True)
