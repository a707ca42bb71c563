#!/usr/bin/env python3
"""Prints the instructions of two runs by part, from `callgrind_annotate --inclusive=yes`.

A part is the inclusive count of the functions that do it, in whichever thread they ran, plus
the threads started inside it (a std::async task is its own root in callgrind's call graph, not
a callee of the function that started it). What no part claims is "the rest": starting, the
store's opening and closing, the outbox and the exit.
Usage: run_cost_parts.py RUN_30.txt RUN_365.txt
"""
import re
import sys

# Part: (functions whose inclusive count is the part's, functions whose async tasks are too).
PARTS = [
    ("reading the inbox, storing its files", ["sitrep::ingest_files("], []),
    ("reconciling", ["sitrep::reconcile(sitrep::Store const&"],
     ["sitrep::reconcile(", "sitrep::Store::observations(", "sitrep::effective_facts("]),
    ("the annexes' shared rows", ["sitrep::AnnexRows::AnnexRows("], []),
    ("the annexes, one per language", ["sitrep::write_annex(sitrep::AnnexRows const&, sitrep::Templates"], []),
    ("the PDFs, one per language", ["sitrep::render_pdf("], []),
    ("the manifest, and texts deflated for the store", ["sitrep::manifest_json", "sitrep::deflate_text"], []),
]
LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(?:\S*?:)?(.*?)(?: \[[^\]]*\])?$")
TASK = re.compile(r"^std::__future_base::_Async_state_impl<std::thread::_Invoker<std::tuple<(.*)::_M_run\(\)$")


def counts(path):
    total, by_function = None, {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
                continue
            m = LINE.match(line)
            if m:
                by_function[m.group(2)] = int(m.group(1).replace(",", ""))
    if total is None:
        sys.exit(f"{path}: no PROGRAM TOTALS line: not callgrind_annotate's output")
    return total, by_function


def part(by_function, names, task_owners):
    n = 0
    for function, count in by_function.items():
        # `???:` was cut off above; a function's name starts where its file's name ended.
        if any(function.startswith(name) for name in names):
            n += count
            continue
        task = TASK.match(function)
        if task and any(task.group(1).startswith(owner) for owner in task_owners):
            n += count
    return n


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs = [counts(p) for p in sys.argv[1:]]
    rows = []
    for name, functions, owners in PARTS:
        rows.append((name, [part(by_function, functions, owners) for _, by_function in runs]))
    rest = [total - sum(r[1][i] for r in rows) for i, (total, _) in enumerate(runs)]
    rows.append(("the rest: start, store, outbox, exit", rest))
    rows.append(("whole run", [total for total, _ in runs]))
    print()
    print("| part | run 30, M instructions | run 365, M instructions | run 365 / run 30 |")
    print("|---|---:|---:|---:|")
    for name, (early, late) in rows:
        ratio = f"{late / early:.2f}" if early else "-"
        label = f"**{name}**" if name == "whole run" else name
        print(f"| {label} | {early / 1e6:.1f} | {late / 1e6:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
