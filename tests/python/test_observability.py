"""What an operator sees of one summitd: the access log (JSON lines, one per
call, with the W3C trace passed through and on to the services it calls),
the Prometheus endpoint, health per service following the database, gRPC
reflection that describes the health service, channelz, and --version.

Uses the shared test cluster (SUMMIT_TEST_PG_DIR), its own database in it,
and buf (BUF) for reflection, as an operator would use it.
Environment: SUMMIT_BUILD_DIR, SUMMIT_TEST_PG_DIR, BUF, PYTHONPATH with stubs.
"""
import json
import os
import re
import subprocess
import unittest
import urllib.request
import uuid

import grpc
import summit_support as support
from summit_support import SummitDatabase
from summit_support import read_text as read
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as dres
from summit.feed.v1 import feed_service_pb2 as fs
from summit.feed.v1 import feed_service_pb2_grpc as fs_grpc
from summit.recommendations.v1 import recommendation_service_pb2 as rs
from summit.recommendations.v1 import recommendation_service_pb2_grpc as rs_grpc
from summit.recommendations.v1 import resources_pb2 as rres

# How long a state change may take to show (the database is checked every
# second here): generous, since CI machines are shared.
BOUND = 30


def wait_until(predicate, what):
    return support.wait_until(predicate, what, BOUND)


