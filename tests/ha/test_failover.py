"""A database failover under writes, on this machine: PostgreSQL kept highly
available by Patroni with etcd (Debian's packages), a primary and a replica
with synchronous replication. summitd connects with a multi-host connection
string and target_session_attrs=read-write. Writers create organisations, each
with its own request_id, retrying until acknowledged; the test SIGKILLs the
primary's Patroni and PostgreSQL (the machine is gone) mid-load. Patroni
promotes the replica; summitd finds it by itself. Then:
  - every acknowledged write is on the new primary, exactly once;
  - the unavailable window (kill -> first write acknowledged after it) is
    printed, and must stay under Patroni's ttl plus a margin.

Run: /usr/bin/python3 tests/ha/test_failover.py (ctest -R database_failover)
Environment: SUMMIT_BUILD_DIR, PYTHONPATH with the stubs.
"""
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from summit_support import wait_until  # noqa: E402 - after the path it lives on
from summit.directory.v1 import directory_service_pb2 as ds  # noqa: E402
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc  # noqa: E402
from summit.directory.v1 import resources_pb2 as dres  # noqa: E402

PG_BIN = sorted(d for d in (f"/usr/lib/postgresql/{v}/bin" for v in range(13, 20))
                if os.path.exists(d))[-1]
TTL = 20  # Patroni's leader lock: the replica takes over within about this
WRITERS = 4
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
             grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.INTERNAL,
             grpc.StatusCode.ABORTED, grpc.StatusCode.CANCELLED, grpc.StatusCode.UNKNOWN}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Failover(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="summit-ha-")
        # PostgreSQL refuses to run as root: as root, everything runs as postgres.
        self.as_owner = []
        if os.getuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.work, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.processes = {}
        self.logs = []
        etcd_client, etcd_peer = free_port(), free_port()
        self.start("etcd", ["etcd", "--name", "ha", "--data-dir", f"{self.work}/etcd",
                            "--listen-client-urls", f"http://127.0.0.1:{etcd_client}",
                            "--advertise-client-urls", f"http://127.0.0.1:{etcd_client}",
                            "--listen-peer-urls", f"http://127.0.0.1:{etcd_peer}",
                            "--initial-advertise-peer-urls", f"http://127.0.0.1:{etcd_peer}",
                            "--initial-cluster", f"ha=http://127.0.0.1:{etcd_peer}"])
        self.nodes = {}
        for name in ("pg1", "pg2"):
            self.nodes[name] = {"pg": free_port(), "api": free_port()}
            config = self.patroni_config(name, etcd_client)
            path = f"{self.work}/{name}.yml"
            with open(path, "w") as f:
                json.dump(config, f)  # JSON is YAML
            os.chmod(path, 0o644)
            self.start(name, ["patroni", path])
            if name == "pg1":  # the first to start bootstraps the cluster
                wait_until(lambda: self.role("pg1") == "master", "pg1 leads", 90)
        wait_until(lambda: self.sync_standby() == "pg2", "pg2 is the synchronous standby", 90)
        self.hosts = ",".join("127.0.0.1" for _ in self.nodes)
        self.ports = ",".join(str(n["pg"]) for n in self.nodes.values())

    def tearDown(self):
        if os.environ.get("SUMMIT_HA_SHOW_LOGS"):
            for name in self.processes:
                with open(f"{self.work}/{name}.log") as f:
                    print(f"--- {name}.log\n" + "".join(f.readlines()[-25:]))
        # Nothing here is kept: every process group goes at once.
        for p in self.processes.values():
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        subprocess.call(["pkill", "-KILL", "-f", f"{self.work}/"])
        for log in self.logs:
            log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def start(self, name, argv, as_owner=True, env=None):
        log = open(f"{self.work}/{name}.log", "a")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(
            (self.as_owner if as_owner else []) + argv, stdout=log, stderr=log, env=env,
            start_new_session=True)

    def patroni_config(self, name, etcd_port):
        node = self.nodes[name]
        return {
            "scope": "summit-ha", "name": name,
            "restapi": {"listen": f"127.0.0.1:{node['api']}",
                        "connect_address": f"127.0.0.1:{node['api']}"},
            "etcd3": {"host": f"127.0.0.1:{etcd_port}"},
            "bootstrap": {
                "dcs": {
                    "ttl": TTL, "loop_wait": 2, "retry_timeout": 5,
                    # Commits wait for the synchronous standby: an acknowledged
                    # write is on both. Not strict: alone, the new primary
                    # accepts writes instead of blocking.
                    "synchronous_mode": True,
                    "postgresql": {"use_pg_rewind": False, "parameters": {
                        "max_connections": 100, "wal_level": "replica",
                        "idle_in_transaction_session_timeout": "30s"}},
                },
                "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{node['pg']}",
                "connect_address": f"127.0.0.1:{node['pg']}",
                "data_dir": f"{self.work}/{name}/data",
                "bin_dir": PG_BIN,
                "pgpass": f"{self.work}/{name}.pgpass",
                "authentication": {"superuser": {"username": "postgres"},
                                   "replication": {"username": "postgres"}},
                "parameters": {"unix_socket_directories": self.work},
                "pg_hba": ["local all all trust", "host all all 127.0.0.1/32 trust",
                           "host replication all 127.0.0.1/32 trust"],
            },
        }

    def api(self, name, path):
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.nodes[name]['api']}/{path}", timeout=2) as r:
                return json.loads(r.read())
        except Exception:  # noqa: BLE001 - not up (yet), or gone
            return None

    def role(self, name):
        answer = self.api(name, "patroni")
        return answer and answer.get("state") == "running" and answer.get("role")

    def sync_standby(self):
        cluster = self.api("pg1", "cluster") or {}
        for member in cluster.get("members", []):
            if member.get("role") == "sync_standby" and member.get("state") in ("running",
                                                                                 "streaming"):
                return member["name"]
        return None

    def psql(self, port, db, query):
        return subprocess.check_output(
            ["psql", f"host=127.0.0.1 port={port} user=postgres dbname={db}", "-qAtc", query],
            text=True).strip()

    def test_acknowledged_writes_survive_the_loss_of_the_primary(self):
        primary = self.nodes["pg1"]["pg"]
        self.psql(primary, "postgres", "CREATE DATABASE summit")
        database = (f"host={self.hosts} port={self.ports} user=postgres dbname=summit "
                    "target_session_attrs=read-write")
        key = f"{self.work}/token.key"
        with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("k1:" + uuid.uuid4().hex * 2 + "\n")
        env = dict(os.environ, SUMMIT_DATABASE=database, SUMMIT_TOKEN_KEY_FILE=key,
                   SUMMIT_DRAIN_SECONDS="0")
        summitd = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "services/server/summitd")
        subprocess.check_call([summitd, "migrate"], env=env, stdout=subprocess.DEVNULL)
        admin = subprocess.check_output([summitd, "bootstrap-admin"], env=env, text=True).strip()
        port_file = f"{self.work}/summitd.port"
        self.start("summitd", [summitd, "serve", "--listen", "127.0.0.1:0", "--port-file",
                               port_file], as_owner=False, env=env)
        def port():
            if not os.path.exists(port_file):
                return None
            with open(port_file) as f:
                return f.read().strip()

        channel = grpc.insecure_channel(f"127.0.0.1:{wait_until(port, 'summitd started', 60)}")
        directory = ds_grpc.DirectoryServiceStub(channel)

        lock = threading.Lock()
        acked = []
        acked_after_kill = []
        ack_times = []
        killed = [None]
        stop = threading.Event()
        errors = []

        def writer(w):
            n = 0
            while not stop.is_set():
                n += 1
                request = ds.CreateOrganizationRequest(
                    organization_id=f"w{w}-{n}", request_id=str(uuid.uuid4()),
                    organization=dres.Organization(display_name=f"Writer {w} number {n}",
                                                   kind=dres.Organization.KIND_THINK_TANK,
                                                   country_code="KZ"))
                give_up = time.monotonic() + 120
                while True:
                    try:
                        org = directory.CreateOrganization(
                            request, metadata=[("authorization", f"Bearer {admin}")], timeout=10)
                        with lock:
                            acked.append((request.request_id, org.name))
                            ack_times.append(time.monotonic())
                            if killed[0] is not None:
                                acked_after_kill.append(time.monotonic())
                        break
                    except grpc.RpcError as e:
                        if e.code() not in RETRYABLE or time.monotonic() > give_up:
                            errors.append(f"writer {w}: {e.code()}: {e.details()}")
                            return
                        time.sleep(0.1)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        wait_until(lambda: len(acked) >= 200, "writes before the kill", 120)
        before = len(acked)
        # The primary's machine is gone: Patroni and PostgreSQL die at once.
        killed[0] = time.monotonic()
        os.killpg(self.processes["pg1"].pid, signal.SIGKILL)  # its own session: all of it
        subprocess.call(["pkill", "-KILL", "-f", f"{self.work}/pg1/data"])
        wait_until(lambda: self.role("pg2") == "master", "pg2 promoted", TTL * 3)
        promoted = time.monotonic() - killed[0]
        wait_until(lambda: len(acked_after_kill) >= 100, "writes after the failover", 120)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        # Unavailable: the longest time without any acknowledgement after the
        # kill (calls already committed may still be answered just after it).
        times = sorted(t for t in ack_times if t >= killed[0] - 1)
        window = max(b - a for a, b in zip(times, times[1:]))
        # Every acknowledged write is on the new primary, exactly once.
        new_primary = self.nodes["pg2"]["pg"]
        rows = self.psql(new_primary, "summit",
                         "SELECT name FROM directory.organizations WHERE name LIKE "
                         "'organizations/w%'").split()
        names = [name for _, name in acked]
        self.assertEqual(len(set(names)), len(names), "one request acknowledged twice")
        self.assertEqual(sorted(rows), sorted(names))
        events = int(self.psql(new_primary, "summit",
                               "SELECT count(*) FROM directory.events WHERE type = "
                               "'directory.organization.created' AND resource LIKE "
                               "'organizations/w%'"))
        self.assertEqual(events, len(names))
        print(f"{len(acked)} writes acknowledged ({before} before the primary was killed), "
              f"0 lost, 0 duplicated; pg2 promoted {promoted:.1f} s after the kill; "
              f"writes unavailable for {window:.1f} s")
        self.assertLess(window, TTL + 30)
        channel.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
