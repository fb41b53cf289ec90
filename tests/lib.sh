# tests/lib.sh - helpers for the shell tests (after git's t/test-lib.sh).
#
# A test script sources this file, then calls
#   test_expect_success 'what it checks' 'shell commands'
#   test_skip 'what' 'why'
# and ends with test_done.  Output is TAP; tests/run adds it all up.
# Each script runs in its own scratch directory $TRASH (removed at the
# end unless a test failed); $SRC is the source tree, $MLDIGEST the
# program (wrapped in valgrind when VALGRIND=1), $SHARED ../shared.

set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${MLDIGEST_SHARED:-$SRC/../shared}
TEST_NAME=$(basename "$0" .sh)
TRASH=$SRC/tests/trash/$TEST_NAME
rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 1

if [ "${VALGRIND:-}" = 1 ]; then
	MLDIGEST="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$SRC/tests/valgrind.supp $SRC/mldigest"
else
	MLDIGEST=$SRC/mldigest
fi
mldigest() { $MLDIGEST "$@"; }

# A fixed environment: no user config, stable time zone and locale.
export TZ=UTC LC_ALL=C.UTF-8 HOME="$TRASH" XDG_CACHE_HOME="$TRASH/cache"
export GIT_CONFIG_NOSYSTEM=1

test_count=0
test_failures=0

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out.$test_count" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.out.$test_count"
		test_failures=$((test_failures + 1))
	fi
}

test_expect_failure_code() {
	# test_expect_failure_code 'what' CODE 'commands': the commands must
	# exit with CODE.
	test_count=$((test_count + 1))
	(eval "$3") >"$TRASH/.out.$test_count" 2>&1
	code=$?
	if [ "$code" = "$2" ]; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1 (exit $code, want $2)"
		sed 's/^/#   /' "$TRASH/.out.$test_count"
		test_failures=$((test_failures + 1))
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1: $2"
}

test_cmp() {
	diff -u "$1" "$2"
}

# One line on stderr, of the form "mldigest: what: why".
test_one_error_line() {
	[ "$(wc -l <"$1")" -eq 1 ] && grep -q '^mldigest: [^:]*: ' "$1"
}

# Build the sample inbox once per script: $1 is the output directory.
make_sample_inbox() {
	"$SRC/sample/make-inbox" "$@" "$SRC/sample/mail" "$TRASH/${SAMPLE_DIR:-sample}"
}

test_done() {
	echo "1..$test_count"
	if [ "$test_failures" -eq 0 ]; then
		cd "$SRC" && rm -rf "$TRASH"
		exit 0
	fi
	exit 1
}
