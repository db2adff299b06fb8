#!/usr/bin/env python3
"""oom_sweep.py -- fail the N-th allocation of a cunlu run, for many N
(issue 12 item 6: out of memory is exit 1, everywhere, and nothing crashes).

    oom_sweep.py --cunlu BUILD/cunlu --shim BUILD/tools/failalloc.so
                 [--mode quick|ci|full] [--budget SECONDS] [--only NAME,...]
                 [--from N --to N] [--asan] [--log FILE]
                 [--inside NAME=FUNCTION,...]

Each scenario (below) is first run without a failure, which gives its
allocation count T, its exit code (0 or 5) and the outputs. Then, for each
N chosen (full: every N in 1..T; ci and quick: the first HEAD calls, which
are the readers', and every k-th call after them, k chosen to fit the time
budget), the run is repeated with tests/tools/preload/failalloc.c failing
the N-th allocation call, writing into a directory that holds the outputs
of the run without failure. A run passes when:

  - it exits 1 and says "out of memory" on stderr, and the previous outputs
    are untouched (same files, inodes, times and bytes), or
  - it exits as the run without failure did (the failed allocation was
    harmless: something optional was skipped) and its outputs are the same
    as that run's (the measured times and the sheets' print time aside), or
  - the N-th call was not reached (a shorter path);

and never when it dies of a signal, prints a sanitizer report (leaks
included, with --asan), exits with another code or exits 1 without saying
out of memory.

--inside NAME=FUNCTION sweeps, for run NAME, only the allocations made
inside the library function FUNCTION (CUNLU_FAIL_ALLOC_IN): N then numbers
those calls, so each of them is failed in turn wherever it falls in the
run. INSIDE below lists the library calls that once swallowed an
allocation failure and gave a wrong answer; the time-boxed sample
(tests/e2e/oom_test.sh) sweeps them on top of the runs. Prints per scenario the counts per outcome and each failing
N with its exit and last stderr line, and the reproduction command; ends
with "P passed, F failed" (tests/run.sh).
"""
import argparse
import concurrent.futures
import hashlib
import os
import queue
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

A = "maps/andorra"
D = "maps/andorra-drones"
G = "maps/gbk-sample"
DEMO = [f"{A}/villages.shp", "--depot", f"{A}/depot.shp", "--fleet", f"{A}/fleet.json",
        "--roads", f"{A}/roads.shp", "--orders", f"{A}/orders.csv", "--date", "2025-06-03",
        "--seed", "1"]
# name, arguments (OUT: the output directory, TMP: the sweep's directory),
# what it covers. The allocation count does not depend on --iterations
# (the search allocates up front), so the runs are short.
SCENARIOS = [
    ("demo", DEMO + ["--iterations", "50"],
     "make demo's run: village, depot, roads shapefiles, fleet JSON, orders CSV, "
     "road matrix, search with reloads, checker, every writer"),
    ("ilp", [f"{A}/villages.shp", "--depot", f"{A}/depot.shp",
             "--fleet", "tests/fixtures/andorra_fleet_1trip.json", "--roads", f"{A}/roads.shp",
             "--orders", f"{A}/orders.csv", "--date", "2025-06-03", "--seed", "1",
             "--iterations", "50", "--ilp", "--ilp-time-limit", "600"],
     "--ilp: the route pool and GLPK's set partitioning"),
    ("drones", [f"{D}/villages.shp", "--depot", f"{A}/depot.shp", "--fleet", f"{D}/fleet-encamp.json",
                "--roads", f"{A}/roads.shp", "--no-fly", f"{D}/nofly.shp",
                "--drone-sites", f"{D}/sites.shp", "--seed", "1", "--iterations", "50"],
     "no-fly polygons, drone sites, flight matrices"),
    ("csv-gbk", [f"{G}/villages.csv", "--depot", f"{G}/depot.csv", "--coords", "gcj02",
                 "--seed", "1", "--iterations", "50"],
     "CSV table in GBK (iconv), GCJ-02 datum, straight-line distances"),
    ("shp-proj", ["TMP/proj/villages.shp", "--depot", "TMP/proj/depot.shp", "--seed", "1",
                  "--iterations", "50"],
     "a projected (UTM 31N) GBK layer: PROJ, the .dbf in GBK"),
    ("osrm", [f"{G}/villages.shp", "--depot", f"{G}/depot.shp", "--osrm", "URL",
              "--seed", "1", "--iterations", "50"],
     "OSRM over HTTP: libcurl, the /table and /route replies (cJSON)"),
    ("osrm-cache", [f"{G}/villages.shp", "--depot", f"{G}/depot.shp", "--osrm", "URL",
                    "--matrix-cache", "TMP/cache", "--seed", "1", "--iterations", "50"],
     "the matrix cache, filled by the run without failure, read by the others"),
    ("vrplib", ["instances/A-n32-k5.vrp", "--sol", "OUT/a.sol", "--iterations", "50", "--ilp",
                "--ilp-time-limit", "600"],
     "a benchmark file, its .sol writer and the ILP"),
]

