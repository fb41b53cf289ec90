#!/usr/bin/env bash
# t0100: reports on the two real archives in ../shared/data, checked
# against an independent count (tests/tools/check-report.py): for a
# one-week range at the end, a busy week in the middle and the whole
# archive; plus determinism (two runs give identical output).
. "$(dirname "$0")/lib.sh"

week_before() {
	# The commit 7 days before the given one's commit date.
	local repo=$1 end=$2 t
	t=$(git -C "$repo" log -1 --format=%ct "$end")
	git -C "$repo" rev-list -1 --before=$((t - 7 * 86400)) "$end"
}

check_archive() {
	local name=$1 bundle=$SHARED/data/$2 mid=$3
	if [ ! -f "$bundle" ]; then
		test_skip "$name archive" "$bundle not found (../shared absent)"
		return
	fi
	if ! command -v python3 >/dev/null; then
		test_skip "$name archive" "python3 is not installed"
		return
	fi
	test_expect_success "$name: clone the bundle" "
		git clone -q --mirror '$bundle' '$TRASH/$name.git'
	"
	local repo=$TRASH/$name.git
	local last_week mid_end mid_week
	last_week="$(week_before "$repo" HEAD)..HEAD"
	mid_end=$(git -C "$repo" rev-list -1 --before="$mid" HEAD)
	mid_week="$(week_before "$repo" "$mid_end")..$mid_end"

	for spec in "$last_week" "$mid_week" HEAD; do
		test_expect_success "$name $spec: counts match an independent count" "
			mldigest report --top 1000000 '$repo' '$spec' >out &&
			python3 '$SRC/tests/tools/check-report.py' '$repo' '$spec' out
		"
	done
	test_expect_success "$name: a one-week report is not empty" "
		mldigest report '$repo' '$mid_week' >week &&
		grep -q '^New:  ' week
	"
	test_expect_success "$name: two runs, and -j 1 and -j 2, give identical output" "
		mldigest report '$repo' HEAD >run1 &&
		mldigest report '$repo' HEAD >run2 &&
		mldigest report -j 1 '$repo' HEAD >run3 &&
		mldigest report -j 2 '$repo' HEAD >run4 &&
		cmp run1 run2 && cmp run1 run3 && cmp run1 run4
	"
	# Series and revisions on twelve weeks spread over the archive,
	# checked against git by tests/tools/check-series.py: every
	# numbered patch in exactly one series, every revision link to an
	# earlier head at a lower version; the same without the cache.
	local first last k s u
	first=$(git -C "$repo" log --reverse --format=%ct | head -1)
	last=$(git -C "$repo" log -1 --format=%ct)
	test_expect_success "$name: twelve weeks: series complete, revision links earlier" "
		for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
			s=\$(( $first + ($last - $first) * k / 13 )) &&
			u=\$(( s + 7 * 86400 )) &&
			mldigest report --cache weeks.db -f json --since @\$s --until @\$u '$repo' >wk.json &&
			python3 '$SRC/tests/tools/check-series.py' '$repo' \$s \$u wk.json >>series.log || return 1
		done &&
		cat series.log &&
		grep -q '[1-9][0-9]* revision links' series.log
	"
	test_expect_success "$name: a week's revisions are the same without the cache" "
		s=\$(( $first + ($last - $first) * 6 / 13 )) && u=\$(( s + 7 * 86400 )) &&
		mldigest report --cache weeks.db --since @\$s --until @\$u '$repo' >cached &&
		mldigest report --no-cache --since @\$s --until @\$u '$repo' >uncached &&
		test_cmp cached uncached
	"
	test_expect_success "$name: --maintainers and --group-by subsystem on MAINTAINERS-6.1" "
		test -f '$SHARED/data/MAINTAINERS-6.1' || return 0
		mldigest report --maintainers '$SHARED/data/MAINTAINERS-6.1' --group-by subsystem '$repo' '$mid_week' >grouped &&
		grep -q '^--- .* ([0-9]* series) ---\$' grouped
	"
	test_expect_success "$name: no encoded words or raw controls in the output" "
		! grep -n '=?[A-Za-z0-9_-]*?[QqBb]?' run1 &&
		! LC_ALL=C grep -n \$'[\\x01-\\x08\\x0b-\\x1f\\x7f]' run1
	"
}

check_archive kvmarm kvmarm.lists.cs.columbia.edu.0.bundle 2021-03-20
check_archive kvm-ppc kvm-ppc.vger.kernel.org.0.bundle 2020-06-20
test_done
