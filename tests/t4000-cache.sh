#!/usr/bin/env bash
# t4000: the SQLite cache.  A report from the cache is byte for byte the
# report read from git (--no-cache), on the first (cold) and later (warm)
# runs; the index grows incrementally, is rebuilt after a rewritten
# history or a schema change, leaves histories with merges to git, and
# stays consistent (tests/tools/cache-check.py) when two runs write at
# once or a run is killed midway.
. "$(dirname "$0")/lib.sh"

check_cache() { python3 "$SRC/tests/tools/cache-check.py" "$@"; }
cache=$XDG_CACHE_HOME/mldigest/cache.sqlite

if ! command -v python3 >/dev/null; then
	test_skip 'cache tests' 'python3 is not installed'
	test_done
fi

test_expect_success 'build the sample inboxes' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox &&
	"$SRC/sample/make-inbox" --epoch-size 15 "$SRC/sample/mail" split &&
	mldigest report --no-cache inbox HEAD >nocache &&
	test_cmp "$SRC/tests/t0001/sample.expect" nocache &&
	test ! -e "$cache"
'
test_expect_success 'the first report creates the cache and matches --no-cache' '
	mldigest report inbox HEAD >cold &&
	test -f "$cache" &&
	test_cmp nocache cold &&
	check_cache "$cache" >summary &&
	test "$(cat summary)" = "entries 45 messages 44"
'
test_expect_success 'a warm report matches too, and indexes nothing more' '
	mldigest report inbox HEAD >warm &&
	test_cmp nocache warm &&
	mldigest index inbox >out &&
	test "$(cat out)" = "indexed inbox: 45 commits, 0 new"
'
test_expect_success 'the same range through the cache and through git' '
	for spec in HEAD~30..HEAD~10 HEAD~44..HEAD HEAD~1 HEAD~5..HEAD~5; do
		mldigest report --no-cache inbox $spec >a &&
		mldigest report inbox $spec >b &&
		test_cmp a b || return 1
	done
'
test_expect_success '--cache FILE puts the cache there' '
	mldigest report --cache elsewhere/c.db inbox HEAD >c &&
	test_cmp nocache c &&
	check_cache elsewhere/c.db
'
test_expect_success 'three epochs: cold, warm and ranges across epochs' '
	mldigest report --no-cache split HEAD >a &&
	mldigest report split HEAD >b && test_cmp a b &&
	mldigest report split HEAD >b && test_cmp a b &&
	a3=$(git -C split/git/0.git rev-list --reverse HEAD | sed -n 10p) &&
	b3=$(git -C split/git/2.git rev-list --reverse HEAD | sed -n 10p) &&
	mldigest report --no-cache split $a3..$b3 >a &&
	mldigest report split $a3..$b3 >b && test_cmp a b &&
	mldigest index split >out &&
	test "$(cat out)" = "indexed split: 45 commits, 0 new"
'
test_expect_success 'the index grows incrementally' '
	mkdir part && cp "$SRC"/sample/mail/0[01]*.eml part/ &&
	"$SRC/sample/make-inbox" part grow &&
	mldigest index grow >out &&
	test "$(cat out)" = "indexed grow: 19 commits, 19 new" &&
	rm -rf grow && "$SRC/sample/make-inbox" "$SRC/sample/mail" grow &&
	mldigest index grow >out &&
	test "$(cat out)" = "indexed grow: 45 commits, 26 new" &&
	mldigest report --no-cache grow HEAD >a && mldigest report grow HEAD >b &&
	test_cmp a b && check_cache "$cache"
