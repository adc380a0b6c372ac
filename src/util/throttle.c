#include <pthread.h>
#include <string.h>

#include "util/throttle.h"

/* A fixed table: an address hashes to a slot and probes a few more; when
 * all are held by live windows of other addresses, the oldest is taken
 * over (a flood of addresses can then cost one of them its count, never
 * lock out an address that has not failed). */
#define SLOTS 4096
#define PROBES 8

struct slot {
	char address[48];
	int64_t since;
	int failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Which slot to take first: free (0), expired (1), live (2). */
static int
rank(const struct slot *s, int64_t now)
{
	if (s->address[0] == '\0')
		return 0;
	return now - s->since >= THROTTLE_WINDOW_S ? 1 : 2;
}

/* The slot of ADDRESS, or NULL; with CLAIM, a free, expired or oldest slot
 * made its own when it has none. */
static struct slot *
find(const char *address, int64_t now, bool claim)
{
	uint32_t h = hash(address);
	struct slot *victim = NULL;
	int i;

	for (i = 0; i < PROBES; i++) {
		struct slot *s = &slots[(h + (uint32_t)i) % SLOTS];

		if (strcmp(s->address, address) == 0) {
			if (now - s->since >= THROTTLE_WINDOW_S) {
				s->since = now;
				s->failures = 0;
			}
			return s;
		}
		if (victim == NULL || rank(s, now) < rank(victim, now) ||
		    (rank(s, now) == rank(victim, now) && s->since < victim->since))
			victim = s;
	}
	if (!claim || victim == NULL)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	strncpy(victim->address, address, sizeof(victim->address) - 1);
	victim->since = now;
	return victim;
}

bool
throttle_allowed(const char *address, int64_t now, int64_t *retry_after)
{
	struct slot *s;
	bool ok = true;

	*retry_after = 0;
	if (address == NULL)
		address = "unknown";
	pthread_mutex_lock(&lock);
	s = find(address, now, false);
	if (s && s->failures >= THROTTLE_MAX) {
		ok = false;
		*retry_after = s->since + THROTTLE_WINDOW_S - now;
		if (*retry_after < 1)
			*retry_after = 1;
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

void
throttle_fail(const char *address, int64_t now)
{
	struct slot *s;

	if (address == NULL)
		address = "unknown";
	pthread_mutex_lock(&lock);
	s = find(address, now, true);
	if (s)
		s->failures++;
	pthread_mutex_unlock(&lock);
}
