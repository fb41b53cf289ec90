#!/usr/bin/env bash
# t0300: the other input kinds - public-inbox v1, mbox (mboxrd, mboxo,
# gzip, CRLF) and Maildir - give the same report as a v2 inbox of the
# same messages; ranges by date on them; their errors.
. "$(dirname "$0")/lib.sh"

MKBOX="$SRC/tests/tools/make-mailbox.py"
# A report without its first two lines (they name the range by ids:
# commits for git archives, message blob ids for mailboxes).
body() { tail -n +3 "$1"; }

for set in sample t0300; do
	case $set in
	sample) mail=$SRC/sample/mail ;;
	t0300) mail=$SRC/tests/t0300/mail ;;
	esac
	test_expect_success "$set: build v2, v1, mbox and Maildir inputs" '
		mkdir $set &&
		"$SRC/sample/make-inbox" --epoch-size 7 "$mail" $set/v2 &&
		"$SRC/sample/make-inbox" --v1 "$mail" $set/v1.git &&
		"$MKBOX" --mboxrd "$mail" $set/rd.mbox &&
		"$MKBOX" --mboxo "$mail" $set/o.mbox &&
		"$MKBOX" --mboxrd --gzip "$mail" $set/rd.mbox.gz &&
		"$MKBOX" --mboxrd --crlf "$mail" $set/crlf.mbox &&
		"$MKBOX" --maildir "$mail" $set/maildir
	'
	test_expect_success "$set: v2 report of the whole archive" '
		mldigest report --no-cache $set/v2 HEAD >$set/v2.txt &&
		test $(wc -l <$set/v2.txt) -gt 10
	'
	test_expect_success "$set: v1 gives the same report (cached and not)" '
		mldigest report --no-cache $set/v1.git HEAD >$set/v1.txt &&
		test_cmp <(body $set/v2.txt) <(body $set/v1.txt) &&
		mldigest report --cache c.db $set/v1.git HEAD >$set/v1c.txt &&
		test_cmp $set/v1.txt $set/v1c.txt
	'
	# mboxo cannot tell an escaped "From " from a ">From " line of the
	# message: the t0300 messages have such lines.
	boxes="rd.mbox rd.mbox.gz maildir crlf.mbox"
	[ $set = t0300 ] || boxes="$boxes o.mbox"
	for box in $boxes; do
		test_expect_success "$set: $box gives the same report" '
			mldigest report $set/$box >$set/$box.txt &&
			test_cmp <(body $set/v2.txt) <(body $set/$box.txt)
		'
	done
	test_expect_success "$set: --since/--until on an mbox select as on the inbox" '
		mldigest report --no-cache --since 2026-11-02 --until "2026-11-04 12:00" $set/v2 >$set/v2-range.txt &&
		mldigest report --since 2026-11-02 --until "2026-11-04 12:00" $set/rd.mbox >$set/mbox-range.txt &&
		mldigest report --since 2026-11-02 --until "2026-11-04 12:00" $set/maildir >$set/md-range.txt &&
		test_cmp <(body $set/v2-range.txt) <(body $set/mbox-range.txt) &&
		test_cmp <(body $set/v2-range.txt) <(body $set/md-range.txt)
	'
done

test_expect_success 'the mbox round trip keeps "From " lines and CRLF messages' '
	mldigest report -f json t0300/rd.mbox >rd.json &&
	mldigest report -f json --no-cache t0300/v2 HEAD >v2.json &&
	python3 - rd.json v2.json <<-\PY
	import json, sys
	def strip(x):
	    # Commit ids differ (a mailbox has message blob ids instead).
	    if isinstance(x, dict):
	        return {k: strip(v) for k, v in x.items() if k != "commit"}
	    if isinstance(x, list):
	        return [strip(v) for v in x]
	    return x
	a, b = (strip(json.load(open(p))) for p in sys.argv[1:])
	assert a["counts"] == b["counts"], (a["counts"], b["counts"])
	assert a["series"] == b["series"]
	assert a["shown"] == b["shown"]
	body = json.dumps(a)
	assert ">From this one too" in body and "From here on" in body, body
	PY
