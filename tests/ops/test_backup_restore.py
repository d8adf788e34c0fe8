"""The backups of docs/operations.md, restored and served: a logical dump
(pg_dump -Fc, restored with pg_restore into a new database) and a physical
base backup (pg_basebackup -X stream, started as a cluster of its own). After
each restore summitd starts on it, its schema is current, and what was written
before the backup reads back through the API with the same token.

Starts its own PostgreSQL cluster. Environment: SUMMIT_BUILD_DIR, PG_CLUSTER
(deploy/local/pg_cluster.sh), PYTHONPATH with the stubs.
"""
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

import grpc
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as dres

PG_BIN = sorted(d for d in (f"/usr/lib/postgresql/{v}/bin" for v in range(13, 20))
                if os.path.exists(d))[-1]


class BackupRestore(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="summit-backup-")
        os.chmod(self.work, 0o755)  # postgres (as root) must reach the clusters
        self.cluster = os.environ["PG_CLUSTER"]
        self.clusters = []
        self.origin = self.start_cluster("origin")
        subprocess.check_call(["psql", self.origin, "-qc", "CREATE DATABASE summit"])
        key = os.path.join(self.work, "token.key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("k1:" + uuid.uuid4().hex * 2 + "\n")
        self.key = key
        self.summitd = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "services/server/summitd")
        self.processes = []

    def tearDown(self):
        for p in self.processes:
            p.kill()
            p.wait()
        for folder in self.clusters:
            subprocess.call([self.cluster, "destroy", folder])
        shutil.rmtree(self.work, ignore_errors=True)

    def start_cluster(self, name):
        folder = os.path.join(self.work, name)
        self.clusters.append(folder)
        return subprocess.check_output([self.cluster, "start", folder], text=True).strip()

    def env(self, conninfo, database):
        return dict(os.environ, SUMMIT_DATABASE=conninfo.replace("dbname=postgres",
                                                                 f"dbname={database}"),
                    SUMMIT_TOKEN_KEY_FILE=self.key, SUMMIT_DRAIN_SECONDS="0")

    def serve(self, env):
        """summitd on `env`'s database; returns a channel to it."""
        port_file = os.path.join(self.work, f"port-{len(self.processes)}")
        log = open(os.path.join(self.work, f"summitd-{len(self.processes)}.log"), "w")
        self.processes.append(subprocess.Popen(
            [self.summitd, "serve", "--listen", "127.0.0.1:0", "--port-file", port_file],
            env=env, stdout=log, stderr=log))
        log.close()
        give_up = time.monotonic() + 60
        while not os.path.exists(port_file) or not os.path.getsize(port_file):
            self.assertIsNone(self.processes[-1].poll(), "summitd exited")
            self.assertLess(time.monotonic(), give_up, "summitd did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            channel = grpc.insecure_channel(f"127.0.0.1:{f.read().strip()}")
        grpc.channel_ready_future(channel).result(timeout=30)
        return channel

    def read_back(self, channel, token):
        directory = ds_grpc.DirectoryServiceStub(channel)
        org = directory.GetOrganization(ds.GetOrganizationRequest(name="organizations/kisi"),
                                        metadata=[("authorization", f"Bearer {token}")],
                                        timeout=10)
        self.assertEqual(org.display_name, "Kazakhstan Institute for Strategic Studies")
        people = directory.ListPeople(ds.ListPeopleRequest(),
                                      metadata=[("authorization", f"Bearer {token}")], timeout=10)
        self.assertIn("people/aigerim", [p.name for p in people.people])

    def test_a_dump_and_a_base_backup_restore_and_serve(self):
        env = self.env(self.origin, "summit")
        subprocess.check_call([self.summitd, "migrate"], env=env, stdout=subprocess.DEVNULL)
        token = subprocess.check_output([self.summitd, "bootstrap-admin"], env=env,
                                        text=True).strip()
        channel = self.serve(env)
        directory = ds_grpc.DirectoryServiceStub(channel)
        admin = [("authorization", f"Bearer {token}")]
        directory.CreateOrganization(ds.CreateOrganizationRequest(
            organization_id="kisi", request_id=str(uuid.uuid4()), organization=dres.Organization(
                display_name="Kazakhstan Institute for Strategic Studies",
                kind=dres.Organization.KIND_THINK_TANK, country_code="KZ")), metadata=admin,
            timeout=10)
        directory.CreatePerson(ds.CreatePersonRequest(
            person_id="aigerim", request_id=str(uuid.uuid4()), person=dres.Person(
                display_name="Aigerim", email="aigerim@kisi.example",
                organization="organizations/kisi", roles=[dres.ROLE_EXPERT])), metadata=admin,
            timeout=10)
        channel.close()
        database = env["SUMMIT_DATABASE"]

        # Logical: pg_dump in the custom format, pg_restore into a new database.
        dump = os.path.join(self.work, "summit.dump")
        subprocess.check_call(["pg_dump", "-Fc", "-f", dump, database])
        subprocess.check_call(["psql", self.origin, "-qc", "CREATE DATABASE restored"])
        restored = self.env(self.origin, "restored")
        subprocess.check_call(["pg_restore", "--no-owner", "--exit-on-error", "-d",
                               restored["SUMMIT_DATABASE"], dump])
        # Nothing to migrate: the schema came with the data.
        migrated = subprocess.check_output([self.summitd, "migrate"], env=restored, text=True)
        self.assertNotRegex(migrated, r"applied [1-9]")
        restored_channel = self.serve(restored)
        self.read_back(restored_channel, token)
        restored_channel.close()

        # Physical: a base backup with its WAL, started as a cluster of its own.
        copy = os.path.join(self.work, "copy")
        os.makedirs(copy)
        as_owner = []
        if os.getuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(copy, owner.pw_uid, owner.pw_gid)
            as_owner = ["runuser", "-u", "postgres", "--"]
        subprocess.check_call(as_owner + [
            os.path.join(PG_BIN, "pg_basebackup"), "-d", self.origin, "-D",
            os.path.join(copy, "data"), "-X", "stream", "-c", "fast"])
        self.clusters.append(copy)
        second = subprocess.check_output([self.cluster, "start", copy], text=True).strip()
        copy_channel = self.serve(self.env(second, "summit"))
        self.read_back(copy_channel, token)
        copy_channel.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
