#!/bin/sh
# tests/bench/hgs.sh -- HGS-CVRP and Cunlu side by side on the X set, the
# same instances, seeds and CPU budget, one thread each, both running at
# the same time (one per core).
#
#   sh tests/bench/hgs.sh FACTOR [--every K] [--offset J] [--max-n N] [--min-n N]
#                         [--only NAME,NAME] [--seeds 1,2,3] [--raw FILE] [--no-docs]
#   sh tests/bench/hgs.sh FACTOR --table RAWFILE [--no-docs]
#
# Each instance gets FACTOR x customers seconds of CPU time (the usual
# budget is 0.05 s per customer): HGS-CVRP's -t counts the process's CPU
# time (clock()), Cunlu gets --search-time with --cpu-time, so a loaded
# machine slows both without changing the work either does. For every
# instance and seed, HGS and Cunlu start together and the next pair starts
# when both are done. The instances are those of $BENCH_DIR/cvrp/X with a
# BKS, in size order; --every K keeps every K-th from the J-th (--offset,
# default 0), --max-n/--min-n bound the customers, --only names them.
#
# Prints one Markdown table (instance, n, BKS, HGS cost and gap, Cunlu cost
# and gap, Cunlu - HGS in pp; costs and gaps are means over the seeds; the
# CPU seconds each used, mean), then the average gaps by size class (n <=
# 250, 251..500, > 500, all) with how many instances each is ahead on. A
# run that fails (no cost) is listed and its instance-seed pair left out of
# both sides. The section (with the command, date, commits, machine and
# its load average before and after) is appended to docs/benchmarks.md
# unless --no-docs; --raw FILE appends one line per run pair ("instance n
# seed bks hgs_cost cunlu_cost hgs_cpu cunlu_cpu") for later analysis;
# --table RAWFILE runs nothing and makes the section from such a file
# (an interrupted run, or several runs' files put together).
#
# HGS names the HGS-CVRP binary (default /work/peers/hgs/build/hgs, built
# from github.com/vidalt/HGS-CVRP with cmake; never part of this tree),
# CUNLU ours (default build/cunlu); CUNLU_ARGS adds options to Cunlu's
# command line (default "--threads 1"). BENCH_DIR as in run.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CUNLU=${CUNLU:-build/cunlu}
HGS=${HGS:-/work/peers/hgs/build/hgs}
CUNLU_ARGS=${CUNLU_ARGS:---threads 1}
BENCH_DIR=${BENCH_DIR:-$top/../shared/benchmarks}

usage() { sed -n '6,8p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
factor=$1; shift
cmdline="sh tests/bench/hgs.sh $factor $*"
every=1; offset=0; maxn=0; minn=0; only=""; seeds=1; docs=1; raw=""; table=""
while [ $# -gt 0 ]; do
	case $1 in
	--every) every=$2; shift 2 ;;
	--offset) offset=$2; shift 2 ;;
	--max-n) maxn=$2; shift 2 ;;
	--min-n) minn=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--seeds) seeds=$2; shift 2 ;;
	--raw) raw=$2; shift 2 ;;
	--table) table=$2; shift 2 ;;
	--no-docs) docs=0; shift ;;
	*) echo "hgs.sh: unknown option $1" >&2; usage ;;
	esac
done
case $factor in ''|*[!0-9.]*) echo "hgs.sh: FACTOR $factor is not a number" >&2; exit 2 ;; esac
for v in "$every" "$offset" "$maxn" "$minn"; do
	case $v in ''|*[!0-9]*) echo "hgs.sh: $v is not a whole number" >&2; exit 2 ;; esac
done
[ "$every" -ge 1 ] || { echo "hgs.sh: --every must be at least 1" >&2; exit 2; }
case $seeds in ''|*[!0-9,]*|,*|*,|*,,*) echo "hgs.sh: --seeds $seeds: expected numbers separated by commas" >&2; exit 2 ;; esac
if [ -n "$table" ]; then
	[ -r "$table" ] || { echo "hgs.sh: cannot read $table" >&2; exit 2; }
