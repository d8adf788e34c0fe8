"""Scale-out under a write load, as it runs in production.

Three replicas: three summitd on one PostgreSQL, clients balancing over them
with gRPC's round_robin; one replica is killed with SIGKILL mid-load (and
started again later). Split: the services in three processes reaching each
other over gRPC, clients calling each service where it runs. In both, writers
create, submit and open a review cycle on recommendations, each call with its
own request_id and retried until acknowledged. Afterwards:
  - every acknowledged write exists exactly once (one row, one audit event);
  - the reviews outbox delivered every state change once (each recommendation
    in review, one `in_review` event each, nothing left pending);
  - the notifier told each author of each submission once;
  - the activity feed lists every event of every service once, no gaps.

Uses the shared test cluster (SUMMIT_TEST_PG_DIR), a database of its own.
Environment: SUMMIT_BUILD_DIR, SUMMIT_TEST_PG_DIR, PYTHONPATH with the stubs.
"""
import base64
import hashlib
import hmac
import os
import signal
import subprocess
import threading
import time
import unittest
import uuid

import grpc
import summit_support as support
from summit_support import SummitDatabase
from google.protobuf import timestamp_pb2
from summit.auth.internal.v1 import token_claims_pb2
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as dres
from summit.feed.v1 import feed_service_pb2 as fs
from summit.feed.v1 import feed_service_pb2_grpc as fs_grpc
from summit.recommendations.v1 import recommendation_service_pb2 as rs
from summit.recommendations.v1 import recommendation_service_pb2_grpc as rs_grpc
from summit.recommendations.v1 import resources_pb2 as rres
from summit.reviews.v1 import resources_pb2 as vres
from summit.reviews.v1 import review_service_pb2 as vs
from summit.reviews.v1 import review_service_pb2_grpc as vs_grpc

WRITERS = 4
ITEMS_EACH = 20
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
             grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.INTERNAL,
             grpc.StatusCode.ABORTED, grpc.StatusCode.CANCELLED, grpc.StatusCode.UNKNOWN}
# How long background work (outbox, notifier) may take to catch up after the
# load, a killed replica's leases included: generous for shared CI machines.
CATCH_UP = 180


def auth(token):
    return [("authorization", "Bearer " + token)]


def wait_until(predicate, what):
    return support.wait_until(predicate, what, CATCH_UP, interval=0.2)


