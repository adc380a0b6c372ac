#ifndef SB_BUF_H
#define SB_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer with a hard cap (after curl's dynbuf).  The data is
 * always NUL-terminated.  buf_init/buf_clear pair; buf_take hands the data to
 * the caller, who frees it. */
struct buf {
	char *data;
	size_t len;
	size_t cap; /* allocated */
	size_t max; /* the most len may reach */
};

void buf_init(struct buf *b, size_t max);
void buf_clear(struct buf *b);
void buf_reset(struct buf *b);
/* Append; false (and nothing appended) when the cap would be passed. */
bool buf_add(struct buf *b, const void *p, size_t n);
bool buf_adds(struct buf *b, const char *s);
bool buf_addc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as the inside of a JSON string (no quotes), escaping as needed. */
bool buf_add_json_str(struct buf *b, const char *s);
char *buf_take(struct buf *b);

#endif
