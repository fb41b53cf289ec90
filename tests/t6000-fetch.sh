#!/usr/bin/env bash
# t6000: mldigest fetch URL DIR.  A mirror made from a local v2 inbox (a
# plain path, a file:// URL, git:// from a git daemon, http:// from git
# http-backend) reports the same as its source; later runs fetch only
# what is new and pick up new epochs; --epochs; the error cases; a
# transfer that fails or is killed midway leaves the complete epochs
# usable and a rerun finishes the job.
. "$(dirname "$0")/lib.sh"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

pids=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
}
trap cleanup EXIT

# mkinbox OUT FIRST LAST: an inbox of sample messages FIRST..LAST (in
# sorted order), 10 per epoch.
mkinbox() {
	rm -rf "$1" "$1.mail" && mkdir "$1.mail" &&
	ls "$SRC"/sample/mail/* | sed -n "$2,$3p" | xargs cp -t "$1.mail" &&
	"$SRC/sample/make-inbox" --epoch-size 10 "$1.mail" "$1"
}

# The report of an archive, read from git.
report() { mldigest report --no-cache "$1" HEAD; }

# Every object of a repository is in a pack, and in only one.
packed_once() {
	local unique in_pack loose
	unique=$(git -C "$1" cat-file --batch-all-objects --batch-check | wc -l)
	in_pack=$(git -C "$1" count-objects -v | sed -n 's/^in-pack: //p')
	loose=$(git -C "$1" count-objects -v | sed -n 's/^count: //p')
	test "$unique" = "$in_pack" && test "$loose" = 0
}

# An error: exit CODE (file rc), one line "mldigest: fetch ..." on
# stderr (file err) matching PATTERN, nothing on stdout (file out).
check_error() {
	test "$(cat rc)" = "$1" || { echo "exit $(cat rc), want $1"; cat err; return 1; }
	test "$(wc -l <err)" -eq 1 && grep -q '^mldigest: fetch' err &&
	grep -qF -- "$2" err || { cat err; return 1; }
	test ! -s out
}

# Run mldigest fetch ARGS: stdout in out, stderr in err, exit code in rc.
run_fetch() { mldigest fetch "$@" >out 2>err; echo $? >rc; }

# The md5 of every file under a directory but FETCH_HEAD (which libgit2,
# like git fetch, writes on every fetch).
sums() { (cd "$1" && find . -type f ! -name FETCH_HEAD -exec md5sum {} + | sort); }

real=$(pwd -P)
src_real=$real/src

test_expect_success 'build the inboxes' '
	mkinbox src 1 25 && mkinbox all 1 45 && mkinbox first20 1 20 &&
	mkinbox first10 1 10 && mkinbox other 1 5 &&
	test "$(ls src/git)" = "$(printf "0.git\n1.git\n2.git")" &&
	test "$(ls all/git | wc -l)" = 5
'

cat >expect.first <<EOF
git/0.git: cloned, 10 commits
git/1.git: cloned, 10 commits
git/2.git: cloned, 5 commits
EOF

test_expect_success 'a plain path: the first fetch clones every epoch' '
	mldigest fetch src m >out 2>err &&
	test_cmp expect.first out && test ! -s err &&
	report src >expect && report m >actual && test_cmp expect actual &&
	test ! -e m/.fetch
'
test_expect_success 'each epoch is a mirror, as git clone --mirror makes' '
	for n in 0 1 2; do
		e=m/git/$n.git &&
		test "$(git -C $e config remote.origin.url)" = "$src_real/git/$n.git" &&
		test "$(git -C $e config remote.origin.fetch)" = "+refs/*:refs/*" &&
		test "$(git -C $e config remote.origin.mirror)" = true &&
		test "$(git -C $e rev-parse --is-bare-repository)" = true &&
		test "$(git -C $e symbolic-ref HEAD)" = refs/heads/master &&
		git -C src/git/$n.git for-each-ref >expect &&
		git -C $e for-each-ref >actual && test_cmp expect actual &&
		git -C $e fsck >/dev/null && packed_once $e || return 1
	done
'
test_expect_success 'a file:// URL with a trailing slash, and -q' '
	mldigest fetch -q "file://$src_real/" mf >out 2>err &&
	test ! -s out && test ! -s err &&
	report mf >actual && report src >expect && test_cmp expect actual &&
	test "$(git -C mf/git/1.git config remote.origin.url)" = "file://$src_real/git/1.git"
'
test_expect_success 'nothing new: every epoch is up to date, no ref or object written' '
	sums m >before &&
	mldigest fetch src/ m >out &&
	printf "git/%s.git: up to date\n" 0 1 2 >expect && test_cmp expect out &&
	sums m >after && test_cmp before after
'
test_expect_success 'a plain path and a file:// URL of it are the same inbox' '
	mldigest fetch "file://$src_real" m >out &&
	printf "git/%s.git: up to date\n" 0 1 2 >expect && test_cmp expect out &&
	mldigest fetch "$src_real" mf >out && test_cmp expect out
'
test_expect_success 'a mirror for the --epochs tests' '
	mldigest fetch -q src e1
'

cat >expect.second <<EOF
git/0.git: up to date
git/1.git: up to date
git/2.git: 5 new commits
git/3.git: cloned, 10 commits
git/4.git: cloned, 5 commits
EOF

test_expect_success 'new messages and a new epoch: only what is new is fetched' '
	rm -rf src && cp -R all src &&
	mldigest fetch src m >out 2>err &&
	test_cmp expect.second out && test ! -s err &&
	report all >expect && report m >actual && test_cmp expect actual &&
	for n in 0 1 2 3 4; do
		packed_once m/git/$n.git &&
		git -C src/git/$n.git cat-file --batch-all-objects --batch-check >expect &&
		git -C m/git/$n.git cat-file --batch-all-objects --batch-check >actual &&
		test_cmp expect actual || return 1
	done
'
test_expect_success 'the report through the cache matches too' '
	mldigest report m HEAD >actual && report all >expect &&
	test_cmp expect actual
'
test_expect_success 'report and index never write to the mirror' '
	sums m >before &&
	mldigest report --no-cache m HEAD >/dev/null &&
	mldigest report m HEAD~3.. >/dev/null &&
	mldigest index m >/dev/null &&
	sums m >after && test_cmp before after
'
test_expect_success '--epochs 1 on an older mirror: the newest only, older ones left alone' '
	old=$(git -C e1/git/2.git rev-parse HEAD) &&
	mldigest fetch --epochs 1 src e1 >out &&
	echo "git/4.git: cloned, 5 commits" >expect && test_cmp expect out &&
	test "$(git -C e1/git/2.git rev-parse HEAD)" = $old &&
	test ! -e e1/git/3.git
'
test_expect_success '--epochs 2 on a new mirror, then a run without it' '
	mldigest fetch --epochs=2 src e2 >out &&
	printf "git/3.git: cloned, 10 commits\ngit/4.git: cloned, 5 commits\n" >expect &&
	test_cmp expect out && test "$(ls e2/git)" = "$(printf "3.git\n4.git")" &&
	report e2 >/dev/null &&
	mldigest fetch --epochs 9 src e2 >out &&
	printf "git/0.git: cloned, 10 commits\ngit/1.git: cloned, 10 commits\ngit/2.git: cloned, 10 commits\ngit/3.git: up to date\ngit/4.git: up to date\n" >expect &&
	test_cmp expect out &&
	report all >expect && report e2 >actual && test_cmp expect actual
'
test_expect_success 'a rewritten history (a purge) is fetched over the old one' '
	cp -R all purged && mldigest fetch -q purged p &&
	cp -R all.mail purged.mail && rm purged.mail/003-*.eml &&
	rm -rf purged && "$SRC/sample/make-inbox" --epoch-size 10 purged.mail purged &&
	mldigest fetch purged p >out &&
	cat >expect <<-EOF &&
	git/0.git: 8 new commits, history rewritten
	git/1.git: 10 new commits, history rewritten
	git/2.git: 10 new commits, history rewritten
	git/3.git: 10 new commits, history rewritten
	git/4.git: 4 new commits, history rewritten
	EOF
	test_cmp expect out &&
	report purged >expect && report p >actual && test_cmp expect actual
'

# Errors.
test_expect_success 'usage errors: exit 2' '
	run_fetch src && test $(cat rc) = 2 && grep -q "missing DIR" err &&
	run_fetch && test $(cat rc) = 2 && grep -q "missing URL and DIR" err &&
	run_fetch --epochs 0 src x && test $(cat rc) = 2 &&
	grep -q "at least 1" err && test ! -e x &&
	mldigest fetch --help >out && grep -q "^usage: mldigest fetch" out
'
mkdir plain
for url in nosuch plain src/git/0.git "file://$TRASH/nosuch"; do
	test_expect_success "not an inbox: '${url/$TRASH/TRASH}': exit 3, DIR not created" '
		run_fetch "$url" x &&
		check_error 3 "not a public-inbox v2 archive (no " &&
		grep -qF "/git/0.git)" err && test ! -e x
	'
done
test_expect_success 'DIR holds something else: exit 2, left as it was' '
	mkdir full && echo hello >full/README &&
	run_fetch src full &&
	check_error 2 "fetch '"'"'full'"'"': exists, is not empty and is not a mirror of an inbox" &&
	test "$(ls full)" = README &&
	echo hello >file &&
	run_fetch src file &&
	check_error 2 "fetch '"'"'file'"'"': exists and is not a directory" &&
	mkdir -p notmirror/git && git init -q --bare notmirror/git/0.git &&
	run_fetch src notmirror &&
	check_error 2 "'"'"'git/0.git'"'"' has no remote '"'"'origin'"'"'"
'
test_expect_success 'DIR mirrors another inbox: exit 2, left as it was' '
	sums m >before &&
	run_fetch other m &&
	check_error 2 "fetch '"'"'m'"'"': mirrors '"'"'$src_real'"'"', not '"'"'$real/other'"'"'" &&
	sums m >after && test_cmp before after
'
test_expect_success 'an empty DIR, and one left by a first run that was killed' '
	mkdir empty && mldigest fetch -q src empty && report empty >actual &&
	report all >expect && test_cmp expect actual &&
	mkdir -p killed/.fetch/0.git && echo junk >killed/.fetch/0.git/HEAD &&
	mldigest fetch -q src killed && report killed >actual &&
	test_cmp expect actual && test ! -e killed/.fetch
'
test_expect_success 'a source broken midway: the complete epochs stay usable' '
	cp -R all broken &&
	blob=$(git -C broken/git/2.git rev-parse HEAD~2:m) &&
	rm broken/git/2.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	run_fetch broken b &&
	test "$(cat rc)" = 1 && test "$(wc -l <err)" = 1 &&
	grep -q "^mldigest: fetch '"'"'$real/broken/git/2.git'"'"': " err &&
	printf "git/0.git: cloned, 10 commits\ngit/1.git: cloned, 10 commits\n" >expect &&
	test_cmp expect out &&
	test "$(ls b/git)" = "$(printf "0.git\n1.git")" && test ! -e b/.fetch &&
	report first20 >expect && report b >actual && test_cmp expect actual
'
test_expect_success 'the rerun completes, removing what a killed run left' '
	mkdir -p b/.fetch/2.git/objects && echo junk >b/.fetch/2.git/objects/x &&
	report b >before &&
	rm -rf broken && cp -R all broken &&
	mldigest fetch broken b >out &&
	printf "git/0.git: up to date\ngit/1.git: up to date\ngit/2.git: cloned, 10 commits\ngit/3.git: cloned, 10 commits\ngit/4.git: cloned, 5 commits\n" >expect &&
	test_cmp expect out && test ! -e b/.fetch &&
	report all >expect && report b >actual && test_cmp expect actual
'
test_expect_success 'no progress line when stderr is not a terminal' '
	mldigest fetch src m >out 2>err && test ! -s err
'
if command -v python3 >/dev/null; then
	test_expect_success 'on a terminal: stdout unchanged, stderr only progress' '
		python3 "$SRC/tests/tools/on-tty.py" tty.err $MLDIGEST fetch "file://$src_real" tty >out &&
		cat >expect <<-EOF &&
		git/0.git: cloned, 10 commits
		git/1.git: cloned, 10 commits
		git/2.git: cloned, 10 commits
		git/3.git: cloned, 10 commits
		git/4.git: cloned, 5 commits
		EOF
		test_cmp expect out &&
		python3 - tty.err <<-"PY"
		import re, sys
		data = open(sys.argv[1], "rb").read()
		redraw = rb"\rmldigest: fetching git/\d+\.git: (\d+/\d+ objects \(\d+%\), )?[\d.]+ MiB\x1b\[K"
		if data and not re.fullmatch(rb"((" + redraw + rb")+\r\x1b\[K)+", data):
		    sys.exit("bad progress output: %r" % data[:200])
		PY
	'
fi

# git:// from a git daemon on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + $$ % 20000))
}
daemon_up=
if [ -x "$(git --exec-path)/git-daemon" ]; then
	port=$(free_port)
	git daemon --export-all --base-path="$TRASH" --listen=127.0.0.1 \
		--port="$port" --reuseaddr "$TRASH" >daemon.log 2>&1 &
	pids="$pids $!"
	for i in $(seq 300); do
		if git ls-remote "git://127.0.0.1:$port/src/git/0.git" >/dev/null 2>&1; then
			daemon_up=1
			break
		fi
		sleep 0.1
	done
fi
if [ -n "$daemon_up" ]; then
	git_url=git://127.0.0.1:$port
	test_expect_success 'git://: a first fetch and an update' '
		mldigest fetch "$git_url/src" g >out &&
		printf "git/%s.git: cloned, 10 commits\n" 0 1 2 3 >expect &&
		echo "git/4.git: cloned, 5 commits" >>expect && test_cmp expect out &&
		report all >expect && report g >actual && test_cmp expect actual &&
		test "$(git -C g/git/0.git config remote.origin.url)" = "$git_url/src/git/0.git" &&
		mldigest fetch "$git_url/src/" g >out &&
		printf "git/%s.git: up to date\n" 0 1 2 3 4 >expect && test_cmp expect out
	'
	test_expect_success 'git://: not an inbox is exit 3, a refused connection exit 1' '
		run_fetch "$git_url/nosuch" x &&
		check_error 3 "not a public-inbox v2 archive" && test ! -e x &&
		run_fetch "git://127.0.0.1:1/src" x &&
		check_error 1 "fetch '"'"'git://127.0.0.1:1/src/git/0.git'"'"': " &&
		test ! -e x
	'
else
	test_skip 'git:// fetches' 'git daemon is not available'
fi

# http:// from git http-backend behind a small Python server that can
# answer 503 for a path (ctl/fail) or stall halfway through a pack
# (ctl/stall), to see a transfer killed midway.
http_up=
if command -v python3 >/dev/null && [ -x "$(git --exec-path)/git-http-backend" ]; then
	mkdir ctl
	cat >httpd.py <<-'PY'
	import http.server, os, subprocess, sys, time
	root, portfile, ctl = sys.argv[1:4]

	def flag(name, path):
	    try:
	        want = open(os.path.join(ctl, name)).read().strip()
	    except OSError:
	        return False
	    return want in path

	class Handler(http.server.BaseHTTPRequestHandler):
	    def log_message(self, *args):
	        pass

	    def do_GET(self):
	        self.serve()

	    def do_POST(self):
	        self.serve()

	    def serve(self):
	        path, _, query = self.path.partition("?")
	        if flag("fail", self.path):
	            self.send_response(503)
	            self.send_header("Content-Length", "0")
	            self.end_headers()
	            return
	        n = int(self.headers.get("Content-Length") or 0)
	        body = self.rfile.read(n) if n else b""
	        env = dict(os.environ, GIT_PROJECT_ROOT=root,
	                   GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path,
	                   QUERY_STRING=query, REQUEST_METHOD=self.command,
	                   REMOTE_ADDR="127.0.0.1",
	                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
	                   CONTENT_LENGTH=str(len(body)),
	                   HTTP_CONTENT_ENCODING=self.headers.get(
	                       "Content-Encoding", ""))
	        out = subprocess.run(["git", "http-backend"], input=body, env=env,
	                             stdout=subprocess.PIPE,
	                             stderr=subprocess.DEVNULL).stdout
	        sep = out.find(b"\r\n\r\n")
	        if sep >= 0:
	            head, data = out[:sep], out[sep + 4:]
	        else:
	            head, data = out.split(b"\n\n", 1)
	        status, headers = 200, []
	        for line in head.splitlines():
	            k, _, v = line.decode().partition(":")
	            if k.lower() == "status":
	                status = int(v.split()[0])
	            elif k:
	                headers.append((k, v.strip()))
	        self.send_response(status)
	        for k, v in headers:
	            self.send_header(k, v)
	        self.send_header("Content-Length", str(len(data)))
	        self.end_headers()
	        if self.command == "POST" and flag("stall", self.path):
	            self.wfile.write(data[:len(data) // 2])
	            self.wfile.flush()
	            open(os.path.join(ctl, "stalled"), "w").close()
	            time.sleep(3600)
	            return
	        self.wfile.write(data)

	server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
	server.daemon_threads = True
	with open(portfile + ".tmp", "w") as f:
	    f.write(str(server.server_port))
	os.rename(portfile + ".tmp", portfile)
	server.serve_forever()
	PY
	python3 httpd.py "$TRASH" "$TRASH/http.port" "$TRASH/ctl" 2>httpd.log &
	pids="$pids $!"
	for i in $(seq 300); do
		if [ -s http.port ]; then
			http_up=1
			break
		fi
		sleep 0.1
	done
fi
if [ -n "$http_up" ]; then
	http_url=http://127.0.0.1:$(cat http.port)
	test_expect_success 'http://: a first fetch and an update' '
		mldigest fetch "$http_url/src/" h >out &&
		printf "git/%s.git: cloned, 10 commits\n" 0 1 2 3 >expect &&
		echo "git/4.git: cloned, 5 commits" >>expect && test_cmp expect out &&
		report all >expect && report h >actual && test_cmp expect actual &&
		mldigest fetch "$http_url/src" h >out &&
		printf "git/%s.git: up to date\n" 0 1 2 3 4 >expect && test_cmp expect out
	'
	test_expect_success 'http://: 404 at git/0.git is not an inbox (exit 3)' '
		run_fetch "$http_url/nosuch" x &&
		check_error 3 "fetch '"'"'$http_url/nosuch'"'"': not a public-inbox v2 archive (no $http_url/nosuch/git/0.git)" &&
		test ! -e x
	'
	test_expect_success 'http://: a 503 where the epochs end is an error, not the end' '
		echo src/git/5.git/ >ctl/fail &&
		sums h >before &&
		run_fetch "$http_url/src" h && rm ctl/fail &&
		check_error 1 "fetch '"'"'$http_url/src/git/5.git'"'"': unexpected http status code: 503" &&
		sums h >after && test_cmp before after
	'
	test_expect_success 'http://: a failure midway leaves the earlier epochs done' '
		echo src/git/2.git/ >ctl/fail &&
		run_fetch "$http_url/src" h && rm ctl/fail && test $(cat rc) = 1 &&
		printf "git/%s.git: up to date\n" 0 1 >expect && test_cmp expect out &&
		grep -q "^mldigest: fetch '"'"'$http_url/src/git/2.git'"'"': unexpected http status code: 503$" err &&
		report all >expect && report h >actual && test_cmp expect actual
	'
	test_expect_success 'http://: a run killed midway; another run meanwhile is refused' '
		echo src/git/1.git/ >ctl/stall &&
		{ $MLDIGEST fetch "$http_url/src" k >k.out 2>k.err & pid=$!; } &&
		for i in $(seq 600); do
			test -e ctl/stalled && break; sleep 0.1
		done &&
		test -e ctl/stalled &&
		run_fetch "$http_url/src" k &&
		{ kill -9 $pid; wait $pid; true; } && rm ctl/stall &&
		check_error 1 "fetch '"'"'k'"'"': another mldigest fetch is writing it" &&
		echo "git/0.git: cloned, 10 commits" >expect && test_cmp expect k.out &&
		test "$(ls k/git)" = 0.git && test -d k/.fetch/1.git &&
		report first10 >expect && report k >actual && test_cmp expect actual
	'
	test_expect_success 'http://: the rerun completes and leaves no staging directory' '
		mldigest fetch "$http_url/src" k >out &&
		echo "git/0.git: up to date" >expect &&
		printf "git/%s.git: cloned, 10 commits\n" 1 2 3 >>expect &&
		echo "git/4.git: cloned, 5 commits" >>expect && test_cmp expect out &&
		test ! -e k/.fetch &&
		report all >expect && report k >actual && test_cmp expect actual
	'
else
	test_skip 'http:// fetches' 'python3 or git http-backend is not available'
fi

test_done
