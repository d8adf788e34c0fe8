#!/usr/bin/env python3
"""Instructions summitd executes per call, subject beside baseline: a figure
that does not move with the machine's load, for changes too small to show in
throughput on two shared cores (docs/benchmarks.md).

Each build's summitd runs under callgrind twice per call, serving N1 and then
N2 calls of it (2 in flight, after the demo data and 200 recommendations);
the difference of the two runs' totals over N2 - N1 is the call's own count,
start-up and demo loading cancelled out. Background work (the revoked-token
list, pool top-ups) that runs longer in the longer run stays in: repeated
runs agree within about 1%.

  tests/bench/count_instructions.py --build build --baseline-build base/build \\
      --calls GetPerson,GetRecommendation
"""
import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402
from bench_support import Cluster  # noqa: E402

SCALE = 200


def total_instructions(callgrind_out):
    with open(callgrind_out) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit(f"{callgrind_out}: no totals (did summitd end cleanly?)")


def count(bench, label, build, call_name, n):
    out = os.path.join(bench.work, f"callgrind-{label}-{call_name}-{n}.out")
    wrapper = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    bench.targets[label] = bench.launch(build, wrapper=wrapper)
    bench.use(label)
    bench.seed(SCALE)
    call = next(c for c in run_bench.calls(bench, SCALE) if c["name"] == call_name)
    bench.run_load(call["method"], call["request"], call["who"], 2, 3600, count=n,
                   pool=call.get("pool", False))
    bench.summitd.stop()
    bench.children.remove(bench.summitd)
    del bench.targets[label]
    return total_instructions(out)


def count_echo(bench, build, call_name, n, duties=None):
    """The same for summit_echo running the call's minimal SQL (the bench's
    echo+SQL: no authentication, logging or decoding), beside a plain
    summitd that seeded the database and gave the response it repeats; with
    `duties`, served as summitd serves it with those of its duties
    (run_bench.ECHO_DUTIES)."""
    label = "echo-host"
    if label not in bench.targets:
        bench.targets[label] = bench.launch(build)
        bench.use(label)
        bench.seed(SCALE)
    bench.use(label)
    call = next(c for c in run_bench.calls(bench, SCALE) if c["name"] == call_name)
    kind = "echo-sql" if duties is None else "echo-" + "-".join(("unary",) + tuple(duties))
    out = os.path.join(bench.work, f"callgrind-{kind}-{call_name}-{n}.out")
    wrapper = ["valgrind", "-q", "--tool=callgrind", f"--callgrind-out-file={out}"]
    echo = bench.echo(call, sql=call["minimal"][0], wrapper=wrapper, duties=duties)
    bench.run_load(call["method"], call["request"], call["who"], 2, 3600, count=n,
                   server=echo.address)
    echo.stop()
    bench.children.remove(echo)
    return total_instructions(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-release")
    parser.add_argument("--baseline-build", default="")
    parser.add_argument("--calls", default="GetPerson,GetRecommendation")
    parser.add_argument("--counts", default="1000,3000", help="N1,N2 calls")
    parser.add_argument("--with-echo", action="store_true",
                        help="count the echo+SQL server too (the subject build's)")
    parser.add_argument("--echo-duties", action="store_true",
                        help="with --with-echo: also the echo+SQL server served as summitd "
                             "serves a call, with its authentication and access log")
    parser.add_argument("--keep", default="",
                        help="copy the callgrind outputs here (for callgrind_annotate)")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is needed (apt-get install valgrind)")
    n1, n2 = (int(n) for n in args.counts.split(","))
    builds = {"subject": os.path.abspath(args.build)}
    if args.baseline_build:
        builds["baseline"] = os.path.abspath(args.baseline_build)
    bench = run_bench.Bench(argparse.Namespace(build=args.build, baseline_build=""))
    rows = []
    with Cluster() as cluster:
        try:
            bench.start(cluster, launch=False)
            for call_name in filter(None, args.calls.split(",")):
                per_call = {}
                for label, build in builds.items():
                    first, second = (count(bench, label, build, call_name, n) for n in (n1, n2))
                    per_call[label] = (second - first) / (n2 - n1)
                    print(f"{call_name:20s} {label:8s} {per_call[label]:10,.0f} instructions a call",
                          flush=True)
                if args.with_echo:
                    first, second = (count_echo(bench, builds["subject"], call_name, n)
                                     for n in (n1, n2))
                    per_call["echo+SQL"] = (second - first) / (n2 - n1)
                    print(f"{call_name:20s} echo+SQL {per_call['echo+SQL']:10,.0f} instructions a call",
                          flush=True)
                if args.with_echo and args.echo_duties:
                    duties = run_bench.ECHO_DUTIES["echo_logged"]
                    first, second = (count_echo(bench, builds["subject"], call_name, n, duties)
                                     for n in (n1, n2))
                    per_call["echo+duties"] = (second - first) / (n2 - n1)
                    print(f"{call_name:20s} echo+SQL with authentication and access log "
                          f"{per_call['echo+duties']:10,.0f} instructions a call", flush=True)
                rows.append((call_name, per_call))
        finally:
            bench.stop_children()
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                for name in os.listdir(bench.work):
                    if name.startswith("callgrind-"):
                        shutil.copy(os.path.join(bench.work, name), args.keep)
            shutil.rmtree(bench.work, ignore_errors=True)
    print("\n| call | subject | baseline | subject / baseline | echo+SQL | subject / echo+SQL "
          "| echo+SQL, authentication, access log | subject / it |"
          "\n|---|---|---|---|---|---|---|---|")
    for name, per_call in rows:
        subject = per_call["subject"]
        base, echo = per_call.get("baseline"), per_call.get("echo+SQL")
        duties = per_call.get("echo+duties")
        print(f"| {name} | {subject:,.0f} | {f'{base:,.0f}' if base else '–'} | "
              f"{f'{subject / base:.3f}' if base else '–'} | {f'{echo:,.0f}' if echo else '–'} | "
              f"{f'{subject / echo:.2f}' if echo else '–'} | "
              f"{f'{duties:,.0f}' if duties else '–'} | {f'{subject / duties:.2f}' if duties else '–'} |")


if __name__ == "__main__":
    main()
