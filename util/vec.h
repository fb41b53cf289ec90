/*
 * vec.h - a growable array of pointers, and a string-keyed hash map.
 *
 * struct md_ptrvec owns only its array: the pointers in it belong to
 * whoever put them there.  struct md_strmap copies its keys (and frees
 * the copies in md_strmap_release()); values are borrowed pointers the
 * map never frees.
 */
#ifndef MD_VEC_H
#define MD_VEC_H

#include <stddef.h>
#include <stdint.h>

struct md_ptrvec {
	void **items;
	size_t n;
	size_t alloc;
};
#define MD_PTRVEC_INIT { NULL, 0, 0 }

int md_ptrvec_push(struct md_ptrvec *v, void *p);
void md_ptrvec_release(struct md_ptrvec *v);

struct md_strmap_entry {
	char *key;       /* owned copy, NULL for an empty slot */
	uint64_t hash;
	void *value;     /* borrowed */
};

struct md_strmap {
	struct md_strmap_entry *slots;
	size_t n;        /* entries in use */
	size_t cap;      /* slots, a power of two */
	int fold_case;   /* compare keys ASCII-case-insensitively */
};
#define MD_STRMAP_INIT { NULL, 0, 0, 0 }

/* Look up key; returns its value or NULL. */
void *md_strmap_get(const struct md_strmap *m, const char *key);
/* Insert or replace; 0 or MD_ENOMEM. */
int md_strmap_put(struct md_strmap *m, const char *key, void *value);
/* Pointer to the stored value for key, inserting NULL first if absent;
 * NULL only when memory runs out.  *created says whether it was new. */
void **md_strmap_slot(struct md_strmap *m, const char *key, int *created);
void md_strmap_release(struct md_strmap *m);

/* 64-bit FNV-1a of a string, optionally ASCII-case-folded. */
uint64_t md_hash_str(const char *s, int fold_case);

#endif
