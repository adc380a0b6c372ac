#ifndef SB_ERRORS_H
#define SB_ERRORS_H

/* Error codes of every sibai function that can fail; 0 is success. */
enum sb_err {
#define E(name, status, code, en, zh) SB_##name,
#include "errors.def"
#undef E
	SB_ERR_COUNT
};

/* The wire code ("not_found"), the messages and the HTTP status of an error.
 * The strings are static. */
const char *sb_err_code(int err);
const char *sb_err_message(int err);
const char *sb_err_message_zh(int err);
int sb_err_status(int err);

/* Why an input was refused, for the person who sent it: the field at fault
 * and a message in English and Chinese.  Strings are static or live as long
 * as the arena of the call that filled it. */
struct arena;

struct sb_fail {
	const char *field;
	const char *en;
	const char *zh;
};

/* Fills f (when not NULL) and returns err. */
int sb_fail(struct sb_fail *f, int err, const char *field, const char *en, const char *zh);
/* The one way a refusal names its field: fills f with "field: en" and
 * "field：zh" (texts in ar) and returns err (SB_BAD_FIELD for a body,
 * SB_BAD_QUERY for a query parameter, …). */
int sb_refuse(struct sb_fail *f, struct arena *ar, int err, const char *field, const char *en,
	      const char *zh);

#endif
