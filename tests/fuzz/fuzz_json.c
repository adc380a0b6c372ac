/* A request body as a handler reads it: json_body (size, depth, syntax, an
 * object at the top) then json_validate against a field spec with every kind
 * of member (the first byte picks one of two specs, as routes differ). */
#include "fuzz.h"
#include "http/json_io.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/errors.h"

/* Like api_issues.c's create and a user's: one of every kind. */
static const struct jfield spec_issue[] = {
	{"category", JF_STRING, true, 1, 40, false},
	{"description", JF_TEXT, true, 1, 2000, false},
	{"committee_code", JF_STRING, false, 1, 12, true},
	{"household_id", JF_INT, false, 0, 0, true},
	{"urgent", JF_BOOL, false, 0, 0, false},
	{"tags", JF_STRINGS, false, 0, 32, false},
	{"filter", JF_OBJECT, false, 0, 0, true},
	{NULL},
};
static const struct jfield spec_user[] = {
	{"username", JF_STRING, true, 3, 32, false}, {"password", JF_SECRET, true, 8, 128, false},
	{"role", JF_STRING, false, 1, 20, false},    {"scope", JF_STRINGS, false, 1, 64, false},
	{"disabled", JF_BOOL, false, 0, 0, false},   {NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request rq;
	json_t *obj = NULL;

	if (size == 0)
		return 0;
	memset(&rq, 0, sizeof(rq));
	arena_init(&rq.arena);
	/* The server's body buffer ends with a NUL past len, as this copy does. */
	rq.body.data = malloc(size);
	if (rq.body.data == NULL)
		abort();
	memcpy(rq.body.data, data + 1, size - 1);
	rq.body.data[size - 1] = '\0';
	rq.body.len = size - 1;
	if (json_body(&rq, &obj) == SB_OK) {
		(void)json_validate(&rq, obj, (data[0] & 1) ? spec_user : spec_issue);
		json_decref(obj);
	}
	free(rq.body.data);
	arena_clear(&rq.arena);
	return 0;
}
