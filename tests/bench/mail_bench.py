#!/usr/bin/python3
"""Mail figures: the notifier's CPU cost, event-to-SMTP latency, throughput.

Starts its own PostgreSQL cluster, an SMTP server (aiosmtpd, in this
process) and summitd from the given build, then, interleaved over ROUNDS:

  cpu        the demo data loaded by summitctl into a fresh database, with
             summitd hosting every service (A) and every service but
             notifications (B); summitd's CPU seconds (utime + stime) from
             start to the last mail received (A) or the loader's end (B).
  latency    after the demo, one action item created at a time (each mails
             its assignee at once): RPC return -> message at the SMTP server.
  throughput BURST action items created from 8 threads; messages per second
             at the SMTP server from the first to the last.

Prints a Markdown table for docs/benchmarks.md.

Usage (from the repository root, after a release build):
  /usr/bin/python3 tests/bench/mail_bench.py [BUILD_DIR] [ROUNDS] [BURST]
"""
import asyncio
import email
import email.policy
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from bench_support import Cluster, Summitd, wait_until  # noqa: E402

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build-release")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
burst = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
sys.path.insert(0, os.path.join(build, "python_stubs"))
import grpc  # noqa: E402
from aiosmtpd.smtp import SMTP  # noqa: E402
from google.protobuf.timestamp_pb2 import Timestamp  # noqa: E402
from summit.meetings.v1 import meeting_service_pb2 as ms, meeting_service_pb2_grpc as msg  # noqa: E402
from summit.meetings.v1 import resources_pb2 as mr  # noqa: E402
from summit.notifications.v1 import notification_service_pb2 as ns  # noqa: E402
from summit.notifications.v1 import notification_service_pb2_grpc as nsg  # noqa: E402
from summit.notifications.v1 import resources_pb2 as nr  # noqa: E402

SEMINAR = "summits/ca-kr-2025/meetings/kisi-iepr-seminar"
WITHOUT_NOTIFICATIONS = "directory,recommendations,reviews,meetings,feed,briefing"


class Sink:
    """An SMTP server that notes when each message arrived and its subject."""

    def __init__(self):
        self.arrivals = []  # (monotonic time, subject)
        self.lock = threading.Lock()
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True).start()

        async def serve():
            return await loop.create_server(lambda: SMTP(self), "127.0.0.1", 0)
        self.port = asyncio.run_coroutine_threadsafe(serve(), loop).result(10).sockets[0].getsockname()[1]

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        # Subjects are RFC 2047 words (Kazakh, Korean…): decoded to compare.
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        subject = str(message["subject"])
        with self.lock:
            self.arrivals.append((now, subject))
        return "250 OK"

    def count(self):
        with self.lock:
            return len(self.arrivals)

    def since(self, index):
        with self.lock:
            return list(self.arrivals[index:])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_summitd(cluster, sink, services):
    return Summitd(build, cluster, extra_env={
        "SUMMIT_SMTP_URL": f"smtp://127.0.0.1:{sink.port}", "SUMMIT_MAIL_FROM": "summit@bench.example",
        "SUMMIT_SERVICES": services})


def queued_mail(run):
    stub = nsg.NotificationServiceStub(grpc.insecure_channel(run.address))
    admin = [("authorization", "Bearer " + run.admin)]
    total, token = 0, ""
    while True:
        page = stub.ListMailDeliveries(ns.ListMailDeliveriesRequest(page_size=500, page_token=token),
                                       metadata=admin)
        total += sum(1 for d in page.deliveries if d.state == nr.MailDelivery.STATE_QUEUED)
        token = page.next_page_token
        if not token:
            return total


def demo_cpu(cluster, sink, services, with_mail):
    run = start_summitd(cluster, sink, services)
    before = cpu_seconds(run.process.pid)
    start = time.monotonic()
    run.load_demo()
    # At the loader's end, both ways: what the demo's writes cost. (Then the
    # mail is waited for, uncounted, polling gently: the polls cost CPU too.)
    cpu, wall = cpu_seconds(run.process.pid) - before, time.monotonic() - start
    if with_mail:
        deadline = time.monotonic() + 300
        while queued_mail(run) > 0 and time.monotonic() < deadline:
            time.sleep(1)
    return run, cpu, wall


