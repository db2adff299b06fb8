#!/usr/bin/env python3
"""tests/bench/check_sols.py -- check the .sol files cunlu wrote for the rural
fleet benchmark sets with the checkers that came with the data
(../shared/benchmarks/_tools), which were written apart from cunlu.

    python3 tests/bench/check_sols.py SOLDIR [BENCH_DIR]

SOLDIR holds NAME.sol files (tests/bench/run.sh SET FACTOR --sol-dir SOLDIR);
each is matched with its instance by name in BENCH_DIR (default
../shared/benchmarks beside the work tree):

  vrpspd  (Dethloff, Montane & Galvao, .vrpspd): the plan becomes an LKH-3
          tour for _tools/verify_vrpspd_lkh.py (every customer once, the
          load on board within CAPACITY at every point, with pickups; the
          cost in the file's integer units, divided by 10^4 for Dethloff's
          matrix and by SCALE otherwise);
  hfvrp   Pessoa et al. (.vrp): 'Route #k' = vehicle k for
          _tools/verify_pyvrp_hfvrp.py (capacity of that vehicle, every
          customer once, cost = sum(fixed + unit x exact length) / 100);
          Golden et al. / Taillard (Lacomme & Prins .txt): there is no
          solution checker in _tools, so the file is parsed with
          _tools/hfvrp_golden_check.py's reader and evaluated here (vehicle
          number -> type by the types' counts in file order, capacity, the
          number of each type, range, exact Euclidean lengths);
  mtvrptw (Yang, .vrp): each vehicle's trips in order, '0' between them, for
          _tools/verify_pyvrp_mtvrptwr.py (capacity per trip, time windows,
          release dates, every customer once, cost x 10).

For every plan: each vehicle number used once per trip number, trips numbered
1, 2, ... per vehicle, no more vehicles than the file has, and the cost on
the plan's 'Cost' line equal to the checker's (to the printed decimals; 0.01
for the real-valued heterogeneous costs, whose matrix cunlu keeps in 1/1000
units). One line per plan; exit 1 if any plan fails.
"""
import contextlib
import glob
import io
import math
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
bench = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', '..', '..', 'shared', 'benchmarks')
sys.path.insert(0, os.path.join(bench, '_tools'))
import verify_vrpspd_lkh  # noqa: E402
import verify_pyvrp_hfvrp  # noqa: E402
import verify_pyvrp_mtvrptwr  # noqa: E402
import hfvrp_golden_check  # noqa: E402

LINE = re.compile(r'^Route #(\d+)(?: \(vehicle (\d+)(?:, trip (\d+))?\))?:(.*)$')


def read_ours(path):
    """[(vehicle or None, trip or None, [customers])], cost string."""
    routes, cost = [], None
    for raw in open(path):
        raw = raw.rstrip('\n')
        m = LINE.match(raw)
        if m:
            v = int(m.group(2)) if m.group(2) else None
            t = int(m.group(3)) if m.group(3) else None
            routes.append((v, t, [int(x) for x in m.group(4).split()]))
            continue
        m = re.match(r'^Cost (\S+)$', raw)
        if m:
            cost = m.group(1)
            continue
        raise ValueError(f'{path}: unexpected line {raw!r}')
    if cost is None:
        raise ValueError(f'{path}: no Cost line')
    return routes, cost


def by_vehicle(routes, path):
    """{vehicle: [trip customers in trip order]}; checks the numbering."""
    veh = {}
    for v, t, r in routes:
        if v is None:
            raise ValueError(f'{path}: a route without its vehicle')
        veh.setdefault(v, []).append((t or 1, r))
    out = {}
    for v, trips in veh.items():
        nums = sorted(t for t, _ in trips)
        if nums != list(range(1, len(trips) + 1)):
            raise ValueError(f'{path}: vehicle {v}: trips numbered {nums}')
        out[v] = [r for _, r in sorted(trips)]
    return out


def run_tool(fn, *args):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        ret = fn(*args)
    return ret, buf.getvalue().strip()


def find(name):
    for pat in ('vrpspd/*/instances/%s.vrpspd', 'hfvrp/pessoa_x/%s.vrp',
                'hfvrp/golden/lacomme_prins/*/%s.txt', 'mtvrptw/yang/%s.vrp'):
        hits = glob.glob(os.path.join(bench, pat % name))
        if hits:
            return hits[0]
    return None


def check_vrpspd(inst, sol, tmp):
    routes, cost = read_ours(sol)
    hdr, _ = verify_vrpspd_lkh.parse(inst)
    with open(tmp, 'w') as f:
        f.write('TOUR_SECTION\n1\n')
        for _, _, r in routes:
            for c in r:
                f.write(f'{c + 1}\n')
            f.write('1\n')
        f.write('-1\nEOF\n')
    icost, out = run_tool(verify_vrpspd_lkh.main, inst, tmp)
    div = float(hdr.get('SCALE', 10000 if hdr['EDGE_WEIGHT_TYPE'] == 'EXPLICIT' else 1))
    ok = 'all_customers_once=True' in out and 'feasible(A=pickup)=(True' in out
    return ok and f'{icost / div:.2f}' == cost, f'ours {cost}, checker {icost / div:.2f}', out


