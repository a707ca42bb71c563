#!/usr/bin/env python3
"""Prints the instructions of two runs by part, from
`callgrind_annotate --tree=caller --inclusive=yes --threshold=100`.

A part is the inclusive count of the functions that do it, in whichever thread they ran, plus
the threads started for it (a std::async task or a std::thread is a root of its own in
callgrind's call graph, not a callee of the function that started it), plus, for a function
several parts share, the calls its part's callers make. What no part claims is "the rest":
starting, the store's opening and closing, the snapshots, the outbox and the exit.
Usage: run_cost_parts.py RUN_30.txt RUN_365.txt
"""
import collections
import re
import sys

# name, functions counted whole, prefixes of the functions whose threads count,
# (function, prefixes of the callers whose calls of it count)
PARTS = [
    ("reading the inbox, storing its files", ["sitrep::ingest_files("],
     ["sitrep::ingest_files(", "sitrep::(anonymous namespace)::read_new(",
      "sitrep::(anonymous namespace)::SharedReading::"], []),
    ("reconciling", ["sitrep::reconcile(sitrep::Store const&"],
     ["sitrep::reconcile(", "sitrep::Store::observations(", "sitrep::effective_facts("], []),
    # The figures' sources are split once for the annexes and the manifest, beside the rows.
    ("the figures' sources and the annexes' shared rows",
     ["sitrep::split_sources(", "sitrep::AnnexRows::AnnexRows("], [], []),
    ("the annexes, one per language",
     ["sitrep::write_annex(sitrep::AnnexRows const&, sitrep::Templates"], [], []),
    ("the PDFs, one per language, and their fonts and map",
     ["sitrep::render_pdf(", "sitrep::prepare_pdf_rendering("], [], []),
    # The figures kept for the next report are packed (printed and deflated) in a thread of
    # their own since 10e7a12; before, only figures_blob's deflating was counted here.
    ("the manifest, and its copy and the figures deflated for the store",
     ["sitrep::manifest_json", "sitrep::pack_figures("],
     [], [("sitrep::deflate_text", ["std::_Function_handler<void (), sitrep::(anonymous namespace)::write_files(",
                                    "sitrep::(anonymous namespace)::figures_blob("])]),
]
LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+([<*])\s+\S*?:(.*?)(?: \(\d+x\))?(?: \[[^\]]*\])?$")
# A thread's root: the task or the callable it runs, named by the function it was made in.
ROOTS = [re.compile(r"^std::__future_base::_Async_state_impl<std::thread::_Invoker<std::tuple<(.*)::_M_run\(\)$"),
         re.compile(r"^std::thread::_State_impl<std::thread::_Invoker<std::tuple<(?!void \(std::__future_base)(.*)::_M_run\(\)$")]


def counts(path):
    """The run's total; each function's inclusive count; each function's callers' counts."""
    total = None
    whole = collections.Counter()
    calls = collections.defaultdict(collections.Counter)
    callers = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
                continue
            m = LINE.match(line)
            if not m:
                callers = []
                continue
            n, marker, name = int(m.group(1).replace(",", "")), m.group(2), m.group(3)
            if marker == "<":
                callers.append((name, n))
                continue
            # A function named once per source file (a build with debug information) adds up.
            whole[name] += n
            for caller, c in callers:
                calls[name][caller] += c
            callers = []
    if total is None:
        sys.exit(f"{path}: no PROGRAM TOTALS line: not callgrind_annotate's output")
    return total, whole, calls


def part(run, functions, thread_owners, shared):
    _, whole, calls = run
    n = 0
    for name, count in whole.items():
        # A lambda of a counted function ran inside it, in its thread: counted with it.
        if any(name.startswith(f) for f in functions) and "::{lambda" not in name:
            n += count
            continue
        for root in ROOTS:
            m = root.match(name)
            if m and any(m.group(1).startswith(owner) for owner in thread_owners):
                n += count
    for function, owners in shared:
        for name, by_caller in calls.items():
            if name.startswith(function):
                n += sum(c for caller, c in by_caller.items()
                         if any(caller.startswith(o) for o in owners))
    return n


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs = [counts(p) for p in sys.argv[1:]]
    rows = [(name, [part(run, *spec) for run in runs]) for name, *spec in PARTS]
    rest = [run[0] - sum(r[1][i] for r in rows) for i, run in enumerate(runs)]
    rows.append(("the rest: start, store, snapshots, outbox, exit", rest))
    rows.append(("**whole run**", [run[0] for run in runs]))
    print()
    print("| part | run 30, M instructions | run 365, M instructions | run 365 / run 30 |")
    print("|---|---:|---:|---:|")
    for name, (early, late) in rows:
        ratio = f"{late / early:.2f}" if early else "-"
        print(f"| {name} | {early / 1e6:.1f} | {late / 1e6:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