class Replicas(unittest.TestCase):
    def setUp(self):
        self.database = SummitDatabase("replicas")
        self.work = self.database.work
        self.db = self.database.conninfo
        self.key = self.database.key
        self.admin = self.database.admin_token
        self.summitd = self.database.summitd
        self.env = dict(self.database.env, SUMMIT_REVOCATION_REFRESH_SECONDS="1",
                        SUMMIT_DB_CONNECTIONS="16")
        self.processes = {}
        self.channels = []

    def tearDown(self):
        for channel in self.channels:
            channel.close()
        for p in self.processes.values():
            if p.poll() is None:
                p.kill()
                p.wait()
        self.database.drop()

    # --- processes -------------------------------------------------------

    def serve(self, name, listen="127.0.0.1:0", services="all", addresses=()):
        """Starts summitd `name`; returns its port."""
        port_file = os.path.join(self.work, f"{name}.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        args = [self.summitd, "--services", services, "serve", "--listen", listen,
                "--port-file", port_file]
        for a in addresses:
            args += ["--service-address", a]
        log = open(os.path.join(self.work, f"{name}.log"), "a")
        self.processes[name] = subprocess.Popen(args, env=self.env, stdout=log, stderr=log)
        log.close()
        give_up = time.monotonic() + 60
        while True:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    port = f.read().strip()
                if port:
                    return int(port)
            if self.processes[name].poll() is not None or time.monotonic() > give_up:
                with open(os.path.join(self.work, f"{name}.log")) as f:
                    raise AssertionError(f"{name} did not start:\n{f.read()[-3000:]}")
            time.sleep(0.05)

    def channel(self, target, round_robin=False):
        options = [("grpc.lb_policy_name", "round_robin")] if round_robin else []
        channel = grpc.insecure_channel(target, options=options)
        grpc.channel_ready_future(channel).result(timeout=60)
        self.channels.append(channel)
        return channel

    # --- the load --------------------------------------------------------

    def set_up_people(self, directory):
        admin = auth(self.admin)
        # The coordinator works elsewhere: no conflict of interest.
        for org, country in (("kisi", "KZ"), ("ieapr", "KR")):
            directory.CreateOrganization(ds.CreateOrganizationRequest(
                organization_id=org, organization=dres.Organization(
                    display_name=org.upper(), kind=dres.Organization.KIND_THINK_TANK,
                    country_code=country)), metadata=admin, timeout=30)
        tokens = {}
        for pid, role, org in (("dana", dres.ROLE_COORDINATOR, "ieapr"),
                               ("aigerim", dres.ROLE_EXPERT, "kisi")):
            person = directory.CreatePerson(ds.CreatePersonRequest(
                person_id=pid, person=dres.Person(
                    display_name=pid, email=f"{pid}@replicas.example",
                    organization=f"organizations/{org}", roles=[role])), metadata=admin,
                timeout=30)
            tokens[pid] = directory.CreateCredential(ds.CreateCredentialRequest(
                parent=person.name, credential=dres.Credential(display_name="t")),
                metadata=admin, timeout=30).token
        now = int(time.time())  # summitd runs on the wall clock here
        start, end = (time.strftime("%Y-%m-%d", time.gmtime(now + days * 86400))
                      for days in (60, 61))
        directory.CreateSummit(ds.CreateSummitRequest(summit_id="s", summit=dres.Summit(
            display_name="S", start_date=start, end_date=end, time_zone="Asia/Almaty",
            languages=["en"], submission_deadline=timestamp_pb2.Timestamp(
                seconds=now + 30 * 86400))), metadata=auth(tokens["dana"]), timeout=30)
        directory.CreateTrack(ds.CreateTrackRequest(
            parent="summits/s", track_id="ai", track=dres.Track(display_name="AI")),
            metadata=auth(tokens["dana"]), timeout=30)
        return tokens

    def run_load(self, recommendations, reviews, tokens, during=()):
        """Writers create, submit and open a cycle per item, retrying each call
        with its request_id until acknowledged. `during`: (fraction of the
        items done, action) pairs run on the way. Returns the names."""
        lock = threading.Lock()
        done = [0]
        names = {}
        # The longest a call took from its first failure to its answer: how
        # long the service was unavailable to a retrying client.
        stats = {"retries": 0, "answers": {}, "longest_outage": 0.0}
        errors = []
        due = timestamp_pb2.Timestamp(seconds=int(time.time()) + 20 * 86400)

        def call(method, request, token):
            give_up = time.monotonic() + 120
            first_failure = None
            while True:
                try:
                    answer = method(request, metadata=auth(token), timeout=10)
                    if first_failure is not None:
                        with lock:
                            stats["longest_outage"] = max(stats["longest_outage"],
                                                          time.monotonic() - first_failure)
                    return answer
                except grpc.RpcError as e:
                    if e.code() not in RETRYABLE or time.monotonic() > give_up:
                        raise
                    first_failure = first_failure or time.monotonic()
                    with lock:
                        stats["retries"] += 1
                    time.sleep(0.05)

        def writer(w):
            for i in range(ITEMS_EACH):
                create = rs.CreateRecommendationRequest(
                    parent="summits/s", request_id=str(uuid.uuid4()),
                    recommendation=rres.Recommendation(track="summits/s/tracks/ai"),
                    first_version=rres.RecommendationVersion(
                        title=f"Writer {w} item {i}", summary="S", body="B", language="en"))
                rec = call(recommendations.CreateRecommendation, create, tokens["aigerim"])
                # A client whose answer was lost asks again: the same answer.
                again = call(recommendations.CreateRecommendation, create, tokens["aigerim"])
                submitted = call(recommendations.SubmitRecommendation, rs.SubmitRecommendationRequest(
                    name=rec.name, request_id=str(uuid.uuid4())), tokens["aigerim"])
                cycle = call(reviews.OpenReviewCycle, vs.OpenReviewCycleRequest(
                    parent=rec.name, request_id=str(uuid.uuid4()), due_time=due,
                    policy=vres.ReviewPolicy(required_reviews=1)), tokens["dana"])
                with lock:
                    names.setdefault(rec.name, []).extend([again.name, submitted.name])
                    stats["answers"][rec.name] = cycle.name
                    done[0] += 1

        def run(w):
            try:
                writer(w)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"writer {w}: {e}")

        threads = [threading.Thread(target=run, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        total = WRITERS * ITEMS_EACH
        for fraction, action in during:
            while done[0] < fraction * total and any(t.is_alive() for t in threads):
                time.sleep(0.02)
            action()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(names), total)
        for name, answers in names.items():
            self.assertEqual(set(answers), {name}, f"{name} was answered as {answers}")
        print(f"{total} items ({3 * total} writes) acknowledged, {stats['retries']} retries, "
              f"a retrying client waited at most {stats['longest_outage']:.2f} s")
        return sorted(names)

    # --- the checks ------------------------------------------------------

    def service_token(self):
        """A credential of Summit's own servers, as summitd mints for its calls
        to other services (token.h): the feed shows it every event."""
        now = int(time.time())
        claims = token_claims_pb2.TokenClaims(
            subject="services/test", token_id="svc-" + uuid.uuid4().hex,
            issue_time_seconds=now, expire_time_seconds=now + 600)

        def b64(data):
            return base64.urlsafe_b64encode(data).decode().rstrip("=")

        signed = "smt2.k1." + b64(claims.SerializeToString())
        mac = hmac.new(self.key.encode(), signed.encode(), hashlib.sha256).digest()
        return signed + "." + b64(mac)

    def sql(self, query):
        return self.database.sql(query)

    def check_exactly_once(self, names, feed):
        total = len(names)
        self.assertEqual(int(self.sql(
            "SELECT count(*) FROM recommendations.recommendations WHERE summit = 'summits/s'")),
            total)
        for event in ("created", "submitted"):
            self.assertEqual(int(self.sql(
                "SELECT count(*) FROM recommendations.events "
                f"WHERE type = 'recommendations.recommendation.{event}'")), total, event)
        self.assertEqual(int(self.sql("SELECT count(*) FROM reviews.cycles")), total)
        # The outbox: every state change delivered, each exactly once.
        wait_until(lambda: self.sql(
            "SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL") == "0",
            "the reviews outbox delivered")
        self.assertEqual(self.sql("SELECT count(*) FROM reviews.outbox WHERE refused_time "
                                  "IS NOT NULL"), "0")
        self.assertEqual(int(self.sql(
            "SELECT count(*) FROM recommendations.recommendations WHERE state = 'STATE_IN_REVIEW'")),
            total)
        self.assertEqual(int(self.sql(
            "SELECT count(*) FROM recommendations.events "
            "WHERE type = 'recommendations.recommendation.in_review'")), total)
        # The notifier: the author heard of each submission, once.
        wait_until(lambda: int(self.sql(
            "SELECT count(DISTINCT resource) FROM notifications.notifications "
            "WHERE recipient = 'people/aigerim' AND kind = 5")) == total,
            "a submission notification for each item")
        self.assertEqual(self.sql(
            "SELECT count(*) FROM (SELECT 1 FROM notifications.notifications "
            "GROUP BY recipient, kind, resource HAVING count(*) > 1) d"), "0")
        # The feed: every event of every service, once, in one pass.
        sources = self.sql("SELECT table_schema FROM information_schema.tables "
                           "WHERE table_name = 'events' ORDER BY 1").split()
        stored = set()
        for source in sources:
            for line in self.sql(f"SELECT id FROM {source}.events").split():
                stored.add((source, int(line)))
        listed = []
        token = ""
        service = self.service_token()
        while True:
            page = feed.ListEvents(fs.ListEventsRequest(page_size=500, page_token=token),
                                   metadata=auth(service), timeout=30)
            listed += [(e.source, e.id) for e in page.events]
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(listed), len(set(listed)), "an event listed twice")
        self.assertEqual(set(listed), stored, "the feed and the services' events differ")
        print(f"feed: {len(listed)} events from {', '.join(sources)}, none missing or twice")

    # --- the tests -------------------------------------------------------

    def test_three_replicas_one_killed_mid_load(self):
        ports = [self.serve(f"r{n}") for n in range(3)]
        target = "ipv4:" + ",".join(f"127.0.0.1:{p}" for p in ports)
        channel = self.channel(target, round_robin=True)
        tokens = self.set_up_people(ds_grpc.DirectoryServiceStub(channel))
        killed_at = []

        def kill():
            self.processes["r1"].send_signal(signal.SIGKILL)
            self.processes["r1"].wait()
            killed_at.append(time.monotonic())

        def restart():
            self.serve("r1", listen=f"127.0.0.1:{ports[1]}")
            print(f"r1 was down {time.monotonic() - killed_at[0]:.1f} s")

        names = self.run_load(rs_grpc.RecommendationServiceStub(channel),
                              vs_grpc.ReviewServiceStub(channel), tokens,
                              during=[(0.3, kill), (0.7, restart)])
        # Every replica took part: each wrote audit events under its own calls.
        served = []
        for n in range(3):
            with open(os.path.join(self.work, f"r{n}.log")) as f:
                served.append(sum(1 for line in f if "CreateRecommendation" in line))
        print(f"CreateRecommendation calls per replica: {served}")
        for n, count in enumerate(served):
            self.assertGreater(count, 0, f"r{n} served no writes: no balancing")
        self.check_exactly_once(names, fs_grpc.FeedServiceStub(channel))

    def test_services_split_across_processes(self):
        # Each process needs the others' ports: the work process starts
        # first knowing only the directory, then once more (same port)
        # knowing where the rest landed.
        directory = self.serve("directory", services="directory")
        work = self.serve("work", services="recommendations,reviews", addresses=[
            f"directory=127.0.0.1:{directory}"])
        others = self.serve("others", services="meetings,briefing,feed,notifications", addresses=[
            f"directory=127.0.0.1:{directory}", f"recommendations=127.0.0.1:{work}",
            f"reviews=127.0.0.1:{work}"])
        self.processes["work"].terminate()
        self.processes["work"].wait()
        work = self.serve("work", listen=f"127.0.0.1:{work}", services="recommendations,reviews",
                          addresses=[f"directory=127.0.0.1:{directory}"] + [
                              f"{s}=127.0.0.1:{others}"
                              for s in ("meetings", "briefing", "feed", "notifications")])
        tokens = self.set_up_people(ds_grpc.DirectoryServiceStub(
            self.channel(f"127.0.0.1:{directory}")))
        work_channel = self.channel(f"127.0.0.1:{work}")
        names = self.run_load(rs_grpc.RecommendationServiceStub(work_channel),
                              vs_grpc.ReviewServiceStub(work_channel), tokens)
        self.check_exactly_once(names, fs_grpc.FeedServiceStub(
            self.channel(f"127.0.0.1:{others}")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
