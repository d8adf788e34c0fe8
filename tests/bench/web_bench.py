#!/usr/bin/python3
"""Web figures: what the browser downloads, the gateway's cost over gRPC, and
the board with 1,000 recommendations.

Starts its own PostgreSQL cluster and summitd (HTTP listener and the built
app, client/web/dist), loads the demo data, then:

  first load   index.html and every asset it names, as a browser asks for
               them (Accept-Encoding: gzip): bytes on the wire.
  gateway      GetPerson through the Connect gateway (JSON over HTTP/1.1,
               one kept-alive connection) and through gRPC (one channel),
               from this one client, interleaved in ROUNDS blocks of CALLS
               sequential calls: per-call latency medians and their ratio.
  board        1,000 submitted recommendations, then Chromium opens the board:
               navigation start to the table holding every row.

Usage (from the repository root, after a build and client/web/build.sh):
  /usr/bin/python3 tests/bench/web_bench.py [BUILD_DIR] [ROUNDS] [CALLS]
"""
import gzip
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from bench_support import ROOT, Cluster, Summitd  # noqa: E402

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
sys.path.insert(0, os.path.join(build, "python_stubs"))
import grpc  # noqa: E402
from summit.directory.v1 import directory_service_pb2 as ds, directory_service_pb2_grpc as dsg  # noqa: E402
from summit.recommendations.v1 import recommendation_service_pb2 as rs  # noqa: E402
from summit.recommendations.v1 import recommendation_service_pb2_grpc as rsg  # noqa: E402
from summit.recommendations.v1 import resources_pb2 as rr  # noqa: E402
from summit.reviews.v1 import review_service_pb2 as ws, review_service_pb2_grpc as wsg  # noqa: E402

