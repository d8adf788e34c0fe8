#!/usr/bin/env python3
"""Checks rendered Kubernetes manifests (kustomize build ... | check_manifests.py)
for what `kubectl apply` would not catch until it hurts:
  - every Deployment's selector matches its pods; containers have probes,
    memory limits, a non-root security context and a pinned image tag;
  - Services, PDBs, HPAs and NetworkPolicies select pods that exist, by ports
    that exist; every PDB allows at least one pod to be evicted;
  - ConfigMaps and Secrets referred to exist (or are the documented external
    ones); summitd's settings are ones it reads (SUMMIT_*, checked against
    `summitd serve --help` when SUMMITD is set);
  - no service is hosted by two Deployments, and every address points at a
    Service that hosts it;
  - the PostgreSQL connection budget: for each summitd Deployment, its most
    pods at once (HPA maximum or replicas, plus the rollout surge) times
    SUMMIT_DB_CONNECTIONS, summed, stay within max_connections (100 by
    default, --max-connections) less 3 reserved for superusers.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

EXTERNAL_SECRETS = {"summit-secrets", "summit-smtp", "summit-tls"}
ALL_SERVICES = ["directory", "recommendations", "reviews", "meetings", "briefing", "feed",
                "notifications"]

parser = argparse.ArgumentParser()
parser.add_argument("--max-connections", type=int, default=100)
parser.add_argument("--external-secret", action="append", default=[])
args = parser.parse_args()
docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
if not docs:
    sys.exit("no manifests on standard input (did the render fail?)")
problems = []


def problem(what):
    problems.append(what)


def by_kind(kind):
    return [d for d in docs if d["kind"] == kind]


def name_of(d):
    return d["metadata"]["name"]


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


workloads = by_kind("Deployment") + by_kind("StatefulSet")
config_maps = {name_of(d): d for d in by_kind("ConfigMap")}
secrets = {name_of(d) for d in by_kind("Secret")} | EXTERNAL_SECRETS | set(args.external_secret)

summitd_help = None
if os.environ.get("SUMMITD"):
    summitd_help = subprocess.run([os.environ["SUMMITD"], "serve", "--help"],
                                  capture_output=True, text=True).stdout


def pod_env(pod, container):
    """The container's environment: envFrom ConfigMaps, then env."""
    env = {}
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        if ref:
            if ref["name"] not in config_maps:
                problem(f"ConfigMap {ref['name']} does not exist")
            else:
                env.update(config_maps[ref["name"]].get("data", {}))
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        ref = var.get("valueFrom", {}).get("secretKeyRef")
        if ref and ref["name"] not in secrets and not ref.get("optional"):
            problem(f"Secret {ref['name']} does not exist")
        ref = var.get("valueFrom", {}).get("configMapKeyRef")
        if ref and ref["name"] not in config_maps:
            problem(f"ConfigMap {ref['name']} does not exist")
    return env


