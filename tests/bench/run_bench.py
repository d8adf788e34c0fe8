#!/usr/bin/python3
"""Summit against the machine's limits, one command.

Starts its own PostgreSQL cluster and summitd (a release build), loads the
demo, seeds recommendations straight into the tables (checked readable
through the API), then for each call and each number of calls in flight
runs, interleaved over REPEATS rounds (A B C D, A B C D, ...):

  grpc     the call through gRPC (tests/bench/summit_load, callback API,
           4 channels);
  baseline the same call to another build's summitd (--baseline-build) on a
           database of its own, seeded alike: the ratio says what changed;
  exact    pgbench running the SQL that call sends, captured from
           PostgreSQL's log while summitd served one call (not retyped);
  minimal  pgbench running the least SQL the call needs (written here);
  floor    the gRPC health check, no database (once per in-flight level);
  echo     the call to tests/bench/summit_echo, which answers with the
           response summitd gave (parses the request, serialises the
           response; no database): the floor with the call's own payload;
  echo+SQL for reads, the same echo running the call's minimal SQL once per
           call over libpq (prepared, one round trip, on the thread that
           took the call) before answering: the least a read server can
           do with its database in, beside the limit and beside summitd.

For each it prints throughput, p50/p99 and CPU microseconds per call in
summitd and in PostgreSQL (utime + stime from /proc), and for gRPC the
ratios to the floor, to pgbench-minimal and to the limit
1 / (1/floor + 1/minimal), and to the same limit with the echo as the
floor. List and search plans are printed with EXPLAIN.
Creates carry a token unique to each call ({run}x{n}), which pgbench varies
per transaction. SubmitReview needs an accepted assignment per call: it takes
them from a pool of open cycles cloned from the demo's (top_up_reviews), the
load client's --first-n and pgbench's nextval sharing one cursor.
Medians of the rounds; Markdown for docs/benchmarks.md.

  /usr/bin/python3 tests/bench/run_bench.py [--build build-release]
      [--seconds 5] [--repeats 3] [--scales 10000,100000,1000000]
      [--in-flight 1,8,32] [--calls GetPerson,ListRecommendations,...] [--perf CALL]
      [--json rows.json]
Scales past the first run the scaled calls (reads of recommendations) at the
middle in-flight level only.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from bench_support import ROOT, Cluster, Summitd, wait_until

PG_BIN = sorted(d for d in (os.path.join("/usr/lib/postgresql", v, "bin")
                            for v in os.listdir("/usr/lib/postgresql")) if os.path.isdir(d))[-1]
SUMMIT = "summits/ca-kr-2025"
HEALTH = "/grpc.health.v1.Health/Check"
REC_SERVICE = "/summit.recommendations.v1.RecommendationService/"
DIR_SERVICE = "/summit.directory.v1.DirectoryService/"
REV_SERVICE = "/summit.reviews.v1.ReviewService/"
# Drafts CreateVersion spreads its calls over (one author each, no row waits
# on another call's lock more than the rest).
VERSION_DRAFTS = 64
# SubmitReview's pool: open review cycles, each with kim-minjun's assignment
# accepted, cloned from the demo's reviewed recommendation. Each submission
# takes the next (the sequence bench_review_cursor counts them).
REVIEW_POOL = f"{SUMMIT}/recommendations/bench-review-"
DEMO_REVIEWED = f"{SUMMIT}/recommendations/silk-road-logistics"
# pgbench's stand-in for a pool entry's token, `bench-review-{n}`.
POOL_TOKEN = "'bench-review-' || :k"
# More calls a second than any run makes on the pool (pgbench included): the
# pool is topped up to this times a run's seconds before each run.
POOL_RATE_BOUND = 8000

# Words the seeded texts are made of: Korean, Russian, Kazakh and English,
# so that searches in each script find some rows and miss others.
WORDS = ["협력", "디지털", "물류", "에너지", "교육", "экономика", "логистика", "энергетика",
         "цифровой", "образование", "ынтымақтастық", "сауда", "customs", "corridor", "green",
         "hydrogen", "transit", "finance", "water", "tourism"]


def ticks(pid, ended_children=False):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    used = int(fields[11]) + int(fields[12])  # utime + stime
    if ended_children:  # cutime + cstime: children that ended and were reaped
        used += int(fields[13]) + int(fields[14])
    return used


class Cpu:
    """CPU seconds of summitd and of the cluster's PostgreSQL processes."""

    def __init__(self, summitd_pid, pg_data):
        self.summitd = summitd_pid
        with open(os.path.join(pg_data, "postmaster.pid")) as f:
            self.postmaster = int(f.readline())
        self.hz = os.sysconf("SC_CLK_TCK")

    def postgres_pids(self):
        pids = [self.postmaster]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == self.postmaster:
                            pids.append(int(entry))
                except (FileNotFoundError, ProcessLookupError, IndexError):
                    pass
        return pids

    def sample(self):
        # A backend that ends between two samples (pgbench's, at its exit)
        # moves its CPU time into the postmaster's reaped children's.
        pg = ticks(self.postmaster, ended_children=True)
        for pid in self.postgres_pids()[1:]:
            try:
                pg += ticks(pid)
            except (FileNotFoundError, ProcessLookupError):  # a backend that just ended
                pass
        return ticks(self.summitd) / self.hz, pg / self.hz


class Echo:
    """summit_echo (tests/bench/summit_echo.cc): the call's no-database floor
    with its real payload. `cpu` samples the echo process as summitd's; with
    `sql`, the echo runs it once per call on `conninfo`, and `cpu` samples
    PostgreSQL too (`pg_data`); with `polled` as well, no gRPC thread waits
    on the statement (summit_echo --polled); with `pipelined`, calls share
    connections in libpq's pipeline mode (summit_echo --pipelined); with
    `duties`, served as summitd serves the method (--unary) with those of
    summitd's per-call duties: "auth" (its token check, with `key_file`) and
    "log" (its access line and metrics sample; stderr dropped, as summitd's)."""

    def __init__(self, build, method, response_file, work, sql=None, conninfo=None, pg_data=None,
                 wrapper=(), polled=0, pipelined=0, pipelined_waits=False, duties=None,
                 key_file=None):
        port_file = os.path.join(work, "echo-" + uuid.uuid4().hex[:8] + ".port")
        with_sql = ["--conninfo", conninfo, "--sql", sql] if sql else []
        if sql and polled:  # the statement on `polled` connections, polled by one thread
            with_sql += ["--polled", str(polled)]
        if sql and pipelined:  # the statements pipelined on `pipelined` shared connections
            with_sql += ["--pipelined", str(pipelined)]
            if pipelined_waits:  # ... while the gRPC thread waits for its result
                with_sql += ["--wait-pipelined"]
        if duties is not None:  # summitd's way of serving, and some of its duties
            with_sql += ["--unary"]
            if "auth" in duties:
                with_sql += ["--token-key-file", key_file]
            if "log" in duties:
                with_sql += ["--log-calls"]
        self.process = subprocess.Popen(
            list(wrapper) + [os.path.join(build, "tests/bench/summit_echo"), "--method", method,
             "--response-file", response_file, "--port-file", port_file] + with_sql,
            stderr=subprocess.DEVNULL if duties and "log" in duties else None)
        wait_until("summit_echo's port",
                   lambda: os.path.exists(port_file) or self.process.poll() is not None)
        if self.process.poll() is not None:  # e.g. --sql that does not run
            raise SystemExit(f"summit_echo exited {self.process.returncode} ({method})")
        self.address = "127.0.0.1:" + open(port_file).read().strip()
        self.cpu = Cpu(self.process.pid, pg_data) if sql else self
        self.hz = os.sysconf("SC_CLK_TCK")

    def sample(self):
        return ticks(self.process.pid) / self.hz, 0

    def stop(self):
        self.process.terminate()
        self.process.wait()