def create_items(run, titles, threads):
    stub = msg.MeetingServiceStub(grpc.insecure_channel(run.address))
    coordinator = [("authorization", "Bearer " + run.token("dana-coordinator"))]
    people = ["people/aigerim", "people/kim-minjun", "people/dilnoza", "people/lee-coordinator"]
    due = Timestamp(seconds=int(time.time()) + 30 * 86400)
    returned = {}

    def create(i_title):
        i, title = i_title
        stub.CreateActionItem(ms.CreateActionItemRequest(
            parent=SEMINAR, request_id=title,
            action_item=mr.ActionItem(title=title, assignee=people[i % len(people)], due_time=due)),
            metadata=coordinator)
        returned[title] = time.monotonic()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(create, enumerate(titles)))
    return returned


def latency(run, sink, n=200):
    seen = sink.count()
    samples = []
    for i in range(n):
        title = f"latency-{uuid.uuid4().hex[:10]}"
        returned = create_items(run, [title], 1)[title]
        wait_until("the action item's mail", lambda: any(title in s for _, s in sink.since(seen)), 60)
        arrived = next(t for t, s in sink.since(seen) if title in s)
        samples.append(arrived - returned)
        time.sleep(0.05)  # about the pace of people, not a queue
    return samples


def throughput(run, sink, n):
    seen = sink.count()
    titles = [f"burst-{uuid.uuid4().hex[:10]}" for _ in range(n)]
    create_items(run, titles, 8)
    wait_until("the burst's mail", lambda: sink.count() - seen >= n, 600)
    arrivals = [t for t, _ in sink.since(seen)]
    return (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])


def main():
    sink = Sink()
    cpu_with, cpu_without, walls, lat, rates = [], [], [], [], []
    with Cluster() as cluster:
        for r in range(rounds):
            run, cpu, wall = demo_cpu(cluster, sink, "all", True)
            cpu_with.append(cpu)
            walls.append(wall)
            lat += latency(run, sink)
            rates.append(throughput(run, sink, burst))
            run.stop()
            run, cpu, _ = demo_cpu(cluster, sink, WITHOUT_NOTIFICATIONS, False)
            cpu_without.append(cpu)
            run.stop()
            print(f"# round {r + 1}: cpu {cpu_with[-1]:.2f} s vs {cpu_without[-1]:.2f} s; "
                  f"{rates[-1]:.0f} msg/s", file=sys.stderr)
    lat.sort()
    with_cpu, without_cpu = statistics.median(cpu_with), statistics.median(cpu_without)
    print(f"| figure ({rounds} rounds, {os.cpu_count()} cores) | median | target |")
    print("|---|---|---|")
    print(f"| summitd CPU for the demo load, with notifications | {with_cpu:.2f} s | |")
    print(f"| summitd CPU for the demo load, without | {without_cpu:.2f} s | |")
    wall = statistics.median(walls)
    print(f"| the demo's wall time | {wall:.1f} s | |")
    print(f"| added by the notifier, of one core while the demo writes | "
          f"{100 * (with_cpu - without_cpu) / wall:.1f}% | < 5% |")
    print(f"| added by the notifier, of summitd's own CPU for the demo | "
          f"{100 * (with_cpu / without_cpu - 1):.0f}% | |")
    print(f"| event → SMTP server, p50 / p99 ({len(lat)} mails) | "
          f"{1000 * lat[len(lat) // 2]:.0f} ms / {1000 * lat[int(len(lat) * 0.99)]:.0f} ms | p99 ≤ 10 s |")
    print(f"| messages per second through the sink ({burst} queued at once) | "
          f"{statistics.median(rates):.0f} | ≥ 100 |")


if __name__ == "__main__":
    main()
