/*
 * search/tuning.h -- every tuning constant of the search, the --ilp
 * refinement and the driver, in one place: what each does and how it was
 * chosen. The history of the measurements is in docs/benchmarks.md (X,
 * Solomon, Homberger tables, "What limits --ilp") and docs/design.md.
 * "Not measured alone" means the value came with the feature and was only
 * measured as part of it.
 */
#ifndef CUNLU_TUNING_H
#define CUNLU_TUNING_H

/* ---- effort ---------------------------------------------------------- */

/* Default ruin-and-recreate iterations of each search thread (no
 * --iterations; issue 13 item 4): RAMP per village up to BASE, plus
 * PER_SITE per village -- min(5,000 v, 200,000) + 100 v for v villages
 * (search nodes but the depot): 51,000 at 10 villages, 206,100 at 61,
 * 300,000 at 1,000. Iterations, not seconds, so that a default run is
 * reproducible; counted per thread, so the wall time does not depend on
 * the cores. Until 2026-12-02 it was 2,000 + 200 v: 0.74-0.75% above ten
 * times itself on a 61-village county with roads and on Andorra, and 0.1-
 * 1 s of the 30 s limit. It grows less than linearly with the villages:
 * a small county needs many iterations per village to settle (c64 found
 * its best plan on 3 of 5 seeds at 144,000 and 4 of 5 at 432,000), while
 * 1,000 villages (65 us of CPU per iteration with reloading tricycles,
 * tests/bench/effort.sh v1000) get about 20 s of wall time on free cores
 * (the default --threads: one search per core). RAMP keeps a handful of
 * villages, which settle in a few thousand iterations, from waiting for
 * BASE. Measured in docs/benchmarks.md ("Issue 13 item 4: the default
 * effort, the new default": 0.42% above ten times itself on c64, 0.00%
 * on Andorra, 1.42% over two seeds on Andorra with roads). */
#define CL_ITERS_RAMP 5000L
#define CL_ITERS_BASE 200000L
#define CL_ITERS_PER_SITE 100L

/* ---- threads (team.c) ------------------------------------------------ */

/* With --threads, the searches exchange their best plans at each
 * 1/EPOCHS of the effort (the annealing's fraction: iterations, or time
 * when the time limit comes first). 20 was the first value tried after
 * epochs of 2,000 iterations made the searches wait for one another on a
 * loaded machine (docs/benchmarks.md, issue 13); 1, 2 and 5 were worse at
 * equal iterations without X-n308-k13 (eighth session, before STALE). */
#ifndef CL_TEAM_EPOCHS
#define CL_TEAM_EPOCHS 20
#endif
/* At an exchange, a search of the worse half takes the best plan only
 * when its own best did not improve during the epoch (1; 0: always, as
 * until the eighth session of issue 13). Always made the team of two
 * worse than one thread on X-n308-k13 (1.72% against 1.00% at 9,000
 * iterations per village and thread, seeds 1-2): the other search's plan
 * was the better one at the first exchange, and the team followed it into
 * a basin that ended 0.7% above the lead's own (trace in
 * docs/benchmarks.md). At those iterations, 34 pairs on 17 X instances:
 * always 0.373%, stale only 0.345% (17 better, 14 worse; without
 * X-n308-k13 0.289% -> 0.316%); worse than one thread on 5 pairs instead
 * of 10. At the same wall clock (tests/bench/threads.sh 0.05 8 2, six
 * seeds): 20% below one thread (28% on seeds 1-3, 12% on seeds 4-6, where
 * X-n308-k13 went to the worse basin again on two seeds). */
#ifndef CL_TEAM_STALE
#define CL_TEAM_STALE 1
#endif
/* The rule holds but in the team of CL_TEAM_SPLIT_BIG searches (from the
 * population's effort on, below), whose worse half restarts from the best
 * plan at every exchange (0: the rule there too, as until the eighteenth
 * session of issue 13). 50,000 iterations per village, one thread (four
 * searches), 12 X instances n = 189-428 outside the 10x evaluation set,
 * seeds 1-3, 34 runs: the rule 0.334%, every exchange 0.272% (23 better,
 * 11 worse, -0.062 pp, standard error 0.024). On the 10x evaluation set
 * (X-n176, n251, n401, n449 at 0.5 s CPU per customer, seeds 1-3) even:
 * 0.182% -> 0.201% (5 better, 4 worse, +0.019, se 0.035);
 * docs/benchmarks.md. Teams of three to eight searches at smaller budgets
 * (--threads 3-8) were not measured and keep the rule. */
