/*
 * t-vec.c - unit tests of struct md_ptrvec and struct md_strmap
 * (util/vec.h).
 *
 * The pointer vector must keep 1000 pushed pointers in order and be
 * reusable after release.  The string map must insert, replace and look
 * up keys, report through md_strmap_slot() whether a key is new, keep
 * its own copies of the keys, survive many rehashes (10000 keys), and in
 * fold_case mode treat keys that differ only in ASCII case as one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/vec.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

#define NKEYS 10000

static void
test_ptrvec(void)
{
	struct md_ptrvec v = MD_PTRVEC_INIT;
	static int items[1000];
	int bad = 0;

	CHECK(v.items == NULL);
	CHECK_INT(v.n, 0);
	for (int i = 0; i < 1000; i++)
		if (md_ptrvec_push(&v, &items[i]))
			bad++;
	CHECK_INT(bad, 0);
	CHECK_INT(v.n, 1000);
	CHECK(v.alloc >= 1000);
	for (int i = 0; i < 1000; i++)
		if (v.items[i] != &items[i])
			bad++;
	CHECK_INT(bad, 0);
	/* NULL is a value like any other. */
	CHECK_INT(md_ptrvec_push(&v, NULL), MD_OK);
	CHECK_INT(v.n, 1001);
	CHECK(v.items[1000] == NULL);

	md_ptrvec_release(&v);
	CHECK(v.items == NULL);
	CHECK_INT(v.n, 0);
	CHECK_INT(v.alloc, 0);
	/* Release twice is harmless; the vector is usable again. */
	md_ptrvec_release(&v);
	CHECK_INT(md_ptrvec_push(&v, &items[7]), MD_OK);
	CHECK_INT(v.n, 1);
	CHECK(v.items[0] == &items[7]);
	md_ptrvec_release(&v);
}

static void
test_strmap_basic(void)
{
	struct md_strmap m = MD_STRMAP_INIT;
	int a = 1, b = 2, c = 3, created = -1;
	char key[16];
	void **slot;

	/* Lookups in an empty (never allocated) map. */
	CHECK(md_strmap_get(&m, "x") == NULL);
	CHECK(md_strmap_get(&m, "") == NULL);

	CHECK_INT(md_strmap_put(&m, "alpha", &a), MD_OK);
	CHECK_INT(m.n, 1);
	CHECK(md_strmap_get(&m, "alpha") == &a);
	CHECK(md_strmap_get(&m, "Alpha") == NULL);
	CHECK(md_strmap_get(&m, "alph") == NULL);
	CHECK(md_strmap_get(&m, "alphaa") == NULL);

	/* Replacing keeps the count. */
	CHECK_INT(md_strmap_put(&m, "alpha", &b), MD_OK);
	CHECK_INT(m.n, 1);
	CHECK(md_strmap_get(&m, "alpha") == &b);

	/* The empty string is a key. */
	CHECK_INT(md_strmap_put(&m, "", &c), MD_OK);
	CHECK(md_strmap_get(&m, "") == &c);
	CHECK_INT(m.n, 2);

	/* slot: a new key is created with a NULL value. */
	slot = md_strmap_slot(&m, "beta", &created);
	CHECK(slot != NULL);
	CHECK_INT(created, 1);
	CHECK(slot && *slot == NULL);
	CHECK_INT(m.n, 3);
	if (slot)
		*slot = &a;
	CHECK(md_strmap_get(&m, "beta") == &a);
	/* An existing key is not created again and keeps its value. */
	created = -1;
	slot = md_strmap_slot(&m, "beta", &created);
	CHECK_INT(created, 0);
	CHECK(slot && *slot == &a);
	CHECK_INT(m.n, 3);
	created = -1;
	slot = md_strmap_slot(&m, "alpha", &created);
	CHECK_INT(created, 0);
	CHECK(slot && *slot == &b);
	/* created may be NULL. */
	slot = md_strmap_slot(&m, "gamma", NULL);
	CHECK(slot && *slot == NULL);
	CHECK_INT(m.n, 4);
	/* A value that is NULL reads back as NULL. */
	CHECK(md_strmap_get(&m, "gamma") == NULL);

	/* Keys are copied: changing the caller's string changes nothing. */
	snprintf(key, sizeof(key), "%s", "mutable");
	CHECK_INT(md_strmap_put(&m, key, &c), MD_OK);
	key[0] = 'X';
	CHECK(md_strmap_get(&m, "mutable") == &c);
	CHECK(md_strmap_get(&m, key) == NULL);

	md_strmap_release(&m);
	CHECK(m.slots == NULL);
	CHECK_INT(m.n, 0);
	CHECK_INT(m.cap, 0);
	CHECK(md_strmap_get(&m, "alpha") == NULL);
	/* Usable again after release. */
	CHECK_INT(md_strmap_put(&m, "alpha", &a), MD_OK);
	CHECK(md_strmap_get(&m, "alpha") == &a);
	md_strmap_release(&m);
	md_strmap_release(&m);
}