else
[ -x "$HGS" ] || { echo "hgs.sh: no HGS-CVRP binary $HGS (build github.com/vidalt/HGS-CVRP with cmake, make bin; set HGS)" >&2; exit 2; }
[ -x "$CUNLU" ] || { echo "hgs.sh: no $CUNLU (run make)" >&2; exit 2; }
dir=$BENCH_DIR/cvrp/X
[ -r "$dir/bks.csv" ] || { echo "hgs.sh: no $dir/bks.csv (set BENCH_DIR)" >&2; exit 2; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "$table" ]; then
	# the instances of the file in size order, every pair counted
	sort -k2,2n -k1,1 -k3,3n "$table" | awk 'NF == 8' >"$tmp/runs"
	awk '!seen[$1]++ { print $2, $1 }' "$tmp/runs" >"$tmp/list"
	: >"$tmp/failed"
	npairs=$(wc -l <"$tmp/runs")
	load0=-; load1=-; start="from $table"
	seeds=$(awk '{ print $3 }' "$tmp/runs" | sort -un | tr '\n' ',' | sed 's/,$//')
else
# the instances with a BKS in size order ("n file bks"), then the subset
for f in "$dir"/*.vrp; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .vrp)
	b=$(awk -F, -v i="$name" '$1 == i { print $2; exit }' "$dir/bks.csv")
	[ -n "$b" ] || continue
	n=$(awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$f")
	echo "$n $f $b"
done | sort -n -k1,1 -k2,2V >"$tmp/all"
awk -v every="$every" -v offset="$offset" -v maxn="$maxn" -v minn="$minn" -v only=",$only," '
	{ name = $2; sub(/.*\//, "", name); sub(/\.[^.]*$/, "", name) }
	only != ",," && index(only, "," name ",") == 0 { next }
	maxn > 0 && $1 > maxn { next }
	$1 < minn { next }
	{ k++ }
	k - 1 < offset || (k - 1 - offset) % every != 0 { next }
	{ print }' "$tmp/all" >"$tmp/list"
[ -s "$tmp/list" ] || { echo "hgs.sh: no instance matches" >&2; exit 2; }

# cputime FILE: user + system seconds from /usr/bin/time -f '%U %S', or "-"
timed() {   # OUTFILE COMMAND...: run under /usr/bin/time when there is one
	o=$1; shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$o" "$@"
	else
		: >"$o"; "$@"
	fi
}
cputime() { awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%.2f", $1 + $2; f = 1 } END { if (!f) print "-" }' "$1"; }

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
start=$(date -u '+%Y-%m-%d %H:%M UTC')
: >"$tmp/runs"   # name n seed bks hgs_cost cunlu_cost hgs_cpu cunlu_cpu
: >"$tmp/failed"
npairs=0
while read -r n f b; do
	name=$(basename "$f" .vrp)
	limit=$(awk -v n="$n" -v k="$factor" 'BEGIN { t = n * k; if (t < 0.1) t = 0.1; printf "%.2f", t }')
	for s in $(echo "$seeds" | tr ',' ' '); do
		npairs=$((npairs + 1))
		rm -f "$tmp/h.sol" "$tmp/h.sol.PG.csv"
		timed "$tmp/h.time" "$HGS" "$f" "$tmp/h.sol" -t "$limit" -seed "$s" -log 0 >"$tmp/h.out" 2>&1 &
		hp=$!
		# shellcheck disable=SC2086
		timed "$tmp/c.time" "$CUNLU" solve "$f" --search-time "$limit" --cpu-time --seed "$s" $CUNLU_ARGS >"$tmp/c.out" 2>"$tmp/c.err" &
		cp=$!
		wait $hp; hrc=$?
		wait $cp; crc=$?
		hc=$(sed -n 's/^Cost \([0-9.]*\)[ \t\r]*$/\1/p' "$tmp/h.sol" 2>/dev/null | tail -n 1)
		cc=$(sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p' "$tmp/c.out")
		if [ $hrc -ne 0 ] || [ -z "$hc" ]; then
			echo "$name seed $s: HGS-CVRP exit $hrc, no cost: $(tail -n 1 "$tmp/h.out")" | tee -a "$tmp/failed" >&2
		elif [ $crc -ne 0 ] || [ -z "$cc" ]; then
			echo "$name seed $s: Cunlu exit $crc, no cost: $(tail -n 1 "$tmp/c.err")" | tee -a "$tmp/failed" >&2
		else
			line="$name $n $s $b $hc $cc $(cputime "$tmp/h.time") $(cputime "$tmp/c.time")"
			echo "$line" >>"$tmp/runs"
			[ -n "$raw" ] && echo "$line" >>"$raw"
			echo "  $line" >&2
		fi
	done
done <"$tmp/list"
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain -- solver include 2>/dev/null)" ] && commit="$commit plus uncommitted changes in solver/ or include/"
[ -n "$BENCH_VERSION" ] && commit=$BENCH_VERSION
hgsrev=$(cat "$(dirname "$HGS")/../REVISION" 2>/dev/null || echo "see its source tree")
cpu=$(sed -n 's/^model name[ \t]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
{
	echo
	echo "## HGS-CVRP and Cunlu side by side, X, $factor s CPU per customer, $(wc -l <"$tmp/list") instances, seeds $seeds ($start)"
	echo
	if [ -n "$table" ]; then
		echo "- command: \`$cmdline\` (the runs of $table: binaries, commits and load as recorded when they ran)"
	else
		echo "- command: \`$cmdline\`${CUNLU_ARGS:+ (Cunlu: \`--cpu-time $CUNLU_ARGS\`)}"
		echo "- Cunlu: git commit $commit, binary $CUNLU; HGS-CVRP: $HGS ($hgsrev), \`-t\` = the same CPU seconds"
		echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}; load average ${load0:-?} at the start, ${load1:-?} at the end"
	fi
	echo
	awk '
	{ k = $1; n[k] = $2; b[k] = $4; hc[k] += $5; cc[k] += $6; c[k]++
	  hg = 100 * ($5 - $4) / $4; cg = 100 * ($6 - $4) / $4
	  hgs[k] += hg; cgs[k] += cg
	  if ($7 != "-") { ht[k] += $7; htn[k]++ }
	  if ($8 != "-") { ct[k] += $8; ctn[k]++ }
	  if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
	END {
		if (m == 0) { print "no instance-seed pair where both gave a plan"; exit }
		print "| instance | n | BKS | HGS cost | HGS gap % | Cunlu cost | Cunlu gap % | Cunlu - HGS | seeds | CPU s HGS / Cunlu |"
		print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		for (i = 1; i <= m; i++) {
			k = order[i]
			hgap = hgs[k] / c[k]; cgap = cgs[k] / c[k]; d = cgap - hgap
			printf "| %s | %d | %d | %.1f | %.2f | %.1f | %.2f | %+.2f | %d | %s / %s |\n",
			       k, n[k], b[k], hc[k] / c[k], hgap, cc[k] / c[k], cgap, d, c[k],
			       htn[k] ? sprintf("%.1f", ht[k] / htn[k]) : "-",
			       ctn[k] ? sprintf("%.1f", ct[k] / ctn[k]) : "-"
			cls = n[k] <= 250 ? 1 : (n[k] <= 500 ? 2 : 3)
			for (j = 0; j < 2; j++) {
				q = j ? 4 : cls
				sh[q] += hgap; sc[q] += cgap; sn[q]++
				if (d < -0.005) cw[q]++; else if (d > 0.005) hw[q]++
			}
		}
		print ""
		print "| size class | instances | HGS-CVRP gap % | Cunlu gap % | Cunlu - HGS | ahead: HGS / Cunlu |"
		print "|---|---:|---:|---:|---:|---:|"
		split("n <= 250,251 <= n <= 500,n > 500,all", names, ",")
		for (q = 1; q <= 4; q++)
			if (sn[q])
				printf "| %s | %d | %.3f | %.3f | %+.3f | %d / %d |\n", names[q], sn[q],
				       sh[q] / sn[q], sc[q] / sn[q], (sc[q] - sh[q]) / sn[q], hw[q] + 0, cw[q] + 0
	}' "$tmp/runs"
	nf=$(wc -l <"$tmp/failed")
	if [ "$nf" -gt 0 ]; then
		echo
		echo "$nf of $npairs runs failed and are left out (with their pair):"
		sed 's/^/- /' "$tmp/failed"
	fi
} >"$tmp/section"
cat "$tmp/section"
if [ "$docs" -eq 1 ]; then
	[ -f docs/benchmarks.md ] || echo "# Benchmarks" >docs/benchmarks.md
	cat "$tmp/section" >>docs/benchmarks.md
	echo "appended to docs/benchmarks.md" >&2
fi
[ -s "$tmp/runs" ]
