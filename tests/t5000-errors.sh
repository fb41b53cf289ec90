#!/usr/bin/env bash
# t5000: every failure is one line "mldigest: what: why" on stderr and
# a documented exit code (README.md, "Exit codes"); the archive is never
# written to.
. "$(dirname "$0")/lib.sh"

# A three-message epoch built with git plumbing.
git init -q --bare tiny.git
parent=
for i in 1 2 3; do
	printf 'From: A <a@example.org>\nSubject: [PATCH] change %s\nMessage-ID: <%s@example.org>\n\nbody\n' \
		"$i" "$i" >msg
	blob=$(git -C tiny.git hash-object -w --stdin <msg)
	tree=$(printf '100644 blob %s\tm\n' "$blob" | git -C tiny.git mktree)
	commit=$(GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org \
		GIT_COMMITTER_NAME=list GIT_COMMITTER_EMAIL=list@example.org \
		GIT_AUTHOR_DATE="170000000$i +0000" GIT_COMMITTER_DATE="170000000$i +0000" \
		git -C tiny.git commit-tree "$tree" ${parent:+-p $parent} -m "change $i")
	parent=$commit
done
git -C tiny.git update-ref refs/heads/master "$parent"
first=$(git -C tiny.git rev-list --reverse HEAD | head -1)
before=$(find tiny.git -type f -exec md5sum {} + | sort)

expect_error() {
	# expect_error 'what' CODE 'pattern' ARGS...
	local what=$1
	want_code=$2 want_pattern=$3
	shift 3
	args=("$@")
	test_expect_success "$what: exit $want_code and one error line" '
		mldigest "${args[@]}" >out 2>err; rc=$?
		test $rc = $want_code || { echo exit $rc; cat err; false; } &&
		test_one_error_line err &&
		grep -qF -- "$want_pattern" err &&
		test ! -s out
	'
}

expect_error 'no arguments' 2 'missing ARCHIVE' report
expect_error 'unknown option' 2 "unknown option '--bogus'" report --bogus tiny.git
expect_error 'option without value' 2 "needs a value" report tiny.git --top
expect_error 'bad number' 2 "is not a number" report --top x tiny.git
expect_error 'zero --top' 2 "at least 1" report --top 0 tiny.git
expect_error 'unknown command' 2 "command 'frobnicate': not a mldigest command" frobnicate
expect_error 'missing directory' 3 "open archive '/nonexistent/x'" report /nonexistent/x
mkdir plain
expect_error 'a directory that is no repository' 3 "open archive" report plain
git init -q notinbox && (cd notinbox && echo hi >README && git add README &&
	git -c user.name=x -c user.email=x@y commit -qm init)
expect_error 'a repository that is no inbox' 3 "not a public-inbox" report notinbox
git init -q --bare empty.git
expect_error 'an empty repository' 3 "empty" report empty.git
expect_error 'unknown revision' 4 "resolve 'nosuchrev': unknown revision" report tiny.git nosuchrev
expect_error 'unknown revision in A..B' 4 "unknown revision" report tiny.git nosuchrev..HEAD
expect_error 'A not an ancestor of B' 4 "is not an ancestor" report tiny.git "HEAD..$first"
expect_error 'A...B' 2 "not supported" report tiny.git HEAD~1...HEAD
# Damaged archives: a pack cut in half, a pack with bytes overwritten, a
# loose message object removed.  Each is exit 5 and one line, with and
# without the cache.
"$SRC/sample/make-inbox" "$SRC/sample/mail" sample
git clone -q --bare sample/git/0.git packed.git
git -C packed.git repack -adq
pack_of() { ls "$1"/objects/pack/*.pack; }
size=$(stat -c %s "$(pack_of packed.git)")
cp -r packed.git trunc.git && chmod u+w "$(pack_of trunc.git)" &&
	truncate -s $((size / 2)) "$(pack_of trunc.git)"
cp -r packed.git corrupt.git && chmod u+w "$(pack_of corrupt.git)" &&
	printf '\377\377\377\377\377\377\377\377' |
	dd of="$(pack_of corrupt.git)" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cp -r sample/git/0.git missing.git
obj=$(git -C missing.git rev-parse HEAD~3:m)
rm -f "missing.git/objects/${obj:0:2}/${obj:2}"
for damaged in trunc corrupt missing; do
	expect_error "$damaged archive" 5 "/$damaged.git'" report --no-cache $damaged.git
	expect_error "$damaged archive, cached" 5 "/$damaged.git'" report --cache c-$damaged.db $damaged.git
done
expect_error 'missing object named' 5 "$obj" report --no-cache missing.git

expect_error 'unwritable output' 1 "write '/nonexistent/dir/out'" report -o /nonexistent/dir/out tiny.git

test_expect_success 'A..A is an empty report, not an error' "
	mldigest report tiny.git HEAD..HEAD >out 2>err &&
	test ! -s err && grep -q 'Top 15' out && ! grep -q '^New:' out
"
test_expect_success 'abbreviated ids and HEAD~N resolve' "
	mldigest report tiny.git ${first:0:7}..HEAD~0 >out &&
	test \$(grep -c '^New:' out) = 2
"
test_expect_success '-o writes the file and nothing to stdout' "
	mldigest report -o rep.txt tiny.git >out &&
	test ! -s out && grep -q '^New:  change 3' rep.txt
"
test_expect_success 'the archive was not modified' "
	after=\$(find tiny.git -type f -exec md5sum {} + | sort) &&
	test \"\$after\" = \"$before\"
"
test_done
