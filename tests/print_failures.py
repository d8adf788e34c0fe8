#!/usr/bin/env python3
"""Prints what each failed CTest test said, at the end of a run's log.

CI keeps only the head and tail of a failing run's output, and a failing
test's output scrolls far up among the others'. This repeats the part that
says why: for a node:test (TAP) output its `not ok` blocks, for any other its
last lines.
    print_failures.py BUILD_DIR
"""
import pathlib
import re
import sys

TAIL_LINES = 60
NOT_OK_LINES = 30


def outputs_by_test(log_text):
    """Maps each test's name to its captured output in LastTest.log."""
    found = {}
    pattern = re.compile(
        r'^\d+/\d+ Test: (?P<name>\S+)\n.*?^Output:\n-+\n(?P<output>.*?)^<end of output>',
        re.MULTILINE | re.DOTALL)
    for match in pattern.finditer(log_text):
        found[match.group("name")] = match.group("output")
    return found


def why(output):
    lines = output.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if re.match(r"^\s*not ok \d+", line):
            blocks.append("\n".join(lines[i:i + NOT_OK_LINES]))
    if blocks:
        return "\n...\n".join(blocks)
    return "\n".join(lines[-TAIL_LINES:])


def main():
    temporary = pathlib.Path(sys.argv[1]) / "Testing" / "Temporary"
    failed_list = temporary / "LastTestsFailed.log"
    if not failed_list.exists():
        return
    failed = [line.split(":", 1)[1].strip() for line in failed_list.read_text().splitlines() if ":" in line]
    log = (temporary / "LastTest.log").read_text(errors="replace")
    outputs = outputs_by_test(log)
    for name in failed:
        print(f"\n===== failed: {name} =====")
        print(why(outputs.get(name, "(no output recorded)")))
    print(f"\n===== {len(failed)} failed: {' '.join(failed)} =====")


if __name__ == "__main__":
    main()
