"""SIGTERM under load: no call in flight is lost, and calls keep being served,
on old and new connections, for the whole drain while health says
NOT_SERVING; then summitd exits cleanly.

Runs inside with_summitd.sh with SUMMIT_DRAIN_SECONDS set (tests/CMakeLists.txt,
run_python_test.sh). Environment: SUMMIT_ADDRESS, SUMMIT_ADMIN_TOKEN, SUMMIT_PID,
SUMMIT_DRAIN_SECONDS, PYTHONPATH with the stubs.
"""
import os
import signal
import threading
import time
import unittest
import uuid

import grpc
from health.v1 import health_pb2, health_pb2_grpc
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as res

WRITERS = 6
READERS = 2


class DrainUnderLoad(unittest.TestCase):
    def test_sigterm_loses_no_call_and_serves_through_the_drain(self):
        address = os.environ["SUMMIT_ADDRESS"]
        admin = [("authorization", "Bearer " + os.environ["SUMMIT_ADMIN_TOKEN"])]
        drain = float(os.environ["SUMMIT_DRAIN_SECONDS"])
        self.assertGreaterEqual(drain, 3, "the test needs a drain of a few seconds")
        channel = grpc.insecure_channel(address)
        stub = ds_grpc.DirectoryServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        self.assertEqual(health.Check(health_pb2.HealthCheckRequest(), timeout=5).status,
                         health_pb2.HealthCheckResponse.SERVING)

        # The load stops a margin before the drain ends: every call made until
        # then must succeed.
        stop_at = [None]
        lock = threading.Lock()
        outcomes = {"ok": 0, "ok_after_term": 0, "failed": []}

        def record(ok, after_term, error=None):
            with lock:
                if ok:
                    outcomes["ok"] += 1
                    outcomes["ok_after_term"] += after_term
                else:
                    outcomes["failed"].append(error)

        term_time = [None]

        def running():
            return stop_at[0] is None or time.monotonic() < stop_at[0]

        def writer(n):
            while running():
                suffix = uuid.uuid4().hex[:10]
                try:
                    stub.CreateOrganization(ds.CreateOrganizationRequest(
                        organization_id=f"drain-{n}-{suffix}",
                        organization=res.Organization(
                            display_name=f"Drain test {suffix}",
                            kind=res.Organization.KIND_THINK_TANK, country_code="KZ"),
                        request_id=str(uuid.uuid4())), metadata=admin, timeout=10)
                    record(True, term_time[0] is not None)
                except grpc.RpcError as e:
                    record(False, False, f"{e.code()}: {e.details()}")

        def reader():
            while running():
                try:
                    stub.ListOrganizations(ds.ListOrganizationsRequest(page_size=5),
                                           metadata=admin, timeout=10)
                    record(True, term_time[0] is not None)
                except grpc.RpcError as e:
                    record(False, False, f"{e.code()}: {e.details()}")

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        threads += [threading.Thread(target=reader) for _ in range(READERS)]
        for t in threads:
            t.start()
        time.sleep(1.0)  # load running before the signal (not synchronisation)
        term_time[0] = time.monotonic()
        stop_at[0] = term_time[0] + drain - 1.5
        os.kill(int(os.environ["SUMMIT_PID"]), signal.SIGTERM)

        # Health turns NOT_SERVING while calls are still answered, and a new
        # connection made during the drain is served too.
        deadline = time.monotonic() + drain - 1.5
        status = None
        while time.monotonic() < deadline:
            status = health.Check(health_pb2.HealthCheckRequest(), timeout=5).status
            if status == health_pb2.HealthCheckResponse.NOT_SERVING:
                break
            time.sleep(0.05)
        self.assertEqual(status, health_pb2.HealthCheckResponse.NOT_SERVING)
        fresh = grpc.insecure_channel(address)
        fresh_reply = ds_grpc.DirectoryServiceStub(fresh).ListOrganizations(
            ds.ListOrganizationsRequest(page_size=1), metadata=admin, timeout=5)
        self.assertTrue(fresh_reply.organizations)
        fresh.close()

        for t in threads:
            t.join()
        channel.close()
        print(f"calls ok: {outcomes['ok']} ({outcomes['ok_after_term']} after SIGTERM), "
              f"failed: {len(outcomes['failed'])}")
        self.assertEqual(outcomes["failed"], [])
        self.assertGreater(outcomes["ok_after_term"], 10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
