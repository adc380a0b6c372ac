#ifndef SB_ACTOR_H
#define SB_ACTOR_H

/*
 * Who does something, as core sees it: the caller's account, its
 * jurisdiction and the request's time and address.  Core functions that
 * change people's data take one and write their own audit entries
 * (core/audit.h) inside their own transaction.
 */

#include <stdint.h>

/* Who makes a change, for the audit log.  user_id 0 is the command line. */
struct actor {
	int64_t user_id;
	const char *username;
	const char *ip;
	int64_t now;
};

#endif
