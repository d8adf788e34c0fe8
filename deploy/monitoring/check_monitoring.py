#!/usr/bin/env python3
"""Checks the monitoring files against promtool and against the metrics
summitd exports (services/common/metrics.cc):
  - alerts.yaml parses and its unit tests (alerts_test.yaml) pass;
  - every query of grafana-dashboard.json is valid PromQL (promtool checks
    them as recording rules, with Grafana's variables filled in);
  - every summit_* metric either file names is one summitd exports.
Usage: check_monitoring.py [PROMTOOL]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
promtool = sys.argv[1] if len(sys.argv) > 1 else "promtool"
problems = []


def run(*args):
    out = subprocess.run([promtool, *args], cwd=here, capture_output=True, text=True)
    if out.returncode != 0:
        problems.append(f"promtool {' '.join(args)}:\n{out.stdout}{out.stderr}")


run("check", "rules", "alerts.yaml")
run("test", "rules", "alerts_test.yaml")

with open(os.path.join(here, "grafana-dashboard.json")) as f:
    dashboard = json.load(f)
exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
if not exprs:
    problems.append("the dashboard has no queries")
grafana_variables = {"$__rate_interval": "5m", "$job": ".*"}
with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as rules:
    rules.write("groups:\n  - name: dashboard\n    rules:\n")
    for n, expr in enumerate(exprs):
        for variable, value in grafana_variables.items():
            expr = expr.replace(variable, value)
        rules.write(f"      - record: dashboard:query_{n}\n        expr: {json.dumps(expr)}\n")
try:
    run("check", "rules", rules.name)
finally:
    os.unlink(rules.name)

with open(os.path.join(root, "services/common/metrics.cc")) as f:
    source = f.read()
exported = set()
for name in re.findall(r'\.Name\("(summit_[a-z_]+)"\)', source):
    exported.add(name)
    if re.search(rf'BuildHistogram\(\)\s*\.Name\("{name}"\)', source):
        exported.update({name + "_bucket", name + "_count", name + "_sum"})
with open(os.path.join(here, "alerts.yaml")) as f:
    used = set(re.findall(r"\bsummit_[a-z_]+\b", f.read()))
used |= {m for e in exprs for m in re.findall(r"\bsummit_[a-z_]+\b", e)}
for name in sorted(used - exported):
    problems.append(f"{name} is queried but summitd does not export it")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"alerts and {len(exprs)} dashboard queries check out; {len(used)} metrics, all exported")