class Observability(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = SummitDatabase("observe")
        cls.work = cls.database.work
        cls.admin_db = cls.database.admin_db
        cls.db = cls.database.name
        cls.env = cls.database.env
        cls.summitd = cls.database.summitd
        cls.admin_token = cls.database.admin_token
        cls.log_path = os.path.join(cls.work, "summitd.log")
        ports = {name: os.path.join(cls.work, name) for name in ("grpc", "metrics", "http")}
        cls.log = open(cls.log_path, "w")
        cls.process = subprocess.Popen(
            [cls.summitd, "--log-format", "json", "serve", "--listen", "127.0.0.1:0",
             "--port-file", ports["grpc"], "--metrics-listen", "127.0.0.1:0",
             "--metrics-port-file", ports["metrics"], "--database-check-seconds", "1",
             "--http-listen", "127.0.0.1:0", "--http-port-file", ports["http"]],
            env=cls.env, stdout=cls.log, stderr=cls.log)
        wait_until(lambda: all(read(p) for p in ports.values()), "summitd started")
        cls.port = int(read(ports["grpc"]))
        cls.metrics_port = int(read(ports["metrics"]))
        cls.http_port = int(read(ports["http"]))
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{cls.port}")

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.process.kill()
        cls.process.wait()
        cls.log.close()
        cls.database.drop()

    # --- helpers ---------------------------------------------------------

    def auth(self, token=None):
        return [("authorization", "Bearer " + (token or self.admin_token))]

    def log_lines(self):
        with open(self.log_path) as f:
            return [json.loads(line) for line in f if line.startswith("{")]

    def access_lines(self, **match):
        return [l for l in self.log_lines() if l.get("message") == "access"
                and all(l.get(k) == v for k, v in match.items())]

    def scrape(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics",
                                    timeout=10) as r:
            self.assertEqual(r.status, 200)
            return r.read().decode()

    def sample(self, text, name, **labels):
        """The value of one series, or None."""
        for line in text.splitlines():
            m = re.match(r"^([a-z_]+)(\{[^}]*\})? (\S+)$", line)
            if not m or m.group(1) != name:
                continue
            have = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
            if all(have.get(k) == v for k, v in labels.items()):
                return float(m.group(3))
        return None

    def buf(self, *args):
        return subprocess.run([os.environ["BUF"], "curl", "--protocol", "grpc",
                               "--http2-prior-knowledge", *args],
                              capture_output=True, text=True, timeout=60)

    def health(self, service):
        out = self.buf(f"http://127.0.0.1:{self.port}/grpc.health.v1.Health/Check",
                       "-d", json.dumps({"service": service}))
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)["status"]

    def expert_token(self):
        directory = ds_grpc.DirectoryServiceStub(self.channel)
        pid = "expert-" + uuid.uuid4().hex[:6]
        directory.CreateOrganization(ds.CreateOrganizationRequest(
            organization_id=pid, organization=dres.Organization(
                display_name=f"Org {pid}", kind=dres.Organization.KIND_THINK_TANK,
                country_code="KZ"), request_id=str(uuid.uuid4())), metadata=self.auth(),
            timeout=10)
        directory.CreatePerson(ds.CreatePersonRequest(
            person_id=pid, person=dres.Person(display_name="Trace Expert",
                                              email=f"{pid}@observe.example",
                                              organization=f"organizations/{pid}",
                                              roles=[dres.ROLE_EXPERT]),
            request_id=str(uuid.uuid4())), metadata=self.auth(), timeout=10)
        credential = directory.CreateCredential(ds.CreateCredentialRequest(
            parent=f"people/{pid}", request_id=str(uuid.uuid4())), metadata=self.auth(),
            timeout=10)
        return pid, credential.token

    # --- tests -----------------------------------------------------------

    def test_version_is_the_build(self):
        out = subprocess.check_output([self.summitd, "--version"], text=True).strip()
        self.assertRegex(out, r"^summitd \S+$")
        self.assertNotEqual(out, "summitd unknown", "built from a git checkout")
        ctl = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "client/summitctl/summitctl")
        self.assertEqual(subprocess.check_output([ctl, "--version"], text=True).strip(),
                         out.replace("summitd", "summitctl"))
        started = [l for l in self.log_lines() if "serving on port" in l.get("message", "")]
        self.assertIn(out.split()[1], started[0]["message"])

    def test_one_access_line_per_call_with_the_callers_trace(self):
        directory = ds_grpc.DirectoryServiceStub(self.channel)
        trace_id = uuid.uuid4().hex
        span_id = uuid.uuid4().hex[:16]
        request_id = "observe-" + uuid.uuid4().hex[:8]
        directory.ListOrganizations(
            ds.ListOrganizationsRequest(page_size=5),
            metadata=self.auth() + [("traceparent", f"00-{trace_id}-{span_id}-01"),
                                    ("x-request-id", request_id)], timeout=10)
        line = wait_until(lambda: self.access_lines(request_id=request_id), "access line")
        self.assertEqual(len(line), 1, line)
        line = line[0]
        self.assertEqual(line["method"], "/summit.directory.v1.DirectoryService/ListOrganizations")
        self.assertEqual(line["code"], "OK")
        self.assertEqual(line["principal"], "people/admin")
        self.assertEqual(line["trace_id"], trace_id)
        self.assertEqual(line["parent_span_id"], span_id)
        self.assertRegex(line["span_id"], r"^[0-9a-f]{16}$")
        self.assertNotEqual(line["span_id"], span_id)
        self.assertGreaterEqual(line["latency_ms"], 0)
        self.assertRegex(line["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

        # A refused call is logged too, with its code and no principal; a
        # malformed traceparent starts a new trace rather than being copied.
        with self.assertRaises(grpc.RpcError) as refused:
            directory.ListOrganizations(
                ds.ListOrganizationsRequest(), timeout=10,
                metadata=[("authorization", "Bearer nonsense"),
                          ("traceparent", "00-XYZ-not-a-trace"), ("x-request-id", request_id + "b")])
        self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        line = wait_until(lambda: self.access_lines(request_id=request_id + "b"), "refusal")[0]
        self.assertEqual((line["code"], line["principal"]), ("UNAUTHENTICATED", ""))
        self.assertRegex(line["trace_id"], r"^[0-9a-f]{32}$")
        self.assertNotIn("parent_span_id", line)

    def test_a_browser_call_through_the_gateway_keeps_its_trace(self):
        trace_id = uuid.uuid4().hex
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/summit.directory.v1.DirectoryService/"
            "ListOrganizations", data=b"{}", method="POST",
            headers={"Content-Type": "application/json", "Connect-Protocol-Version": "1",
                     "Authorization": f"Bearer {self.admin_token}",
                     "traceparent": f"00-{trace_id}-{'2' * 16}-01"})
        with urllib.request.urlopen(request, timeout=10) as r:
            self.assertEqual(r.status, 200)
        line = wait_until(lambda: self.access_lines(trace_id=trace_id), "gateway call logged")
        self.assertEqual(len(line), 1)
        self.assertEqual(line[0]["parent_span_id"], "2" * 16)
        self.assertEqual(line[0]["principal"], "people/admin")

    def test_the_trace_follows_a_call_into_the_service_it_calls(self):
        pid, token = self.expert_token()
        trace_id = uuid.uuid4().hex
        recommendations = rs_grpc.RecommendationServiceStub(self.channel)
        with self.assertRaises(grpc.RpcError):
            # Reaches the directory for the author and the track (none such).
            recommendations.CreateRecommendation(rs.CreateRecommendationRequest(
                parent="summits/nowhere", request_id=str(uuid.uuid4()),
                recommendation=rres.Recommendation(title="Traced", track="summits/nowhere/tracks/t"),
                first_version=rres.RecommendationVersion(title="Traced", summary="s", body="b",
                                                         language="en")),
                metadata=self.auth(token) + [("traceparent", f"00-{trace_id}-{'1' * 16}-01")],
                timeout=10)
        lines = wait_until(lambda: len(self.access_lines(trace_id=trace_id)) >= 2 and
                           self.access_lines(trace_id=trace_id), "two lines in one trace")
        outer = [l for l in lines if l["method"].endswith("/CreateRecommendation")]
        inner = [l for l in lines if l["method"].startswith("/summit.directory.")]
        self.assertEqual(len(outer), 1, lines)
        self.assertEqual(outer[0]["principal"], f"people/{pid}")
        self.assertTrue(inner, lines)
        for call in inner:
            self.assertEqual(call["parent_span_id"], outer[0]["span_id"])
            self.assertEqual(call["principal"], "services/summitd")
            self.assertEqual(call["request_id"], outer[0]["request_id"])

    def test_metrics_count_calls_pools_backlogs_and_watches(self):
        directory = ds_grpc.DirectoryServiceStub(self.channel)
        method = "/summit.directory.v1.DirectoryService/GetPerson"
        before = self.sample(self.scrape(), "summit_grpc_server_handled_total", method=method,
                             code="NOT_FOUND") or 0
        for _ in range(3):
            with self.assertRaises(grpc.RpcError):
                directory.GetPerson(ds.GetPersonRequest(name="people/nobody-here"),
                                    metadata=self.auth(), timeout=10)
        text = self.scrape()
        self.assertEqual(self.sample(text, "summit_grpc_server_handled_total", method=method,
                                     code="NOT_FOUND"), before + 3)
        self.assertGreaterEqual(self.sample(text, "summit_grpc_server_handling_seconds_count",
                                            method=method), 3)
        self.assertEqual(self.sample(text, "summit_grpc_server_handling_seconds_bucket",
                                     method=method, le="+Inf"),
                         self.sample(text, "summit_grpc_server_handling_seconds_count",
                                     method=method))
        self.assertEqual(self.sample(text, "summit_db_pool_workers", service="directory"), 8)
        self.assertIsNotNone(self.sample(text, "summit_db_pool_queue_depth", service="reviews"))
        self.assertGreater(self.sample(text, "summit_db_pool_wait_seconds_count",
                                       service="directory"), 0)
        for queue in ("reviews_outbox", "mail_outbox"):
            self.assertIsNotNone(self.sample(text, "summit_backlog_items", queue=queue), queue)
            self.assertIsNotNone(self.sample(text, "summit_backlog_oldest_age_seconds",
                                             queue=queue), queue)
        self.assertIsNotNone(self.sample(text, "summit_feed_holdback_seconds"))
        self.assertLess(self.sample(text, "summit_revocation_list_age_seconds"), 60)

        # A method nobody serves is counted under one label, whatever its name.
        for name in ("Nope1", "Nope2"):
            with self.assertRaises(grpc.RpcError) as e:
                self.channel.unary_unary(f"/summit.Nothing/{name}")(b"", timeout=10)
            self.assertEqual(e.exception.code(), grpc.StatusCode.UNIMPLEMENTED)
        text = self.scrape()
        self.assertNotIn("Nope1", text)
        self.assertGreaterEqual(self.sample(text, "summit_grpc_server_handled_total",
                                            method="unknown", code="UNIMPLEMENTED"), 2)

        # An open watch is counted while it is open.
        feed = fs_grpc.FeedServiceStub(self.channel)
        open_before = self.sample(text, "summit_feed_open_watches")
        watch = feed.WatchEvents(fs.WatchEventsRequest(), metadata=self.auth(), timeout=60)
        wait_until(lambda: self.sample(self.scrape(), "summit_feed_open_watches") ==
                   open_before + 1, "watch counted")
        watch.cancel()
        wait_until(lambda: self.sample(self.scrape(), "summit_feed_open_watches") == open_before,
                   "watch uncounted")

    def test_health_follows_the_database_and_reflection_describes_it(self):
        listed = self.buf("--list-services", f"http://127.0.0.1:{self.port}")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        for service in ("grpc.health.v1.Health", "grpc.channelz.v1.Channelz",
                        "summit.reviews.v1.ReviewService"):
            self.assertIn(service, listed.stdout.split())
        servers = self.buf(f"http://127.0.0.1:{self.port}/grpc.channelz.v1.Channelz/GetServers",
                           "-d", "{}")
        self.assertEqual(servers.returncode, 0, servers.stderr)
        self.assertIn("callsStarted", servers.stdout)

        self.assertEqual(self.health(""), "SERVING")
        self.assertEqual(self.health("summit.reviews.v1.ReviewService"), "SERVING")
        # The database refuses summitd: no new connections, the open ones ended.
        subprocess.check_call(["psql", self.admin_db, "-qc",
                               f"ALTER DATABASE {self.db} ALLOW_CONNECTIONS false"])
        try:
            subprocess.check_call(["psql", self.admin_db, "-qAtc",
                                   "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   f"WHERE datname = '{self.db}'"], stdout=subprocess.DEVNULL)
            wait_until(lambda: self.health("summit.reviews.v1.ReviewService") == "NOT_SERVING",
                       "reviews NOT_SERVING without its database")
            self.assertEqual(self.health(""), "NOT_SERVING")
            self.assertEqual(self.health("summit.directory.v1.DirectoryService"), "NOT_SERVING")
            # Liveness stays: restarting pods would not bring the database back.
            self.assertEqual(self.health("liveness"), "SERVING")
            # What a container health check runs: exit code 1, and why.
            ctl = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "client/summitctl/summitctl")
            check = subprocess.run([ctl, "--server", f"127.0.0.1:{self.port}", "health"],
                                   capture_output=True, text=True, timeout=30)
            self.assertEqual((check.returncode, check.stdout.strip()), (1, "NOT_SERVING"))
            self.assertEqual(self.sample(self.scrape(), "summit_database_up", service="reviews"), 0)
        finally:
            subprocess.check_call(["psql", self.admin_db, "-qc",
                                   f"ALTER DATABASE {self.db} ALLOW_CONNECTIONS true"])
        wait_until(lambda: self.health("summit.reviews.v1.ReviewService") == "SERVING",
                   "SERVING again")
        self.assertEqual(self.health(""), "SERVING")
        self.assertEqual(self.sample(self.scrape(), "summit_database_up", service="reviews"), 1)
        ctl = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "client/summitctl/summitctl")
        check = subprocess.run([ctl, "--server", f"127.0.0.1:{self.port}", "health"],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual((check.returncode, check.stdout.strip()), (0, "SERVING"))


    def test_a_replica_stays_within_its_connection_budget(self):
        port_file = os.path.join(self.work, "budget-port")
        log_path = os.path.join(self.work, "budget.log")
        # The replica's connections carry a name of their own, to be counted.
        env = dict(self.env,
                   SUMMIT_DATABASE=self.env["SUMMIT_DATABASE"] + " application_name=budget-replica")
        with open(log_path, "w") as log:
            replica = subprocess.Popen(
                [self.summitd, "serve", "--listen", "127.0.0.1:0", "--port-file", port_file,
                 "--db-connections", "16"], env=env, stdout=log, stderr=log)
        try:
            wait_until(lambda: read(port_file), "replica started")
            with open(log_path) as f:
                self.assertIn("6 pools x 2 workers + 4 background = 16 (budget 16)", f.read())
            channel = grpc.insecure_channel(f"127.0.0.1:{read(port_file)}")
            # Many calls at once on two pools: each of their workers connects.
            directory = ds_grpc.DirectoryServiceStub(channel)
            recommendations = rs_grpc.RecommendationServiceStub(channel)
            calls = [directory.ListOrganizations.future(
                ds.ListOrganizationsRequest(), metadata=self.auth(), timeout=30)
                for _ in range(40)]
            calls += [recommendations.ListRecommendations.future(
                rs.ListRecommendationsRequest(parent="summits/none"), metadata=self.auth(),
                timeout=30) for _ in range(40)]
            for call in calls:
                call.exception()
            connections = int(subprocess.check_output(
                ["psql", self.admin_db, "-qAtc", "SELECT count(*) FROM pg_stat_activity "
                 "WHERE application_name = 'budget-replica'"], text=True))
            # Both pools' 2 workers each, the monitor, the outbox and notifier sessions.
            self.assertGreaterEqual(connections, 5)
            self.assertLessEqual(connections, 16)
            channel.close()
        finally:
            replica.kill()
            replica.wait()

if __name__ == "__main__":
    unittest.main()