#ifndef CL_TEAM_BIG_ALWAYS
#define CL_TEAM_BIG_ALWAYS 1
#endif
/* Without the population (below its effort, pop.h), a team has at least
 * SPLIT searches: with fewer threads each shares its effort between
 * SPLIT / threads (rounded up) searches (team.h), when that effort is at
 * least SPLIT_PER_VILLAGE iterations per village (SPLIT 1: one search per
 * thread, as until the twelfth session of issue 13). At
 * equal iterations on X (every 8th instance by size, n = 100-978, seeds
 * 1-2, iteration-bounded), one thread: 9,000 per village 0.439% -> 0.388%
 * (24 pairs, better on 14, worse on 9; 0.388% -> 0.320% without
 * X-n308-k13, whose two basins decide its runs); a second thread's search
 * with all 9,000 (--threads 2) gave 0.347%, one search with 18,000 only
 * 0.425% (n <= 449): more searches, not more iterations, was what helped.
 * The evaluation set (every 9th, seeds 1-3, 7,500 per village): 0.365% ->
 * 0.351% (30 pairs, 18 / 12); at the X target's budget by CPU time
 * (0.05 s per customer, seeds 1-6): 0.377% -> 0.379%, even (29 / 29).
 * n <= 449 with the split from 1,000: 2,000 per village 0.687% -> 0.559%
 * (16 pairs, 11 better, 5 worse), 3,500 0.532% -> 0.486% (16 pairs, 9 /
 * 6). Four searches of 2,250 against two of 4,500: 0.406% / 0.333%, no
 * gain: so 2 in all (--threads 2 keeps one search per thread). Below
 * 2,000 not measured, nor with opening hours, where the population starts
 * at 2,000 (PER_VILLAGE_TW): no split there (docs/benchmarks.md). */
#ifndef CL_TEAM_SPLIT
#define CL_TEAM_SPLIT 2
#endif
/* SPLIT searches on each thread (1: with --threads 2 four searches, two
 * on each core) or in all (0: with --threads 2 two, one on each core;
 * --threads 1 is the same either way). Measured at equal
 * iterations (7,500 per village and thread, the evaluation set, seeds
 * 1-3, 30 runs): --threads 1 0.351%, --threads 2 0.282% (20% lower),
 * with 1 0.275% (22% lower; 15 better, 15 worse than 0, mean -0.007 pp,
 * standard error 0.028; better on n <= 250, worse on n >= 655): even,
 * kept at 0 (issue 13, fifteenth session, docs/benchmarks.md). */
#ifndef CL_TEAM_SPLIT_EACH
#define CL_TEAM_SPLIT_EACH 0
#endif
#ifndef CL_TEAM_SPLIT_PER_VILLAGE
#define CL_TEAM_SPLIT_PER_VILLAGE 2000L
#endif
/* From the population's effort on (CL_POP_PER_VILLAGE), without opening
 * hours, the team has SPLIT_BIG searches in all instead of a population
 * per thread (<= 1: the population, as until the thirteenth session of
 * issue 13). Ten times the X budget (0.5 s CPU per customer, one thread,
 * side by side): on the 10x target's four instances (X-n176, X-n251,
 * X-n401, X-n449) seeds 1-2 the population 0.325% against four searches
 * 0.223% (7 better, 1 worse), two searches 0.280% against the
 * population's 0.308% (2 better, 5 worse); over 24 pairs (those, four
 * other instances n = 185-260, seed 3 on all eight) 0.329% -> 0.271%
 * (median 0.312 -> 0.226; 14 better, 10 worse; mean difference -0.058 pp,
 * standard error 0.037; seed 3 alone even, 0.302 -> 0.323). The
 * population's restarts were what helped (helper long, fifth session: few
 * children a new best); four searches exchanging at the barriers restart
 * from the best where one stalls. docs/benchmarks.md, thirteenth session.
 * Not measured: n > 450 at that effort, --threads 2 there (two searches
 * on each thread instead of a population each). Eight instead of four,
 * 50,000 iterations per customer, the four instances, seeds 1-3: 0.213%
 * -> 0.253% (2 better, 7 worse; fifteenth session). */
#ifndef CL_TEAM_SPLIT_BIG
#define CL_TEAM_SPLIT_BIG 4
#endif

