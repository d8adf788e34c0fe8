#!/usr/bin/python3
"""Feed and briefing figures against a running summitd (deploy/local/up.sh).

Writes N organisations (N directory events), then measures: reading the
whole feed from the beginning in pages of 500; how long a live watcher takes
to see a change (commit to receipt); compiling a briefing package and
exporting it as HTML and PDF. Prints a Markdown table for docs/benchmarks.md.

Usage: /usr/bin/python3 tests/bench/feed_bench.py [N]   (from the repository root)
"""
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "build", "python_stubs"))
import grpc  # noqa: E402
from summit.briefing.v1 import briefing_service_pb2 as bs, briefing_service_pb2_grpc as bsg  # noqa: E402
from summit.directory.v1 import directory_service_pb2 as ds, directory_service_pb2_grpc as dsg  # noqa: E402
from summit.directory.v1 import resources_pb2 as dr  # noqa: E402
from summit.feed.v1 import feed_service_pb2 as fs, feed_service_pb2_grpc as fsg  # noqa: E402

root = os.path.join(os.path.dirname(__file__), "..", "..")
admin = open(os.path.join(root, ".local", "admin.token")).read().strip()
coordinator = open(os.path.join(root, ".local", "tokens", "dana-coordinator.token")).read().strip()
channel = grpc.insecure_channel(os.environ.get("SUMMIT_SERVER", "127.0.0.1:50051"))
directory, feed, briefing = dsg.DirectoryServiceStub(channel), fsg.FeedServiceStub(channel), bsg.BriefingServiceStub(channel)
auth = lambda token: [("authorization", "Bearer " + token)]  # noqa: E731
n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
run = str(int(time.time()))


def create_org(i):
    directory.CreateOrganization(ds.CreateOrganizationRequest(
        organization_id=f"bench-{run}-{i}",
        organization=dr.Organization(display_name=f"Bench {i}", kind=dr.Organization.KIND_THINK_TANK,
                                     country_code="KZ")), metadata=auth(admin))


start = time.monotonic()
for i in range(n):
    create_org(i)
write_s = time.monotonic() - start

time.sleep(1)
start = time.monotonic()
req, total, pages = fs.ListEventsRequest(page_size=500), 0, 0
while True:
    resp = feed.ListEvents(req, metadata=auth(coordinator))
    total, pages = total + len(resp.events), pages + 1
    if not resp.next_page_token:
        break
    req.page_token = resp.next_page_token
read_s = time.monotonic() - start

latencies = []
for i in range(20):
    seen = threading.Event()
    call = feed.WatchEvents(fs.WatchEventsRequest(), metadata=auth(coordinator))

    def follow():
        try:
            for _ in call:
                seen.set()
                return
        except grpc.RpcError:
            pass
    t = threading.Thread(target=follow)
    t.start()
    time.sleep(0.7)  # the watch is open and at the present
    sent = time.monotonic()
    create_org(n + i)
    seen.wait(10)
    latencies.append((time.monotonic() - sent) * 1000)
    call.cancel()
    t.join()

start = time.monotonic()
package = briefing.CompileBriefingPackage(bs.CompileBriefingPackageRequest(parent="summits/ca-kr-2025"),
                                          metadata=auth(coordinator))
compile_ms = (time.monotonic() - start) * 1000
timings = {}
for name, fmt in (("html", bs.DOCUMENT_FORMAT_HTML), ("pdf", bs.DOCUMENT_FORMAT_PDF)):
    start = time.monotonic()
    doc = briefing.ExportBriefingPackage(bs.ExportBriefingPackageRequest(name=package.name, language="ko",
                                                                         format=fmt), metadata=auth(coordinator), timeout=120)
    timings[name] = ((time.monotonic() - start) * 1000, len(doc.content))

print("| measure | figure |\n|---|---|")
print(f"| write {n} organisations (one event each), sequentially | {write_s:.1f} s ({n / write_s:.0f}/s) |")
print(f"| read the whole feed ({total} events, {pages} pages of 500) | {read_s:.2f} s ({total / read_s:.0f} events/s) |")
print(f"| watch: commit to receipt, 20 changes | p50 {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms |")
print(f"| compile a briefing package ({package.figures.recommendations} recommendation(s), {len(package.languages)} languages) | {compile_ms:.0f} ms |")
for name, (ms, size) in timings.items():
    print(f"| export {name} (ko) | {ms:.0f} ms, {size} bytes |")
