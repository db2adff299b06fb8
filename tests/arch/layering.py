#!/usr/bin/env python3
"""layering.py BUILD -- keep the architecture true (issue 10).

1. Includes go one way. solver/ has one folder per stage, in the order data
   flows (util, model, io, dist, search, ilp, solve, out, app); a file may
   include headers of its own stage or an earlier one, never a later one.
   Public headers (include/cunlu/) belong to the stage that implements them
   and may include only public headers of the same or earlier stages.
2. Each third-party header is included by the one file that wraps it.
3. No symbol cycle between object files: from `nm` of BUILD/obj/*/*.o, the
   graph "a.o uses a symbol defined in b.o" has no cycle (a cycle means two
   modules call each other, and neither can be tested or replaced alone).

Prints one line per failure and ends with "N passed, N failed".
"""
import os
import re
import subprocess
import sys

STAGES = ["util", "model", "io", "dist", "search", "ilp", "solve", "out", "app"]
RANK = {s: i for i, s in enumerate(STAGES)}

# Public header -> the stage that implements it.
PUBLIC = {
    "error.h": "util", "log.h": "util",
    "instance.h": "model", "solution.h": "model", "matrix.h": "model",
    "check.h": "model",
    "fleet.h": "io",
    "router.h": "dist",
    "solve.h": "solve",
    "output.h": "out",
}

# Third-party header -> the only files allowed to include it.
WRAPPED = {
    "shapefil.h": {"solver/io/shp.c"},
    "curl/curl.h": {"solver/dist/http.c"},
    "glpk.h": {"solver/ilp/setpart.c"},
    "proj.h": {"solver/io/proj.c"},
    # cJSON parses two different things: the fleet file and OSRM's replies;
    # io/json.c parses for both (out of memory told apart from bad JSON).
    "cjson/cJSON.h": {"solver/io/fleet.c", "solver/dist/osrm.c", "solver/io/json.c"},
    "iconv.h": {"solver/io/encoding.c"},
}

passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def fail(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


def includes(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
            if m:
                yield n, m.group(1), m.group(2)


def stage_of_include(name):
    """The stage of an included project header, or None if not ours."""
    if name.startswith("cunlu/"):
        base = name[len("cunlu/"):]
        if base not in PUBLIC:
            return "?public"
        return PUBLIC[base]
    first = name.split("/")[0]
    if first in RANK and "/" in name:
        return first
    return None


def check_includes(top):
    files = []
    for stage in STAGES:
        d = os.path.join(top, "solver", stage)
        if not os.path.isdir(d):
            fail("solver/%s/ is missing" % stage)
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith((".c", ".h")):
                files.append((stage, "solver/%s/%s" % (stage, f)))
    for f in sorted(os.listdir(os.path.join(top, "solver"))):
        p = os.path.join(top, "solver", f)
        if os.path.isfile(p):
            fail("solver/%s is outside the stage folders" % f)
    for f in sorted(os.listdir(os.path.join(top, "include", "cunlu"))):
        if f not in PUBLIC:
            fail("include/cunlu/%s is not a known public header (add it to "
                 "PUBLIC in tests/arch/layering.py with its stage)" % f)
            continue
        files.append((PUBLIC[f], "include/cunlu/" + f))
    third = {}
    for stage, rel in files:
        bad = 0
        for n, kind, name in includes(os.path.join(top, rel)):
            if kind == "<":
                third.setdefault(name, set()).add(rel)
                continue
            st = stage_of_include(name)
            if st is None:
                bad += 1
                fail('%s:%d: #include "%s" is not folder-qualified '
                     '("stage/file.h" or "cunlu/file.h")' % (rel, n, name))
            elif st == "?public":
                bad += 1
                fail('%s:%d: #include "%s": no such public header' % (rel, n, name))
            elif RANK[st] > RANK[stage]:
                bad += 1
                fail('%s:%d: #include "%s" reaches forward from %s/ to %s/'
                     % (rel, n, name, stage, st))
            elif rel.startswith("include/") and not name.startswith("cunlu/"):
                bad += 1
                fail('%s:%d: a public header includes the internal "%s"'
                     % (rel, n, name))
        if bad == 0:
            ok()
    for hdr, allowed in WRAPPED.items():
        users = third.get(hdr, set())
        extra = users - allowed
        if extra:
            fail("<%s> is included by %s; only %s may" %
                 (hdr, ", ".join(sorted(extra)), ", ".join(sorted(allowed))))
        else:
            ok()


def check_cycles(build):
    objs = []
    for stage in STAGES:
        d = os.path.join(build, "obj", stage)
        if os.path.isdir(d):
            objs += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".o")]
    if not objs:
        fail("no object files in %s/obj (build first)" % build)
        return
    defined = {}
    uses = {}
    for o in objs:
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        u = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                u.add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBRCV":
                defined[parts[2]] = o
        uses[o] = u
    edges = {o: set() for o in objs}
    for o, u in uses.items():
        for sym in u:
            d = defined.get(sym)
            if d and d != o:
                edges[o].add(d)
    # Tarjan's strongly connected components.
    index = {}
    low = {}
    stack = []
    on = set()
    sccs = []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in objs:
        if v not in index:
            strong(v)
    cyc = [c for c in sccs if len(c) > 1]
    for c in cyc:
        names = sorted(os.path.relpath(x, os.path.join(build, "obj")) for x in c)
        detail = []
        for a in c:
            for b in edges[a]:
                if b in c:
                    syms = sorted(s for s in uses[a] if defined.get(s) == b)
                    detail.append("%s -> %s (%s)" % (
                        os.path.relpath(a, os.path.join(build, "obj")),
                        os.path.relpath(b, os.path.join(build, "obj")),
                        ", ".join(syms[:3])))
        fail("object files call each other: %s; %s" % (", ".join(names), "; ".join(detail)))
    if not cyc:
        ok()
    # Objects of an earlier stage never use symbols of a later one.
    bad = 0
    for a, outs in edges.items():
        sa = os.path.basename(os.path.dirname(a))
        for b in outs:
            sb = os.path.basename(os.path.dirname(b))
            if RANK[sb] > RANK[sa]:
                bad += 1
                syms = sorted(s for s in uses[a] if defined.get(s) == b)
                fail("%s/%s uses %s from the later stage %s/%s" % (
                    sa, os.path.basename(a), ", ".join(syms[:3]), sb, os.path.basename(b)))
    if bad == 0:
        ok()


def main():
    top = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "build")
    if not os.path.isabs(build):
        build = os.path.join(top, build)
    check_includes(top)
    check_cycles(build)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