/* ---- population (pop.c) --------------------------------------------- */

/* The population layer on (1) or off (0: one annealing run). */
#ifndef CL_POP
#define CL_POP 1
#endif
/* Elites: independent annealing runs from the start plan, sharing
 * ELITE_SHARE of the effort left after fleet minimisation (a tenth each).
 * Was 4 and 0.4 until the fifth session of issue 13: at 0.5 s CPU per
 * customer the -vv trace showed the best plan mostly an elite's, few of
 * the 20 children a new best (4 of about 100 over five runs) and the
 * elites converging (broken-pairs distance 0.35 -> 0.08); 8 and 0.8
 * (about 7 children): X-n186-k15, X-n214-k11, X-n233-k16, seeds 1-2,
 * 0.539% -> 0.389% (better on 4 of 6 pairs; docs/benchmarks.md, helper
 * long). On the four 10x instances of the evaluation (X-n176, X-n251,
 * X-n401, X-n449, seed 1) with the other fifth-session changes: 0.355% ->
 * 0.227% (HGS-CVRP side by side 0.239%; sixth session). */
#ifndef CL_POP_SIZE
#define CL_POP_SIZE 8
#endif
#ifndef CL_POP_ELITE_SHARE
#define CL_POP_ELITE_SHARE 0.8
#endif
/* Each child (crossover, local search) is annealed for CHILD_SHARE of
 * the effort, from CHILD_TEMP times the usual start temperature. */
#ifndef CL_POP_CHILD_SHARE
#define CL_POP_CHILD_SHARE 0.03
#endif
#ifndef CL_POP_CHILD_TEMP
#define CL_POP_CHILD_TEMP 0.1
#endif
/* The layer runs only when the whole effort gives at least PER_VILLAGE
 * iterations per village, as told by the first PROBE of the annealing
 * (exactly, when --iterations decides): below, the one annealing run
 * goes on from the probe unchanged. 4,000 at the X budget (0.05 s CPU
 * per customer) gave the same mean on 30 pairs n <= 250 (0.446% ->
 * 0.443%, 18 better, 8 worse) and worse above 250 (6 pairs, 0.89% ->
 * 1.05%): kept at 20,000 (issue 13, docs/benchmarks.md, helper pop). */
#ifndef CL_POP_PER_VILLAGE
#define CL_POP_PER_VILLAGE 20000L
#endif
/* ... and PER_VILLAGE_TW with opening hours (prob.h: tw), measured with
 * CL_TEMP_START_TW below: on Solomon's long routes one annealing run
 * settles in its first ~50,000 iterations into a basin it never leaves
 * (R207: the eight elites of a 2,000 run at the old start temperature all
 * ended at 814.6-814.8, BKS 794.0; 10 s of CPU give ~450,000 iterations,
 * 4,500 per village, so one run was all the layer gave). Solomon type 2,
 * 17 instances x seeds 1-3, 450,000 iterations: 0.524% -> 0.202% with
 * both, 0.442% with the hot start alone, 0.64-0.72% with the population
 * alone (4 or 8 elites; issue 13, tenth session, docs/benchmarks.md). */
#ifndef CL_POP_PER_VILLAGE_TW
#define CL_POP_PER_VILLAGE_TW 2000L
#endif
#define CL_POP_PROBE 0.01

/* ---- ruin (SISR, Christiaens & Vanden Berghe 2020) -------------------- */

/* Mean villages removed per step (c-bar) and longest string (L-max): the
 * paper's values, kept after the X runs of 2026-11-24; c-bar 15 was worse
 * at 0.05 s CPU per customer (0.47% -> 0.75% over 11 X pairs, issue 13
 * third session). */
#ifndef CL_AVG_REMOVED
#define CL_AVG_REMOVED 10
#endif
#ifndef CL_MAX_STRING
#define CL_MAX_STRING 10
#endif

/* Split string: the kept run grows by one village with this probability
 * (1 - SISR's split depth beta = 0.01), so a split string usually spans
 * the route and removes its l villages around one long kept run. Was 0.5
 * (kept runs of one or two villages) until issue 13: X n <= 260, 0.05 s
 * CPU per customer, seeds 1-2, average gap 0.72% -> 0.50%
 * (docs/benchmarks.md). */
