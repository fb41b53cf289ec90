/*
 * msg.c - the facts mldigest keeps of one message.
 *
 * Headers are scanned for every message; the body is decoded only for
 * patch mail, where the in-body From (git send-email, b4) names the
 * author and the diff names the files touched, and its text up to the
 * diffstat is kept only for the messages a report shows (cover letters,
 * patch 1, single patches); and for replies whose raw bytes may hold a
 * review trailer or a maintainer's verdict (md_review_maybe(), a cheap
 * test that spares decoding most replies).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/patchtext.h"
#include "lib/review.h"
#include "lib/revision.h"
#include "util/vec.h"
#include "util/banned.h"

void
md_rmsg_derive(struct md_rmsg *m)
{
	md_subject_parse(&m->subj, m->mail.subject);
	m->patch_mail = md_subject_is_patch_mail(&m->subj);
}

/* The review facts of a reply. */
static int
parse_reply(struct md_rmsg *m, const char *raw, size_t len)
{
	struct md_review rv = MD_REVIEW_INIT;
	struct md_buf text = MD_BUF_INIT;
	int rc, done;

	if (!md_review_maybe(raw, len))
		return MD_OK;
	/* GMime only for what needs it: the charset of a plain text body
	 * matters only to the names in trailers, which the guess gets. */
	rc = md_mail_readable_body(&text, &done, &m->mail, raw, len);
	if (!rc && done)
		rc = md_review_scan(&rv, text.buf ? text.buf : "",
				    md_buf_len(&text));
	md_buf_release(&text);
	if (!rc && !done) {
		rc = md_mail_decode_body(&m->mail, raw, len);
		if (!rc)
			rc = md_review_scan(&rv, m->mail.body,
					    strlen(m->mail.body));
		free(m->mail.body);
		m->mail.body = NULL;
	}
	if (rc)
		return rc;
	m->trailers = rv.trailers;
	m->n_trailers = rv.n_trailers;
	m->verdict = rv.verdict;
	rv.trailers = NULL;
	rv.n_trailers = 0;
	md_review_release(&rv);
	return MD_OK;
}

static int
parse_paths(struct md_rmsg *m)
{
	struct md_ptrvec v = MD_PTRVEC_INIT;
	int rc = md_patch_paths(&v, m->mail.body, strlen(m->mail.body));

	if (rc) {
		for (size_t i = 0; i < v.n; i++)
			free(v.items[i]);
		md_ptrvec_release(&v);
		return rc;
	}
	m->paths = (char **)v.items;
	m->n_paths = v.n;
	return MD_OK;
}

/* What a series head keeps of its decoded body: the excerpt shown and
 * b4's change-id. */
static int
parse_head(struct md_rmsg *m)
{
	struct md_buf ex = MD_BUF_INIT;
	size_t len = strlen(m->mail.body);
	int rc = md_revision_change_id(&m->change_id, m->mail.body, len);

	if (!rc)
		rc = md_patch_excerpt(&ex, m->mail.body, len);
	if (!rc) {
		m->excerpt = md_buf_detach(&ex, NULL);
		if (!m->excerpt)
			rc = MD_ENOMEM;
	}
	md_buf_release(&ex);
	return rc;
}

int
md_rmsg_parse(struct md_rmsg *m, const char *raw, size_t len)
{
	int rc = md_mail_parse(&m->mail, raw, len);

	if (rc)
		return rc;
	md_rmsg_derive(m);
	if (!m->patch_mail)
		return (m->subj.flags & MD_SUBJ_REPLY) ?
			       parse_reply(m, raw, len) : MD_OK;
	rc = md_mail_decode_body(&m->mail, raw, len);
	if (!rc)
		rc = parse_paths(m);
	if (!rc && md_subject_is_series_head(&m->subj))
		rc = parse_head(m);
	free(m->mail.body);
	m->mail.body = NULL;
	return rc;
}

void
md_rmsg_free_trailers(struct md_rmsg *m)
{
	for (size_t i = 0; i < m->n_trailers; i++) {
		free(m->trailers[i].name);
		free(m->trailers[i].addr);
	}
	free(m->trailers);
	m->trailers = NULL;
	m->n_trailers = 0;
}

void
md_rmsg_free(struct md_rmsg *m)
{
	if (!m)
		return;
	md_mail_release(&m->mail);
	free(m->excerpt);
	md_rmsg_free_trailers(m);
	for (size_t i = 0; i < m->n_paths; i++)
		free(m->paths[i]);
	free(m->paths);
	free(m->change_id);
	free(m);
}
