/*
 * vec.c - pointer vector and open-addressing string map (linear probing,
 * FNV-1a hashes, load factor kept under 1/2).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/vec.h"
#include "util/banned.h"

int
md_ptrvec_push(struct md_ptrvec *v, void *p)
{
	if (v->n == v->alloc) {
		size_t na = v->alloc ? v->alloc * 2 : 16;
		void **ni = realloc(v->items, na * sizeof(*ni));

		if (!ni)
			return MD_ENOMEM;
		v->items = ni;
		v->alloc = na;
	}
	v->items[v->n++] = p;
	return MD_OK;
}

void
md_ptrvec_release(struct md_ptrvec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->alloc = 0;
}

uint64_t
md_hash_str(const char *s, int fold_case)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (fold_case && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 1099511628211ULL;
	}
	return h;
}

static int
keys_equal(const struct md_strmap *m, const char *a, const char *b)
{
	return m->fold_case ? !strcasecmp(a, b) : !strcmp(a, b);
}

static struct md_strmap_entry *
find_slot(const struct md_strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct md_strmap_entry *e = &m->slots[i];

		if (!e->key || (e->hash == h && keys_equal(m, e->key, key)))
			return e;
		i = (i + 1) & mask;
	}
}

static int
rehash(struct md_strmap *m, size_t ncap)
{
	struct md_strmap_entry *old = m->slots;
	size_t ocap = m->cap;

	m->slots = calloc(ncap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return MD_ENOMEM;
	}
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		if (old[i].key) {
			struct md_strmap_entry *e = find_slot(m, old[i].key,
							      old[i].hash);
			*e = old[i];
		}
	}
	free(old);
	return MD_OK;
}

void *
md_strmap_get(const struct md_strmap *m, const char *key)
{
	struct md_strmap_entry *e;

	if (!m->cap)
		return NULL;
	e = find_slot(m, key, md_hash_str(key, m->fold_case));
	return e->key ? e->value : NULL;
}

void **
md_strmap_slot(struct md_strmap *m, const char *key, int *created)
{
	uint64_t h = md_hash_str(key, m->fold_case);
	struct md_strmap_entry *e;

	if ((m->n + 1) * 2 > m->cap &&
	    rehash(m, m->cap ? m->cap * 2 : 64))
		return NULL;
	e = find_slot(m, key, h);
	if (created)
		*created = !e->key;
	if (!e->key) {
		e->key = strdup(key);
		if (!e->key)
			return NULL;
		e->hash = h;
		e->value = NULL;
		m->n++;
	}
	return &e->value;
}

int
md_strmap_put(struct md_strmap *m, const char *key, void *value)
{
	void **slot = md_strmap_slot(m, key, NULL);

	if (!slot)
		return MD_ENOMEM;
	*slot = value;
	return MD_OK;
}

void
md_strmap_release(struct md_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->n = m->cap = 0;
}
