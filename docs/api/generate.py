#!/usr/bin/env python3
"""Renders the API reference (docs/api/reference.md) from the protos.

buf compiles proto/ into descriptors with their source info (the comments);
this turns them into one Markdown page: every service and RPC with who may
call it and its errors, every message with its fields, every enum.

  generate.py BUF             write docs/api/reference.md
  generate.py BUF --check     fail when it is out of date, or when an RPC's
                              comment does not list its errors
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "docs", "api", "reference.md")

# Field numbers in descriptor.proto, for source-info paths.
FILE_MESSAGE, FILE_ENUM, FILE_SERVICE = 4, 5, 6
MSG_FIELD, MSG_NESTED, MSG_ENUM = 2, 3, 4
ENUM_VALUE, SERVICE_METHOD = 2, 2

SCALARS = {
    "TYPE_DOUBLE": "double", "TYPE_FLOAT": "float", "TYPE_INT64": "int64",
    "TYPE_UINT64": "uint64", "TYPE_INT32": "int32", "TYPE_FIXED64": "fixed64",
    "TYPE_FIXED32": "fixed32", "TYPE_BOOL": "bool", "TYPE_STRING": "string",
    "TYPE_BYTES": "bytes", "TYPE_UINT32": "uint32", "TYPE_SFIXED32": "sfixed32",
    "TYPE_SFIXED64": "sfixed64", "TYPE_SINT32": "sint32", "TYPE_SINT64": "sint64",
}


def comments(file):
    by_path = {}
    for loc in file.get("sourceCodeInfo", {}).get("location", []):
        lines = loc.get("leadingComments", "").splitlines()
        text = "\n".join(line.strip() for line in lines).strip()
        if text:
            by_path[tuple(loc.get("path", []))] = text
    return by_path


def one_line(text):
    return " ".join(line.strip() for line in text.splitlines()).replace("|", "\\|")


def anchor(full_name):
    return full_name.lower().replace(".", "-")


def type_of(field):
    if field.get("typeName"):
        name = field["typeName"].lstrip(".")
        shown = f"[{name}](#{anchor(name)})" if name.startswith("summit.") else name
    else:
        shown = SCALARS.get(field["type"], field["type"])
    return ("repeated " if field.get("label") == "LABEL_REPEATED" else "") + shown


def render_enum(out, enum, full, notes, path):
    out.append(f"### {full}\n")
    if notes.get(path):
        out.append(notes[path] + "\n")
    out.append("| value | number | meaning |\n|---|---|---|")
    for i, v in enumerate(enum.get("value", [])):
        out.append(f"| `{v['name']}` | {v.get('number', 0)} | "
                   f"{one_line(notes.get(path + (ENUM_VALUE, i), ''))} |")
    out.append("")


def render_message(out, msg, full, notes, path):
    if msg.get("options", {}).get("mapEntry"):
        return
    out.append(f"### {full}\n")
    if notes.get(path):
        out.append(notes[path] + "\n")
    fields = msg.get("field", [])
    if fields:
        out.append("| field | type | meaning |\n|---|---|---|")
        for i, f in enumerate(fields):
            out.append(f"| `{f['name']}` | {type_of(f)} | "
                       f"{one_line(notes.get(path + (MSG_FIELD, i), ''))} |")
    else:
        out.append("(no fields)")
    out.append("")
    for i, nested in enumerate(msg.get("nestedType", [])):
        render_message(out, nested, f"{full}.{nested['name']}", notes, path + (MSG_NESTED, i))
    for i, enum in enumerate(msg.get("enumType", [])):
        render_enum(out, enum, f"{full}.{enum['name']}", notes, path + (MSG_ENUM, i))


def render(files):
    out = ["# Summit API reference", "",
           "Generated from `proto/` by `docs/api/generate.py`; do not edit. Packages named "
           "`summit.<service>.internal.v1` answer Summit's own servers only.", ""]
    problems = []
    packages = sorted({f["package"] for f in files})
    out.append("Packages: " + ", ".join(f"[{p}](#{anchor(p)})" for p in packages) + "\n")
    for package in packages:
        out.append(f"## {package}\n")
        in_package = sorted((f for f in files if f["package"] == package), key=lambda f: f["name"])
        for f in in_package:
            notes = comments(f)
            for si, service in enumerate(f.get("service", [])):
                full = f"{package}.{service['name']}"
                out.append(f"### {full}\n")
                if notes.get((FILE_SERVICE, si)):
                    out.append(notes[(FILE_SERVICE, si)] + "\n")
                for mi, m in enumerate(service.get("method", [])):
                    note = notes.get((FILE_SERVICE, si, SERVICE_METHOD, mi), "")
                    if "Errors:" not in note and "Read-only" not in note:
                        problems.append(f"{full}.{m['name']}: its comment lists no errors")
                    req, resp = m["inputType"].lstrip("."), m["outputType"].lstrip(".")
                    stream = "stream " if m.get("serverStreaming") else ""
                    out.append(f"#### {m['name']}\n")
                    out.append(f"`{m['name']}(`[{req}](#{anchor(req)})`) returns ({stream}`"
                               f"[{resp}](#{anchor(resp)})`)`\n")
                    if note:
                        out.append(note + "\n")
        for f in in_package:
            notes = comments(f)
            for i, msg in enumerate(f.get("messageType", [])):
                render_message(out, msg, f"{package}.{msg['name']}", notes, (FILE_MESSAGE, i))
            for i, enum in enumerate(f.get("enumType", [])):
                render_enum(out, enum, f"{package}.{enum['name']}", notes, (FILE_ENUM, i))
    return "\n".join(out).rstrip() + "\n", problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    buf, check = sys.argv[1], "--check" in sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "image.json")
        subprocess.run([buf, "build", os.path.join(ROOT, "proto"), "-o", image], check=True)
        with open(image, encoding="utf-8") as fh:
            files = [f for f in json.load(fh)["file"] if f["package"].startswith("summit.")]
    text, problems = render(files)
    for p in problems:
        print(p, file=sys.stderr)
    if check:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            print("docs/api/reference.md is out of date: run "
                  "docs/api/generate.py <buf> and commit it", file=sys.stderr)
            return 1
        return 1 if problems else 0
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {OUT}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
