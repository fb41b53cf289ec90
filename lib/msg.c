/*
 * msg.c - the facts mldigest keeps of one message.
 *
 * Headers are scanned for every message; the body is decoded only for
 * patch mail, where the in-body From (git send-email, b4) names the
 * author, and its text up to the diffstat is kept only for the messages
 * a report shows (cover letters, patch 1, single patches).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/patchtext.h"
#include "util/banned.h"

void
md_rmsg_derive(struct md_rmsg *m)
{
	md_subject_parse(&m->subj, m->mail.subject);
	m->patch_mail = md_subject_is_patch_mail(&m->subj);
}

int
md_rmsg_parse(struct md_rmsg *m, const char *raw, size_t len)
{
	int rc = md_mail_parse(&m->mail, raw, len);

	if (rc)
		return rc;
	md_rmsg_derive(m);
	if (!m->patch_mail)
		return MD_OK;
	rc = md_mail_decode_body(&m->mail, raw, len);
	if (!rc && md_subject_is_series_head(&m->subj)) {
		struct md_buf ex = MD_BUF_INIT;

		rc = md_patch_excerpt(&ex, m->mail.body, strlen(m->mail.body));
		if (!rc) {
			m->excerpt = md_buf_detach(&ex, NULL);
			if (!m->excerpt)
				rc = MD_ENOMEM;
		}
		md_buf_release(&ex);
	}
	free(m->mail.body);
	m->mail.body = NULL;
	return rc;
}

void
md_rmsg_free(struct md_rmsg *m)
{
	if (!m)
		return;
	md_mail_release(&m->mail);
	free(m->excerpt);
	free(m);
}
