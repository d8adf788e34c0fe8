"""Faults under writes: writers create recommendations, each with its own
request_id, retrying whatever fails until it is acknowledged, while summitd
is killed with SIGKILL and restarted and PostgreSQL is restarted (fast, then
immediate). Afterwards every acknowledged write exists exactly once: one
recommendation per request_id, one audit event per recommendation, and the
same name on every acknowledgement of a request_id.

Starts its own PostgreSQL cluster and summitd (the shared test cluster
cannot be restarted under the other tests). Environment: SUMMIT_BUILD_DIR,
PG_CLUSTER (deploy/local/pg_cluster.sh), PYTHONPATH with the stubs.
"""
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

import grpc
from google.protobuf import timestamp_pb2
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as dres
from summit.recommendations.v1 import recommendation_service_pb2 as rs
from summit.recommendations.v1 import recommendation_service_pb2_grpc as rs_grpc
from summit.recommendations.v1 import resources_pb2 as rres

WRITERS = 4
WRITES_EACH = 60
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
             grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.INTERNAL,
             grpc.StatusCode.ABORTED, grpc.StatusCode.CANCELLED, grpc.StatusCode.UNKNOWN}


def auth(token):
    return [("authorization", "Bearer " + token)]


class Faults(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="summit-faults-")
        self.pg_dir = os.path.join(self.work, "pg")
        self.cluster = os.environ["PG_CLUSTER"]
        conninfo = subprocess.check_output(
            [self.cluster, "start", self.pg_dir], text=True).strip()
        self.admin_db = conninfo
        subprocess.check_call(["psql", conninfo, "-qc", "CREATE DATABASE faults"])
        self.env = dict(os.environ)
        self.env["SUMMIT_DATABASE"] = conninfo.replace("dbname=postgres", "dbname=faults")
        key = os.path.join(self.work, "token.key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(uuid.uuid4().hex + uuid.uuid4().hex + "\n")
        self.env["SUMMIT_TOKEN_KEY_FILE"] = key
        self.env["SUMMIT_DRAIN_SECONDS"] = "0"
        self.summitd = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "services/server/summitd")
        subprocess.check_call([self.summitd, "migrate"], env=self.env, stdout=subprocess.DEVNULL)
        self.admin = subprocess.check_output(
            [self.summitd, "bootstrap-admin", "--email", "admin@faults.example"],
            env=self.env, text=True).strip()
        self.process = None
        self.log = open(os.path.join(self.work, "summitd.log"), "a")
        self.start_summitd()

    def tearDown(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        subprocess.call([self.cluster, "destroy", self.pg_dir])
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def start_summitd(self):
        # A new port each time (the kernel's choice): a port picked and freed
        # beforehand may meanwhile be taken by another test's connection.
        port_file = os.path.join(self.work, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.process = subprocess.Popen(
            [self.summitd, "serve", "--listen", "127.0.0.1:0", "--port-file", port_file],
            env=self.env, stdout=self.log, stderr=self.log)
        give_up = time.monotonic() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.process.poll() is not None or time.monotonic() > give_up:
                self.log.flush()
                with open(os.path.join(self.work, "summitd.log")) as f:
                    raise AssertionError(f"summitd did not start (exit code "
                                         f"{self.process.poll()}):\n{f.read()[-3000:]}")
            time.sleep(0.05)
        with open(port_file) as f:
            self.address = f"127.0.0.1:{f.read().strip()}"
        channel = grpc.insecure_channel(self.address)
        try:
            grpc.channel_ready_future(channel).result(timeout=60)
        except grpc.FutureTimeoutError:
            self.log.flush()
            with open(os.path.join(self.work, "summitd.log")) as f:
                raise AssertionError(f"summitd did not come up (exit code "
                                     f"{self.process.poll()}):\n{f.read()[-3000:]}")
        finally:
            channel.close()

    def kill_summitd(self):
        self.process.kill()  # SIGKILL: no drain, nothing flushed
        self.process.wait()

    def test_every_acknowledged_write_exists_exactly_once(self):
        channel = grpc.insecure_channel(self.address)
        directory = ds_grpc.DirectoryServiceStub(channel)
        admin = auth(self.admin)
        directory.CreateOrganization(ds.CreateOrganizationRequest(
            organization_id="kisi", organization=dres.Organization(
                display_name="KISI", kind=dres.Organization.KIND_THINK_TANK, country_code="KZ")),
            metadata=admin, timeout=10)
        tokens = {}
        for pid, role in (("dana", dres.ROLE_COORDINATOR), ("aigerim", dres.ROLE_EXPERT)):
            person = directory.CreatePerson(ds.CreatePersonRequest(
                person_id=pid, person=dres.Person(
                    display_name=pid, email=f"{pid}@faults.example",
                    organization="organizations/kisi", roles=[role])), metadata=admin, timeout=10)
            tokens[pid] = directory.CreateCredential(ds.CreateCredentialRequest(
                parent=person.name, credential=dres.Credential(display_name="t")),
                metadata=admin, timeout=10).token
        now = int(time.time())  # summitd runs on the wall clock here
        deadline = timestamp_pb2.Timestamp(seconds=now + 30 * 86400)
        start, end = (time.strftime("%Y-%m-%d", time.gmtime(now + days * 86400))
                      for days in (60, 61))
        directory.CreateSummit(ds.CreateSummitRequest(summit_id="s", summit=dres.Summit(
            display_name="S", start_date=start, end_date=end,
            time_zone="Asia/Almaty", languages=["en"], submission_deadline=deadline)),
            metadata=auth(tokens["dana"]), timeout=10)
        directory.CreateTrack(ds.CreateTrackRequest(
            parent="summits/s", track_id="ai", track=dres.Track(display_name="AI")),
            metadata=auth(tokens["dana"]), timeout=10)
        channel.close()

        lock = threading.Lock()
        acks = {}            # request_id -> names acknowledged for it
        acked_count = [0]
        retries = [0]

        def writer(w):
            # Follows summitd to its new address after each restart.
            connected = [None, None, None]  # address, channel, stub

            def stub_now():
                if connected[0] != self.address:
                    if connected[1] is not None:
                        connected[1].close()
                    channel = grpc.insecure_channel(self.address)
                    connected[:] = [self.address, channel,
                                    rs_grpc.RecommendationServiceStub(channel)]
                return connected[2]

            for i in range(WRITES_EACH):
                request_id = str(uuid.uuid4())
                request = rs.CreateRecommendationRequest(
                    parent="summits/s", request_id=request_id,
                    recommendation=rres.Recommendation(track="summits/s/tracks/ai"),
                    first_version=rres.RecommendationVersion(
                        title=f"Writer {w} item {i}", summary="S", body="B", language="en"))
                give_up = time.monotonic() + 120
                while True:
                    try:
                        rec = stub_now().CreateRecommendation(
                            request, metadata=auth(tokens["aigerim"]), timeout=5)
                        with lock:
                            acks.setdefault(request_id, []).append(rec.name)
                            acked_count[0] += 1
                        # Sometimes ask again after the ack, as a client whose
                        # answer was lost would: it must get the same one.
                        if i % 5 == 0:
                            again = stub_now().CreateRecommendation(
                                request, metadata=auth(tokens["aigerim"]), timeout=5)
                            with lock:
                                acks[request_id].append(again.name)
                        break
                    except grpc.RpcError as e:
                        if e.code() not in RETRYABLE or time.monotonic() > give_up:
                            raise
                        with lock:
                            retries[0] += 1
                        time.sleep(0.05)  # backoff before the retry
            if connected[1] is not None:
                connected[1].close()

        errors = []

        def run(w):
            try:
                writer(w)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"writer {w}: {e}")

        threads = [threading.Thread(target=run, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()

        def wait_for_acks(n):
            while acked_count[0] < n and any(t.is_alive() for t in threads):
                time.sleep(0.02)

        total = WRITERS * WRITES_EACH
        steps = [
            (total // 6, "kill -9 summitd", lambda: (self.kill_summitd(), self.start_summitd())),
            (2 * total // 6, "restart PostgreSQL (fast)",
             lambda: subprocess.check_call([self.cluster, "restart", self.pg_dir, "fast"])),
            (3 * total // 6, "kill -9 summitd", lambda: (self.kill_summitd(), self.start_summitd())),
            (4 * total // 6, "restart PostgreSQL (immediate)",
             lambda: subprocess.check_call([self.cluster, "restart", self.pg_dir, "immediate"])),
        ]
        done_steps = []
        for at, what, action in steps:
            wait_for_acks(at)
            action()
            done_steps.append(what)
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(done_steps), len(steps))

        # Every request_id was acknowledged, always with the same name.
        self.assertEqual(len(acks), total)
        for request_id, names in acks.items():
            self.assertEqual(len(set(names)), 1, f"{request_id} answered {names}")
        names = {n[0] for n in acks.values()}
        self.assertEqual(len(names), total)
        # And exists exactly once in the database, with one audit event.
        db = self.env["SUMMIT_DATABASE"]
        count = int(subprocess.check_output(
            ["psql", db, "-tAc",
             "SELECT count(*) FROM recommendations.recommendations WHERE summit = 'summits/s'"],
            text=True))
        events = int(subprocess.check_output(
            ["psql", db, "-tAc",
             "SELECT count(*) FROM recommendations.events "
             "WHERE type = 'recommendations.recommendation.created'"], text=True))
        print(f"{total} writes acknowledged through {', '.join(done_steps)}; "
              f"{retries[0]} retries; {count} rows, {events} creation events")
        self.assertEqual(count, total)
        self.assertEqual(events, total)


if __name__ == "__main__":
    unittest.main(verbosity=2)
