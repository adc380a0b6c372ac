#ifndef SB_FUZZ_H
#define SB_FUZZ_H

/* What the libFuzzer targets share: the entry point's prototype (the
 * sources are built with -Wmissing-prototypes), a NUL-terminated copy of an
 * input, and for the targets that need one, a store in a temporary folder with
 * the divisions and an administrator, made once per process. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data (free it); stops at the first NUL. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#ifdef FUZZ_WITH_STORE
#include <unistd.h>

#include "core/divisions.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/embedded.h"
#include "util/errors.h"

struct fuzz_store {
	struct store *st;
	int64_t admin;
};

static char fuzz_dir[64];

/* Removes the database's files and their folder when the process ends. */
static void
fuzz_store_remove(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s/fuzz.db%s", fuzz_dir, suffixes[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

/* The process's store: a migrated database with the divisions and one
 * administrator over Shanghai.  Exits when it cannot be made. */
static inline struct fuzz_store *
fuzz_store(void)
{
	static struct fuzz_store fs;
	const char *const city[] = {"31"};
	char path[128];
	int64_t loaded;
	int from, to;

	if (fs.st != NULL)
		return &fs;
	strcpy(fuzz_dir, "/tmp/sibai-fuzz-XXXXXX");
	if (crypto_init() != SB_OK || store_global_init() != SB_OK || mkdtemp(fuzz_dir) == NULL)
		abort();
	atexit(fuzz_store_remove);
	snprintf(path, sizeof(path), "%s/fuzz.db", fuzz_dir);
	if (store_open(path, STORE_CREATE, &fs.st) != SB_OK ||
	    store_migrate(fs.st, &from, &to) != SB_OK ||
	    divisions_load(fs.st, (const char *)embedded_divisions.data, embedded_divisions.len,
			   &loaded) != SB_OK ||
	    store_begin(fs.st) != SB_OK ||
	    store_user_insert(fs.st, "admin", "x", ROLE_ADMIN, city, 1, 1795000000, &fs.admin) !=
		    SB_OK ||
	    store_commit(fs.st) != SB_OK) {
		fprintf(stderr, "fuzz: the store could not be made in %s\n", fuzz_dir);
		abort();
	}
	return &fs;
}
#endif

#endif