static void
test_strmap_many(void)
{
	struct md_strmap m = MD_STRMAP_INIT;
	static int values[NKEYS];
	char key[32];
	int bad = 0;

	for (int i = 0; i < NKEYS; i++) {
		snprintf(key, sizeof(key), "<key%d@example.org>", i);
		if (md_strmap_put(&m, key, &values[i]))
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(m.n, NKEYS);
	/* A power of two, at most half full. */
	CHECK(m.cap && (m.cap & (m.cap - 1)) == 0);
	CHECK(m.cap >= 2 * (size_t)NKEYS);
	for (int i = 0; i < NKEYS; i++) {
		snprintf(key, sizeof(key), "<key%d@example.org>", i);
		if (md_strmap_get(&m, key) != &values[i])
			bad++;
	}
	CHECK_INT(bad, 0);
	for (int i = NKEYS; i < 2 * NKEYS; i++) {
		snprintf(key, sizeof(key), "<key%d@example.org>", i);
		if (md_strmap_get(&m, key))
			bad++;
	}
	CHECK_INT(bad, 0);

	/* slot on every existing key: none is created again. */
	for (int i = 0; i < NKEYS; i++) {
		int created = -1;
		void **slot;

		snprintf(key, sizeof(key), "<key%d@example.org>", i);
		slot = md_strmap_slot(&m, key, &created);
		if (!slot || created != 0 || *slot != &values[i])
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(m.n, NKEYS);

	/* Every slot in use holds a key whose hash is stored. */
	{
		size_t used = 0;

		for (size_t i = 0; i < m.cap; i++) {
			if (!m.slots[i].key)
				continue;
			used++;
			if (m.slots[i].hash != md_hash_str(m.slots[i].key, 0))
				bad++;
		}
		CHECK_INT(used, NKEYS);
		CHECK_INT(bad, 0);
	}
	md_strmap_release(&m);
}

static void
test_strmap_fold_case(void)
{
	struct md_strmap m = MD_STRMAP_INIT, exact = MD_STRMAP_INIT;
	int a = 1, b = 2, created = -1;
	void **slot;

	CHECK(md_hash_str("Foo@X", 1) == md_hash_str("foo@x", 1));
	CHECK(md_hash_str("Foo@X", 0) != md_hash_str("foo@x", 0));
	CHECK(md_hash_str("", 0) == md_hash_str("", 1));

	m.fold_case = 1;
	CHECK_INT(md_strmap_put(&m, "Foo@X", &a), MD_OK);
	CHECK(md_strmap_get(&m, "foo@x") == &a);
	CHECK(md_strmap_get(&m, "FOO@X") == &a);
	CHECK(md_strmap_get(&m, "Foo@X") == &a);
	CHECK(md_strmap_get(&m, "foo@y") == NULL);
	slot = md_strmap_slot(&m, "fOO@x", &created);
	CHECK_INT(created, 0);
	CHECK(slot && *slot == &a);
	CHECK_INT(md_strmap_put(&m, "FOO@x", &b), MD_OK);
	CHECK_INT(m.n, 1);
	CHECK(md_strmap_get(&m, "foo@X") == &b);
	/* Folding is ASCII only: non-ASCII bytes must match exactly. */
	CHECK_INT(md_strmap_put(&m, "\xc3\xa9@x", &a), MD_OK);
	CHECK(md_strmap_get(&m, "\xc3\x89@x") == NULL);
	CHECK(md_strmap_get(&m, "\xc3\xa9@X") == &a);
	CHECK_INT(m.n, 2);

	/* Many keys in fold_case mode, looked up in another case. */
	{
		char key[32];
		int bad = 0;

		for (int i = 0; i < 2000; i++) {
			snprintf(key, sizeof(key), "User%d@Example.ORG", i);
			if (md_strmap_put(&m, key, &b))
				bad++;
		}
		for (int i = 0; i < 2000; i++) {
			snprintf(key, sizeof(key), "user%d@example.org", i);
			if (md_strmap_get(&m, key) != &b)
				bad++;
		}
		CHECK_INT(bad, 0);
		CHECK_INT(m.n, 2002);
	}
	md_strmap_release(&m);

	/* Without fold_case the two spellings are two keys. */
	CHECK_INT(md_strmap_put(&exact, "Foo@X", &a), MD_OK);
	CHECK(md_strmap_get(&exact, "foo@x") == NULL);
	CHECK_INT(md_strmap_put(&exact, "foo@x", &b), MD_OK);
	CHECK_INT(exact.n, 2);
	CHECK(md_strmap_get(&exact, "Foo@X") == &a);
	CHECK(md_strmap_get(&exact, "foo@x") == &b);
	md_strmap_release(&exact);
}

int
main(void)
{
	test_ptrvec();
	test_strmap_basic();
	test_strmap_many();
	test_strmap_fold_case();
	return tap_done();
}