hosted_by = {}
budget_total = 0
budget_lines = []
for w in workloads:
    name = name_of(w)
    spec = w["spec"]
    pod = spec["template"]
    labels = pod["metadata"].get("labels", {})
    if not matches(spec["selector"].get("matchLabels"), labels):
        problem(f"{name}: its selector does not match its pods' labels")
    pod_spec = pod["spec"]
    sec = pod_spec.get("securityContext", {})
    if not sec.get("runAsNonRoot"):
        problem(f"{name}: pods may run as root")
    for volume in pod_spec.get("volumes", []):
        secret = volume.get("secret", {}).get("secretName")
        if secret and secret not in secrets:
            problem(f"{name}: volume {volume['name']}: Secret {secret} does not exist")
    for c in pod_spec.get("initContainers", []) + pod_spec["containers"]:
        where = f"{name}/{c['name']}"
        image = c["image"]
        if ":" not in image.split("/")[-1] or image.endswith(":latest"):
            problem(f"{where}: image {image} has no pinned tag")
        if "memory" not in c.get("resources", {}).get("limits", {}):
            problem(f"{where}: no memory limit")
        if c.get("securityContext", {}).get("allowPrivilegeEscalation", True):
            problem(f"{where}: privilege escalation allowed")
        env = pod_env(pod_spec, c)
        for key in env:
            if key.startswith("SUMMIT_") and summitd_help is not None and \
                    f"(Env:{key})" not in summitd_help and key not in (
                        "SUMMIT_TOKEN_KEY_FILE", "SUMMIT_DATABASE", "SUMMIT_SERVICES",
                        "SUMMIT_LOG_FORMAT", "SUMMIT_LOG_LEVEL", "SUMMIT_SMTP_PASSWORD"):
                problem(f"{where}: summitd does not read {key}")
    for c in pod_spec["containers"]:
        if "readinessProbe" not in c or "livenessProbe" not in c:
            problem(f"{name}/{c['name']}: needs a readiness and a liveness probe")
    main = pod_spec["containers"][0]
    if main["image"].split("/")[-1].split(":")[0] != "summitd" or w["kind"] != "Deployment":
        continue
    env = pod_env(pod_spec, main)
    services = ALL_SERVICES if env.get("SUMMIT_SERVICES", "all") == "all" else \
        env["SUMMIT_SERVICES"].split(",")
    for s in services:
        if s in hosted_by:
            problem(f"{s} is hosted by both {hosted_by[s]} and {name}")
        hosted_by[s] = name
    init_services = [pod_env(pod_spec, c).get("SUMMIT_SERVICES", "all")
                     for c in pod_spec.get("initContainers", []) if "migrate" in c.get("args", [])]
    if init_services and init_services[0] != env.get("SUMMIT_SERVICES", "all"):
        problem(f"{name}: migrates {init_services[0]} but serves {env.get('SUMMIT_SERVICES')}")
    w.setdefault("_addresses", env.get("SUMMIT_SERVICE_ADDRESSES", ""))
    if "SUMMIT_DB_CONNECTIONS" not in env:
        problem(f"{name}: no SUMMIT_DB_CONNECTIONS: its connections are not budgeted")
        continue
    hpa = [h for h in by_kind("HorizontalPodAutoscaler")
           if h["spec"]["scaleTargetRef"]["name"] == name]
    most = hpa[0]["spec"]["maxReplicas"] if hpa else spec.get("replicas", 1)
    surge = spec.get("strategy", {}).get("rollingUpdate", {}).get("maxSurge", 1)
    if isinstance(surge, str):
        surge = -(-most * int(surge.rstrip("%")) // 100)
    pods = most + surge
    each = int(env["SUMMIT_DB_CONNECTIONS"])
    budget_total += pods * each
    budget_lines.append(f"{name}: {pods} pods x {each}")

# Every address names a Service whose pods host that service.
services_by_name = {name_of(s): s for s in by_kind("Service")}
for w in workloads:
    for entry in filter(None, w.get("_addresses", "").split(",")):
        service, _, address = entry.partition("=")
        target = re.sub(r"^dns:///", "", address).split(":")[0]
        if target not in services_by_name:
            problem(f"{name_of(w)}: {service} at {address}: no Service {target}")
            continue
        selector = services_by_name[target]["spec"].get("selector", {})
        owners = [name_of(x) for x in workloads
                  if matches(selector, x["spec"]["template"]["metadata"].get("labels", {}))]
        if hosted_by.get(service) not in owners:
            problem(f"{name_of(w)}: {service} at {address}, but {hosted_by.get(service)} hosts it")
for s in ALL_SERVICES:
    if hosted_by and s not in hosted_by:
        problem(f"no Deployment hosts {s}")

reserved = 3
if budget_total > args.max_connections - reserved:
    problem(f"database connections: {' + '.join(budget_lines)} = {budget_total} > "
            f"{args.max_connections} - {reserved} reserved")


def pods_selected(selector, kinds=("Deployment", "StatefulSet")):
    return [w for w in workloads if w["kind"] in kinds and
            matches(selector, w["spec"]["template"]["metadata"].get("labels", {}))]


def port_names(ws):
    return {p.get("name") for w in ws for c in w["spec"]["template"]["spec"]["containers"]
            for p in c.get("ports", [])} | {p.get("containerPort") for w in ws
                                             for c in w["spec"]["template"]["spec"]["containers"]
                                             for p in c.get("ports", [])}


for s in by_kind("Service"):
    selected = pods_selected(s["spec"].get("selector"))
    if not selected:
        problem(f"Service {name_of(s)} selects no pods")
    for p in s["spec"]["ports"]:
        if p.get("targetPort", p["port"]) not in port_names(selected):
            problem(f"Service {name_of(s)}: no pod port {p.get('targetPort')}")
for pdb in by_kind("PodDisruptionBudget"):
    selected = pods_selected(pdb["spec"]["selector"].get("matchLabels"))
    if not selected:
        problem(f"PDB {name_of(pdb)} selects no pods")
        continue
    replicas = min(w["spec"].get("replicas", 1) for w in selected)
    hpa = [h for h in by_kind("HorizontalPodAutoscaler")
           if h["spec"]["scaleTargetRef"]["name"] in {name_of(w) for w in selected}]
    if hpa:
        replicas = min(replicas, hpa[0]["spec"].get("minReplicas", 1))
    allowed = pdb["spec"].get("maxUnavailable")
    if allowed is None:
        allowed = replicas - pdb["spec"]["minAvailable"]
    if allowed < 1:
        problem(f"PDB {name_of(pdb)} never lets a pod be evicted: a node drain would hang")
for h in by_kind("HorizontalPodAutoscaler"):
    target = h["spec"]["scaleTargetRef"]["name"]
    if target not in {name_of(w) for w in workloads}:
        problem(f"HPA {name_of(h)} scales {target}, which does not exist")
    if h["spec"]["maxReplicas"] < h["spec"].get("minReplicas", 1):
        problem(f"HPA {name_of(h)}: maxReplicas below minReplicas")
for np in by_kind("NetworkPolicy"):
    selected = pods_selected(np["spec"]["podSelector"].get("matchLabels"))
    if not selected:
        problem(f"NetworkPolicy {name_of(np)} selects no pods")
    for rule in np["spec"].get("ingress", []):
        for p in rule.get("ports", []):
            if p["port"] not in port_names(selected):
                problem(f"NetworkPolicy {name_of(np)}: no pod port {p['port']}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(docs)} objects check out; connections at most {budget_total} "
      f"({' + '.join(budget_lines)}) of {args.max_connections} - {reserved}")
