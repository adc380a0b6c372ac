#ifndef SB_ARENA_H
#define SB_ARENA_H

#include <stddef.h>

/* A bump allocator that frees everything at once: each request owns one.
 * Memory from it must not be freed with free(). */
struct arena_block;
struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
/* Releases every allocation; the arena can be used again. */
void arena_clear(struct arena *a);
void *arena_alloc(struct arena *a, size_t n); /* zeroed, aligned for any type */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a zeroed element to an array kept in the arena and returns it.
 * itemsp points at the array's pointer (NULL at first); *n and *cap are its
 * length and capacity, both 0 at first. */
void *arena_push(struct arena *a, void *itemsp, size_t *n, size_t *cap, size_t size);

#endif
