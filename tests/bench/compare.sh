#!/bin/sh
# tests/bench/compare.sh -- side by side of two groups of run.sh tables.
#
#   sh tests/bench/compare.sh "A1.md [A2.md ...]" "B1.md [B2.md ...]" [LABEL_A LABEL_B]
#
# Each file holds a table as run.sh prints it (rows "| instance | n | BKS |
# cost | gap % | ..."; other lines are ignored). Within a group, an
# instance's gap is the mean over the files that have it (several seeds,
# say); only instances present in both groups count. Prints a Markdown
# table: instance, n, gap A, gap B, B - A; then the average gaps, how many
# instances B made better, worse or equal, and the averages by size
# (n <= 200, 201..500, > 500).
[ $# -ge 2 ] || { sed -n '4p' "$0" >&2; exit 2; }
a=$1; b=$2; la=${3:-A}; lb=${4:-B}
for f in $a $b; do
	[ -r "$f" ] || { echo "compare.sh: cannot read $f" >&2; exit 2; }
done

rows() {   # group tag, files: "tag name n gap" per row with a numeric gap
	tag=$1; shift
	awk -F'|' -v tag="$tag" '
		NF >= 7 {
			name = $2; n = $3; gap = $6
			gsub(/[ \t]/, "", name); gsub(/[ \t]/, "", n); gsub(/[ \t]/, "", gap)
			if (n ~ /^[0-9]+$/ && gap ~ /^-?[0-9.]+$/) print tag, name, n, gap
		}' "$@"
}

# shellcheck disable=SC2086
{ rows A $a; rows B $b; } | awk -v la="$la" -v lb="$lb" '
	{ key = $2; n[key] = $3; s[$1, key] += $4; c[$1, key]++ }
	END {
		printf "| instance | n | %s gap %% | %s gap %% | %s - %s |\n", la, lb, lb, la
		print "|---|---:|---:|---:|---:|"
		k = 0
		for (key in n) if (c["A", key] && c["B", key]) list[++k] = key
		# sort by n, then name (insertion sort: at most a few hundred rows)
		for (i = 2; i <= k; i++) {
			x = list[i]
			for (j = i - 1; j >= 1 && (n[list[j]] + 0 > n[x] + 0 ||
			     (n[list[j]] + 0 == n[x] + 0 && list[j] > x)); j--)
				list[j + 1] = list[j]
			list[j + 1] = x
		}
		for (i = 1; i <= k; i++) {
			key = list[i]
			ga = s["A", key] / c["A", key]; gb = s["B", key] / c["B", key]
			d = gb - ga
			printf "| %s | %d | %.2f | %.2f | %+.2f |\n", key, n[key], ga, gb, d
			ta += ga; tb += gb
			if (d < -0.005) better++; else if (d > 0.005) worse++; else same++
			band = n[key] <= 200 ? 1 : (n[key] <= 500 ? 2 : 3)
			ba[band] += ga; bb[band] += gb; bn[band]++
		}
		if (k == 0) { print "no instance in both groups"; exit 1 }
		printf "\n%d instances: average gap %s %.3f%%, %s %.3f%% (%+.3f pp); %s better on %d, worse on %d, equal on %d\n",
		       k, la, ta / k, lb, tb / k, (tb - ta) / k, lb, better + 0, worse + 0, same + 0
		split("n <= 200,201 <= n <= 500,n > 500", names, ",")
		for (band = 1; band <= 3; band++)
			if (bn[band])
				printf "- %s (%d instances): %s %.3f%%, %s %.3f%% (%+.3f pp)\n", names[band],
				       bn[band], la, ba[band] / bn[band], lb, bb[band] / bn[band],
				       (bb[band] - ba[band]) / bn[band]
	}'