'
test_expect_success 'a rewritten history is indexed again' '
	mkdir fewer && cp "$SRC"/sample/mail/*.eml fewer/ &&
	rm fewer/003-*.eml &&
	rm -rf grow && "$SRC/sample/make-inbox" fewer grow &&
	mldigest index grow >out &&
	test "$(cat out)" = "indexed grow: 43 commits, 43 new, 1 epochs rewritten and read again" &&
	mldigest report --no-cache grow HEAD >a && mldigest report grow HEAD >b &&
	test_cmp a b && check_cache "$cache"
'
test_expect_success 'a commit off the indexed line is read from git' '
	git clone -q --bare inbox/git/0.git side.git &&
	base=$(git -C side.git rev-parse HEAD~5) &&
	printf "From: S <s@example.org>\nSubject: [PATCH] side\nMessage-ID: <side@example.org>\n\nside\n" >msg &&
	blob=$(git -C side.git hash-object -w --stdin <msg) &&
	tree=$(printf "100644 blob %s\tm\n" "$blob" | git -C side.git mktree) &&
	side=$(GIT_AUTHOR_NAME=S GIT_AUTHOR_EMAIL=s@example.org GIT_COMMITTER_NAME=l GIT_COMMITTER_EMAIL=l@example.org GIT_AUTHOR_DATE="1790000000 +0000" GIT_COMMITTER_DATE="1790000000 +0000" git -C side.git commit-tree "$tree" -p "$base" -m side) &&
	mldigest report --no-cache side.git HEAD~8..$side >a &&
	mldigest report side.git HEAD~8..$side >b &&
	test_cmp a b && grep -q "side (S <s@example.org>" b
'
test_expect_success 'a history with merges is left to git, and reports agree' '
	git init -q --bare merged.git &&
	mk() { printf "From: M <m@example.org>\nSubject: [PATCH] %s\nMessage-ID: <%s@example.org>\n\n%s\n" $1 $1 $1 >msg &&
		blob=$(git -C merged.git hash-object -w --stdin <msg) &&
		tree=$(printf "100644 blob %s\tm\n" "$blob" | git -C merged.git mktree) &&
		GIT_AUTHOR_NAME=M GIT_AUTHOR_EMAIL=m@example.org GIT_COMMITTER_NAME=l GIT_COMMITTER_EMAIL=l@example.org GIT_AUTHOR_DATE="$2 +0000" GIT_COMMITTER_DATE="$2 +0000" git -C merged.git commit-tree "$tree" $3 -m $1; } &&
	r=$(mk root 1700000001 "") &&
	x=$(mk left 1700000002 "-p $r") &&
	y=$(mk right 1700000003 "-p $r") &&
	z=$(mk merge 1700000004 "-p $x -p $y") &&
	git -C merged.git update-ref refs/heads/master $z &&
	mldigest index merged.git >out &&
	test "$(cat out)" = "indexed merged: 0 commits, 0 new, 1 epochs with merges left to git" &&
	mldigest report --no-cache merged.git HEAD >a &&
	mldigest report merged.git HEAD >b &&
	test_cmp a b && test $(grep -c "^New:" b) = 4
'
test_expect_success 'a cache of another schema version is rebuilt' '
	for v in 1 999999999; do
		python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute(\"PRAGMA user_version = $v\"); d.commit()" "$cache" &&
		mldigest report inbox HEAD >b && test_cmp nocache b &&
		check_cache "$cache" >summary &&
		test "$(cat summary)" = "entries 45 messages 44" || return 1
	done
'
test_expect_success 'deleting the cache is always safe' '
	rm -f "$cache" "$cache-wal" "$cache-shm" &&
	mldigest report inbox HEAD >b && test_cmp nocache b
'
test_expect_failure_code 'a file that is not a database: exit 6' 6 '
	printf "not a database, just text\n%.0s" $(seq 200) >junk.db &&
	mldigest report --cache junk.db inbox HEAD >out 2>err
	rc=$?; test_one_error_line err && grep -q "^mldigest: cache .*junk.db" err &&
	test ! -s out; exit $rc
'
test_expect_failure_code 'a cache that cannot be created: exit 6' 6 '
	: >plainfile &&
	mldigest report --cache plainfile/sub/c.db inbox HEAD >out 2>err
	rc=$?; test_one_error_line err && test ! -s out; exit $rc
'
test_expect_failure_code '--cache with --no-cache: exit 2' 2 '
	mldigest report --cache x.db --no-cache inbox HEAD
'
test_expect_success 'six reports at once on a new cache file, five times' '
	for round in 1 2 3 4 5; do
		rm -f six.db six.db-wal six.db-shm &&
		for k in 1 2 3 4 5 6; do
			mldigest report --cache six.db inbox HEAD >six.$k 2>six.err.$k &
		done &&
		wait &&
		for k in 1 2 3 4 5 6; do
			test_cmp nocache six.$k && test ! -s six.err.$k || return 1
		done
	done &&
	check_cache six.db
'
test_expect_success 'no progress line when stderr is not a terminal' '
	mldigest report inbox HEAD >b 2>err && test ! -s err
'

# The real archives: concurrent writers and a killed run.
kvmppc=$SHARED/data/kvm-ppc.vger.kernel.org.0.bundle
kvmarm=$SHARED/data/kvmarm.lists.cs.columbia.edu.0.bundle
if [ -f "$kvmppc" ] && [ -f "$kvmarm" ]; then
	test_expect_success 'clone the real archives' '
		git clone -q --mirror "$kvmppc" kvm-ppc.git &&
		git clone -q --mirror "$kvmarm" kvmarm.git &&
		mldigest report --no-cache kvm-ppc.git HEAD >ppc.nocache &&
		mldigest report --no-cache kvmarm.git HEAD >arm.nocache
	'
	test_expect_success 'two index runs at once on an empty cache' '
		mldigest index --cache two.db -j 1 kvm-ppc.git >o1 2>e1 & p1=$!
		mldigest index --cache two.db -j 1 kvm-ppc.git >o2 2>e2 & p2=$!
		wait $p1 && wait $p2 &&
		test ! -s e1 && test ! -s e2 &&
		check_cache two.db >summary &&
		n=$(git -C kvm-ppc.git rev-list --count HEAD) &&
		test "$(cut -d" " -f2 summary)" = $n &&
		test $(( $(sed "s/.*, \([0-9]*\) new/\1/" o1) + $(sed "s/.*, \([0-9]*\) new/\1/" o2) )) = $n &&
		mldigest report --cache two.db kvm-ppc.git HEAD >b && test_cmp ppc.nocache b
	'
	test_expect_success 'two reports at once on an empty cache' '
		mldigest report --cache three.db kvm-ppc.git HEAD >r1 & p1=$!
		mldigest report --cache three.db kvm-ppc.git HEAD >r2 & p2=$!
		wait $p1 && wait $p2 &&
		test_cmp ppc.nocache r1 && test_cmp ppc.nocache r2 &&
		check_cache three.db
	'
	test_expect_success 'an index run killed midway leaves a consistent cache' '
		$MLDIGEST index --cache killed.db -j 1 kvmarm.git >/dev/null & pid=$!
		check_cache killed.db --wait 1 >/dev/null &&
		kill -9 $pid; wait $pid; check_cache killed.db >summary &&
		n=$(git -C kvmarm.git rev-list --count HEAD) &&
		got=$(cut -d" " -f2 summary) &&
		echo "killed after $got of $n" &&
		test $got -lt $n &&
		mldigest index --cache killed.db kvmarm.git >out &&
		test "$(cat out)" = "indexed kvmarm: $n commits, $((n - got)) new" &&
		check_cache killed.db &&
		mldigest report --cache killed.db kvmarm.git HEAD >b &&
		test_cmp arm.nocache b
	'
	test_expect_success 'a report killed midway leaves a consistent cache' '
		$MLDIGEST report --cache killed2.db -j 1 kvmarm.git HEAD >/dev/null & pid=$!
		check_cache killed2.db --wait 1 >/dev/null &&
		kill -9 $pid; wait $pid; check_cache killed2.db >summary &&
		test $(cut -d" " -f2 summary) -lt $(git -C kvmarm.git rev-list --count HEAD) &&
		mldigest report --cache killed2.db kvmarm.git HEAD >b &&
		test_cmp arm.nocache b
	'
	test_expect_success 'real archives: -j 1 and -j 2, cached and not, agree' '
		last=$(git -C kvmarm.git log -1 --format=%ct) &&
		from=$(git -C kvmarm.git rev-list -1 --before=$((last - 7 * 86400)) HEAD) &&
		for args in "--no-cache -j 1" "--no-cache -j 2" "-j 1" "-j 2"; do
			mldigest report $args kvmarm.git $from..HEAD >w.$((i = ${i:-0} + 1)) || return 1
		done &&
		test_cmp w.1 w.2 && test_cmp w.1 w.3 && test_cmp w.1 w.4
	'
else
	test_skip 'real archives' 'the bundles of ../shared/data are not there'
fi

test_done