def check_pessoa(inst, sol, tmp):
    routes, cost = read_ours(sol)
    veh = by_vehicle(routes, sol)
    if any(len(t) > 1 for t in veh.values()):
        return False, 'a vehicle with two trips in a single-trip set', ''
    with open(tmp, 'w') as f:
        for v in sorted(veh):
            f.write(f'Route #{v}: ' + ' '.join(map(str, veh[v][0])) + '\n')
        f.write(f'Cost: {cost}\n')
    (_, exact, used), out = run_tool(verify_pyvrp_hfvrp.main, inst, tmp)
    h, _ = verify_pyvrp_hfvrp.read_vrplib(inst)
    ok = ('all_once=True' in out and 'capacity_ok=True' in out and
          max(veh) <= int(h['VEHICLES']) and used == len(veh))
    return ok and abs(exact - float(cost)) <= 0.01 + 1e-9, f'ours {cost}, checker {exact:.4f}', out


def check_golden(inst, sol, tmp):
    routes, cost = read_ours(sol)
    veh = by_vehicle(routes, sol)
    L = hfvrp_golden_check.lacomme(inst)
    first, types = 1, []
    for number, cap, fixed, var in L['types']:
        types.append((first, first + int(number), cap, fixed, var))
        first += int(number)
    pts = [L['depot']] + [(c[0], c[1]) for c in L['cust']]
    dem = [0] + [c[2] for c in L['cust']]
    e = lambda a, b: math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1])
    total, seen, msg = 0.0, [], []
    for v, trips in veh.items():
        if len(trips) > 1:
            msg.append(f'vehicle {v} makes {len(trips)} trips')
        ty = [t for t in types if t[0] <= v < t[1]]
        if not ty:
            msg.append(f'vehicle {v}: no such vehicle')
            continue
        _, _, cap, fixed, var = ty[0]
        for r in trips:
            p = [0] + r + [0]
            length = sum(e(p[i], p[i + 1]) for i in range(len(p) - 1))
            if sum(dem[c] for c in r) > cap:
                msg.append(f'vehicle {v}: load {sum(dem[c] for c in r):g} > {cap:g}')
            if L['range'] < 999999 and length + L['service'] * len(r) > L['range'] + 1e-6:
                msg.append(f'vehicle {v}: route {length:.2f} over the range')
            total += fixed + var * length
            seen += r
    if sorted(seen) != list(range(1, L['N'] + 1)):
        msg.append('not every customer exactly once')
    out = f'{os.path.basename(inst)}: recomputed={total:.4f} vehicles={len(veh)} ' + ('; '.join(msg) or 'feasible')
    return not msg and abs(total - float(cost)) <= 0.01 + 1e-9, f'ours {cost}, checker {total:.4f}', out


def check_mtvrptw(inst, sol, tmp):
    routes, cost = read_ours(sol)
    veh = by_vehicle(routes, sol)
    with open(tmp, 'w') as f:
        for v in sorted(veh):
            f.write(f'Route #{v}: ' + ' 0 '.join(' '.join(map(str, r)) for r in veh[v]) + '\n')
        f.write(f'Cost: {round(float(cost) * 10)}\n')
    (_, x10), out = run_tool(verify_pyvrp_mtvrptwr.main, inst, tmp)
    h, _ = verify_pyvrp_mtvrptwr.read_vrplib(inst)
    ok = ('all_once=True' in out and 'capacity_ok=True' in out and 'time_ok=True' in out and
          max(veh) <= int(h['VEHICLES']))
    return ok and f'{x10 / 10:.1f}' == cost, f'ours {cost}, checker {x10 / 10:.1f}', out


def main():
    soldir = sys.argv[1]
    tmp = os.path.join(soldir, '.check.tmp')
    bad = n = 0
    for sol in sorted(glob.glob(os.path.join(soldir, '*.sol'))):
        name = os.path.basename(sol)[:-4]
        inst = find(name)
        n += 1
        if inst is None:
            print(f'{name}: FAIL no instance of that name in {bench}')
            bad += 1
            continue
        if inst.endswith('.vrpspd'):
            fn = check_vrpspd
        elif inst.endswith('.txt'):
            fn = check_golden
        elif '/mtvrptw/' in inst:
            fn = check_mtvrptw
        else:
            fn = check_pessoa
        try:
            ok, what, out = fn(inst, sol, tmp)
        except (ValueError, KeyError, IndexError) as ex:
            ok, what, out = False, str(ex), ''
        print(f'{name}: {"ok" if ok else "FAIL"} ({what}) | {out}')
        bad += not ok
    if os.path.exists(tmp):
        os.remove(tmp)
    print(f'{n - bad} of {n} plans pass the checkers')
    sys.exit(1 if bad or n == 0 else 0)


if __name__ == '__main__':
    main()
