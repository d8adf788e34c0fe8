#!/usr/bin/python3
"""The benchmark still runs end to end: tests/bench/run_bench.py, small and
short (200 rows, 2 in flight, one 0.3 s round), on reads and a write; every
server and pgbench it compares answers, and the rows it prints hold figures.
Not a measurement: the figures are not compared with anything.

  SUMMIT_BUILD_DIR=build /usr/bin/python3 tests/bench/test_bench_smoke.py
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
READS = ["GetPerson", "GetRecommendation", "ListRecommendations"]
WRITES = ["CreateVersion"]  # its exact SQL does not replay (a version number is taken)


def main():
    build = os.environ.get("SUMMIT_BUILD_DIR", "build")
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "rows.json")
        run = subprocess.run(
            [sys.executable, os.path.join(HERE, "run_bench.py"), "--build", build, "--scales", "200",
             "--in-flight", "2", "--repeats", "1", "--seconds", "0.3",
             "--calls", ",".join(READS + WRITES), "--echo-polled", "2", "--echo-pipelined", "1", "--echo-duties", "--json", out],
            capture_output=True, text=True, timeout=400)
        print(run.stdout[-4000:], run.stderr[-2000:])
        if run.returncode != 0:
            return f"run_bench.py exited {run.returncode}"
        rows = {r["call"]: r for r in json.load(open(out))}
    problems = []
    for name in READS + WRITES:
        row = rows.get(name)
        if row is None:
            problems.append(f"{name}: no row")
            continue
        kinds = ["grpc", "minimal", "floor", "echo"]
        if name in READS:
            # One SELECT: replayed, and run by the echo, blocking, polled,
            # pipelined, and served as summitd serves it with and without its
            # duties (summit_load fails on any refused call: a token the echo
            # could not check would show here).
            kinds += ["exact", "echo_sql", "echo_polled", "echo_pipelined", "echo_unary",
                      "echo_auth", "echo_logged"]
        for kind in kinds:
            if not row[f"{kind}_rpc_per_s"] > 0:
                problems.append(f"{name}: {kind} answered nothing")
        if not row["grpc_summitd_us"] > 0 or not row["grpc_postgres_us"] > 0:
            problems.append(f"{name}: no CPU time read for summitd or PostgreSQL")
        if name in READS and not 0 < row["echo_sql_of_limit"]:
            problems.append(f"{name}: no echo+SQL ratio")
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