'
test_expect_success 'the CRLF mbox gives the same counts' '
	mldigest report -f json t0300/crlf.mbox >crlf.json &&
	python3 -c "import json,sys; a=json.load(open(\"crlf.json\")); b=json.load(open(\"v2.json\")); assert a[\"counts\"]==b[\"counts\"], (a[\"counts\"], b[\"counts\"])"
'
test_expect_success 'the mbox header names the first and last message by blob id' '
	first=$(git hash-object "$SRC/tests/t0300/mail/000-no-date.eml" | cut -c1-9) &&
	last=$(git hash-object "$SRC/tests/t0300/mail/003-applied-crlf.eml" | cut -c1-9) &&
	head -1 t0300/rd.mbox.txt >got &&
	echo "From $first to $last" >want &&
	test_cmp want got
'
test_expect_success '--dry-run on an mbox' '
	mldigest report --dry-run t0300/rd.mbox >dry &&
	grep -q "^range: every message of the mbox$" dry &&
	grep -q "^messages: 4$" dry &&
	mldigest report --dry-run t0300/maildir >dry &&
	grep -q "^range: every message of the Maildir$" dry
'
test_expect_success 'an empty mbox gives an empty report' '
	: >empty.mbox &&
	mldigest report empty.mbox >empty.txt &&
	grep -q "^===== Patch list" empty.txt
'
test_expect_failure_code 'A..B on an mbox is refused' 2 '
	mldigest report t0300/rd.mbox HEAD~1..HEAD 2>err; code=$?
	test_one_error_line err && grep -q "ranges are by date only" err || exit 99
	exit $code
'
test_expect_failure_code 'mldigest index on an mbox says there is nothing to index' 2 '
	mldigest index t0300/rd.mbox 2>err; code=$?
	test_one_error_line err && grep -q "reads it whole" err || exit 99
	exit $code
'
test_expect_failure_code 'a file that is not an mbox' 3 '
	printf "Subject: hello\n\nnot an mbox\n" >plain.txt &&
	mldigest report plain.txt 2>err; code=$?
	test_one_error_line err && grep -q "nor an mbox file" err || exit 99
	exit $code
'
test_expect_failure_code 'a truncated gzip mbox' 1 '
	head -c 300 t0300/rd.mbox.gz >cut.mbox.gz &&
	mldigest report cut.mbox.gz 2>err; code=$?
	test_one_error_line err && grep -q "gzip" err || exit 99
	exit $code
'
test_expect_failure_code 'a git repository that is neither v1 nor v2' 3 '
	git init -q --bare other.git &&
	blob=$(git --git-dir=other.git hash-object -w "$SRC/tests/t0300/mail/000-no-date.eml") &&
	tree=$(printf "100644 blob %s\tREADME\n" $blob | git --git-dir=other.git mktree) &&
	c=$(echo x | GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@b GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@b git --git-dir=other.git commit-tree $tree) &&
	git --git-dir=other.git update-ref refs/heads/master $c &&
	mldigest report --no-cache other.git 2>err; code=$?
	test_one_error_line err && grep -q "not a public-inbox archive" err || exit 99
	exit $code
'
test_expect_success 'v1: a deletion and a replaced message as in v2' '
	git --git-dir=sample/v1.git log --format=%H --diff-filter=D | grep -q . &&
	mldigest report --no-cache -f json sample/v1.git HEAD >v1.json &&
	mldigest report --no-cache -f json sample/v2 HEAD >v2s.json &&
	python3 -c "import json; a=json.load(open(\"v1.json\")); b=json.load(open(\"v2s.json\")); assert a[\"counts\"]==b[\"counts\"], (a[\"counts\"],b[\"counts\"])"
'
test_done