#ifndef CL_SPLIT_GROW
#define CL_SPLIT_GROW 0.99
#endif
/* ... but the kept run stops at SPLIT_MAX villages, so that on a long
 * route (Gehring-Homberger and Solomon type 2: 20-50 villages) the
 * villages removed stay within l + SPLIT_MAX positions of the seed
 * instead of being the route's two ends, far from it (without a cap the
 * kept run took the whole route but l villages). Routes up to about
 * L-max + SPLIT_MAX villages (X, type 1) are hardly touched. GH 200 type 2
 * outside the every-3rd set, 0.1 s CPU per customer, seeds 1-2: 1.49% ->
 * 0.83% (10 pairs, 8 better; issue 13 fifth session, docs/benchmarks.md). */
#ifndef CL_SPLIT_MAX
#define CL_SPLIT_MAX 10
#endif

/* Share of steps that first empty a whole short route so that recreate
 * may do without a vehicle: 1% when vehicles cost nothing by themselves,
 * 5% with fixed costs (700ca65, with the fleet-cost shapefile runs). */
#define CL_ROUTE_RUIN_RATE 0.01
#define CL_ROUTE_RUIN_RATE_FIXED 0.05

/* ---- recreate --------------------------------------------------------- */

/* Probability of skipping a place during insertion (SISR's blinks; the
 * paper's 0.01). */
#ifndef CL_BLINK_RATE
#define CL_BLINK_RATE 0.01
#endif

/* On a pure capacity problem (prob.c capacity_only: CVRP, VRPSPD -- no
 * fixed cost, wages, opening hours or other limit), recreate starts a new
 * route only for a village that no used route can take (1), instead of
 * taking the free vehicle whenever its neighbours' routes are full (0).
 * Without a fixed cost a round trip of its own never costs less than the
 * cheapest place next to the depot in a route with room (triangle
 * inequality), so the granular shortcut only raised the route count: on
 * tight X instances (a few villages per route, villages of more than half
 * a load) the annealing climbed back to 53 routes on X-n247-k50 after fleet
 * minimisation had reached 50 (BKS: 51). Measured with the floor changes
 * below (issue 13, fifth session, docs/benchmarks.md "helper tight"):
 * X, 0.05 s CPU per customer, seeds 1-3, 8 tight instances not in the
 * evaluation set, 1.00% -> 0.44% (24 pairs). */
#ifndef CL_NEW_ROUTE_LAST
#define CL_NEW_ROUTE_LAST 1
#endif

/* When vehicles come first (prob.h fleet_first: one vehicle costs more
 * than all the driving of the first plan -- the hierarchical objective)
 * and the granular pass's best place is a free vehicle, recreate tries
 * every used route as well before opening it (1), instead of only when
 * the granular pass found no place at all (0, until the fourteenth
 * session of issue 13): a village whose neighbours' routes were full
 * took a vehicle although a route farther off had room. Gehring-Homberger
 * 200, hierarchical, 0.1 s CPU per customer, 24 runs: BKS vehicles on 24
 * both, distance 4.27% -> 2.85% (15 better, 4 worse; rc1_2_1 16-22% ->
 * 7-10%); Solomon hierarchical, seeds 1-2: even (24 better, 24 worse;
 * BKS vehicles 99 of 100 both; the mean 0.96% -> 1.17% through C203
 * seed 1, 13.5%; docs/benchmarks.md, fourteenth session). On every
 * problem and in the first plan too it made the 10,000-village county's
 * first plan 5x slower and 2.3x dearer: hence only fleet_first, set
 * after the first plan. */
#ifndef CL_NEW_FALLBACK
#define CL_NEW_FALLBACK 1
#endif

/* Recreate first tries the routes of this many nearest villages (and one
 * free vehicle per type), all routes only when none fits: 6x faster steps
 * on 1,000 villages, better plans at equal time (9cf3fbd). 64 at the X
 * budget (0.05 s CPU per customer): -0.027 pp over 121 pairs outside
 * the evaluation set but +0.028 pp on it (29 pairs); 48 and 15 no better
 * than 30 on small X: kept (fourteenth session of issue 13). */
#ifndef CL_CANDIDATE_NEAR
#define CL_CANDIDATE_NEAR 30
#endif

/* Nearest villages kept per village (prob.c), the longest list any
 * granular neighbourhood reads. */
#define CL_NEAR_MAX 64

/* ---- annealing -------------------------------------------------------- */

