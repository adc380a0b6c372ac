#ifndef SB_DEMO_H
#define SB_DEMO_H

/*
 * Synthetic but realistic data under the real divisions (docs/demo-data.md):
 * compounds of each kind and era, buildings with floors and lifts, households
 * of one to six people with Shanghai's old age structure, tags at plausible
 * shares, grids of 250–300 households with their workers, and four years of
 * visits that keep to the policy imperfectly.  The same seed gives the same
 * database.  Everything is written through the store, in large transactions.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/role.h"
#include "util/crypto.h"

/* The named users a demo database is shown with (putuo_district …), each made
 * when its area is within the area filled (docs/demo-data.md). */
#define DEMO_NUSERS 4
struct demo_user {
	const char *username;
	enum role role;
	const char *scope; /* its one area */
	const char *what;
};
extern const struct demo_user demo_users[DEMO_NUSERS];
/* Whether u belongs to a demo of area (its scope lies within area). */
bool demo_user_within(const struct demo_user *u, const char *area);

/* SB_OK when the area holds no demo data yet, else SB_CONFLICT with *why
 * saying what is there (a named or generated user of the area exists). */
int demo_check_fresh(struct store *st, const char *area, struct arena *ar, const char **why);

struct demo_options {
	const char *area; /* the area to fill: a committee, street, district or "31" */
	uint64_t seed;
	int years; /* of visits, ending today */
	int64_t now;
	const struct sb_key *key;
	const char *worker_password; /* every demo worker's password */
	/* The named users' passwords, by demo_users[] (NULL: not made).  The
	 * named worker of a committee filled takes its second grid. */
	const char *user_password[DEMO_NUSERS];
	/* Called now and then with the work done (0..total). */
	void (*progress)(const char *stage, int64_t done, int64_t total, void *ctx);
	void *progress_ctx;
};

struct demo_counts {
	int64_t committees, compounds, buildings, households, residents, grids, workers, visits,
		issues;
	/* Consultation and networks (issue 7), campaigns and the record (issue 9). */
	int64_t named_users;
	int64_t party_orgs, liaisons, surveys, survey_responses, meetings, volunteers, activities,
		campaigns, campaign_entries, gates, gate_entries, duties, trainings;
};

int demo_generate(struct store *st, const struct demo_options *opt, struct demo_counts *out);

/* The deterministic generator behind it (splitmix64), for tests. */
uint64_t demo_rand(uint64_t *state);

/*
 * What demo.c knows of a committee it has just filled, handed to the parts
 * of issues 7 and 9 (demo_consult.c).  Arrays are indexed by household (in
 * the order made: building by building) or list the residents in that order.
 */
enum demo_resident_flag {
	DR_PARTY = 1,		/* a party member */
	DR_VOLUNTEER = 2,	/* tagged 志愿者 */
	DR_BUILDING_LEADER = 4, /* tagged 楼组长 */
	DR_TALENT = 8,		/* tagged 社区能人 */
	DR_ALONE_OLD = 16,	/* tagged 独居老人 */
	DR_HEAD = 32,		/* the head of the household */
};

struct demo_resident {
	int64_t id;
	int hh; /* index of the household */
	int age;
	unsigned flags;
	char birth[11];
};

struct demo_building {
	int64_t id;
	int compound; /* index into compounds */
	const char *label;
	int floors;
	bool lift;
};

struct demo_compound {
	int64_t id;
	const char *name, *kind;
};

struct demo_committee {
	struct store *st;
	const struct demo_options *opt;
	uint64_t *r;	  /* a stream of its own (the register's is left as it was) */
	struct arena *ar; /* cleared after the committee */
	const char *code, *name, *today;
	const char *password_hash; /* for the gate account (committee scale) */
	int64_t head_id;
	const int64_t *workers;
	size_t nworkers;
	const struct demo_compound *compounds;
	size_t ncompounds;
	const struct demo_building *buildings;
	size_t nbuildings;
	const int64_t *households; /* ids, ascending */
	const int *hh_building;	   /* index into buildings */
	const int *hh_floor;
	const int64_t *hh_worker; /* the grid's worker */
	size_t nh;
	const struct demo_resident *res;
	size_t nres;
	const int64_t *lift_issues; /* issues of the "lift" category (the first few) */
	const int *lift_issue_hh;   /* their households' indexes */
	size_t nlift;
	struct demo_counts *n;
};

/* The consultation and networks of a committee (issue 7): the accepted party
 * tree, liaison links, surveys with answers, a project with its meeting and
 * vote, volunteers, teams and activities. */
int demo_consult(const struct demo_committee *c);
/* Gives a staff account a name people see, made from its login (not from the
 * generator's draws), and TITLE (docs/accounts.md; NULL: none). */
int demo_staff_profile(struct store *st, int64_t id, const char *login, const char *title);
/* Campaigns, gates and their log, daily duties, training hours (issue 9). */
int demo_campaigns(const struct demo_committee *c);

#endif
