#!/usr/bin/env bash
# t3100: --format json.  The sample report is the golden one and valid
# against docs/json-schema.json (checked by tests/tools/json-validate.py,
# itself tested here on documents made invalid on purpose); it says what
# the text report says (tests/t3100/json-check.py renders the text
# report from the JSON and compares); hostile strings come back exactly
# and never as raw control bytes; review state, previous versions,
# subsystems and groups are there and agree with the text report (with
# --mailmap, --maintainers and --group-by); the whole kvmarm archive,
# when ../shared has it, validates and agrees with its text report.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null; then
	test_skip 'json output' 'python3 is not installed'
	test_done
fi

SCHEMA=$SRC/docs/json-schema.json
validate() { python3 "$SRC/tests/tools/json-validate.py" "$SCHEMA" "$@"; }
json_check() { python3 "$SRC/tests/t3100/json-check.py" "$@"; }

# No byte of the file is a control character other than newline, and
# none of DEL, C1, bidirectional controls, U+2028/9 occurs unescaped.
no_raw_controls() {
	python3 - "$1" <<-'PY'
	import sys
	text = open(sys.argv[1], "rb").read().decode("utf-8")
	bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) \
	    | {0x200E, 0x200F, 0x061C, 0x2028, 0x2029}
	for i, ch in enumerate(text):
	    c = ord(ch)
	    if (c < 0x20 and ch != "\n") or 0x7F <= c <= 0x9F or c in bidi:
	        sys.exit("raw U+%04X at character %d" % (c, i))
	PY
}

test_expect_success 'build the sample inbox' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox
'
test_expect_success 'the sample JSON is the golden one' '
	mldigest report --no-cache --format json inbox HEAD >sample.json &&
	test_cmp "$SRC/tests/t3100/sample.json" sample.json
'
test_expect_success 'it is valid against the schema' '
	validate sample.json
'
test_expect_success 'the schema itself is valid JSON and names version 2' '
	python3 -c "import json, sys; s = json.load(open(sys.argv[1])); \
		assert s[\"properties\"][\"schema_version\"][\"const\"] == 2; \
		assert s[\"\$id\"].endswith(\"/v2.json\"); \
		assert s[\"\$schema\"].endswith(\"/draft/2020-12/schema\")" "$SCHEMA"
'
test_expect_success 'it ends with one newline; indent 2; output is stable' '
	test "$(tail -c 1 sample.json | od -An -c | tr -d " ")" = "\n" &&
	test "$(tail -c 2 sample.json | head -c 1)" = "}" &&
	sed -n 2p sample.json | grep -q "^  \"schema_version\": 2,$" &&
	mldigest report --no-cache --format json inbox HEAD >again.json &&
	test_cmp sample.json again.json
'
test_expect_success 'the tables are whole whatever --top says' '
	mldigest report --no-cache --format json --top 1 inbox HEAD >top1.json &&
	test_cmp sample.json top1.json