/* Temperature from START to END times the average arc cost of the first
 * plan, geometric in the fraction of the effort used (cl_anneal_effort:
 * of the time limit when it is the effort, else of the iterations). On X
 * about SISR's absolute 100 and 1 (X-n200-k36: 125 and 1.25). Issue 13,
 * third session, X n <= 450 at 0.05 s CPU per customer, seeds 1-2: START
 * 0.25 worse (0.58% -> 0.80%, 16 pairs), 1.0 and END 0.02 slightly worse
 * (+0.05 and +0.03 pp, within the noise); kept (docs/benchmarks.md). */
#ifndef CL_TEMP_START
#define CL_TEMP_START 0.5
#endif
#ifndef CL_TEMP_END
#define CL_TEMP_END 0.005
#endif
/* START with opening hours (prob.h: tw), with CL_POP_PER_VILLAGE_TW:
 * a hot start lets each elite forget the start plan (R207 seed 2: 4 of 8
 * elites reach the BKS at 5.0, none at 0.5). Solomon type 2 with the
 * population, 51 runs as above: 2.0 0.257%, 5.0 0.202%, 10.0 0.219%;
 * type 1 and C, 33 instances x seeds 1-2: 0.130% -> 0.108%. */
#ifndef CL_TEMP_START_TW
#define CL_TEMP_START_TW 5.0
#endif

/* The schedule runs in this many cycles over the effort; each cycle after
 * the first restarts from the best plan at the temperature the first
 * reached at fraction REHEAT_FROM (1: one cycle, no reheating). 2 was
 * worse at 0.05 s CPU per customer too (0.38% -> 0.56% over 9 X pairs
 * n <= 230, issue 13 third session). */
#ifndef CL_ANNEAL_CYCLES
#define CL_ANNEAL_CYCLES 1
#endif
#ifndef CL_REHEAT_FROM
#define CL_REHEAT_FROM 0.5
#endif

/* ---- local search on each new best plan (ls.c) ------------------------ */

/* Neighbours of a village among which moves are tried, and the passes
 * over all villages at most (c6cb86c: polishing only the best plan; on
 * the current plan of the annealing it made the search greedier and worse
 * on the X subset). NEIGHBOURS 30 with SWAPSTAR_NEIGHBOURS 10 (below), X
 * at 0.05 s CPU per customer: small instances -0.035 pp (72 pairs), the
 * evaluation set -0.023 (30), but n = 260-936 +0.046 (20; n > 550
 * +0.07); NEIGHBOURS 30 alone, n > 550, -0.041 (se 0.049, 12 pairs):
 * within the noise of those runs, not landed (issue 13, fifteenth
 * session, docs/benchmarks.md). */
#ifndef CL_LS_NEIGHBOURS
#define CL_LS_NEIGHBOURS 20
#endif
#define CL_LS_MAX_PASSES 50

/* Intra-route moves (intra.h): how far (positions) a run may move or a
 * reversal reach, and passes over a route at most. */
#define CL_INTRA_WINDOW 16
#define CL_INTRA_MAX_PASSES 20

/* SWAP* (swapstar.h) between the routes of a village and of each of its
 * neighbours when no simpler move improves (1) or not (0). */
#ifndef CL_LS_TO_CUR
#define CL_LS_TO_CUR 0
#endif
#ifndef CL_LS_SWAPSTAR
#define CL_LS_SWAPSTAR 1
#endif
/* ... with this many nearest neighbours of each village (a SWAP*
 * evaluation costs O(route lengths), a simple move O(1)). */
#ifndef CL_SWAPSTAR_NEIGHBOURS
#define CL_SWAPSTAR_NEIGHBOURS 5
#endif

/* ---- fleet minimisation (fleetmin.c) ---------------------------------- */

/* Share of the effort spent emptying routes before the annealing when one
 * vehicle costs more than all the driving of the first plan (hierarchical
 * VRPTW objective; 695177a: Solomon vehicle counts = BKS on 46 of 50). */
#define CL_FLEETMIN_SHARE 0.3
/* Share spent bringing a pure CVRP plan down to the capacity bound on the
 * route count (492a659: X average 0.88% -> 0.75%). */
