"""What the benchmarks share: a private PostgreSQL cluster, a summitd with
the demo data on a database of it, and waiting on a condition with a bound.
"""
import os
import shutil
import subprocess
import tempfile
import time
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def wait_until(what, predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit("timed out waiting for " + what)


class Cluster:
    """A PostgreSQL cluster in a temporary folder, removed on exit."""

    def __enter__(self):
        self.work = tempfile.mkdtemp(prefix="summit-bench-pg-")
        self.conninfo = subprocess.check_output(
            [os.path.join(ROOT, "deploy/local/pg_cluster.sh"), "start", os.path.join(self.work, "pg")],
            text=True).strip() + " user=postgres"
        return self

    def __exit__(self, *_):
        subprocess.call([os.path.join(ROOT, "deploy/local/pg_cluster.sh"), "destroy",
                         os.path.join(self.work, "pg")], stdout=subprocess.DEVNULL)
        shutil.rmtree(self.work, ignore_errors=True)


class Summitd:
    """summitd on a fresh database of `cluster`, migrated, with its first admin
    and, once load_demo() ran, the demo data (tokens in .tokens). `wrapper`
    runs the server under another program (valgrind, say); migrate and
    bootstrap-admin run bare."""

    def __init__(self, build, cluster, extra_env=None, args=(), wrapper=()):
        self.build = build
        self.cluster = cluster
        self.work = tempfile.mkdtemp(prefix="summit-bench-")
        self.db = "bench_" + uuid.uuid4().hex[:8]
        subprocess.check_call(["psql", cluster.conninfo + " dbname=postgres", "-qc", f"CREATE DATABASE {self.db}"])
        key = os.path.join(self.work, "key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(uuid.uuid4().hex * 2)
        self.env = dict(os.environ, SUMMIT_DATABASE=f"{cluster.conninfo} dbname={self.db}",
                        SUMMIT_TOKEN_KEY_FILE=key, SUMMIT_DRAIN_SECONDS="0", **(extra_env or {}))
        summitd = os.path.join(build, "services/server/summitd")
        subprocess.check_call([summitd, "migrate"], env=self.env, stdout=subprocess.DEVNULL)
        self.admin = subprocess.check_output([summitd, "bootstrap-admin"], env=self.env, text=True).strip()
        port_file = os.path.join(self.work, "grpc.port")
        http_file = os.path.join(self.work, "http.port")
        self.process = subprocess.Popen(
            [*wrapper, summitd, "serve", "--listen", "127.0.0.1:0", "--port-file", port_file,
             "--http-port-file", http_file, *args],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until("summitd's port", lambda: os.path.exists(port_file) and os.path.getsize(port_file),
                   seconds=300 if wrapper else 60)
        self.address = "127.0.0.1:" + open(port_file).read().strip()
        self.http_port = int(open(http_file).read().strip()) if os.path.exists(http_file) else 0
        self.tokens = os.path.join(self.work, "tokens")

    def load_demo(self):
        subprocess.check_call(
            [os.path.join(ROOT, "deploy/local/load_demo_data.sh"),
             os.path.join(self.build, "client/summitctl/summitctl"), self.tokens],
            env=dict(self.env, SUMMIT_SERVER=self.address, SUMMIT_TOKEN=self.admin,
                     SUMMIT_CREDENTIALS_FILE="/dev/null"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def token(self, person):
        with open(os.path.join(self.tokens, person + ".token")) as f:
            return f.read().strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(120)
        subprocess.call(["psql", self.cluster.conninfo + " dbname=postgres", "-qc",
                         f"DROP DATABASE {self.db} WITH (FORCE)"])
        shutil.rmtree(self.work, ignore_errors=True)  # its token key, ports and tokens