'
test_expect_success '--list-name, --lore-list and -o' '
	mldigest report --no-cache --format json --list-name "My \"List\"" \
		--lore-list kvm -o named.json inbox HEAD &&
	validate named.json &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); \
		assert d[\"list\"][\"name\"] == \"My \\\"List\\\"\", d[\"list\"]; \
		assert d[\"list\"][\"lore\"] == \"kvm\", d[\"list\"]" named.json
'
test_expect_success 'the numbers agree with the text report' '
	mldigest report --no-cache --top 1000000 inbox HEAD >sample.txt &&
	json_check agree sample.json sample.txt
'
test_expect_success 'the text report rendered from the JSON is the text report' '
	json_check render sample.json 1000000 >from-json.txt &&
	test_cmp sample.txt from-json.txt &&
	mldigest report --no-cache inbox HEAD >sample15.txt &&
	json_check render sample.json 15 >from-json15.txt &&
	test_cmp sample15.txt from-json15.txt
'
test_expect_success 'a range and an empty range' '
	mid=$(git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 20p) &&
	mldigest report --no-cache --format json inbox $mid..HEAD >part.json &&
	validate part.json &&
	mldigest report --no-cache --top 1000000 inbox $mid..HEAD >part.txt &&
	json_check agree part.json part.txt &&
	json_check render part.json 1000000 >part-from-json.txt &&
	test_cmp part.txt part-from-json.txt &&
	mldigest report --no-cache --format json --since 2099-01-01 \
		inbox HEAD >empty.json &&
	validate empty.json &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); \
		assert d[\"range\"][\"from\"] == {\"commit\": None, \
			\"received\": None, \"received_unix\": None}, d; \
		assert d[\"series\"] == [] and d[\"counts\"][\"messages\"] == 0" \
		empty.json
'

test_expect_success 'review state: the sample replies as the JSON gives them' '
	python3 - sample.json <<-'\''PY'\''
	import json, sys
	d = json.load(open(sys.argv[1]))
	by_title = {s["title"]: s for s in d["series"]}
	pit = by_title["KVM: x86: Fix PIT reinjection races"]["review"]
	assert pit["reviewed"] == 3 and pit["all_reviewed"], pit
	assert pit["verdict"] == "applied", pit
	assert pit["verdict_by"] == {"name": "Marta Bianchi",
	                             "email": "marta@kernel.example"}, pit
	assert [(t["kind"], t["email"], t["patch"]) for t in pit["trailers"]] \
	    == [("Reviewed-by", "ravi@cloudvendor.example", 1),
	        ("Reviewed-by", "bob@chipco.example", 0)], pit
	mmu = by_title["KVM: x86/mmu: Fix stale comment about rmap locking"]
	assert mmu["review"]["verdict"] == "queued", mmu["review"]
	assert not mmu["review"]["trailers"], mmu["review"]
	assert d["reviewers"][0] == {"name": "Ravi Shankar",
	                             "email": "ravi@cloudvendor.example",
	                             "replies": 2, "trailers": 1}, d["reviewers"]
	assert d["groups"] is None
	assert all(s["subsystems"] == [] for s in d["series"])
	assert all(s["previous"] is None for s in d["series"])
	PY
'
# A MAINTAINERS file for the sample's paths; the first title holds what
# JSON escapes.
cat >MAINTAINERS <<'EOF'
KVM/arm64 "VGIC" \ ITS
F:	arch/arm64/kvm/
F:	include/kvm/arm_vgic.h

KVM/x86
F:	arch/x86/kvm/
F:	arch/x86/include/uapi/asm/kvm_para.h

KVM SELFTESTS
F:	tools/testing/selftests/kvm/
EOF
test_expect_success 'previous versions, subsystems and groups (--mailmap, --maintainers)' '
	for g in "" "--group-by subsystem"; do
		mldigest report --no-cache --format json $g \
			--mailmap "$SRC/tests/t2100/mailmap" \
			--maintainers MAINTAINERS inbox HEAD >full.json &&
		validate full.json &&
		mldigest report --no-cache --top 1000000 $g \
			--mailmap "$SRC/tests/t2100/mailmap" \
			--maintainers MAINTAINERS inbox HEAD >full.txt &&
		json_check agree full.json full.txt &&
		json_check render full.json 1000000 >full-from-json.txt &&
		test_cmp full.txt full-from-json.txt || return 1
	done &&
	python3 - full.json <<-'\''PY'\''
	import json, sys
	d = json.load(open(sys.argv[1]))
	v2 = [s for s in d["series"] if s["version"] == 2 and
	      s["title"].startswith("KVM: arm64: vgic-its: Rework")][0]
	assert v2["previous"] == {
	    "version": 1,
	    "message_id": "20261102081502.2811-1-carol@kernel.example",
	    "subject": "[PATCH 0/4] KVM: arm64: vgic-its: Rework LPI "
	               "translation cache",
	    "received": "2026-11-02T08:15:02Z",
	    "received_unix": 1793607302}, v2["previous"]
	assert v2["subsystems"] == ["KVM/arm64 \"VGIC\" \\ ITS",
	                            "KVM SELFTESTS"], v2["subsystems"]
	titles = [g["title"] for g in d["groups"]]
	assert titles[0] == "KVM/x86" and titles[-1] == "", titles
	assert "KVM/arm64 \"VGIC\" \\ ITS" in titles, titles
	PY
'

# The validator: each document below breaks the schema in one place and
# must be rejected (exit 1) with a message naming that place.
test_expect_success 'the validator rejects documents made invalid on purpose' '
	python3 - "$SRC/tests/tools/json-validate.py" "$SCHEMA" sample.json <<-'\''PY'\''
	import copy, json, subprocess, sys
	tool, schema, good = sys.argv[1:]
	doc = json.load(open(good))
	def s0(d): return d["series"][0]
	cases = [
	    ("/schema_version", "is not the constant 2",
	     lambda d: d.__setitem__("schema_version", 1)),
	    ("/schema_version", "is not the constant 2",
	     lambda d: d.__setitem__("schema_version", True)),
	    ("(the document)", "the required member \x27reviewers\x27 is missing",
	     lambda d: d.pop("reviewers")),
	    ("/reviewers/0/trailers", "is less than the minimum 0",
	     lambda d: d["reviewers"][0].__setitem__("trailers", -1)),
	    ("/groups", "matches no branch of anyOf",
	     lambda d: d.__setitem__("groups", [{"title": "X"}])),
	    ("/series/1/review/trailers/0/kind", "is not one of",
	     lambda d: d["series"][1]["review"]["trailers"][0]
	               .__setitem__("kind", "Signed-off-by")),
	    ("/series/1/review/verdict", "is not one of",
	     lambda d: d["series"][1]["review"].__setitem__("verdict", "thanks")),
	    ("/series/0/previous", "matches no branch of anyOf",
	     lambda d: s0(d).__setitem__("previous", {"version": 1})),
	    ("/series/0", "the required member \x27subsystems\x27 is missing",
	     lambda d: s0(d).pop("subsystems")),
	    ("(the document)", "the required member \x27shown\x27 is missing",
	     lambda d: d.pop("shown")),
	    ("/counts", "the member \x27extra\x27 is not allowed",
	     lambda d: d["counts"].__setitem__("extra", 1)),
	    ("/domains/0/count", "is less than the minimum 0",
	     lambda d: d["domains"][0].__setitem__("count", -1)),
	    ("/domains/0/count", "is number, not integer",
	     lambda d: d["domains"][0].__setitem__("count", 1.5)),
	    ("/contributors/1/email", "is null, not string",
	     lambda d: d["contributors"][1].__setitem__("email", None)),
	    ("/series/0/patches/1/commit", "does not match the pattern",
	     lambda d: s0(d)["patches"][1].__setitem__("commit", "ABC")),
	    ("/series/0/cover", "matches no branch of anyOf",
	     lambda d: s0(d)["cover"].__setitem__("bogus", 1)),
	    ("/series/0/tags/0", "is integer, not string",
	     lambda d: s0(d).__setitem__("tags", [7])),
	    ("/range/to/received", "does not match the pattern",
	     lambda d: d["range"]["to"].__setitem__("received",
	                                            "2026-11-02 08:15:02")),
	    ("/range/from/commit", "is integer, not string or null",
	     lambda d: d["range"]["from"].__setitem__("commit", 0)),
	    ("/shown/0", "the required member \x27commit\x27 is missing",
	     lambda d: d["shown"][0].pop("commit")),
	]
	failed = 0
	for where, what, mutate in cases:
	    bad = copy.deepcopy(doc)
	    mutate(bad)
	    with open("bad.json", "w") as f:
	        json.dump(bad, f)
	    r = subprocess.run([sys.executable, tool, schema, "bad.json"],
	                       capture_output=True, text=True)
	    want = "json-validate: bad.json: at %s: " % where
	    if r.returncode != 1 or not r.stderr.startswith(want) \
	            or what not in r.stderr or r.stderr.count("\n") != 1:
	        print("not rejected as expected: %s %s: exit %d, %r"
	              % (where, what, r.returncode, r.stderr))
	        failed = 1
	sys.exit(failed)
	PY
'
test_expect_success 'the validator: strict JSON, its keywords, and exit codes' '
	cat >tiny.schema <<-\EOF &&
	{"type": "object", "required": ["a"], "additionalProperties": {"type": "string"},
	 "properties": {"a": {"enum": [1, "x"]},
	                "b": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/n"}]}},
	 "$defs": {"n": {"type": ["integer", "boolean"], "minimum": 3}}}
	EOF
	printf "{\"a\": 1, \"b\": 4, \"c\": \"s\"}" >ok1.json &&
	printf "{\"a\": \"x\", \"b\": true}" >ok2.json &&
	python3 "$SRC/tests/tools/json-validate.py" tiny.schema ok1.json ok2.json &&
	for doc in "{\"a\": 2}" "{\"a\": true}" "{\"a\": 1.0, \"b\": 2}" \
		"{\"a\": 1, \"c\": 5}" "[]" "{\"a\": 1, \"a\": 1}" \
		"{\"a\": NaN}" "{\"a\": 1" "{\"a\": \"\\xff\"}"
	do
		printf "$doc" >bad.json &&
		{ python3 "$SRC/tests/tools/json-validate.py" tiny.schema \
			bad.json 2>err; test $? = 1; } &&
		grep -q "^json-validate: bad.json: " err &&
		test $(wc -l <err) = 1 || { echo "accepted: $doc"; exit 1; }
	done &&
	echo "{\"type\": \"object\", \"maxItems\": 2}" >unknown.schema &&
	{ python3 "$SRC/tests/tools/json-validate.py" unknown.schema ok1.json \
		2>err; test $? = 2; } &&
	grep -q "unsupported keyword .maxItems." err
'

# Hostile mail: the corpus of t1000, and a message of our own with the
# characters that JSON itself escapes (quote, backslash), DEL, the line
# and paragraph separators, and </script>.
make_esc_mail() {
	mkdir -p "$1" && python3 - "$1/001.eml" <<-'PY'
	import sys
	open(sys.argv[1], "wb").write(
	    b'From: "Back\\\\slash \\"Q\\"" <bs@esc.example>\n'
	    b'Subject: [PATCH] C:\\dir\\file, "dq", del\x7fx\n'
	    b"Message-ID: <e1@esc.example>\n"
	    b"Date: Mon, 2 Nov 2026 10:00:00 +0000\n"
	    b"\n"
	    b"Line sep \xe2\x80\xa8 here, para \xe2\x80\xa9 there, tab\tend.\n"
	    b"A </script><script>alert(3)</script> tag, \\u001b as text.\n"
	    b"---\n"
	    b" 1 file changed, 1 insertion(+)\n")
	PY
}
test_expect_success 'build the hostile inboxes' '
	python3 "$SRC/tests/corpora/hostile/make.py" mail &&
	"$SRC/sample/make-inbox" mail hostile 2>/dev/null &&
	make_esc_mail esc-mail &&
	"$SRC/sample/make-inbox" esc-mail esc 2>/dev/null
'
test_expect_success 'hostile: the JSON parses and is valid' '
	mldigest report --no-cache --format json hostile HEAD >hostile.json &&
	validate hostile.json &&
	mldigest report --no-cache --format json esc HEAD >esc.json &&
	validate esc.json
'
test_expect_success 'hostile: no raw control byte in the output' '
	no_raw_controls hostile.json &&
	no_raw_controls esc.json &&
	grep -qi "evil\\\\u001b\[2J\\\\u0007 title" hostile.json &&
	grep -qi "Mallory \\\\u202etxt.exe" hostile.json &&
	grep -qi "CSI \\\\u009b31m" hostile.json &&
	grep -qi "del\\\\u007fx" esc.json &&
	grep -qi "Line sep \\\\u2028 here, para \\\\u2029 there" esc.json
'
test_expect_success 'hostile: strings come back exactly as the model has them' '
	python3 - hostile.json esc.json <<-'\''PY'\''
	import json, sys
	h = json.load(open(sys.argv[1]))
	e = json.load(open(sys.argv[2]))
	msgs = {}
	for d in (h, e):
	    for s in d["series"]:
	        for m in ([s["cover"]] if s["cover"] else []) + s["patches"]:
	            msgs[m["message_id"]] = m
	want = [
	    ("h1@evil.example", "title", "evil\x1b[2J\x07 title"),
	    ("h2@evil.example", "subject", "[PATCH v2] osc\x1b]0;pwned\x07 and cr"),
	    ("h3@evil.example", "author", {"name": "Mallory \u202etxt.exe",
	                                   "email": "mallory@evil.example"}),
	    ("h4@evil.example", "body",
	     "Line with CSI \u009b31m red and ESC \x1b[1m bold.\n"
	     "A lone CR here:\rthen overwritten.\n"
	     "An isolate \u2066 and pop \u2069."),
	    ("h5@evil.example", "subject", "[PATCH] nul in subject"),
	    ("h5@evil.example", "body", "before\ufffdafter"),
	    ("h12@evil.example", "subject",
	     "[PATCH] <b>\"quoted\" & \x27single\x27</b>"),
	    ("h12@evil.example", "author", {"name": "<script>alert(1)</script>",
	                                    "email": "xss@evil.example"}),
	    ("h12@evil.example", "body", "Body with <script>alert(2)</script>."),
	    ("e1@esc.example", "author", {"name": "Back\\slash \"Q\"",
	                                  "email": "bs@esc.example"}),
	    ("e1@esc.example", "subject", "[PATCH] C:\\dir\\file, \"dq\", del\x7fx"),
	    ("e1@esc.example", "body",
	     "Line sep \u2028 here, para \u2029 there, tab\tend.\n"
	     "A </script><script>alert(3)</script> tag, \\u001b as text.\n"
	     "---\n 1 file changed, 1 insertion(+)"),
	]
	bad = 0
	for mid, key, value in want:
	    got = msgs[mid][key] if mid in msgs else "(no such message)"
	    if got != value:
	        print("%s %s: got %r, want %r" % (mid, key, got, value))
	        bad = 1
	names = [r["name"] for r in h["contributors"]]
	if "Mallory \u202etxt.exe" not in names:
	    print("contributors: %r" % names)
	    bad = 1
	sys.exit(bad)
	PY
'
test_expect_success 'hostile: the JSON says what the text report says' '
	mldigest report --no-cache --top 1000000 hostile HEAD >hostile.txt &&
	json_check agree hostile.json hostile.txt &&
	json_check render hostile.json 1000000 >hostile-from-json.txt &&
	test_cmp hostile.txt hostile-from-json.txt &&
	mldigest report --no-cache --top 1000000 esc HEAD >esc.txt &&
	json_check render esc.json 1000000 >esc-from-json.txt &&
	test_cmp esc.txt esc-from-json.txt
'

bundle=$SHARED/data/kvmarm.lists.cs.columbia.edu.0.bundle
if [ -f "$bundle" ]; then
	test_expect_success 'kvmarm: clone the bundle' '
		git clone -q --mirror "$bundle" kvmarm.git
	'
	test_expect_success 'kvmarm: the whole archive as JSON is valid' '
		mldigest report --no-cache -q --format json kvmarm.git HEAD \
			>kvmarm.json &&
		validate kvmarm.json &&
		no_raw_controls kvmarm.json
	'
	test_expect_success 'kvmarm: its counts agree with the text report' '
		mldigest report --no-cache -q --top 1000000 kvmarm.git HEAD \
			>kvmarm.txt &&
		json_check agree kvmarm.json kvmarm.txt &&
		json_check render kvmarm.json 1000000 >kvmarm-from-json.txt &&
		cmp kvmarm.txt kvmarm-from-json.txt
	'
	maintainers=$SHARED/data/MAINTAINERS-6.1
	if [ -f "$maintainers" ]; then
		test_expect_success 'kvmarm: grouped by subsystem, valid and agreeing' '
			mldigest report --no-cache -q --format json \
				--maintainers "$maintainers" --group-by subsystem \
				kvmarm.git HEAD >kvmarm-g.json &&
			validate kvmarm-g.json &&
			mldigest report --no-cache -q --top 1000000 \
				--maintainers "$maintainers" --group-by subsystem \
				kvmarm.git HEAD >kvmarm-g.txt &&
			json_check agree kvmarm-g.json kvmarm-g.txt &&
			json_check render kvmarm-g.json 1000000 >kvmarm-g-from-json.txt &&
			cmp kvmarm-g.txt kvmarm-g-from-json.txt
		'
	else
		test_skip 'kvmarm grouped by subsystem' "$maintainers not found"
	fi
else
	test_skip 'kvmarm archive' "$bundle not found (../shared absent)"
fi
test_done
