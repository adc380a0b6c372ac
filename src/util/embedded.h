#ifndef SB_EMBEDDED_H
#define SB_EMBEDDED_H

#include <stddef.h>

/* Files compiled into the program by scripts/embed.sh (build/gen/embedded.c). */
struct embedded_file {
	const char *name;
	const unsigned char *data; /* NUL-terminated; len excludes the NUL */
	size_t len;
};

/* src/store/sqlite/migrations/NNNN_*.sql in order: migration i is version i + 1. */
extern const struct embedded_file embedded_migrations[];
extern const size_t embedded_migrations_count;
/* data/shanghai-divisions.csv */
extern const struct embedded_file embedded_divisions;
/* docs/openapi.yaml */
extern const struct embedded_file embedded_openapi;

#endif