def first_load(port):
    """Bytes a browser transfers for the app's first load."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    total = 0

    def get(path):
        nonlocal total
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
        total += len(body) + sum(len(k) + len(v) + 4 for k, v in response.getheaders())
        return body, response.getheader("Content-Encoding")

    html, encoding = get("/")
    if encoding == "gzip":
        html = gzip.decompress(html)
    for asset in re.findall(rb'(?:src|href)="(/assets/[^"]+)"', html):
        get(asset.decode())
    return total


def gateway_vs_grpc(http_port, address, token):
    conn = http.client.HTTPConnection("127.0.0.1", http_port)
    body = json.dumps({"name": "people/aigerim"})
    headers = {"Content-Type": "application/json", "Connect-Protocol-Version": "1",
               "Authorization": "Bearer " + token}
    stub = dsg.DirectoryServiceStub(grpc.insecure_channel(address))
    metadata = [("authorization", "Bearer " + token)]
    request = ds.GetPersonRequest(name="people/aigerim")

    def through_gateway(payload, payload_headers):
        def call():
            conn.request("POST", "/summit.directory.v1.DirectoryService/GetPerson", payload,
                         payload_headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
        return call

    via_http = through_gateway(body, headers)
    # What the web app sends.
    via_http_binary = through_gateway(request.SerializeToString(),
                                      dict(headers, **{"Content-Type": "application/proto"}))

    def via_grpc():
        stub.GetPerson(request, metadata=metadata)

    ways = (via_http, via_http_binary, via_grpc)
    for f in ways:  # warm each
        for _ in range(200):
            f()
    micros = {f: [] for f in ways}
    for _ in range(rounds):
        for f in ways:
            start = time.perf_counter()
            for _ in range(calls):
                f()
            micros[f].append((time.perf_counter() - start) / calls * 1e6)
    return [statistics.median(micros[f]) for f in ways]


def seed(address, token, n=1000):
    stub = rsg.RecommendationServiceStub(grpc.insecure_channel(address))
    metadata = [("authorization", "Bearer " + token)]
    run = uuid.uuid4().hex[:6]

    def one(i):
        rec = stub.CreateRecommendation(rs.CreateRecommendationRequest(
            parent="summits/ca-kr-2025", request_id=f"{run}-{i}",
            recommendation=rr.Recommendation(track="summits/ca-kr-2025/tracks/green",
                                             title=f"Bench {i}", summary="Bench"),
            first_version=rr.RecommendationVersion(title=f"Bench {i}", summary="Bench",
                                                   body="Text", language="en")), metadata=metadata)
        stub.SubmitRecommendation(rs.SubmitRecommendationRequest(name=rec.name, etag=rec.etag),
                                  metadata=metadata)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(n)))


BOARD_SCRIPT = r"""
const { chromium } = require(process.env.PLAYWRIGHT);
(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(process.env.URL + "/");
  const r = await page.request.post(process.env.URL + "/auth/token", {
    headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1" },
    data: { token: process.env.TOKEN } });
  if (!r.ok()) throw new Error("token refused");
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto("about:blank");
    await page.goto(process.env.URL + "/#/board");
    await page.waitForFunction((n) => document.querySelectorAll("main table tbody tr").length >= n, Number(process.env.ROWS), { timeout: 60000 });
    times.push(await page.evaluate(() => performance.now()));
    if (process.env.TRACE && i === 4) console.error(JSON.stringify(await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => [e.name.split("/").pop(), Math.round(e.startTime), Math.round(e.responseEnd)]))));
  }
  console.log(JSON.stringify(times));
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
"""


def board_rpc_ms(address, token):
    """GetStatusBoard alone, over gRPC: the server's share of the page."""
    stub = wsg.ReviewServiceStub(grpc.insecure_channel(address))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        stub.GetStatusBoard(ws.GetStatusBoardRequest(summit="summits/ca-kr-2025"),
                            metadata=[("authorization", "Bearer " + token)])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def board_ms(http_port, token, rows):
    out = subprocess.check_output(
        ["node", "-e", BOARD_SCRIPT],
        env=dict(os.environ, PLAYWRIGHT=os.path.join(ROOT, "client/web/node_modules/playwright-core"),
                 URL=f"http://127.0.0.1:{http_port}", TOKEN=token, ROWS=str(rows)), text=True)
    return statistics.median(json.loads(out.strip().splitlines()[-1]))


def main():
    with Cluster() as cluster:
        server = Summitd(build, cluster, args=["--http-listen", "127.0.0.1:0",
                                                "--web-app-dir", os.path.join(ROOT, "client/web/dist")])
        try:
            server.load_demo()
            load = first_load(server.http_port)
            http_us, binary_us, grpc_us = gateway_vs_grpc(server.http_port, server.address, server.admin)
            seed(server.address, server.token("aigerim"))
            board = board_ms(server.http_port, server.token("lee-coordinator"), 1000)
            board_rpc = board_rpc_ms(server.address, server.token("lee-coordinator"))
        finally:
            server.stop()
    print(f"| figure ({os.cpu_count()} cores) | median | target |")
    print("|---|---|---|")
    print(f"| first load, gzip, headers included | {load / 1024:.0f} KiB | ≤ 300 KB |")
    print(f"| GetPerson through the gateway (HTTP/1.1 JSON) | {http_us:.0f} µs | |")
    print(f"| GetPerson through gRPC, same client | {grpc_us:.0f} µs | |")
    print(f"| GetPerson through the gateway (HTTP/1.1 binary protobuf, as the app) | {binary_us:.0f} µs | |")
    print(f"| gateway ÷ gRPC, JSON | {http_us / grpc_us:.2f} | ≤ 1.3 |")
    print(f"| gateway ÷ gRPC, binary | {binary_us / grpc_us:.2f} | ≤ 1.3 |")
    print(f"| board with 1,000 recommendations, load to every row | {board:.0f} ms | < 1,000 ms |")
    print(f"| of which GetStatusBoard over gRPC | {board_rpc:.0f} ms | |")


if __name__ == "__main__":
    main()