def median(values):
    return statistics.median(values) if values else 0.0


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.load = os.path.join(self.build, "tests/bench/summit_load")
        self.work = tempfile.mkdtemp(prefix="summit-bench-")
        self.children = []  # summitd and summit_echo processes, stopped however the run ends
        self.set_up_cpu = [0.0, 0.0]  # summitd's and PostgreSQL's seconds spent preparing a run

    def stop_children(self):
        for child in reversed(self.children):
            if child.process.poll() is None:
                child.stop()

    # --- set-up -----------------------------------------------------------

    def start(self, cluster, launch=True):
        """`launch`: start the subject (and baseline) summitd now."""
        self.cluster = cluster
        self.pg_dir = os.path.join(cluster.work, "pg")
        self.pg_data = os.path.realpath(os.path.join(self.pg_dir, "data"))
        self.pg_log = os.path.realpath(os.path.join(self.pg_dir, "server.log"))
        # Reloaded, not restarted: pg_ctl restart would drop the log file.
        self.psql_admin("ALTER SYSTEM SET log_line_prefix = '%m [%p] %a: '")
        self.psql_admin("ALTER SYSTEM SET maintenance_work_mem = '512MB'")
        self.psql_admin("SELECT pg_reload_conf()")
        if not launch:
            self.targets = {}
            return
        # Without the notifier: its feed polls would run on the pools' sessions
        # beside the measured calls (and in the captured SQL).
        self.targets = {"subject": self.launch(self.build)}
        if self.args.baseline_build:
            self.targets["baseline"] = self.launch(os.path.abspath(self.args.baseline_build))
        self.use("subject")

    def launch(self, build, wrapper=()):
        """summitd from `build` on a database of its own, with the demo."""
        summitd = Summitd(
            build, self.cluster, args=["--db-workers", "8"], wrapper=wrapper,
            extra_env={"SUMMIT_SERVICES": "directory,recommendations,reviews,meetings,feed,briefing",
                       # A thousand watches from the demo's five people.
                       "SUMMIT_FEED_MAX_WATCHES_PER_PRINCIPAL": "1000"})
        self.children.append(summitd)
        summitd.load_demo()
        tokens = {p: summitd.token(p) for p in ("dana-coordinator", "aigerim", "kim-minjun")}
        tokens["admin"] = summitd.admin
        return {"summitd": summitd, "conninfo": f"{self.cluster.conninfo} dbname={summitd.db}",
                "cpu": Cpu(summitd.process.pid, self.pg_data), "tokens": tokens}

    def use(self, name):
        """Calls, pgbench and CPU figures go to this summitd and its database."""
        target = self.targets[name]
        self.target = target
        self.summitd, self.conninfo = target["summitd"], target["conninfo"]
        self.cpu, self.tokens = target["cpu"], target["tokens"]

    def psql_admin(self, sql):
        subprocess.check_call(["psql", "-X", "-q", self.cluster.conninfo + " dbname=postgres",
                               "-c", sql], stdout=subprocess.DEVNULL)

    def psql(self, sql):
        return subprocess.check_output(["psql", "-X", "-q", "-At", self.conninfo, "-c", sql],
                                       text=True).strip()

    def seed(self, total):
        """Recommendations up to `total`, written as the service writes them."""
        have = int(self.psql("SELECT count(*) FROM recommendations.recommendations "
                             f"WHERE name NOT LIKE '{REVIEW_POOL}%'"))
        if have >= total:
            return
        words = "ARRAY[" + ",".join("'" + w + "'" for w in WORDS) + "]"
        started = time.monotonic()
        # The search index is rebuilt after a bulk load rather than updated
        # row by row (the benchmark's own database).
        self.psql("DROP INDEX IF EXISTS recommendations.recommendations_search")
        short_pieces = self.psql("SELECT to_regproc('recommendations.short_grams') IS NOT NULL") == "t"
        self.psql("DROP INDEX IF EXISTS recommendations.recommendations_short_search")
        self.psql(f"""
WITH w AS (SELECT {words} AS a),
counter AS (SELECT coalesce(max(number), 0) AS base FROM recommendations.recommendations
            WHERE summit = '{SUMMIT}'),
rows AS (
  SELECT counter.base + g AS number,
         w.a[1 + g % 20] || ' ' || w.a[1 + (g / 20) % 20] || ' ' || g AS title,
         w.a[1 + (g / 400) % 20] || ' ' || w.a[1 + (g / 7) % 20] || ' summary ' || g AS summary,
         (ARRAY['kisi','iepr','cerr'])[1 + g % 3] AS org,
         (ARRAY['KZ','KR','UZ'])[1 + g % 3] AS country,
         (ARRAY['aigerim','kim-minjun','dilnoza'])[1 + g % 3] AS author,
         (ARRAY['ai','green','robotics','biotech','k-silk-road'])[1 + g % 5] AS track,
         CASE WHEN g % 10 = 0 THEN 'STATE_DRAFT' WHEN g % 10 < 5 THEN 'STATE_SUBMITTED'
              ELSE 'STATE_APPROVED' END AS state
  FROM generate_series(1, {total - have}) g, w, counter)
INSERT INTO recommendations.recommendations (name, summit, number, track, owner_organization,
  owner_country, authors, state, priority, current_version, title, summary, search_text)
SELECT '{SUMMIT}/recommendations/seed-' || number, '{SUMMIT}', number,
       '{SUMMIT}/tracks/' || track, 'organizations/' || org, country,
       jsonb_build_array('people/' || author), state, 'PRIORITY_MEDIUM', 1, title, summary,
       lower(title || E'\\n' || summary || E'\\nBody of ' || title)
FROM rows""")
        self.psql(f"""
INSERT INTO recommendations.versions (recommendation, number, title, summary, body, language,
  change_note, author)
SELECT name, 1, title, summary, 'Body of ' || title, 'en', 'seeded', authors->>0
FROM recommendations.recommendations r WHERE name LIKE '{SUMMIT}/recommendations/seed-%'
AND NOT EXISTS (SELECT 1 FROM recommendations.versions v WHERE v.recommendation = r.name)""")
        self.psql(f"""
INSERT INTO recommendations.summit_counters (summit, last_number)
SELECT '{SUMMIT}', max(number) FROM recommendations.recommendations WHERE summit = '{SUMMIT}'
ON CONFLICT (summit) DO UPDATE SET last_number = excluded.last_number""")
        self.psql("CREATE INDEX recommendations_search ON recommendations.recommendations "
                  "USING gin (search_text gin_trgm_ops)")
        if short_pieces:  # a baseline from before migration 0006 has no such index
            self.psql("CREATE INDEX recommendations_short_search ON recommendations.recommendations "
                      "USING gin (recommendations.short_grams(search_text))")
        self.psql("VACUUM ANALYZE recommendations.recommendations")
        self.psql("VACUUM ANALYZE recommendations.versions")
        # Written out now, not by the checkpointer during the first rounds.
        self.psql("CHECKPOINT")
        print(f"# seeded {total - have} recommendations in {time.monotonic() - started:.0f} s",
              flush=True)
        # Readable through the API: the first and last seeded, one of each
        # state between, and a page.
        names = self.psql(f"""
(SELECT name FROM recommendations.recommendations WHERE name LIKE '%/seed-%' AND state <> 'STATE_DRAFT' ORDER BY number
 LIMIT 10) UNION (SELECT name FROM recommendations.recommendations WHERE name LIKE '%/seed-%' AND state <> 'STATE_DRAFT'
 ORDER BY number DESC LIMIT 1)""").split()
        for name in names:
            self.call_once(REC_SERVICE + "GetRecommendation", {"name": name}, "dana-coordinator")
        self.call_once(REC_SERVICE + "ListRecommendations", {"parent": SUMMIT, "page_size": 50},
                       "dana-coordinator")

    def make_drafts(self):
        for i in range(VERSION_DRAFTS):
            self.call_once(REC_SERVICE + "CreateRecommendation", {
                "parent": SUMMIT, "recommendation_id": f"bench-draft-{i}",
                "recommendation": {"track": f"{SUMMIT}/tracks/green"},
                "first_version": {"title": f"Draft {i}", "summary": "s", "body": "b",
                                  "language": "en"},
                "request_id": f"bench-draft-{i}"}, "aigerim")

    def top_up_reviews(self, need):
        """At least `need` unused entries in SubmitReview's pool (on the
        database in use), added 20,000 or more at a time. The CPU it takes is
        kept apart (set_up_cpu), not counted to the calls of the run."""
        before = self.cpu.sample()
        self.fill_review_pool(need)
        after = self.cpu.sample()
        self.set_up_cpu = [self.set_up_cpu[i] + after[i] - before[i] for i in (0, 1)]

    def fill_review_pool(self, need):
        """top_up_reviews' work: clones rows until `need` entries are unused."""
        if "review_pool" not in self.target:
            self.psql("CREATE SEQUENCE public.bench_review_cursor")
            self.target["review_pool"] = 0
        used = int(self.psql("SELECT last_value FROM public.bench_review_cursor"))
        have = self.target["review_pool"]
        if have >= used + need:
            return
        lo, hi = have + 1, max(used + need, have + 20000)
        cycle = f"'{REVIEW_POOL}' || k || '/reviewCycles/round-1'"
        # Whole rows cloned from the demo's (json_populate_record keeps every
        # column not named), so the pool is what the services wrote.
        self.psql(f"""
INSERT INTO recommendations.recommendations
SELECT (json_populate_record(r, json_build_object(
  'name', '{REVIEW_POOL}' || k, 'number', base.n + k - {lo} + 1, 'state', 'STATE_UNDER_REVIEW',
  'title', 'Bench review ' || k, 'search_text', 'bench review ' || k))).*
FROM recommendations.recommendations r, generate_series({lo}, {hi}) k,
     (SELECT max(number) AS n FROM recommendations.recommendations WHERE summit = '{SUMMIT}') base
WHERE r.name = '{DEMO_REVIEWED}';
INSERT INTO recommendations.versions
SELECT (json_populate_record(v, json_build_object('recommendation', '{REVIEW_POOL}' || k))).*
FROM recommendations.versions v, generate_series({lo}, {hi}) k
WHERE v.recommendation = '{DEMO_REVIEWED}';
INSERT INTO recommendations.summit_counters (summit, last_number)
SELECT '{SUMMIT}', max(number) FROM recommendations.recommendations WHERE summit = '{SUMMIT}'
ON CONFLICT (summit) DO UPDATE SET last_number = excluded.last_number;""")
        self.psql(f"""
INSERT INTO reviews.cycles
SELECT (json_populate_record(c, json_build_object(
  'name', {cycle}, 'recommendation', '{REVIEW_POOL}' || k, 'state', 'STATE_OPEN',
  'outcome', NULL, 'rationale', NULL, 'decider', NULL, 'decide_time', NULL,
  'number', 'REC-' || r.number))).*
FROM reviews.cycles c, generate_series({lo}, {hi}) k
JOIN recommendations.recommendations r ON r.name = '{REVIEW_POOL}' || k
WHERE c.recommendation = '{DEMO_REVIEWED}' AND c.round = 1;
INSERT INTO reviews.assignments
SELECT (json_populate_record(a, json_build_object(
  'name', {cycle} || '/assignments/a1', 'cycle', {cycle}, 'state', 'STATE_ACCEPTED'))).*
FROM reviews.assignments a, generate_series({lo}, {hi}) k
WHERE a.name = '{DEMO_REVIEWED}/reviewCycles/round-1/assignments/a1';
ANALYZE recommendations.recommendations; ANALYZE reviews.cycles; ANALYZE reviews.assignments;""")
        self.target["review_pool"] = hi

    # --- running ----------------------------------------------------------

    def run_load(self, method, request, who, in_flight, seconds, count=0, server=None, save=None,
                 pool=False):
        """`pool`: each call's {n} is the next unused entry of SubmitReview's
        pool (when the call goes to summitd, not to the echo)."""
        cmd = [self.load, "--server", server or self.summitd.address, "--method", method,
               "--request", json.dumps(request, ensure_ascii=False), "--in-flight", str(in_flight),
               "--channels", str(min(4, in_flight)), "--seconds", str(seconds)]
        if count:
            cmd += ["--count", str(count)]
        pool = pool and not server
        if pool:
            self.top_up_reviews(count + 10 if count else int(POOL_RATE_BOUND * seconds))
            cmd += ["--first-n", self.psql("SELECT nextval('public.bench_review_cursor')")]
        if save:
            cmd += ["--save-response", save]
        if who:
            cmd += ["--token", self.tokens[who]]
        out = subprocess.run(cmd, capture_output=True, text=True)
        fields = dict(kv.split("=", 1) for kv in out.stdout.split("\n")[0].split() if "=" in kv)
        if pool and "next_n" in fields:
            self.psql(f"SELECT setval('public.bench_review_cursor', {int(fields['next_n']) - 1})")
        # Shed calls (RESOURCE_EXHAUSTED under overload) are counted, not fatal.
        if out.returncode != 0 and (count or int(fields.get("ok", 0)) == 0):
            raise SystemExit(f"{method}: {out.stdout}{out.stderr}")
        if out.returncode != 0:
            print(f"   {method}: {fields.get('errors')} calls refused; "
                  + out.stdout.split("\n")[1][:160], flush=True)
        return fields

    def call_once(self, method, request, who):
        self.run_load(method, request, who, 1, 30, count=1)

    def capture(self, call):
        """The SQL summitd's pools send for one call, from PostgreSQL's log."""
        pool = call.get("pool", False)
        self.run_load(call["method"], call["request"], call["who"], 1, 30, count=20,
                      pool=pool)  # warm
        self.psql_admin("ALTER SYSTEM SET log_statement = 'all'")
        self.psql_admin("SELECT pg_reload_conf()")
        time.sleep(0.5)  # the reload reaches every backend
        # A busy backend can take the reload later than that and leave a
        # call's first statements out: the longest of two captures is taken,
        # or of up to six while they found nothing (a loaded machine, CI).
        captures = []
        while len(captures) < 2 or (not max(captures, key=len) and len(captures) < 6):
            start = os.path.getsize(self.pg_log)
            self.run_load(call["method"], call["request"], call["who"], 1, 30, count=1, pool=pool)
            time.sleep(0.3)
            captures.append(self.statements_logged_since(start, call))
        self.psql_admin("ALTER SYSTEM SET log_statement = 'none'")
        self.psql_admin("SELECT pg_reload_conf()")
        statements = max(captures, key=len)
        if not statements:
            print("   (nothing captured)", flush=True)
        return statements

    def statements_logged_since(self, start, call):
        """summitd's statements in PostgreSQL's log from byte `start` on."""
        with open(self.pg_log, encoding="utf-8", errors="replace") as f:
            f.seek(start)
            lines = f.read().split("\n")
        statements = []
        pending = None
        prefix = re.compile(r"^\S+ \S+ \S+ \[\d+\] (summitd/[a-z]+): (LOG|DETAIL):  (.*)$")
        for line in lines:
            m = prefix.match(line)
            if not m or m.group(1) == "summitd/background":
                continue
            kind, text = m.group(2), m.group(3)
            if kind == "LOG":
                if pending:
                    statements.append(pending)
                pending = None
                s = re.match(r"(?:statement|execute [^:]+): (.*)$", text)
                if s:
                    pending = s.group(1)
            elif kind == "DETAIL" and pending and text.startswith("parameters: "):
                pending = bind(pending, text[len("parameters: "):])
        if pending:
            statements.append(pending)
        return without_background(statements, call)

    def pgbench(self, statements, in_flight, seconds, unique=None, pool=False):
        """`unique`: a token each transaction varies; with `pool` it is an
        entry of SubmitReview's pool, :k, taken by one more statement."""
        script = os.path.join(self.work, "script.sql")
        if pool:
            self.top_up_reviews(int(POOL_RATE_BOUND * seconds))
        with open(script, "w") as f:
            f.write("\\set u random(1, 1000000000000)\n")
            f.write(f"\\set d random(0, {VERSION_DRAFTS - 1})\n")
            if pool:
                f.write("SELECT nextval('public.bench_review_cursor') AS k \\gset\n")
            for s in statements:
                # Sent when a session's timeout step changes, not per call.
                if s.startswith("SET statement_timeout"):
                    continue
                if unique:
                    s = vary(s, unique, POOL_TOKEN if pool else "'pgb' || :u")
                # A query ending in \gset keeps its row in variables.
                f.write((s if s.endswith("\\gset") else s.rstrip(";") + ";") + "\n")
        log_prefix = os.path.join(self.work, "pgb")
        for name in os.listdir(self.work):
            if name.startswith("pgb."):
                os.remove(os.path.join(self.work, name))
        out = subprocess.run(
            [os.path.join(PG_BIN, "pgbench"), "-n", "-M", "prepared", "-c", str(in_flight),
             "-j", str(min(2, in_flight)), "-T", str(max(1, round(seconds))), "-f", script, "--log",
             "--log-prefix", log_prefix, self.conninfo], capture_output=True, text=True,
            cwd=self.work)
        if out.returncode != 0:
            # A captured write may not replay (a number summitd computed,
            # now taken): say so and go on.
            print(f"   pgbench failed: {out.stderr.strip()[-300:]}", flush=True)
            return {"rpc_per_s": 0.0, "ok": 0, "p50_us": 0, "p99_us": 0}
        tps = float(re.search(r"tps = ([0-9.]+)", out.stdout).group(1))
        latencies = []
        for name in os.listdir(self.work):
            if name.startswith("pgb."):
                with open(os.path.join(self.work, name)) as f:
                    latencies += [int(line.split()[2]) for line in f if line.strip()]
        latencies.sort()
        return {"rpc_per_s": tps, "ok": len(latencies),
                "p50_us": latencies[len(latencies) // 2] if latencies else 0,
                "p99_us": latencies[int(len(latencies) * 0.99)] if latencies else 0}

    def profile(self, call, in_flight, seconds):
        """Where summitd's CPU goes on this call: perf's software clock."""
        data = os.path.join(self.work, "perf.data")
        perf = subprocess.Popen(["perf", "record", "-F", "2000", "-g", "-o", data, "-p",
                                 str(self.summitd.process.pid)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        self.run_load(call["method"], call["request"], call["who"], in_flight, seconds,
                      pool=call.get("pool", False))
        perf.send_signal(2)
        perf.wait()
        for sort, limit in (("dso", "1"), ("dso,symbol", "0.7")):
            report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children",
                                     "--sort", sort, "-g", "none", "--percent-limit", limit],
                                    capture_output=True, text=True).stdout
            print("\n".join("   " + line[:150] for line in report.split("\n")
                            if line.strip() and not line.startswith("#")), flush=True)

    def echo(self, call, sql=None, wrapper=(), polled=0, pipelined=0, duties=None):
        """summit_echo answering the call with the response summitd gave it;
        with `sql`, running it on this target's database first (on `polled`
        connections polled by one thread, or pipelined on `pipelined` shared
        ones, when given); with `duties`, served as summitd serves it, taking
        on those of its duties (Echo). `wrapper` runs it
        under another program (valgrind)."""
        saved = os.path.join(self.work, call["name"] + ".response")
        if not os.path.exists(saved):
            self.run_load(call["method"], call["request"], call["who"], 1, 30, count=1,
                          save=saved, pool=call.get("pool", False))
        echo = Echo(self.build, call["method"], saved, self.work, sql=sql,
                    conninfo=self.conninfo, pg_data=self.pg_data, wrapper=wrapper, polled=polled,
                    pipelined=pipelined,
                    pipelined_waits=pipelined and getattr(self.args, "echo_pipelined_waits", False),
                    duties=duties, key_file=os.path.join(self.summitd.work, "key"))
        self.children.append(echo)
        return echo

    def measured(self, fn, cpu=None):
        cpu = cpu or self.cpu
        self.set_up_cpu = [0.0, 0.0]
        s0, p0 = cpu.sample()
        result = fn()
        s1, p1 = cpu.sample()
        s1, p1 = s1 - self.set_up_cpu[0], p1 - self.set_up_cpu[1]  # a pool's top-up is not the calls'
        calls = int(result["ok"])  # none: a pgbench run that failed
        result["summitd_us"] = (s1 - s0) * 1e6 / calls if calls else 0.0
        result["postgres_us"] = (p1 - p0) * 1e6 / calls if calls else 0.0
        for key in ("rpc_per_s", "p50_us", "p99_us"):
            result[key] = float(result[key])
        return result


# Work summitd does on its own while a call runs (the revoked-token list, the
# credentials' last-use times), through the same pools: not the call's.
BACKGROUND = ("directory.credentials",)


def without_background(statements, call):
    """The captured statements less the background units: a unit is a
    transaction (BEGIN .. COMMIT) or a lone statement, each with the SET of
    the statement timeout sent just before it."""
    units, unit, open_txn = [], [], False
    for s in statements:
        unit.append(s)
        if s.startswith("SET statement_timeout"):
            continue
        if s == "BEGIN":
            open_txn = True
            continue
        if open_txn and s not in ("COMMIT", "ROLLBACK"):
            continue
        open_txn = False
        units.append(unit)
        unit = []
    if unit:
        units.append(unit)
    keep = []
    for u in units:
        if any(b in s for s in u for b in BACKGROUND) and not any(
                b.split(".")[1] in call["method"].lower() for b in BACKGROUND):
            continue
        keep += u
    return keep


def bind(sql, parameters):
    """The statement with its logged parameters written in as literals."""
    values = dict(re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", parameters))
    return re.sub(r"\$(\d+)(?!\d)", lambda m: values.get(m.group(1), m.group(0)), sql)


def vary(sql, token, fresh):
    """Each literal holding the call's unique token gets a fresh value per
    pgbench transaction instead (a create cannot repeat its name): the SQL
    expression `fresh`."""
    def swap(m):
        before, after = m.group(1), m.group(2)
        return f"('{before}' || {fresh} || '{after}')"
    return re.sub(r"'((?:[^']|'')*?)" + re.escape(token) + r"((?:[^']|'')*?)'", swap, sql)


def calls(bench, scale):
    """The calls measured at one scale, with the minimal SQL each needs."""
    person = "people/dana-coordinator"
    rec = f"{SUMMIT}/recommendations/seed-{scale // 2 + 2}"  # submitted
    page = (f"SELECT name, number, title, summary, state, authors FROM recommendations.recommendations "
            f"WHERE summit = '{SUMMIT}' AND number > 0 {{where}} ORDER BY number LIMIT 51")
    org_doc = '{"display_name":"Bench","kind":"KIND_THINK_TANK","country_code":"KZ"}'
    draft = f"('{SUMMIT}/recommendations/bench-draft-' || :d)"
    created = f"{SUMMIT}/recommendations/r{{run}}x{{n}}"
    cycle = f"{REVIEW_POOL}{{n}}/reviewCycles/round-1"  # a pool entry's
    return [
        {"name": "GetPerson", "method": DIR_SERVICE + "GetPerson", "who": "admin",
         "request": {"name": person}, "scaled": False,
         "minimal": [f"SELECT doc, version FROM directory.people WHERE name = '{person}'"]},
        {"name": "GetRecommendation", "method": REC_SERVICE + "GetRecommendation",
         "who": "dana-coordinator", "request": {"name": rec}, "scaled": True,
         "minimal": [f"SELECT * FROM recommendations.recommendations WHERE name = '{rec}'"]},
        {"name": "ListRecommendations", "method": REC_SERVICE + "ListRecommendations",
         "who": "dana-coordinator", "request": {"parent": SUMMIT, "page_size": 50}, "scaled": True,
         "minimal": [page.format(where="")]},
        {"name": "search-ko", "method": REC_SERVICE + "ListRecommendations",
         "who": "dana-coordinator", "scaled": True,
         "request": {"parent": SUMMIT, "page_size": 50, "query": "물류"},
         "minimal": [page.format(where="AND search_text LIKE '%물류%'")]},
        {"name": "search-ko-absent", "method": REC_SERVICE + "ListRecommendations",
         "who": "dana-coordinator", "scaled": True,
         "request": {"parent": SUMMIT, "page_size": 50, "query": "팔팔"},
         "minimal": [page.format(where="AND search_text LIKE '%팔팔%'")]},
        {"name": "search-ru", "method": REC_SERVICE + "ListRecommendations",
         "who": "dana-coordinator", "scaled": True,
         "request": {"parent": SUMMIT, "page_size": 50, "query": "логистика"},
         "minimal": [page.format(where="AND search_text LIKE '%логистика%'")]},
        # A reviews read: who the caller is to the cycle needs the recommendation's
        # authors from the recommendations service.
        {"name": "GetReviewCycle", "method": REV_SERVICE + "GetReviewCycle",
         "who": "kim-minjun", "request": {"name": f"{DEMO_REVIEWED}/reviewCycles/round-1"},
         "scaled": False,
         "minimal": [f"SELECT * FROM reviews.cycles WHERE name = '{DEMO_REVIEWED}/reviewCycles/round-1'"]},
        {"name": "CreateOrganization", "method": DIR_SERVICE + "CreateOrganization",
         "who": "admin", "scaled": False, "unique": "bench{run}x{n}",
         "request": {"organization_id": "bench{run}x{n}", "request_id": "bench{run}x{n}",
                     "organization": json.loads(org_doc)},
         "minimal": ["BEGIN",
                     f"INSERT INTO directory.organizations (name, doc) VALUES "
                     f"('organizations/bench{{run}}x{{n}}', '{org_doc}')",
                     "INSERT INTO directory.events (actor, type, resource, after) VALUES "
                     "('people/admin', 'directory.organization.created', "
                     f"'organizations/bench{{run}}x{{n}}', '{org_doc}')",
                     "COMMIT"]},
        {"name": "CreateVersion", "method": REC_SERVICE + "CreateVersion", "who": "aigerim",
         "scaled": False, "unique": "v{run}x{n}",
         "request": {"parent": f"{SUMMIT}/recommendations/bench-draft-{{n%{VERSION_DRAFTS}}}",
                     "request_id": "v{run}x{n}",
                     "version": {"title": "Version", "summary": "s", "body": "b v{run}x{n}",
                                 "language": "en"}},
         "minimal": ["BEGIN",
                     "UPDATE recommendations.recommendations SET current_version = "
                     "current_version + 1, search_text = 'version s b', version = version + 1, "
                     f"update_time = now() WHERE name = {draft}",
                     "INSERT INTO recommendations.versions (recommendation, number, title, "
                     "summary, body, language, change_note, author) SELECT name, current_version, "
                     "'Version', 's', 'b', 'en', '', 'people/aigerim' FROM "
                     f"recommendations.recommendations WHERE name = {draft}",
                     "INSERT INTO recommendations.events (actor, type, resource, after) VALUES "
                     f"('people/aigerim', 'recommendations.version.created', {draft}, '{{}}')",
                     "COMMIT"]},
        {"name": "CreateRecommendation", "method": REC_SERVICE + "CreateRecommendation",
         "who": "aigerim", "scaled": False, "unique": "r{run}x{n}",
         "request": {"parent": SUMMIT, "recommendation_id": "r{run}x{n}", "request_id": "r{run}x{n}",
                     "recommendation": {"track": f"{SUMMIT}/tracks/green"},
                     "first_version": {"title": "Bench", "summary": "s", "body": "b r{run}x{n}",
                                       "language": "en"}},
         # The number in a statement of its own whose commit does not wait
         # for the disk, as summitd takes it.
         "minimal": ["WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true)) "
                     "UPDATE recommendations.summit_counters SET last_number = last_number + 1 "
                     f"FROM no_wait WHERE summit = '{SUMMIT}' RETURNING last_number AS num \\gset",
                     "BEGIN",
                     "INSERT INTO recommendations.recommendations (name, summit, number, track, "
                     "owner_organization, owner_country, authors, state, priority, current_version, "
                     f"title, summary, search_text) VALUES ('{created}', '{SUMMIT}', :num, "
                     f"'{SUMMIT}/tracks/green', 'organizations/kisi', 'KZ', '[\"people/aigerim\"]', "
                     "'STATE_DRAFT', 'PRIORITY_MEDIUM', 1, 'Bench', 's', 'bench s b')",
                     "INSERT INTO recommendations.versions (recommendation, number, title, summary, "
                     f"body, language, change_note, author) VALUES ('{created}', 1, 'Bench', 's', "
                     "'b', 'en', '', 'people/aigerim')",
                     "INSERT INTO recommendations.events (actor, type, resource, after) VALUES "
                     f"('people/aigerim', 'recommendations.recommendation.created', '{created}', '{{}}')",
                     "COMMIT"]},
        {"name": "SubmitReview", "method": REV_SERVICE + "SubmitReview", "who": "kim-minjun",
         "scaled": False, "unique": "bench-review-{n}", "pool": True,
         "request": {"parent": f"{REVIEW_POOL}{{n}}/reviewCycles/round-1/assignments/a1",
                     "request_id": "bench-review-{n}",
                     "review": {"verdict": "VERDICT_APPROVE",
                                "scores": {"relevance": 5, "feasibility": 4, "impact": 4},
                                "comments_to_authors": "Clear and feasible."}},
         "minimal": ["BEGIN",
                     "INSERT INTO reviews.reviews (name, cycle, assignment, reviewer, round, verdict, "
                     "relevance, feasibility, impact, comments_to_authors, confidential_comments) "
                     f"VALUES ('{cycle}/reviews/a1', '{cycle}', '{cycle}/assignments/a1', "
                     "'people/kim-minjun', 1, 'VERDICT_APPROVE', 5, 4, 4, 'Clear and feasible.', '')",
                     "UPDATE reviews.assignments SET state = 'STATE_SUBMITTED', version = version + 1, "
                     f"update_time = now() WHERE name = '{cycle}/assignments/a1'",
                     "INSERT INTO reviews.events (actor, type, resource, after) VALUES "
                     f"('people/kim-minjun', 'reviews.review.submitted', '{cycle}/reviews/a1', '{{}}')",
                     "COMMIT"]},
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-release")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scales", default="10000,100000,1000000")
    parser.add_argument("--in-flight", default="1,8,32")
    parser.add_argument("--calls", default="")
    parser.add_argument("--echo-polled", type=int, default=0,
                        help="also run the echo+SQL server with its statement on this many "
                             "connections polled by one thread (reads)")
    parser.add_argument("--echo-pipelined", type=int, default=0,
                        help="also run the echo+SQL server with the calls' statements pipelined "
                             "on this many shared connections (reads)")
    parser.add_argument("--echo-duties", action="store_true",
                        help="also run, for reads, the echo+SQL server as summitd serves a call "
                             "(unary handler), then with summitd's authentication, then with its "
                             "access log as well: the steps from the bare round trip to summitd")
    parser.add_argument("--echo-pipelined-waits", action="store_true",
                        help="with --echo-pipelined: each gRPC thread waits for its statement's "
                             "result, as a synchronous handler would")
    parser.add_argument("--perf", default="", help="a call to profile summitd on (perf record)")
    parser.add_argument("--baseline-build", default="",
                        help="another build whose summitd runs beside, interleaved, on its own database")
    parser.add_argument("--json", default="", help="also write the rows here (tests/bench/test_bench_smoke.py)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    levels = [int(s) for s in args.in_flight.split(",")]
    wanted = set(filter(None, args.calls.split(",")))

    bench = Bench(args)
    with Cluster() as cluster:
        try:
            bench.start(cluster)
            for name in bench.targets:
                bench.use(name)
                bench.make_drafts()
            bench.use("subject")
            if not wanted or "extras" in wanted:
                exports(bench)
            print(f"# {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, summitd "
                  f"{bench.build}, 8 database workers, PostgreSQL over a Unix socket", flush=True)
            rows = []
            for scale in scales:
                for name in bench.targets:
                    bench.use(name)
                    bench.seed(scale)
                bench.use("subject")
                for call in calls(bench, scale):
                    if wanted and call["name"] not in wanted:
                        continue
                    if not call["scaled"] and scale != scales[0]:
                        continue
                    exact = bench.capture(call)
                    print(f"## {call['name']} at {scale}: {len(exact)} statements sent", flush=True)
                    for s in exact:
                        print("   " + s[:160], flush=True)
                    if call["scaled"]:
                        for label, sql in (("minimal", call["minimal"][0]),
                                           ("exact", [s for s in exact if s.startswith("SELECT")][-1])):
                            plan = bench.psql("EXPLAIN " + sql)
                            print(f"   {label} plan: " + " | ".join(
                                line.strip() for line in plan.split("\n")[:5]), flush=True)
                    if args.perf == call["name"]:
                        bench.profile(call, levels[-1], args.seconds)
                    echo = bench.echo(call)
                    # Reads only: a write's minimal SQL is a transaction, not one statement.
                    read = len(call["minimal"]) == 1 and call["minimal"][0].startswith("SELECT")
                    echo_sql = bench.echo(call, sql=call["minimal"][0]) if read else None
                    echo_polled = (bench.echo(call, sql=call["minimal"][0], polled=args.echo_polled)
                                   if read and args.echo_polled else None)
                    echo_pipelined = (bench.echo(call, sql=call["minimal"][0],
                                                 pipelined=args.echo_pipelined)
                                      if read and args.echo_pipelined else None)
                    # The staircase from the bare round trip to summitd (ECHO_DUTIES).
                    echo_duties = {kind: bench.echo(call, sql=call["minimal"][0], duties=duties)
                                   for kind, duties in ECHO_DUTIES.items()
                                   if read and args.echo_duties}
                    # Past the first scale, the middle load only.
                    for level in (levels if scale == scales[0] else [levels[len(levels) // 2]]):
                        results = {"grpc": [], "baseline": [], "exact": [], "minimal": [],
                                   "floor": [], "echo": [], "echo_sql": [], "echo_polled": [],
                                   "echo_pipelined": [], **{kind: [] for kind in ECHO_DUTIES}}
                        for _ in range(args.repeats):
                            results["floor"].append(bench.measured(lambda: bench.run_load(
                                HEALTH, {}, None, level, args.seconds)))
                            results["echo"].append(bench.measured(lambda: bench.run_load(
                                call["method"], call["request"], call["who"], level, args.seconds,
                                server=echo.address), cpu=echo.cpu))
                            for kind, server in (("echo_sql", echo_sql), ("echo_polled", echo_polled),
                                                 ("echo_pipelined", echo_pipelined),
                                                 *echo_duties.items()):
                                if server:
                                    results[kind].append(bench.measured(lambda: bench.run_load(
                                        call["method"], call["request"], call["who"], level,
                                        args.seconds, server=server.address), cpu=server.cpu))
                            pool = call.get("pool", False)
                            results["grpc"].append(bench.measured(lambda: bench.run_load(
                                call["method"], call["request"], call["who"], level, args.seconds,
                                pool=pool)))
                            if "baseline" in bench.targets:
                                bench.use("baseline")
                                results["baseline"].append(bench.measured(lambda: bench.run_load(
                                    call["method"], call["request"], call["who"], level, args.seconds,
                                    pool=pool)))
                                bench.use("subject")
                            unique = exact_token(exact, call)
                            results["exact"].append(bench.measured(lambda: bench.pgbench(
                                exact, level, args.seconds, unique, pool)))
                            if call["minimal"]:
                                minimal = [s.replace(call["unique"], "BENCHTOKEN")
                                           if call.get("unique") else s for s in call["minimal"]]
                                results["minimal"].append(bench.measured(lambda: bench.pgbench(
                                    minimal, level, args.seconds,
                                    "BENCHTOKEN" if call.get("unique") else None, pool)))
                        row = summarise(call["name"], scale, level, results)
                        rows.append(row)
                        print(format_row(row), flush=True)
                    echo.stop()
                    for server in (echo_sql, echo_polled, echo_pipelined, *echo_duties.values()):
                        if server:
                            server.stop()
            print("\n" + table(rows))
            if args.json:
                with open(args.json, "w") as f:
                    json.dump(rows, f, indent=1)
            if not wanted or "extras" in wanted:
                extras(bench, max(3, args.seconds))
            rss = open(f"/proc/{bench.summitd.process.pid}/status").read()
            print("\nsummitd " + " ".join(line for line in rss.split("\n") if line.startswith(("VmRSS", "VmHWM"))))
        finally:
            bench.stop_children()
            shutil.rmtree(bench.work, ignore_errors=True)


def extras(bench, seconds):
    """The live feed (commit -> watcher, idle watches) and kept exports."""
    sys.path.insert(0, os.path.join(bench.build, "python_stubs"))
    import threading
    import grpc
    from summit.briefing.v1 import briefing_service_pb2 as bs, briefing_service_pb2_grpc as bsg
    from summit.directory.v1 import directory_service_pb2 as ds, directory_service_pb2_grpc as dsg
    from summit.directory.v1 import resources_pb2 as dr
    from summit.feed.v1 import feed_service_pb2 as fs, feed_service_pb2_grpc as fsg

    channel = grpc.insecure_channel(bench.summitd.address)
    directory, feed = dsg.DirectoryServiceStub(channel), fsg.FeedServiceStub(channel)
    briefing = bsg.BriefingServiceStub(channel)

    def auth(who):
        return [("authorization", "Bearer " + (bench.tokens.get(who) or bench.summitd.token(who)))]

    def create_org(tag):
        directory.CreateOrganization(ds.CreateOrganizationRequest(
            organization_id=f"watch-{tag}", organization=dr.Organization(
                display_name="Watched", kind=dr.Organization.KIND_THINK_TANK, country_code="KZ")),
            metadata=auth("admin"))

    def commit_to_watcher(label, tag, changes=40):
        """The create returns once committed; the watcher's thread notes
        when the event arrives."""
        arrivals = {}
        call = feed.WatchEvents(fs.WatchEventsRequest(), metadata=auth("dana-coordinator"))

        def follow():
            try:
                for event in call:
                    arrivals[event.resource] = time.monotonic()
            except grpc.RpcError:
                pass
        threading.Thread(target=follow, daemon=True).start()
        warm = f"{os.getpid()}-{tag}-warm"
        create_org(warm)
        deadline = time.monotonic() + 10
        while f"organizations/watch-{warm}" not in arrivals and time.monotonic() < deadline:
            time.sleep(0.01)
        latencies = []
        for i in range(changes):
            org = f"{os.getpid()}-{tag}-{i}"
            create_org(org)
            returned = time.monotonic()
            deadline = returned + 10
            while f"organizations/watch-{org}" not in arrivals and time.monotonic() < deadline:
                time.sleep(0.001)
            latencies.append((arrivals.get(f"organizations/watch-{org}", deadline) - returned) * 1000)
            time.sleep(0.05)
        call.cancel()
        latencies.sort()
        print(f"watch, {label}: commit (the create's return) -> watcher, {changes} changes: p50 "
              f"{latencies[len(latencies) // 2]:.1f} ms, p90 {latencies[int(len(latencies) * 0.9)]:.1f} ms, "
              f"max {latencies[-1]:.1f} ms", flush=True)

    def rss_mb():
        status = open(f"/proc/{bench.summitd.process.pid}/status").read().split("\n")
        return int([line for line in status if line.startswith("VmRSS")][0].split()[1]) / 1024

    def get_person():
        return bench.run_load(DIR_SERVICE + "GetPerson", {"name": "people/dana-coordinator"},
                              "admin", 8, seconds)

    print()
    commit_to_watcher("alone", "a")
    # Idle watches: summitd's CPU, RSS and a unary call's p99 with none open
    # and with 1,000 (the bench's summitd allows 1,000 per person).
    before = bench.cpu.sample()[0]
    time.sleep(seconds)
    idle_cpu = bench.cpu.sample()[0] - before
    idle_rss = rss_mb()
    idle_call = get_person()
    people = ["dana-coordinator", "aigerim", "kim-minjun", "dilnoza", "lee-coordinator"]
    # Not read: an idle watch sends nothing, and the few events the
    # measurement below commits wait in the client's buffers.
    calls = [feed.WatchEvents(fs.WatchEventsRequest(), metadata=auth(people[i % len(people)]))
             for i in range(1000)]
    for c in calls:
        c.initial_metadata()  # open on the server
    # Each new watch reads every source once before it waits: measure once
    # summitd has settled (under 5% of a core for half a second).
    settle_by = time.monotonic() + 120
    while time.monotonic() < settle_by:
        before = bench.cpu.sample()[0]
        time.sleep(0.5)
        if bench.cpu.sample()[0] - before < 0.025:
            break
    before = bench.cpu.sample()[0]
    time.sleep(seconds)
    watched_cpu = bench.cpu.sample()[0] - before
    watched_rss = rss_mb()
    watched_call = get_person()
    print(f"idle watches: summitd CPU {idle_cpu / seconds * 100:.1f}% of a core with none, "
          f"{watched_cpu / seconds * 100:.1f}% with {len(calls)} open; RSS {idle_rss:.1f} MB with none, "
          f"{watched_rss:.1f} MB with them; GetPerson at 8 in flight: "
          f"{float(idle_call['rpc_per_s']):.0f}/s, p99 {float(idle_call['p99_us']) / 1000:.1f} ms with none, "
          f"{float(watched_call['rpc_per_s']):.0f}/s, p99 {float(watched_call['p99_us']) / 1000:.1f} ms "
          f"with them", flush=True)
    # Every commit now wakes 1,001 watches, each reading its sources.
    commit_to_watcher(f"beside {len(calls)} open", "b", changes=10)
    for c in calls:
        c.cancel()


def exports(bench):
    """A kept export: the first PDF renders, the next are the kept copy. Run
    on the demo's package, before the seeding (whose approved thousands
    would make a package larger than a gRPC message)."""
    sys.path.insert(0, os.path.join(bench.build, "python_stubs"))
    import grpc
    from summit.briefing.v1 import briefing_service_pb2 as bs, briefing_service_pb2_grpc as bsg
    briefing = bsg.BriefingServiceStub(grpc.insecure_channel(bench.summitd.address))

    def auth(who):
        return [("authorization", "Bearer " + bench.tokens[who])]
    # A kept export: the first PDF renders, the next are the kept copy.
    package = briefing.CompileBriefingPackage(bs.CompileBriefingPackageRequest(parent=SUMMIT),
                                              metadata=auth("dana-coordinator"))
    request = bs.ExportBriefingPackageRequest(name=package.name, language="ko",
                                              format=bs.DOCUMENT_FORMAT_PDF)
    start = time.monotonic()
    first = briefing.ExportBriefingPackage(request, metadata=auth("dana-coordinator"), timeout=120)
    first_ms = (time.monotonic() - start) * 1000
    kept = []
    for _ in range(20):
        start = time.monotonic()
        briefing.ExportBriefingPackage(request, metadata=auth("dana-coordinator"), timeout=120)
        kept.append((time.monotonic() - start) * 1000)
    kept.sort()
    print(f"briefing PDF export (ko, {len(first.content) / 1024:.0f} kB): first {first_ms:.0f} ms, "
          f"kept p50 {kept[10]:.1f} ms, max {kept[-1]:.1f} ms", flush=True)


def exact_token(statements, call):
    """The unique part the captured create carried, found in its SQL."""
    if not call.get("unique"):
        return None
    pattern = re.escape(call["unique"]).replace(r"\{run\}", r"\d+").replace(r"\{n\}", r"\d+")
    for s in statements:
        m = re.search(pattern, s)
        if m:
            return m.group(0)
    return None


def summarise(name, scale, level, results):
    def med(kind, key):
        return median([r[key] for r in results[kind]]) if results[kind] else 0.0
    row = {"call": name, "scale": scale, "in_flight": level}
    for kind in results:
        for key in ("rpc_per_s", "p50_us", "p99_us", "summitd_us", "postgres_us"):
            row[f"{kind}_{key}"] = med(kind, key) if results[kind] else 0.0
    floor, minimal, grpc = row["floor_rpc_per_s"], row["minimal_rpc_per_s"], row["grpc_rpc_per_s"]
    row["limit"] = 1 / (1 / floor + 1 / minimal) if floor and minimal else 0.0
    row["of_limit"] = grpc / row["limit"] if row["limit"] else 0.0
    row["of_exact"] = grpc / row["exact_rpc_per_s"] if row["exact_rpc_per_s"] else 0.0
    row["of_minimal"] = grpc / minimal if minimal else 0.0
    row["of_floor"] = grpc / floor if floor else 0.0
    row["of_baseline"] = grpc / row["baseline_rpc_per_s"] if row["baseline_rpc_per_s"] else 0.0
    # The same with the echo of the call's real response as the floor.
    echo = row["echo_rpc_per_s"]
    row["echo_limit"] = 1 / (1 / echo + 1 / minimal) if echo and minimal else 0.0
    row["of_echo_limit"] = grpc / row["echo_limit"] if row["echo_limit"] else 0.0
    row["echo_of_minimal"] = echo / minimal if minimal else 0.0
    # The echo with the minimal SQL in: how near the limit any read server
    # gets here, and how near summitd gets to it.
    echo_sql = row["echo_sql_rpc_per_s"]
    row["echo_sql_of_limit"] = echo_sql / row["limit"] if echo_sql and row["limit"] else 0.0
    row["of_echo_sql"] = grpc / echo_sql if echo_sql else 0.0
    for kind in ("echo_polled", "echo_pipelined", *ECHO_DUTIES):
        served = row[f"{kind}_rpc_per_s"]
        row[f"{kind}_of_limit"] = served / row["limit"] if served and row["limit"] else 0.0
    return row


def format_row(r):
    return (f"{r['call']} scale={r['scale']} in_flight={r['in_flight']} "
            f"floor_summitd={r['floor_summitd_us']:.0f}us "
            f"grpc={r['grpc_rpc_per_s']:.0f}/s p50={r['grpc_p50_us']/1000:.1f}ms "
            f"p99={r['grpc_p99_us']/1000:.1f}ms summitd={r['grpc_summitd_us']:.0f}us "
            f"pg={r['grpc_postgres_us']:.0f}us | exact={r['exact_rpc_per_s']:.0f}/s "
            f"pg={r['exact_postgres_us']:.0f}us minimal={r['minimal_rpc_per_s']:.0f}/s "
            f"pg={r['minimal_postgres_us']:.0f}us floor={r['floor_rpc_per_s']:.0f}/s "
            f"limit={r['limit']:.0f}/s of_limit={r['of_limit']:.2f} of_minimal={r['of_minimal']:.2f} "
            f"| echo={r['echo_rpc_per_s']:.0f}/s echo_summitd={r['echo_summitd_us']:.0f}us "
            f"echo_limit={r['echo_limit']:.0f}/s of_echo_limit={r['of_echo_limit']:.2f} "
            f"echo_of_minimal={r['echo_of_minimal']:.2f}"
            + (f" | echo_sql={r['echo_sql_rpc_per_s']:.0f}/s p99={r['echo_sql_p99_us']/1000:.1f}ms "
               f"server={r['echo_sql_summitd_us']:.0f}us pg={r['echo_sql_postgres_us']:.0f}us "
               f"echo_sql_of_limit={r['echo_sql_of_limit']:.2f} of_echo_sql={r['of_echo_sql']:.2f}"
               if r["echo_sql_rpc_per_s"] else "")
            + "".join(f" | {kind}={r[kind + '_rpc_per_s']:.0f}/s "
                      f"p99={r[kind + '_p99_us']/1000:.1f}ms server={r[kind + '_summitd_us']:.0f}us "
                      f"pg={r[kind + '_postgres_us']:.0f}us "
                      f"{kind}_of_limit={r[kind + '_of_limit']:.2f}"
                      for kind in ("echo_polled", "echo_pipelined", *ECHO_DUTIES)
                      if r.get(kind + "_rpc_per_s"))
            + (f" | baseline={r['baseline_rpc_per_s']:.0f}/s p99={r['baseline_p99_us']/1000:.1f}ms "
               f"summitd={r['baseline_summitd_us']:.0f}us pg={r['baseline_postgres_us']:.0f}us "
               f"x{r['of_baseline']:.2f}" if r["baseline_rpc_per_s"] else ""))


def table(rows):
    with_baseline = any(r["baseline_rpc_per_s"] for r in rows)
    head = ("| call | rows | in flight | gRPC /s | p50 | p99 | summitd µs | PostgreSQL µs "
            "| pgbench exact /s | pgbench minimal /s | floor /s | limit /s | of limit | of minimal "
            "| echo /s | echo µs | echo limit /s | of echo limit "
            "| echo+SQL /s | its server µs | its PostgreSQL µs | echo+SQL of limit | of echo+SQL |")
    columns = 23
    if with_baseline:  # no columns of zeros when no baseline ran
        head += " baseline /s | baseline p99 | × baseline |"
        columns += 3
    out = [head, "|" + "---|" * columns]
    for r in rows:
        line = (
            f"| {r['call']} | {r['scale'] if r['call'] in SCALED else '–'} | {r['in_flight']} "
            f"| {r['grpc_rpc_per_s']:,.0f} | {r['grpc_p50_us']/1000:.1f} ms "
            f"| {r['grpc_p99_us']/1000:.1f} ms | {r['grpc_summitd_us']:.0f} "
            f"| {r['grpc_postgres_us']:.0f} | {r['exact_rpc_per_s']:,.0f} "
            f"| {r['minimal_rpc_per_s']:,.0f} | {r['floor_rpc_per_s']:,.0f} | {r['limit']:,.0f} "
            f"| {r['of_limit']:.2f} | {r['of_minimal']:.2f} | {r['echo_rpc_per_s']:,.0f} "
            f"| {r['echo_summitd_us']:.0f} | {r['echo_limit']:,.0f} | {r['of_echo_limit']:.2f} "
            + (f"| {r['echo_sql_rpc_per_s']:,.0f} | {r['echo_sql_summitd_us']:.0f} "
               f"| {r['echo_sql_postgres_us']:.0f} | {r['echo_sql_of_limit']:.2f} "
               f"| {r['of_echo_sql']:.2f} |" if r["echo_sql_rpc_per_s"] else "| – | – | – | – | – |"))
        if with_baseline:
            line += (f" {r['baseline_rpc_per_s']:,.0f} "
                     f"| {r['baseline_p99_us']/1000:.1f} ms | {r['of_baseline']:.2f} |")
        out.append(line)
    return "\n".join(out)


# The echo+SQL server served as summitd serves a call, then taking on its
# per-call duties one at a time (summit_echo --unary, tests/bench/unary_echo.h).
ECHO_DUTIES = {"echo_unary": (), "echo_auth": ("auth",), "echo_logged": ("auth", "log")}

SCALED = {"GetRecommendation", "ListRecommendations", "search-ko", "search-ko-absent",
          "search-ru"}

if __name__ == "__main__":
    sys.exit(main())
