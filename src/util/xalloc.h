#ifndef SB_XALLOC_H
#define SB_XALLOC_H

#include <stddef.h>

/* Allocators that abort with a message on out-of-memory: callers never test
 * for NULL.  The caller owns what they return and frees it with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