#ifndef CL_ROUTE_FLOOR_SHARE
#define CL_ROUTE_FLOOR_SHARE 0.1
#endif
/* That phase empties the lightest route first (1; 0: the one with the
 * fewest villages, as fleet minimisation does for the VRPTW objective),
 * and gives up on a route after TRY steps to try the next lightest (0: the
 * first failure ends the phase). Before (0, 0), on X-n524-k153 (148
 * villages of more than half a load) the shortest route held one such
 * village that fitted nowhere: the phase spent its whole 10% without
 * saving a route (161 routes; BKS 155); on X-n247-k50 it stopped at 53
 * routes after 37 steps and then tried for 68,000. Now 50 there within
 * 5,000 steps. Measured together with CL_NEW_ROUTE_LAST above. */
#ifndef CL_ROUTE_FLOOR_BY_LOAD
#define CL_ROUTE_FLOOR_BY_LOAD 1
#endif
#ifndef CL_ROUTE_FLOOR_TRY
#define CL_ROUTE_FLOOR_TRY 2000L
#endif
/* Fleet minimisation for the VRPTW objective (ninth session; hierarchical
 * Solomon, 50 instances, seeds 1-2, 0.1 s/customer: BKS vehicle count on
 * 96 of 100 runs before, 99 of 100 with both; at 3fc6423 50, 50 and 49 of
 * 50 on seeds 1-3; docs/benchmarks.md, ninth session).
 * TRY: steps to empty one route before trying the next, doubled after
 * each failure; after the last route, the first again (fleetmin.h,
 * cycle; 0: one route until the time is up, as before). Before, a route
 * that could not go held the whole share: R103 seed 1 spent 193,000
 * steps on it; the second smallest went in 2,000. */
#ifndef CL_FLEETMIN_TRY
#define CL_FLEETMIN_TRY 2000L
#endif
/* Ejections (fleetmin.c, after Nagata & Bräysy): after each ruin and
 * recreate step that leaves villages out, the most often left-out one
 * goes on a route from which at most CL_FLEETMIN_EJECT (1 or 2) villages
 * within CL_FLEETMIN_EJECT_SPAN positions of its place come off. ON 0:
 * none (the A/B switch). */
#ifndef CL_FLEETMIN_EJECT_ON
#define CL_FLEETMIN_EJECT_ON 1
#endif
#ifndef CL_FLEETMIN_EJECT
#define CL_FLEETMIN_EJECT 2
#endif
#ifndef CL_FLEETMIN_EJECT_SPAN
#define CL_FLEETMIN_EJECT_SPAN 6
#endif
/* Blink rate of fleet minimisation's recreate. */
#define CL_FLEETMIN_BLINK 0.01

/* ---- --ilp: when and how long (solve.c) ------------------------------- */

/* Mid-run sweeps at these fractions of the search; two thirds of the
 * ILP's time is shared among them, the last third is the end phase
 * (98ae645; docs/benchmarks.md "--ilp"). */
#define CL_ILP_AT { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }
/* Default ILP time as a share of the time limit (taken out of it), and
 * the largest share accepted from --ilp-time-limit. */
#define CL_ILP_SHARE 0.15
#define CL_ILP_MAX_SHARE 0.5
/* Time limit assumed for the ILP's share when the search has none (s). */
#define CL_ILP_NOLIMIT_S 40.0
/* Routes per region of a sweep (14cfb3a). */
#define CL_ILP_REGION 8

/* ---- --ilp: the regions (refine.c) ------------------------------------ */

/* Beyond REGION_MIN_ROUTES routes, a region has at most
 * VILLAGES_PER_ROUTE x size villages: the LP's time grows fast with them
 * (14cfb3a). */
#define CL_REGION_VILLAGES_PER_ROUTE 7.5
#define CL_REGION_MIN_ROUTES 3
/* A region's model gets at least this long (within the sweep's time): a
 * cut-off LP is time lost (14cfb3a). */
#define CL_REGION_MIN_S 0.05
/* ... and at most this many times its share of the sweep. */
#define CL_REGION_MAX_SHARES 4.0

/* The route pool: PER_VILLAGE routes per village, between MIN and MAX in
 * all; each village's PROTECT cheapest routes survive a compaction. */
#define CL_POOL_PER_VILLAGE 40
#define CL_POOL_MIN 5000
#define CL_POOL_MAX 200000
#define CL_POOL_PROTECT 30

/* setpart.c: pseudocost branching only on models of at most this many
 * columns (its start-up ignores GLPK's time limit: on a few thousand
 * columns it overran a 2 s limit by 3 s). */
#define CL_SP_PCOST_MAX_COLS 1500

#endif