# Library calls that swallowed a failed allocation and answered wrongly
# (docs/design.md, "Out of memory"): run name, function.
INSIDE = [
    # PROJ 9.1.1's pj_obj_create: the operation without its pipeline, every
    # position "cannot be transformed" (exit 2)
    ("shp-proj", "proj_normalize_for_visualization"),
    # libcurl 7.88's parseurlandfillconn: the request without its query
    # string, a reply to another question (exit 3)
    ("osrm", "curl_url_get"),
]


def no_core():
    """A crash is reported by its signal; no core file in the tree."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def now():
    return time.monotonic()


class Sweep:
    def __init__(self, a):
        self.a = a
        self.tmp = a.tmp
        self.url = None
        self.srv = None
        self.total_pass = 0
        self.total_fail = 0
        self.log = open(a.log, "w") if a.log else None

    def say(self, s):
        print(s, flush=True)
        if self.log:
            print(s, file=self.log, flush=True)

    # ---------------------------------------------------------------- setup
    def setup(self, names):
        if "shp-proj" in names:
            d = os.path.join(self.tmp, "proj")
            os.makedirs(d, exist_ok=True)
            for f in ("villages", "depot"):
                r = subprocess.run(["ogr2ogr", "-q", "-f", "ESRI Shapefile", "-t_srs", "EPSG:32631",
                                    "-lco", "ENCODING=CP936", os.path.join(d, f + ".shp"),
                                    f"{G}/{f}.shp"], cwd=TOP, capture_output=True, text=True)
                if r.returncode != 0:
                    raise SystemExit(f"oom_sweep: ogr2ogr {f}: {r.stderr.strip()}")
        if "osrm" in names or "osrm-cache" in names:
            pf = os.path.join(self.tmp, "port")
            self.srv = subprocess.Popen([sys.executable, "tests/tools/fake_osrm.py", "--port-file", pf,
                                         "--bbox", "107.3,26.3,107.7,26.7",
                                         "--lifetime", str(int(self.a.budget * 3 + 3600))],
                                        cwd=TOP, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if os.path.exists(pf) and os.path.getsize(pf) > 0:
                    break
                time.sleep(0.1)
            self.url = "http://127.0.0.1:" + open(pf).read().strip()

    def close(self):
        if self.srv:
            self.srv.terminate()
            self.srv.wait()

    def args(self, sc, out):
        r = []
        for x in sc[1]:
            x = x.replace("TMP/", self.tmp + "/").replace("OUT/", out + "/")
            if x == "URL":
                x = self.url
            r.append(x)
        if not r[0].endswith((".vrp", ".txt")):
            r += ["--out-dir", out, "--run-id", "oom"]
        # no time bound: on a loaded machine a slow run would stop its
        # search (or fleet minimisation) early and plan differently; one
        # thread: the allocation order of several threads varies from run to
        # run (the shim's N would name a different call each time), and under
        # ASan a failed allocation inside pthread_create's stack query stops
        # the sanitizer's runtime itself (CHECK failed in pthread_getattr_np),
        # not the program
        return ["solve"] + r + ["--threads", "1", "--time-limit", "100000", "-q"]

    # ---------------------------------------------------------------- runs
    def run(self, sc, out, n, slot=0, inside=""):
        cf = os.path.join(self.tmp, f"count-{slot}")
        if os.path.exists(cf):
            os.unlink(cf)
        env = dict(os.environ)
        env["LD_PRELOAD"] = self.a.shim
        env["CUNLU_FAIL_ALLOC"] = str(n)
        env["CUNLU_FAIL_ALLOC_COUNT"] = cf
        env.pop("CUNLU_FAIL_ALLOC_IN", None)
        if inside:
            env["CUNLU_FAIL_ALLOC_IN"] = inside
        env["ASAN_OPTIONS"] = "verify_asan_link_order=0:detect_leaks=1:abort_on_error=0:exitcode=99"
        env["UBSAN_OPTIONS"] = "halt_on_error=1:exitcode=98"
        try:
            p = subprocess.run([self.a.cunlu] + self.args(sc, out), cwd=TOP, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                               preexec_fn=no_core)
            rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as e:
            rc, err = "timeout", (e.stderr or b"").decode("utf-8", "replace")
        calls, hit = -1, 0
        try:
            with open(cf) as f:
                c = f.read().split()
                calls, hit = int(c[0]), int(c[1])
        except (OSError, ValueError, IndexError):
            pass
        return rc, err, calls, hit

    @staticmethod
    def snapshot(d):
        """Names, inodes, times and bytes of a directory's files."""
        s = []
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            st = os.lstat(p)
            h = hashlib.sha1(open(p, "rb").read()).hexdigest() if os.path.isfile(p) else ""
            s.append((name, st.st_ino, st.st_mtime_ns, st.st_size, h))
        return s

    @staticmethod
    def contents(d):
        """The files' contents, the measured times, the sheets' print time and the lock file aside."""
        c = {}
        for name in sorted(os.listdir(d)):
            if name == ".cunlu.lock":
                continue
            b = open(os.path.join(d, name), "rb").read()
            if name == "summary.json":
                # the run's and the ILP's measured times
                b = re.sub(rb'"(elapsed_s|time_s)": [0-9.e+-]+', rb'"\1": 0', b)
            if name == "sheets.html":   # printed at YYYY-MM-DD HH:MM
                b = re.sub(rb'[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} ', b'(printed) ', b)
            c[name] = b
        return c

    def one(self, sc, base, want, rc0, n, slot, inside=""):
        """Run with the n-th allocation failed: (outcome, detail, stderr)."""
        prev = os.path.join(self.tmp, f"{sc[0]}-prev-{slot}")
        shutil.rmtree(prev, ignore_errors=True)
        shutil.copytree(base, prev)
        before = self.snapshot(prev)
        rc, err, calls, hit = self.run(sc, prev, n, slot, inside)
        last = (err.strip().splitlines() or [""])[-1][:200]
        if rc == "timeout":
            what = "timeout"
        elif isinstance(rc, int) and rc < 0:
            what = f"signal {signal.Signals(-rc).name}"
        elif re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", err):
            what = "sanitizer report"
            last = next((l for l in err.splitlines() if "Sanitizer" in l or "runtime error" in l),
                        last)[:200]
        elif not hit:
            what = "not reached"
        elif rc == 1 and "out of memory" in err:
            what = "exit 1, out of memory" if self.snapshot(prev) == before \
                else "exit 1 but the previous outputs changed"
        elif rc == rc0:
            got = self.contents(prev)
            what = "clean exit, same outputs" if got == want else "clean exit but other outputs"
            if got != want:
                last = "differ: " + " ".join(sorted(k for k in set(got) | set(want)
                                                   if got.get(k) != want.get(k)))
        else:
            what = f"exit {rc}"
        return what, last, err

    def sweep(self, sc, budget, inside=""):
        name = sc[0] + (f" inside {inside}" if inside else "")
        base = os.path.join(self.tmp, sc[0] + "-base")
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(base)
        t0 = now()
        rc0, err0, total, _ = self.run(sc, base, 0, 0, inside)
        t_run = max(now() - t0, 0.01)
        if rc0 not in (0, 5) or total <= 0:
            self.say(f"oom {name}: the run without failure exits {rc0} ({total} allocations): "
                     f"{err0.strip().splitlines()[-1:]}")
            self.total_fail += 1
            return
        want = self.contents(base)
        # the N to try
        if self.a.mode == "full":
            lo = self.a.start or 1
            hi = min(self.a.to or total, total)
            k = dict((x.split("=")[0], int(x.split("=")[1]))
                     for x in self.a.stride_of.split(",") if "=" in x).get(name, self.a.stride)
            if inside:
                k = 1
            ns = list(range(lo, hi + 1, k))
        elif inside:
            # evenly spread, at least 12 and all run: the calls that
            # once failed are a stretch of a few dozen of a few hundred
            fit = max(int(budget * self.a.jobs / (t_run * 1.15)), 12)
            k = max(total // fit, 1)
            ns = list(range(1 + (total - 1) % k // 2, total + 1, k))
        else:
            head = min(total, 150 if self.a.mode == "ci" else 25)
            fit = max(int(budget * self.a.jobs / (t_run * 1.15)), head + 5)
            rest = max(fit - head, 1)
            k = max((total - head) // rest, 1)
            off = int(hashlib.sha1(name.encode()).hexdigest(), 16) % k
            ns = list(range(1, head + 1)) + list(range(head + 1 + off, total + 1, k))
            # in a fixed shuffled order, so that runs cut by the time budget
            # (a slow machine, the ASan build) leave a sample of the whole run
            random.Random(name).shuffle(ns)
        counts = {}
        bad = []
        t_start = now()
        slots = queue.Queue()
        for i in range(self.a.jobs):
            slots.put(i)

        def task(n):
            if self.a.mode != "full" and not inside and now() - t_start > budget * 1.5:
                return n, "skipped (time)", "", ""
            slot = slots.get()
            try:
                return (n,) + self.one(sc, base, want, rc0, n, slot, inside)
            finally:
                slots.put(slot)

        with concurrent.futures.ThreadPoolExecutor(max_workers=self.a.jobs) as ex:
            for n, what, last, err in ex.map(task, ns):
                counts[what] = counts.get(what, 0) + 1
                if what == "skipped (time)":
                    continue
                if what in ("exit 1, out of memory", "clean exit, same outputs", "not reached"):
                    self.total_pass += 1
                else:
                    self.total_fail += 1
                    bad.append((n, what, last))
                    if self.log:
                        print(f"--- {name} N={n}: {what}: {last}\n{err}", file=self.log, flush=True)
        took = now() - t_start
        self.say(f"oom {name}: {total} allocations, exit {rc0} without failure; {len(ns)} runs "
                 f"in {took:.0f} s: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
        # the shim must have bitten: a sweep where nothing ran out of memory
        # tests nothing. Not asked of an --inside sweep (its count shows the
        # shim loaded): under ASan, operator new does not go through malloc,
        # so the allocations left inside a C++ library are its harmless ones
        if not counts.get("exit 1, out of memory") and not inside:
            self.say(f"  FAIL: no run of {name} ran out of memory (is the shim loaded?)")
            self.total_fail += 1
        for n, what, last in bad[:20]:
            self.say(f"  FAIL N={n}: {what}: {last}")
        if bad:
            self.say(f"  reproduce: CUNLU_FAIL_ALLOC={bad[0][0]} CUNLU_FAIL_ALLOC_TRACE=1 "
                     + (f"CUNLU_FAIL_ALLOC_IN={inside} " if inside else "")
                     + f"LD_PRELOAD={self.a.shim} {self.a.cunlu} {' '.join(self.args(sc, '/tmp/oom-out'))}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cunlu", required=True)
    ap.add_argument("--shim", required=True)
    ap.add_argument("--mode", choices=("quick", "ci", "full"), default="ci")
    ap.add_argument("--budget", type=float, default=75.0, help="seconds in all (quick, ci)")
    ap.add_argument("--only", default="")
    ap.add_argument("--from", dest="start", type=int, default=0)
    ap.add_argument("--to", type=int, default=0)
    ap.add_argument("--stride", type=int, default=1, help="full: every STRIDE-th N")
    ap.add_argument("--stride-of", default="",
                    help="full: NAME=K,... a stride for some runs (e.g. shp-proj=20)")
    ap.add_argument("--jobs", type=int, default=1, help="runs at a time")
    ap.add_argument("--inside", default=None,
                    help="NAME=FUNCTION,...: sweep only the allocations inside FUNCTION "
                         "(default: the INSIDE list after the runs of the time-boxed "
                         "sample, none with --only or --mode full; '' none)")
    ap.add_argument("--log", default="")
    ap.add_argument("--tmp", default="")
    a = ap.parse_args()
    a.cunlu = os.path.abspath(a.cunlu)
    a.shim = os.path.abspath(a.shim)
    names = [s[0] for s in SCENARIOS]
    if a.only:
        names = [n for n in a.only.split(",") if n]
        for n in names:
            if n not in [s[0] for s in SCENARIOS]:
                raise SystemExit(f"oom_sweep: no scenario {n}")
    if a.inside is None:
        inside = INSIDE if a.mode in ("quick", "ci") and not a.only else []
    else:
        inside = [tuple(x.split("=", 1)) for x in a.inside.split(",") if "=" in x]
    for n, _ in inside:
        if n not in [s[0] for s in SCENARIOS]:
            raise SystemExit(f"oom_sweep: no scenario {n}")
    if a.inside is not None and a.only == "" and a.inside:
        names = []      # --inside alone: those sweeps only
    own_tmp = not a.tmp
    if own_tmp:
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        a.tmp = tempfile.mkdtemp(prefix="cunlu-oom-", dir=shm)
    s = Sweep(a)
    try:
        s.setup(names + [n for n, _ in inside])
        per = a.budget / max(len(names) + len(inside), 1)
        for sc in SCENARIOS:
            if sc[0] in names:
                s.sweep(sc, per)
        for n, fn in inside:
            s.sweep(next(sc for sc in SCENARIOS if sc[0] == n), per, fn)
    finally:
        s.close()
        if own_tmp:
            shutil.rmtree(a.tmp, ignore_errors=True)
    print(f"{s.total_pass} passed, {s.total_fail} failed")
    return 0 if s.total_fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
